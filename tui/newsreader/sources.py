"""Find which outlet published an article, from the ways Russian and Kazakh texts name it.

Every place a text names an outlet is a *clue* with a weight: an attribution (``передает
Zakon.kz``, ``деп хабарлайды BAQ.KZ``, ``– Sputnik``), an agency dateline (``АСТАНА.
KAZINFORM —``), a ``Источник:`` line, a reporter (``корреспондент агентства Kazinform``), a
site's own caption (``фото - Новости Zakon.kz``), a photo credit (``Фото: Kazinform``), a mention
in a sentence. The heaviest clue wins, the earliest among equals. Outlets are matched through the
registry (:mod:`.outlets`); an unknown web address counts only where a text attributes itself to
it, never from a credit, so ``Фото: primeminister.kz`` does not make a government site the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .outlets import find_outlet, outlet_at, outlets, skeleton

__all__ = ["canonical_outlet", "find_source"]

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_VERB = (
    r"передает|передаёт|передают|сообщает|сообщае|сообщил[аи]?|пишет|пишут|информирует|"
    r"хабарлайды|хабарлады|жазды|жазады|мәлімдеді|дейді"
)
#: (words that start a clue, pattern matched at each of them on the lower-cased text whose end
#: is where the outlet's name starts, weight). Words are found with ``str.find``, which is many
#: times faster than a regular expression searching the whole text.
_AFTER: list[tuple[tuple[str, ...], re.Pattern[str], int]] = [
    (
        ("переда", "сообщ", "пишет", "пишут", "информир", "хабарла", "жазды", "жазады",
         "мәлімдеді", "дейді"),
        re.compile(
            rf"(?:{_VERB})\b\s*(?:(?:корреспондент\w*|собкор\w*|агентств[оа]|"
            r"тілшісі|сайт[аы]?|порталы?|издание)\s+)*"
        ),
        10,
    ),
    (
        ("источник", "дереккөз", "source", "по материалам", "по данным"),
        re.compile(r"(?:источник|дереккөз|source|по материалам|по данным)\s*:?\s*"),
        9,
    ),
    (
        ("корреспондент", "собкор"),
        re.compile(r"(?:корреспондент|собкор)\w*\s+(?:агентства\s+)?"),
        7,
    ),
    (
        ("новости", "жаңалық"),
        re.compile(r"(?:новости|жаңалықтары?)\s+(?=\S+\s+(?:от|жаңалық)\s+\d)"),
        6,
    ),
    (
        ("со ссылкой", "сілтеме", "ссылаясь"),
        re.compile(r"(?:со ссылкой на|сілтеме жасап|ссылаясь на)\s+"),
        2,
    ),
]  # fmt: skip
#: ``АСТАНА. KAZINFORM —`` / ``Астана. 8 ноября. KAZAKHSTAN TODAY -`` / ``ТАНА. 28 қараша.
#: ҚазАқпарат /Марлан Жиембай/ -`` at a paragraph's start.
_DATELINE_BEFORE = re.compile(
    rf"^[{_UP}][\w-]+[.,]\s+(?:[0-3]?\d\s+\w+\.?,?\s+(?:\d{{4}}\s*(?:г\.|года|ж\.)?\.?\s*)?)?"
    r"(?P<src>[^\s—–-][^—–\n]{0,40}?)\s*(?:/[^/\n]{1,40}/\s*)?[—–-]\s",
    re.M,
)
#: ``АСТАНА, 30 наурыз – Sputnik.`` : the agency after the dash.
_DATELINE_AFTER = re.compile(
    rf"^[{_UP}][\w-]+[.,]\s+[0-3]?\d\s+\w+\.?\s*[—–-]\s*(?P<src>[^\s.][^.\n]{{0,30}})\.", re.M
)
#: ``CentralAsia (KZ) - Министерство…`` / ``Астана, NEGE. Владимир…``: an agency's name
#: opening a paragraph, with or without the city.
_BRAND_LEAD = re.compile(
    rf"^(?:(?P<src>[{_UP}][\w.-]+(?:\s\([A-Z]{{2,3}}\))?)\s+[—–-]\s"
    rf"|[{_UP}][\w-]+,\s+(?P<src2>[{_UP}][\w.-]{{2,30}})\.\s+[{_UP}«\"])",
    re.M,
)
_BRAND = re.compile(r"^(?:[A-ZА-Я][a-zа-я]+[A-ZА-Я]\w*|[A-Z]{3,}|[A-ZА-Я]{2,}[a-z]*[A-Z]\w*)$")
#: ``«Алаш айнасы» желілік-басылымы``: a publication named in quotes.
_QUOTED = re.compile(
    r"[«\"“](?P<src>[^»\"”\n]{2,30})[»\"”]\s+(?:желілік-басылымы|басылымы|газеті\w*|порталы|"
    r"сайты|газета|газеты|издание|сетевое издание|телеарнасы)"
)
#: ``Kazinform тілшісі``, ``Pars Today хабарлауынша``: the name before the word.
_BEFORE_WORD = re.compile(r"тілшісі|хабарлауынша")
_BEFORE = re.compile(r"(?P<src>[«\"“]?[\w.-]+[»\"”]?)\s+(?:агенттігінің\s+)?$")
_CREDIT = re.compile(
    r"(?:фото|сурет|коллаж|видео|photo|foto)\s*(?:[:©]|[-–—]\s)\s*(?P<src>[^\n]{1,80})", re.I
)
_TOKEN = re.compile(r"[^\W_][\w.&'’-]*[^\W_]")


def canonical_outlet(name: str) -> str | None:
    """One spelling per known outlet; an unknown name only when it is a web address."""
    return find_outlet(name.strip(" «»\"'.,;:()"))


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Registered outlets named anywhere (weight 1): ``Tengrinews.kz продолжает…``."""
    table = outlets()
    words = _TOKEN.findall(skeleton(text))
    if not set(words) & _first_words():
        return []
    found = []
    for position, word in enumerate(words):
        if word in _first_words():
            outlet, _ = outlet_at(" ".join(words[position : position + 3]))
            if outlet is not None and not outlet.official and outlet in table.values():
                found.append((1, position, outlet.name))
    return found


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key in outlets())


