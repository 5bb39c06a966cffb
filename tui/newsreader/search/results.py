"""What a search returns: :class:`SearchResult` with its :class:`Hit` list.

Hits are made lazily: a result holds its matches as a few bitsets, one per score, and turns them
into :class:`Hit` objects only as the caller reads them, so a query that matches 100k articles
costs no more to run than one that matches ten. Spans are likewise computed the first time a
hit's ``title_spans`` or ``body_spans`` is read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from rapidfuzz.distance import OSA

from .normalize import WORD_RE, fold, phrase_matches

if TYPE_CHECKING:
    import re

    from ..article import Article
    from .query import Query

__all__ = ["Highlighter", "Hit", "HitList", "SearchResult"]

Span = tuple[int, int]
BodySpan = tuple[int, int, int]


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class Highlighter:
    """Finds what a query matched in a text: words whose term is in ``terms``, and phrases."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[re.Pattern[str], ...] = ()
    #: (form, edits): words within that many edits of the form also match.
    fuzzy: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases or self.fuzzy)

    def _matches(self, word: str) -> bool:
        term = fold(word)
        if term in self.terms:
            return True
        return any(
            OSA.distance(term, form, score_cutoff=edits) <= edits for form, edits in self.fuzzy
        )

    def spans(self, text: str) -> tuple[Span, ...]:
        """``[start, end)`` offsets of every match in ``text``, sorted, overlaps merged."""
        if not text or not self:
            return ()
        terms = self.terms
        if self.fuzzy:
            found = [m.span() for m in WORD_RE.finditer(text) if self._matches(m.group())]
        else:
            found = [m.span() for m in WORD_RE.finditer(text) if fold(m.group()) in terms]
        for pattern in self.phrases:
            found.extend(m.span() for m in phrase_matches(pattern, text))
        return _merge(found)


_NO_HIGHLIGHT = Highlighter()


class Hit:
    """One matching article.

    ``index`` is its key in the index (for :meth:`SearchIndex.build`, its position in the
    sequence given); ``score`` is
    higher for better matches (0.0 when the query has no words); ``title_spans`` are
    ``(start, end)`` offsets into ``article.title`` and ``body_spans`` are
    ``(paragraph, start, end)`` into ``article.body[paragraph]``.
    """

    __slots__ = ("_body", "_body_of", "_highlighter", "_title", "article", "index", "score")

    def __init__(
        self,
        index: int,
        article: Article,
        score: float,
        highlighter: Highlighter = _NO_HIGHLIGHT,
        body_of: Callable[[Article], Sequence[str]] | None = None,
    ) -> None:
        self.index = index
        self.article = article
        self.score = score
        self._highlighter = highlighter
        self._body_of = body_of
        self._title: tuple[Span, ...] | None = None
        self._body: tuple[BodySpan, ...] | None = None

    @property
    def title_spans(self) -> tuple[Span, ...]:
        """Matched ``[start, end)`` ranges of ``article.title``."""
        if self._title is None:
            self._title = self._highlighter.spans(self.article.title)
        return self._title

    @property
    def body_spans(self) -> tuple[BodySpan, ...]:
        """Matched ``(paragraph_index, start, end)`` ranges of ``article.body``.

        When the index has a body loader (its articles are held without bodies), the body is
        read through it, the first time this is asked.
        """
        if self._body is None:
            found: list[BodySpan] = []
            if self._highlighter:
                article = self.article
                body = article.body if self._body_of is None else self._body_of(article)
                for number, paragraph in enumerate(body):
                    found.extend((number, s, e) for s, e in self._highlighter.spans(paragraph))
            self._body = tuple(found)
        return self._body

    def __repr__(self) -> str:
        return f"Hit(index={self.index}, score={self.score:.3f}, title={self.article.title!r:.60})"


class HitList(Sequence[Hit]):
    """The hits of a search, best first (or in timeline order); a read-only, lazy list.

    Supports ``len``, indexing (negative too), slicing (gives a ``list``), iteration and ``==``
    with a list. Hits are created on first access and then kept.
    """

    def __init__(
        self,
        size: int,
        chunks: Iterator[tuple[list[int], list[float]]],
        article_of: Callable[[int], Article],
        highlighter: Highlighter,
        body_of: Callable[[Article], Sequence[str]] | None = None,
        index_of: Callable[[int], int] | None = None,
    ) -> None:
        # ``chunks`` yields (article indices, scores) in display order; it is read only as far
        # as the hits asked for.
        self._size = size
        self._chunks = chunks
        self._article_of = article_of
        self._index_of = index_of
        self._highlighter = highlighter
        self._body_of = body_of
        self._docs: list[int] = []
        self._scores: list[float] = []
        self._hits: dict[int, Hit] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._size

    def _fill(self, upto: int) -> None:
        with self._lock:
            while len(self._docs) <= upto:
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._docs.extend(chunk[0])
                self._scores.extend(chunk[1])

    @overload
    def __getitem__(self, item: int) -> Hit: ...

    @overload
    def __getitem__(self, item: slice) -> list[Hit]: ...

    def __getitem__(self, item: int | slice) -> Hit | list[Hit]:
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(self._size))]
        if item < 0:
            item += self._size
        if not 0 <= item < self._size:
            raise IndexError("hit index out of range")
        hit = self._hits.get(item)
        if hit is None:
            if item >= len(self._docs):
                self._fill(item)
            key = self._docs[item]
            index = key if self._index_of is None else self._index_of(key)
            hit = Hit(
                index, self._article_of(key), self._scores[item], self._highlighter, self._body_of
            )
            hit = self._hits.setdefault(item, hit)
        return hit

    def __iter__(self) -> Iterator[Hit]:
        for i in range(self._size):
            yield self[i]

    def indices(self) -> list[int]:
        """The ``index`` of every hit, in order (without creating the hits)."""
        self._fill(self._size)
        if self._index_of is None:
            return list(self._docs)
        return list(map(self._index_of, self._docs))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HitList):
            return other is self
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<HitList of {self._size} hits>"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query."""

    #: Matching articles, best first (or in timeline order), created lazily.
    hits: HitList
    #: How many articles the index holds.
    total: int
    #: The parsed query.
    query: Query
    #: ``"rank"`` or ``"timeline"``.
    order: str = "rank"
    #: The articles the hits' ``index`` points into, when they are positions in a timeline
    #: (a reader drops a result made for a timeline it no longer shows).
    timeline: Sequence[Article] | None = None
    #: Query words a far commoner near spelling of which the corpus holds, with ``~`` added
    #: (``тоакев~``): found as typed, they bring no typo neighbours, so few articles match.
    nearby: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """How many articles matched (``len(hits)``)."""
        return len(self.hits)

    def indices(self) -> list[int]:
        """The article index of every hit, in order."""
        return self.hits.indices()
