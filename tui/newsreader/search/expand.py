"""A query word *expanded* to the index terms it matches, each with a class.

The classes: exact; inflected (a prefix completion, or the word's stem plus valid endings,
:mod:`.stem`); typo (1 edit from 5 letters, 2 from 9, a swap of neighbours counting as one:
rapidfuzz's OSA distance). A Latin word is also tried in its Cyrillic readings that the index
holds (:func:`.romanize.readings`). Typos are for words not found: a word the index holds,
exactly or inflected, in either script, brings no typo neighbours unless asked (``~``). A Latin
word's typo is looked for around its readings that leave the index (``koshnov`` → ``кошнов`` →
``кошанов``).

Typo neighbours whose first letters survive intact come from a prefix range of tantivy's term
dictionary, checked with the OSA distance in C: the nearest terms to a misspelling are mostly
other misspellings, so they are ranked by distance and document frequency, the best kept, and
their inflections added. A typo among the first letters is left to tantivy's own fuzzy query
(``fuzzy``, a weak typo): a dictionary of words spelt backwards, for the suffix ranges, doubled
the cost of indexing (measured: 50 s against 23 s per 100k articles).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .romanize import is_roman, latin_variants, readings
from .stem import MAX_TAIL, MIN_STEM, is_inflection, stem_candidates
from .terms import TermDictionary

__all__ = [
    "EXACT",
    "INFLECTED",
    "TYPO",
    "TYPO_WEAK",
    "Expansion",
    "TermDictionary",
    "expand",
    "words_match",
]

#: Match classes, best first.
EXACT, INFLECTED, TYPO, TYPO_WEAK = 0, 1, 2, 3
#: At most this many completions of a prefix are searched (the most frequent ones).
PREFIX_CAP = 96
#: At most this many typo neighbours per query word (ranked by similarity and frequency).
TYPO_CAP = 24
#: Typo neighbours whose inflections are added too.
TYPO_INFLECT = 6
#: At most this many Cyrillic readings of a Latin query word are searched (those in the corpus).
LATIN_FORMS = 4
#: Typo neighbours are looked for around this many forms of a word (as typed, then readings).
TYPO_FORMS = 3
#: The shortest query word that tolerates a typo; from ``TYPO_TWO`` letters on, two.
TYPO_ONE, TYPO_TWO = 5, 9
#: Stem ranges longer than this are not scanned for inflections (a short stem of a very common
#: root; its prefix completions already cover it).
STEM_SCAN_CAP = 4000


@dataclass(frozen=True, slots=True)
class Expansion:
    """What one query word matches: index terms by class, and fuzzy forms left to tantivy."""

    #: term → its class (the best one it was found in).
    classes: dict[str, int]
    #: (form, edits) searched with tantivy's fuzzy query, as a weak typo.
    fuzzy: tuple[tuple[str, int], ...]
    #: Documents holding the word's most frequent term: the word's rarity.
    df: int

    def terms(self, cls: int) -> list[str]:
        return [term for term, found in self.classes.items() if found == cls]


def expand(term: str, words: TermDictionary, typos: bool | None = None) -> Expansion:
    """The terms a folded query ``term`` matches in ``words``.

    ``typos=None``: typo neighbours only if no form of the word (in either script) is in the index
    exactly or inflected, so a name that is there does not bring its one-letter neighbours
    (``токаев``, not ``бокаев``); ``True``: typo neighbours anyway (a trailing ``~``); ``False``:
    none (exclusions).
    """
    classes: dict[str, int] = {}
    freq: dict[str, int] = {}

    def add(found: Iterable[str], cls: int) -> None:
        for item in found:
            if classes.get(item, 99) > cls:
                classes[item] = cls

    forms, partial = [term], []
    if is_roman(term):
        for reading in readings(term, words.exists_prefix, LATIN_FORMS):
            (forms if reading.complete else partial).append(reading.text)
    for form in forms:
        count = words.df(form)
        if count:
            add((form,), EXACT)
            freq[form] = count
        completions = words.prefixed(form, limit=PREFIX_CAP)
        freq.update(completions)
        add(completions, INFLECTED)
        if len(form) >= TYPO_ONE and form.isalpha():  # 12345 is no typo of 12346
            add(_inflections(form, words), INFLECTED)
    for form in partial:  # россии: not in the index, but its stem is (россией)
        if len(form) >= TYPO_ONE:
            add(_inflections(form, words), INFLECTED)
    fuzzy: list[tuple[str, int]] = []
    if typos or (typos is None and not classes):
        # The word as typed and its likeliest readings (a Latin word's typo is looked for in
        # Cyrillic: koshnov → кошнов → кошанов).
        for form in [*forms, *partial][:TYPO_FORMS]:
            if len(form) < TYPO_ONE or not form.isalpha():
                continue
            _add_typos(form, words, add, freq)
            # A typo among the first letters: tantivy's fuzzy query, at one edit (at two it
            # costs ~20 ms a keystroke at 100k articles: only without a vocabulary).
            if len(form) < TYPO_TWO or words.vocabulary is None:
                fuzzy.append((form, 2 if len(form) >= TYPO_TWO else 1))
            else:
                fuzzy.append((form, 1))
    df = max((freq.get(t, 0) for t, c in classes.items() if c <= INFLECTED), default=0)
    return Expansion(classes, tuple(fuzzy), df or max(freq.values(), default=0))


def _inflections(term: str, words: TermDictionary) -> list[str]:
    """Terms that are a stem of ``term`` plus valid endings (``ирана`` → ``иранды`` …)."""
    found = []
    for stem in stem_candidates(term):
        candidates = words.prefixed(stem)
        if len(candidates) > STEM_SCAN_CAP:
            continue
        cut = len(stem)
        limit = cut + MAX_TAIL
        found.extend(
            word
            for word in candidates
            if len(word) <= limit and (len(word) == cut or is_inflection(word[cut:]))
        )
    return found


def _typos(term: str, words: TermDictionary) -> list[tuple[str, int, int]]:
    """(term, distance, frequency) of the terms within the typo budget of ``term``."""
    length = len(term)
    budget = 2 if length >= TYPO_TWO else 1
    # The letters before the first edit survive: an edit in the second half leaves the first.
    first = term[: (length - 1) // 2] if budget == 1 else term[: max(2, (length - 5) // 3)]
    names, counts = words.candidates(first)
    return [
        (name, int(distance), counts[index])
        for name, distance, index in process.extract(
            term, names, scorer=OSA.distance, score_cutoff=budget, limit=None
        )
        if distance
    ]


def _add_typos(term: str, words: TermDictionary, add, freq: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    found = _typos(term, words)
    if not found:
        return
    # Similarity and frequency: a misspelling's nearest terms are mostly other misspellings.
    found.sort(key=lambda item: (item[1] - math.log1p(item[2]) / 4, item[0]))
    found = found[:TYPO_CAP]
    best = max(count for _, _, count in found)
    strong = {name for name, d, count in found if d == 1 and count * 8 >= best}
    add(strong, TYPO)
    add((name for name, _, _ in found if name not in strong), TYPO_WEAK)
    for name, _, count in found[:TYPO_INFLECT]:
        freq.setdefault(name, count)
        add(_inflections(name, words), TYPO if name in strong else TYPO_WEAK)


def words_match(wanted: list[str], words: list[str]) -> bool:
    """True when every wanted word (a filter value's) starts some word of ``words`` (a tag's,
    an author's) or is an inflection of it, in either script."""
    for want in wanted:
        forms = [want]
        if is_roman(want):
            forms += latin_variants(want, limit=6)
        if not any(
            word.startswith(form) or _inflects(form, word) for form in forms for word in words
        ):
            return False
    return True


def _inflects(form: str, word: str) -> bool:
    if len(form) < MIN_STEM + 1:
        return False
    for stem in stem_candidates(form):
        if word.startswith(stem) and (len(word) == len(stem) or is_inflection(word[len(stem) :])):
            return True
    return False
