"""Plain data helpers for the reader UI: day groups, the corpus summary, dates, safe one-line text.

Nothing here imports Textual, so every function can run in a worker thread and be tested alone.
A timeline's day groups and summary (its :class:`Layout`) are made whole once, then from the
articles that came and went (a reader following its folders: a few ms a commit at 100k).
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from ..article import Article
from ..corpus.sanitize import UNSHOWABLE_CLASS

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LANGUAGE_NAMES = {"ru": "Russian", "kk": "Kazakh"}

# One character in, one character out: offsets into the text (search spans) stay valid.
_UNSAFE = re.compile(f"[\x00-\x1f{UNSHOWABLE_CLASS}]")


def _replace(match: re.Match[str]) -> str:
    return " " if match.group() in "\t\n\r" else "\ufffd"


def safe(text: str) -> str:
    """``text`` on one line with control characters replaced, keeping every offset.

    Tabs and line breaks become spaces, other control characters U+FFFD. The corpus layer
    already cleans text; this guards articles built some other way (tests, caches) so that
    nothing reaches the terminal as an escape sequence.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_replace, text)


def text_segments(text: Text, console: Console) -> list[Segment]:
    """Segments of a one-line ``Text`` with its base style applied.

    ``Text.render`` leaves the base style out when the text has no spans (Rich applies it
    further up, in ``__rich_console__``), so a plain line would lose its colour.
    """
    if text.spans:
        return list(text.render(console))
    style = text.style if isinstance(text.style, Style) else console.get_style(text.style)
    return [Segment(text.plain, style)] if text.plain else []


def day_label(day: dt.date) -> str:
    """``Thursday 5 March 2026``: English, independent of the locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """``5 Mar 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


@dataclass(frozen=True, slots=True)
class DayHeader:
    """A header row of the timeline: the day (``None`` for the undated group) and its size."""

    day: dt.date | None
    count: int

    @property
    def label(self) -> str:
        return "Undated" if self.day is None else day_label(self.day)


class _Rows(Sequence[int]):
    """The rows of a timeline, from where each day's header is: ``rows[r] >= 0`` is an index
    into the articles, ``rows[r] < 0`` header ``-rows[r] - 1``. Found by bisection among the
    days, so that laying the rows out costs the days, not the articles."""

    __slots__ = ("_firsts", "_length", "_tops")

    def __init__(self, tops: array, firsts: array, length: int) -> None:
        self._tops, self._firsts, self._length = tops, firsts, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, row: int) -> int:  # type: ignore[override]
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(row)
        day = bisect_right(self._tops, row) - 1
        top = self._tops[day]
        return -day - 1 if row == top else self._firsts[day] + row - top - 1

    def __iter__(self) -> Iterator[int]:
        tops, firsts = self._tops, self._firsts
        for day, first in enumerate(firsts):
            yield -day - 1
            end = firsts[day + 1] if day + 1 < len(firsts) else self._length - len(tops)
            yield from range(first, end)

    def tolist(self) -> list[int]:
        return list(self)


class _ArticleRows(_Rows):
    """The row of each article of a timeline (see :class:`_Rows`)."""

    __slots__ = ()

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        day = bisect_right(self._firsts, index) - 1
        return self._tops[day] + 1 + index - self._firsts[day]

    def __iter__(self) -> Iterator[int]:
        return (self[index] for index in range(self._length))


@dataclass(frozen=True, slots=True)
class DayGroups:
    """The full timeline as rows: article rows interleaved with day headers.

    ``rows[r] >= 0`` is an index into the articles; ``rows[r] < 0`` is header ``-rows[r] - 1``.
    ``article_rows[i]`` is the row of article ``i``.
    """

    rows: Sequence[int]
    headers: tuple[DayHeader, ...]
    article_rows: Sequence[int]

    @classmethod
    def empty(cls) -> DayGroups:
        return _grouped(())


def build_day_groups(articles: Sequence[Article]) -> DayGroups:
    """Group articles (already newest first, undated last) under day headers.

    A run of equal days at a time (100k articles: ~40 ms, a third of an article-by-article
    loop; it runs at every start, before the timeline shows).
    """
    days = [None if (published := a.published) is None else published.date for a in articles]
    return _grouped((day, sum(1 for _ in run)) for day, run in groupby(days))


def _grouped(runs: Iterable[tuple[dt.date | None, int]]) -> DayGroups:
    """The rows of days of ``count`` articles each, in order (the cost is the days')."""
    tops = array("q")  # the row of each day's header
    firsts = array("q")  # the first article of each day
    headers: list[DayHeader] = []
    start = 0
    for day, count in runs:
        tops.append(start + len(headers))
        firsts.append(start)
        headers.append(DayHeader(day, count))
        start += count
    rows = _Rows(tops, firsts, start + len(headers))
    return DayGroups(rows, tuple(headers), _ArticleRows(tops, firsts, start))


