"""Latin → Cyrillic: the romanisations people type Russian and Kazakh words in.

Each scheme is a table from Latin spellings to the Cyrillic letters they stand for, most likely
first: official English (``Kassym-Jomart Tokayev``), BGN/PCGN, scholarly and ISO 9, the Kazakh
Latin alphabets of 2021 (``ş ğ q ä ö ü ū ı``), 2018 (acute accents) and 2017 (apostrophes:
``s'`` = ш). The tables are merged into one, so a word may mix schemes; a doubled consonant may
stand for one letter (``kassym`` → ``касым``). Readings are folded like any term (``қ`` → ``к``).

:func:`readings` walks a word through the merged table cheapest reading first (an alternative
costs its rank), and, given the index's ``has_prefix``, follows only readings whose beginning
some index term has: the walk stays small however ambiguous the word, and a reading that leaves
the index is kept as a *partial* one (``koshnov`` → ``кошнов``, the index knowing ``кош…``), for
typo matching. :func:`latin_variants` is the same walk without an index; :func:`cyrillic_to_latin`
goes the other way, for filter values.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from .normalize import fold

__all__ = [
    "SCHEMES",
    "Reading",
    "cyrillic_to_latin",
    "is_roman",
    "latin_variants",
    "readings",
]

_Table = dict[str, str | tuple[str, ...]]

#: Official English and everyday spellings: passports, the agencies' English pages.
OFFICIAL: _Table = {
    "a": "а", "b": "б", "c": ("к", "ц", "с"), "d": "д", "e": ("е", "э"), "f": "ф", "g": "г",
    "h": "х", "i": ("и", "й"), "j": ("ж", "дж", "й"), "k": "к", "l": ("л", "ль"), "m": "м",
    "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "w": ("у", "в"), "x": ("кс", "х"), "y": ("ы", "й", "и"), "z": "з",
    "zh": "ж", "kh": ("х", "кх"), "sh": "ш", "ch": "ч", "shch": "щ", "ts": ("ц", "тс"),
    "tz": "ц", "dzh": "дж", "gh": "ғ", "ng": ("нг", "ң"), "ya": ("я", "ья"), "yu": "ю",
    "yo": ("ё", "йо"), "ye": ("е", "ье", "йе"), "yi": ("ый", "ий"), "iy": ("ий", "ый"),
    "yy": "ый", "iya": "ия", "iyu": "ию", "ia": ("ия", "я"), "iu": ("ю", "ию"), "ay": "ай",
    "ey": "ей", "oy": "ой", "uy": "уй", "ck": "к", "ph": "ф", "th": "т", "ee": "и", "oo": "у",
}  # fmt: skip
#: BGN/PCGN for Russian: ``y`` = ы or й, ``ë`` = ё, ``’`` = ь, a dot keeps ``t·s`` apart.
BGN_PCGN: _Table = {
    "y": ("ы", "й"), "ye": "е", "yë": "ё", "ë": "ё", "e": ("е", "э"), "zh": "ж", "kh": "х",
    "ts": "ц", "ch": "ч", "sh": "ш", "shch": "щ", "yu": "ю", "ya": "я", "'": ("ь", ""),
    "·": "",
}  # fmt: skip
#: Scholarly transliteration and ISO 9 (and the German-style ``tz``).
SCHOLARLY: _Table = {
    "c": "ц", "č": "ч", "š": "ш", "ž": "ж", "šč": "щ", "ŝ": "щ", "x": "х", "h": "х", "j": "й",
    "ja": "я", "ju": "ю", "jo": "ё", "je": "е", "ija": "ия", "ë": "ё", "è": "э", "ė": "э", "ʹ": "ь",
    "ʺ": "ъ", "tz": "ц",
}  # fmt: skip
#: Kazakh Latin of 2021 (``ı`` = і, ``i`` = и/й, ``y`` = ы, ``j`` = ж; ``ç`` from the 2019 draft).
KAZAKH_2021: _Table = {
    "ä": "ә", "ğ": "ғ", "q": "қ", "ñ": "ң", "ö": "ө", "ū": "ұ", "ü": "ү", "ı": "і",
    "i": ("и", "й", "і"), "ş": "ш", "ç": "ч", "j": "ж", "y": "ы", "h": ("х", "һ"),
    "io": "ё", "iu": "ю", "ia": "я",
}  # fmt: skip
#: Kazakh Latin of 2018 (acute accents; ``ı`` = и/й, ``i`` = і, ``ý`` = у).
KAZAKH_2018: _Table = {
    "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у", "ı": ("и", "й"), "i": "і",
    "u": "ұ", "y": "ы", "q": "қ", "j": "ж", "sh": "ш", "ch": "ч",
}  # fmt: skip
#: Kazakh Latin of 2017 (apostrophes; ``k'`` for қ as typed before ``q``).
KAZAKH_2017: _Table = {
    "a'": "ә", "g'": "ғ", "i'": ("и", "й"), "n'": "ң", "o'": "ө", "s'": "ш", "c'": "ч",
    "u'": "ү", "y'": "у", "k'": "қ", "i": "і", "u": "ұ", "y": "ы", "q": "қ", "j": "ж",
}  # fmt: skip
#: The schemes, merged in this order (an earlier scheme's alternatives rank first).
SCHEMES: dict[str, _Table] = {
    "official": OFFICIAL,
    "bgn_pcgn": BGN_PCGN,
    "scholarly": SCHOLARLY,
    "kazakh_2021": KAZAKH_2021,
    "kazakh_2018": KAZAKH_2018,
    "kazakh_2017": KAZAKH_2017,
}
#: Consonants that may be written doubled for one Cyrillic letter (``kassym``, ``Tokkayev``).
_DOUBLING = "bcdfgklmnprstvz"
#: The most has-prefix checks one walk makes (a long, very ambiguous word stops there).
STEP_CAP = 600
#: Partial readings kept per walk.
PARTIAL_CAP = 3
#: Readings shorter than this are not checked (nearly all are in any index, and tantivy's term
#: dictionary is slow to say so: ~13 ms for one letter at 100k articles, 0.15 ms for three).
MIN_CHECKED = 3


def _merge(schemes: dict[str, _Table]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for table in schemes.values():
        for key, value in table.items():
            alternatives = merged.setdefault(key, [])
            for alt in (value,) if isinstance(value, str) else value:
                if (folded := fold(alt) if alt else "") not in alternatives:
                    alternatives.append(folded)
    for letter in _DOUBLING:
        single = merged[letter][0]
        merged.setdefault(letter * 2, [single * 2, single])
    return {key: tuple(alts) for key, alts in merged.items()}


_TABLE = _merge(SCHEMES)
_LONGEST = max(map(len, _TABLE))
_ALPHABET = frozenset("".join(_TABLE))
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})


def is_roman(term: str) -> bool:
    """True for a folded term written wholly in the letters the schemes read (and apostrophes),
    with at least one letter: ``tokayev``, ``şahar``, ``s'ahar``; not ``zakon1``, not ``иран``."""
    return bool(term) and term[0] != "'" and set(term) <= _ALPHABET


