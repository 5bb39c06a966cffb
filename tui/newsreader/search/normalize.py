"""Text normalisation shared by the index and the query: one folded form per word.

A *token* is a run of letters and digits in the text as shown (soft hyphens, zero-width
characters and combining accents inside a word do not split it). :func:`fold` turns a token into
its *term*, the key the index stores and the query looks up:

* Unicode NFC, then case-folding;
* stress accents, soft hyphens and zero-width characters dropped;
* ``ё`` = ``е``; the Kazakh letters fold to their Russian look-alikes
  (``ә→а ғ→г қ→к ң→н ө→о ұ/ү→у һ→х і→и``);
* in a word that mixes Latin and Cyrillic letters (``Cостоялся`` with a Latin ``C``, as scraped
  text often has), the Latin letters fold to the Cyrillic letters they stand for.

A query word written in Latin letters is also tried in Cyrillic (:mod:`.romanize`).
:func:`phrase_pattern` builds a regular expression that finds a phrase of terms in the raw text,
with the same folding, so exact phrases and their highlights need no stored word positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

__all__ = [
    "WORD_RE",
    "fold",
    "fold_many",
    "index_text",
    "phrase_matches",
    "phrase_pattern",
    "terms",
    "tokens",
    "words_of",
]

# Characters that may sit inside a word without splitting it: combining marks (stress accents,
# a decomposed й or ё), the soft hyphen, zero-width (non-)joiners and the word joiner.
_INWORD = "\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff"
#: One token: a letter or digit, then letters, digits or in-word marks.
WORD_RE = re.compile(rf"[^\W_](?:[^\W_]|[{_INWORD}])*")
_PLAIN_WORD_RE = re.compile(r"[^\W_]+")
_HAS_INWORD_RE = re.compile(f"[{_INWORD}]")
_DROP = {cp: None for cp in [*range(0x300, 0x370), 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]}

_FOLD = str.maketrans(
    {
        "ё": "е",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        # Other Cyrillic alphabets' letters that Russian keyboards lack.
        "ї": "и",
        "є": "е",
        "ґ": "г",
        "ў": "у",
        "ј": "й",
    }
)

# A Latin letter inside a Cyrillic word is a look-alike typed or OCR'd in place of the Cyrillic
# one; case matters (``H`` looks like ``Н``, ``h`` like ``һ``). Letters with no look-alike get
# their plain phonetic counterpart.
_LOOKALIKE = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І", "a": "а", "c": "с", "e": "е",
        "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "k": "к", "h": "һ", "m": "м",
        "b": "ь", "n": "п", "r": "г", "u": "и", "t": "т",
        "D": "Д", "F": "Ф", "G": "Г", "L": "Л", "N": "Н", "R": "Р", "S": "С", "U": "У",
        "V": "В", "Z": "З", "d": "д", "f": "ф", "g": "г", "l": "л", "s": "с", "v": "в",
        "z": "з", "j": "ј", "w": "ш", "q": "к", "J": "Ј", "W": "Ш", "Q": "К",
    }
)  # fmt: skip
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_PLAIN_RE = re.compile(r"[0-9а-яА-ЕЖ-Я]+")
_FOLDED_RE = re.compile("[" + "".join(chr(c) for c in _FOLD) + "]")
_LATIN_RE = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1 << 17)
def fold(token: str) -> str:
    """The term for ``token``: the normalised form the index stores and queries look up."""
    if token.isascii():
        return token.lower()
    if _PLAIN_RE.fullmatch(token):  # the common case: Russian letters and digits only
        return token.lower()
    if not unicodedata.is_normalized("NFC", token):
        token = unicodedata.normalize("NFC", token)
    if _HAS_INWORD_RE.search(token):
        token = token.translate(_DROP)
    if _LATIN_RE.search(token) and _CYRILLIC_RE.search(token):
        token = token.translate(_LOOKALIKE)
    token = token.casefold()
    if "\u0307" in token:  # the dot that case folding adds to a Turkish İ
        token = token.replace("\u0307", "")
    if _FOLDED_RE.search(token):
        token = token.translate(_FOLD)
    return token


def fold_many(tokens: Sequence[str]) -> list[str]:
    """``[fold(token) for token in tokens]``, several times faster for many tokens.

    Every step of :func:`fold` but the look-alike one works letter by letter, so the tokens are
    folded together, joined by newlines; only tokens that mix Latin and Cyrillic letters (rare)
    are folded one by one.
    """
    if not tokens:
        return []
    joined = "\n".join(tokens)
    if joined.isascii():
        return joined.lower().split("\n")
    if not (_LATIN_RE.search(joined) and _CYRILLIC_RE.search(joined)):
        return _fold_text(joined).split("\n")
    folded = [token.lower() for token in tokens]  # right for the ASCII ones
    wide = [i for i, token in enumerate(tokens) if not token.isascii()]
    others = [tokens[i] for i in wide]
    joined = "\n".join(others)
    if _LATIN_RE.search(joined):  # some token mixes scripts
        terms = list(map(fold.__wrapped__, others))
    else:
        terms = _fold_text(joined).split("\n")
    for i, term in zip(wide, terms, strict=True):
        folded[i] = term
    return folded


def _fold_text(text: str) -> str:
    """:func:`fold` without its look-alike step, for a text (of tokens that mix no scripts)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _HAS_INWORD_RE.search(text):
        text = text.translate(_DROP)
    text = text.casefold()
    if "\u0307" in text:
        text = text.replace("\u0307", "")
    if _FOLDED_RE.search(text):
        text = text.translate(_FOLD)
    return text


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The tokens of ``text`` as matches (``.start()``/``.end()`` are offsets into ``text``)."""
    return WORD_RE.finditer(text)


def words_of(text: str) -> list[str]:
    """The tokens of ``text`` as strings (what :data:`WORD_RE` finds, a little faster)."""
    if _HAS_INWORD_RE.search(text):
        return WORD_RE.findall(text)
    return _PLAIN_WORD_RE.findall(text)


def terms(text: str) -> list[str]:
    """The folded terms of ``text``, in order."""
    return [fold(word) for word in words_of(text)]


# --- Phrases found in raw text -----------------------------------------------------------
def _build_char_classes() -> dict[str, str]:
    """For each folded character, a regex class of every raw character that folds to it."""
    sources: dict[str, set[str]] = {}
    candidates = [chr(cp) for cp in range(0x400, 0x530)]
    candidates += [chr(cp) for cp in range(0x20, 0x7F)]
    for raw in candidates:
        if not raw.isalnum():
            continue
        folded = raw.casefold().translate(_FOLD)
        if len(folded) == 1:
            sources.setdefault(folded, {folded}).add(raw)
    # Latin look-alikes inside Cyrillic words.
    for latin, cyr in _LOOKALIKE.items():
        folded = cyr.casefold().translate(_FOLD)
        if len(folded) == 1:
            sources.setdefault(folded, {folded}).add(chr(latin))
    return {
        char: "[" + "".join(re.escape(c) for c in sorted(raws)) + "]"
        for char, raws in sources.items()
    }


_CHAR_CLASSES = _build_char_classes()
_IN_WORD_GAP = f"[{_INWORD}]*"
_INWORD_CHARS = frozenset(chr(cp) for cp in _DROP)


def phrase_pattern(phrase_terms: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for the folded ``phrase_terms`` as consecutive words in raw text.

    It does not check that the first word starts a word (a look-behind at the start of a
    pattern makes ``re`` try every position: four times slower); :func:`phrase_matches` does.
    """
    words = []
    for term in phrase_terms:
        chars = [_CHAR_CLASSES.get(char, re.escape(char)) for char in term]
        words.append(_IN_WORD_GAP.join(chars))
    body = r"[\W_]+".join(words)
    return re.compile(rf"{body}(?![^\W_]|[{_INWORD}])")