def _attributions(low: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Clues that follow a word of :data:`_AFTER`, read span by span (the middle last)."""
    clues: list[tuple[int, int, str]] = []
    for number, (start, end) in enumerate(spans):
        if number == 2 and any(weight >= 9 for weight, _, _ in clues):
            break
        for words, pattern, weight in _AFTER:
            for word in words:
                at = low.find(word, start, end)
                while at >= 0:
                    if at == 0 or not low[at - 1].isalnum():
                        match = pattern.match(low, at)
                        if match is not None:
                            _clue(text, match, weight, clues)
                    at = low.find(word, at + len(word), end)
    return clues


def _clue(text: str, match: re.Match[str], weight: int, clues: list[tuple[int, int, str]]) -> None:
    outlet, domain = outlet_at(text[match.end() : match.end() + 120])
    if outlet is not None and (weight >= 9 or not outlet.official):
        clues.append((weight, match.start(), outlet.name))
    elif domain is not None and weight >= 9:
        clues.append((weight - 1, match.start(), domain))


def find_source(
    text: str, captions: Sequence[str] = (), site_lines: Sequence[str] = ()
) -> str | None:
    """The outlet an article names as its publisher: ``text`` is its lines joined by newlines,
    ``captions`` its photo captions and credits, ``site_lines`` web addresses printed alone
    at the top of the page."""
    clues: list[tuple[int, int, str]] = []
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer: keep offsets right
        low = text = "".join(ch.lower()[:1] or ch for ch in text)
    size = len(low)
    # Attributions sit in the lead or at the end: the middle of a long text is read only when
    # those hold none.
    spans = [(0, size)] if size <= 3500 else [(0, 2500), (size - 1000, size), (2500, size - 1000)]
    clues.extend(_attributions(low, text, spans))
    for pattern in (_DATELINE_BEFORE, _DATELINE_AFTER):
        for match in pattern.finditer(text):
            outlet, domain = outlet_at(match["src"])
            if outlet is not None or domain is not None:
                clues.append((9, match.start(), outlet.name if outlet else str(domain)))
    for match in _BRAND_LEAD.finditer(text):
        src = match["src"] or match["src2"]
        outlet, domain = outlet_at(src)
        name = outlet.name if outlet else domain or (src if _BRAND.match(src.split()[0]) else None)
        if name is not None and not (outlet and outlet.official):
            clues.append((8, match.start(), name))
    for match in _BEFORE_WORD.finditer(low):
        before = _BEFORE.search(text, max(0, match.start() - 60), match.start())
        if before is not None and (outlet := outlet_at(before["src"])[0]) is not None:
            clues.append((8, match.start(), outlet.name))
    if not any(weight >= 6 for weight, _, _ in clues):
        for position, caption in enumerate(captions):
            for match in _CREDIT.finditer(caption):
                for part in re.split(r"\s*[/,|]\s*|\s+и\s+", match["src"].lstrip("© ")):
                    outlet, _ = outlet_at(part)
                    if outlet is not None and not outlet.official:
                        clues.append((3, len(text) + position, outlet.name))
                        break
    for line in site_lines:  # arasha.kz printed alone at the top: the site's name
        clues.append((5, -1, find_outlet(line) or line))
    if not any(weight >= 5 for weight, _, _ in clues):
        for match in _QUOTED.finditer(text):
            outlet, _ = outlet_at(match["src"])
            clues.append((2, match.start(), outlet.name if outlet else match["src"]))
    if not clues:
        clues = _mentions("\n".join([text, *captions]))
    if not clues:
        return None
    return min(clues, key=lambda clue: (-clue[0], clue[1]))[2]