def _keys_at(word: str, pos: int) -> list[str]:
    return [
        word[pos:end]
        for end in range(min(len(word), pos + _LONGEST), pos, -1)
        if word[pos:end] in _TABLE
    ]


def _plain(word: str, pos: int) -> str:
    """The cheapest reading of ``word[pos:]``: the longest key and its first alternative."""
    out = []
    while pos < len(word):
        keys = _keys_at(word, pos)
        if not keys:
            pos += 1
            continue
        out.append(_TABLE[keys[0]][0])
        pos += len(keys[0])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Reading:
    """A Cyrillic reading of a Latin word: its ``text`` (folded), and how many of its first
    letters begin some index term (``known == len(text)``: all of them)."""

    text: str
    known: int

    @property
    def complete(self) -> bool:
        return self.known == len(self.text)


def readings(
    word: str, has_prefix: Callable[[str], bool] | None = None, limit: int = 6
) -> list[Reading]:
    """Cyrillic readings of a folded Latin ``word``, cheapest first: at most ``limit`` whose
    every beginning (of :data:`MIN_CHECKED` letters or more) ``has_prefix`` accepts, then up to
    :data:`PARTIAL_CAP` that leave the index (those that stay in it longest first). Without
    ``has_prefix`` every reading is complete.

    Cheapest means the least total rank of the alternatives taken, then the fewest keys
    (``sh`` as ш before ``s`` + ``h``).
    """
    word = word.translate(_APOSTROPHES)
    known: dict[str, bool] = {}

    def in_index(text: str) -> bool | None:
        """Whether some index term begins with ``text`` (``None``: the budget is spent)."""
        if has_prefix is None or len(text) < MIN_CHECKED:
            return True
        if text not in known:
            if len(known) >= STEP_CAP:
                return None
            known[text] = has_prefix(text)
        return known[text]

    heap: list[tuple[int, int, int, str]] = [(0, 0, 0, "")]
    best: dict[tuple[int, str], tuple[int, int]] = {(0, ""): (0, 0)}
    complete: list[Reading] = []
    partial: dict[str, tuple[int, int]] = {}
    pops, spent = 0, False
    while heap and len(complete) < limit and pops < 4 * STEP_CAP and not spent:
        cost, keys, pos, built = heapq.heappop(heap)
        pops += 1
        if best[pos, built] < (cost, keys):  # reached more cheaply since
            continue
        if pos == len(word):
            if built:
                complete.append(Reading(built, len(built)))
            continue
        for key in _keys_at(word, pos) or [""]:  # a character no scheme reads is skipped
            end = pos + max(len(key), 1)
            for rank, alt in enumerate(_TABLE.get(key, ("",))):
                text, score = built + alt, (cost + rank, keys + 1)
                if (end, text) in best and best[end, text] <= score:
                    continue
                live = in_index(text) if alt else True
                if live is None:
                    spent = True
                    break
                if live:
                    best[end, text] = score
                    heapq.heappush(heap, (*score, end, text))
                    continue
                whole = text + _plain(word, end)
                order = (-len(built), score[0])
                if order < partial.get(whole, (1, 0)):
                    partial[whole] = order
    nearest = sorted(partial.items(), key=lambda item: item[1])[:PARTIAL_CAP]
    return complete + [Reading(text, -order[0]) for text, order in nearest]


def latin_variants(term: str, limit: int = 12) -> list[str]:
    """Cyrillic spellings of a Latin ``term``, cheapest first (at most ``limit``), whatever the
    index holds: ``khamenei`` → ``хаменеи``, …; ``tokayev`` → ``токаев``, …."""
    return [reading.text for reading in readings(fold(term), None, limit)]


_CYR2LAT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip


def cyrillic_to_latin(term: str) -> list[str]:
    """Latin spellings of a folded Cyrillic ``term`` (``казинформ`` → ``kazinform``)."""
    first = term.translate(_CYR2LAT)
    variants = [first]
    for old, new in (("kh", "h"), ("ts", "c"), ("y", "i")):
        alt = variants[-1].replace(old, new)
        if alt not in variants:
            variants.append(alt)
    return variants
