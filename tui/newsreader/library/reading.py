"""What the reader asks of a corpus (:class:`Reading`), and a corpus held in memory.

:class:`~.library.Library` is the real one; :class:`MemoryLibrary` serves articles given
directly (tests, benchmarks, a fake search engine), through the same typed methods.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..article import Article
from ..corpus import Skipped
from ..search import Marks, Query, SearchIndex
from ..search.related import Related, newest_first
from .headers import TimelineChange
from .library import Progress, Update

__all__ = ["MemoryLibrary", "Reading", "Searcher"]


class Searcher(Protocol):
    """Anything that answers a query: hits whose ``index`` is a position in the articles."""

    def search(self, query: str | Query, order: str = ..., marks: Marks | None = ...) -> Any: ...


class Reading(Protocol):
    """A corpus as the reader uses it: the timeline, bodies, searches and changes."""

    warnings: list[str]

    @property
    def articles(self) -> tuple[Article, ...]: ...

    @property
    def skipped(self) -> tuple[Skipped, ...]: ...

    def changes_since(self, articles: Sequence[Article]) -> TimelineChange | None: ...

    def complete(self, article: Article) -> Article: ...

    def search(
        self,
        query: str | Query,
        order: str = ...,
        marks: Marks | None = ...,
        *,
        positions: bool = ...,
    ) -> Any: ...

    def related(self, article: Article, limit: int = ...) -> list[Related]: ...

    def prepare(self) -> None: ...

    def update(
        self,
        *,
        full: bool = ...,
        progress: Progress | None = ...,
        committed: Callable[[], None] | None = ...,
        should_stop: Callable[[], bool] | None = ...,
        listed: Callable[[], None] | None = ...,
    ) -> Update: ...

    def close(self) -> None: ...


class MemoryLibrary:
    """Articles given directly, searched by ``engine(articles)`` (default: a tantivy index in
    memory, built on the first search). They never change: :meth:`update` finds nothing."""

    def __init__(
        self,
        articles: Sequence[Article],
        skipped: Sequence[Skipped] = (),
        engine: Callable[[Sequence[Article]], Searcher] | None = None,
    ) -> None:
        self._articles = tuple(articles)
        self._skipped = tuple(skipped)
        self._engine_factory = engine
        self._engine: Searcher | None = None
        self.warnings: list[str] = []

    @property
    def articles(self) -> tuple[Article, ...]:
        return self._articles

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return self._skipped

    def changes_since(self, articles: Sequence[Article]) -> TimelineChange | None:
        """Nothing changes: the same articles, or not known."""
        return TimelineChange(articles, articles) if articles is self._articles else None

    def complete(self, article: Article) -> Article:
        return article

    def search(
        self,
        query: str | Query,
        order: str = "rank",
        marks: Marks | None = None,
        *,
        positions: bool = False,
    ) -> Any:
        return self._searcher().search(query, order=order, marks=marks)

    def _searcher(self) -> Searcher:
        if self._engine is None:
            factory = self._engine_factory or SearchIndex.build
            self._engine = factory(self._articles)
        return self._engine

    def related(self, article: Article, limit: int = 50) -> list[Related]:
        """As :meth:`.Library.related` (none with an engine other than :class:`SearchIndex`)."""
        engine = self._searcher()
        if not isinstance(engine, SearchIndex):
            return []
        return newest_first(engine.related(article, limit))

    def prepare(self) -> None:
        engine = self._searcher()
        if isinstance(engine, SearchIndex):
            engine.prepare()

    def update(
        self,
        *,
        full: bool = False,
        progress: Progress | None = None,
        committed: Callable[[], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        listed: Callable[[], None] | None = None,
    ) -> Update:
        return Update(full=full)

    def close(self) -> None:
        pass