def phrase_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of a :func:`phrase_pattern` in ``text`` that start a word."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in _INWORD_CHARS):
            position = start + 1
            continue
        yield match
        position = max(match.end(), start + 1)


# --- Whole texts folded for the index ----------------------------------------------------
_LETTER_PAIRS = tuple((src, dst) for src, dst in ((chr(k), v) for k, v in _FOLD.items()))


def _byte_classes() -> bytes:
    """A ``bytes.translate`` table giving each UTF-8 byte its class: ``L`` a Latin letter
    (lower case), ``C`` the lead byte of a Cyrillic letter, ``c`` a continuation byte."""
    table = bytearray(b"." * 256)
    table[ord("a") : ord("z") + 1] = b"L" * 26
    table[ord("A") : ord("Z") + 1] = b"L" * 26
    table[0x80:0xC0] = b"c" * 0x40
    table[0xC0:0x100] = b"O" * 0x40
    table[0xD0:0xD4] = b"CCCC"
    return bytes(table)


_BYTE_CLASSES = _byte_classes()


def _mixed_edges(text: str) -> list[int]:
    """Where a Latin letter touches a Cyrillic one in ``text`` (character offsets).

    Found in the bytes' classes with ``bytes.find``: three times faster than a regular
    expression over the text, which matters at 600 MB. (A word whose scripts meet only across
    a digit, ``C0Ё``, is not seen: folded letter by letter, its Latin letters stay Latin.)"""
    encoded = text.encode("utf-8", "surrogatepass")
    classes = encoded.translate(_BYTE_CLASSES)
    found: list[int] = []
    for pattern in (b"LC", b"CcL"):
        position = classes.find(pattern)
        while position >= 0:
            found.append(len(encoded[:position].decode("utf-8", "surrogatepass")))
            position = classes.find(pattern, position + 1)
    return sorted(found)


def _fold_letters(text: str) -> str:
    """Case folded (as :func:`fold`: ``ß`` → ``ss``), then the Kazakh letters and ``ё``
    (each replaced only if present)."""
    text = text.casefold()
    if "\u0307" in text:  # the dot that case folding adds to a Turkish İ
        text = text.replace("\u0307", "")
    for src, dst in _LETTER_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


def index_text(text: str) -> str:
    """``text`` with every token folded as :func:`fold` folds it, separators kept.

    The index splits the result into words itself (runs of letters and digits, as
    :data:`WORD_RE` does), so only the letters need folding here, and that is done on the whole
    text at once: ~10x faster than folding token by token. A word that mixes Latin and Cyrillic
    letters (rare) is folded alone, look-alikes included.
    """
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _HAS_INWORD_RE.search(text):
            text = text.translate(_DROP)
    if text.isascii():
        return text.lower()
    # Words that mix scripts are folded alone, as written (case tells ``H`` from ``h``).
    words: dict[tuple[int, int], str] = {}
    for edge in _mixed_edges(text):
        start = end = edge
        while start and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        words[start, end] = fold(text[start:end])
    if not words:
        return _fold_letters(text)
    parts: list[str] = []
    position = 0
    for (start, end), folded in sorted(words.items()):
        if start < position:
            continue
        parts.append(_fold_letters(text[position:start]))
        parts.append(folded)
        position = end
    parts.append(_fold_letters(text[position:]))
    return "".join(parts)