def _day(article: Article) -> dt.date | None:
    return None if (published := article.published) is None else published.date


def _day_order(day: dt.date | None) -> tuple[bool, int]:
    """The timeline's order of days: newest first, undated last."""
    return (True, 0) if day is None else (False, -day.toordinal())


def regroup(
    groups: DayGroups, added: Iterable[Article], removed: Iterable[Article]
) -> DayGroups | None:
    """``groups`` of a timeline after ``added`` came into it and ``removed`` went: each day's
    count moved (the cost is theirs and the days', not the articles'). ``None`` if ``groups``
    are not in the timeline's order or a count would fall below zero."""
    headers = groups.headers
    if any(_day_order(a.day) >= _day_order(b.day) for a, b in pairwise(headers)):
        return None
    counts = Counter({header.day: header.count for header in headers})
    counts.update(map(_day, added))
    counts.subtract(map(_day, removed))
    if any(count < 0 for count in counts.values()):
        return None
    days = sorted((day for day, count in counts.items() if count), key=_day_order)
    return _grouped((day, counts[day]) for day in days)


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """The corpus at a glance, for the header line."""

    articles: int
    first: dt.date | None
    last: dt.date | None
    undated: int
    languages: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]
    #: Widest source name (in characters), for the timeline's source column.
    source_width: int

    def describe(self, max_sources: int = 4) -> str:
        """``5 articles · 11 Dec 2025 – 5 Mar 2026 · 1 undated · ru 4 · kk 1 · Kazpravda.kz 2 …``"""
        if not self.articles:
            return "no articles"
        parts = [f"{self.articles:,} article{'s' if self.articles != 1 else ''}"]
        if self.first is not None and self.last is not None:
            if self.first == self.last:
                parts.append(short_date(self.first))
            else:
                parts.append(f"{short_date(self.first)} – {short_date(self.last)}")
        if self.undated:
            parts.append(f"{self.undated:,} undated")
        parts.append(" ".join(f"{lang} {count:,}" for lang, count in self.languages))
        shown = [f"{source} {count:,}" for source, count in self.sources[:max_sources]]
        if len(self.sources) > max_sources:
            shown.append(f"+{len(self.sources) - max_sources} more")
        if shown:
            parts.append(", ".join(shown))
        return " · ".join(parts)


def summarize(articles: Sequence[Article]) -> CorpusSummary:
    """Count articles, languages and sources; find the date range."""
    return Layout.of(articles).summary


def _by_count(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Most first; as many in the order of their names (however they were counted)."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _summary(groups: DayGroups, languages: Counter[str], sources: Counter[str]) -> CorpusSummary:
    days = [header.day for header in groups.headers if header.day is not None]
    return CorpusSummary(
        articles=len(groups.article_rows),
        first=min(days, default=None),
        last=max(days, default=None),
        undated=sum(header.count for header in groups.headers if header.day is None),
        languages=_by_count(languages),
        sources=_by_count(sources),
        source_width=max(map(len, sources), default=0),
    )


def _recount(counts: Counter[str], came: Iterable[str], went: Iterable[str]) -> Counter[str] | None:
    """``counts`` with ``came`` counted in and ``went`` out (``None`` if one goes below zero)."""
    counts = Counter(counts)
    counts.update(came)
    counts.subtract(went)
    if any(count < 0 for count in counts.values()):
        return None
    return +counts


@dataclass(frozen=True, slots=True)
class Layout:
    """A timeline laid out: its articles, their day groups and summary, and the counts the
    summary is made of. Made whole once (:meth:`of`), then from what changed (:meth:`changed`).
    """

    articles: Sequence[Article]
    groups: DayGroups
    summary: CorpusSummary
    languages: Counter[str]
    sources: Counter[str]

    @classmethod
    def of(cls, articles: Sequence[Article]) -> Layout:
        """``articles`` (newest first, undated last) laid out whole (~0.1 s at 100k)."""
        groups = build_day_groups(articles)
        languages = Counter(article.lang for article in articles)
        sources = Counter(source for article in articles if (source := article.source))
        return cls(articles, groups, _summary(groups, languages, sources), languages, sources)

    def changed(
        self, after: Sequence[Article], added: Sequence[Article], removed: Sequence[Article]
    ) -> Layout:
        """The timeline ``after``, made of this one with ``added`` in and ``removed`` out, laid
        out from them (a few ms at 100k); whole if the counts do not add up."""
        if not added and not removed:
            return self if after is self.articles else Layout.of(after)
        groups = regroup(self.groups, added, removed)
        languages = _recount(self.languages, (a.lang for a in added), (a.lang for a in removed))
        sources = _recount(
            self.sources,
            (source for a in added if (source := a.source)),
            (source for a in removed if (source := a.source)),
        )
        if groups is None or languages is None or sources is None:
            return Layout.of(after)
        if len(groups.article_rows) != len(after):
            return Layout.of(after)
        return Layout(after, groups, _summary(groups, languages, sources), languages, sources)
