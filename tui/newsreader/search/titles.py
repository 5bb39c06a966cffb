"""Titles matching what was typed in "Go to article…": as typed, or read from Latin letters
(``tokaev`` → Тоқаев), then near spellings. No index: a scan of the titles, folded once."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .normalize import fold, fold_many
from .romanize import is_roman, latin_variants

__all__ = ["TitleMatch", "fold_titles", "match_titles"]

#: Cyrillic readings tried for each Latin word typed, and for the whole query.
_READINGS_PER_WORD, _NEEDLES = 3, 12


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """An article whose title matches a "Go to article…" query, and where."""

    index: int
    score: float
    start: int
    end: int


def fold_titles(titles: Sequence[str]) -> list[str]:
    """The titles as :func:`match_titles` compares them (folded as the index folds words:
    ``Тоқаев`` → ``токаев``; letter for letter, so a match's span fits the title)."""
    return fold_many(list(titles))


def _needles(query: str) -> list[str]:
    """What to look for: the folded query, then its Cyrillic readings if it has Latin words."""
    needle = " ".join(fold(word) for word in query.split())
    # Words and the parts of hyphenated ones (``kassym-jomart``), with what joins them.
    parts = [part for part in re.split(r"([ -])", needle) if part]
    if not any(is_roman(part) for part in parts):
        return [needle] if needle else []
    choices = [
        latin_variants(part, _READINGS_PER_WORD) or [part] if is_roman(part) else [part]
        for part in parts
    ]
    readings = ("".join(combo) for combo in itertools.product(*choices))
    return [needle, *itertools.islice(readings, _NEEDLES)]


def match_titles(folded_titles: Sequence[str], query: str, limit: int = 40) -> list[TitleMatch]:
    """Titles matching ``query``: substrings first (earlier is better; as typed before a reading
    from Latin letters), then fuzzy matches. ``folded_titles``: from :func:`fold_titles`.

    Runs in a worker thread: a substring scan of 100,000 titles takes ~20 ms a needle.
    """
    needles = _needles(query)
    if not needles:
        return []
    found: dict[int, TitleMatch] = {}
    for rank, needle in enumerate(needles):
        penalty = 0.0 if rank == 0 else 0.05
        for index, title in enumerate(folded_titles):
            if index in found:
                continue
            position = title.find(needle)
            if position >= 0:
                score = 1.0 - min(position, 100) / 200 - penalty
                found[index] = TitleMatch(index, score, position, position + len(needle))
    ordered = sorted(found.values(), key=lambda match: (-match.score, match.index))
    if len(ordered) >= limit or len(needles[0]) < 3:
        return ordered[:limit]
    from rapidfuzz import fuzz, process

    for needle in needles:
        for _title, score, index in process.extract(
            needle, folded_titles, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=75
        ):
            if index in found:
                continue
            alignment = fuzz.partial_ratio_alignment(needle, folded_titles[index])
            start, end = (alignment.dest_start, alignment.dest_end) if alignment else (0, 0)
            found[index] = match = TitleMatch(index, score / 200, start, end)
            ordered.append(match)
            if len(ordered) >= limit:
                return ordered
    return ordered
