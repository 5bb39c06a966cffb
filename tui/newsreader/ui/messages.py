"""Messages that worker threads post back to the app (``post_message`` is thread-safe)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.message import Message

from ..article import Article
from ..corpus import Repaired, Skipped
from ..library import Batch, TimelineChange, Update
from ..state import Marks, Memory
from .model import CorpusSummary, DayGroups


class LoadProgress(Message):
    """Files read so far while loading the corpus. A newer one replaces a queued older one."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


class CorpusReady(Message):
    """The corpus is laid out: the timeline can fill in, and it can be searched.

    ``memory``: the marks and last position read from the state (the first corpus shown;
    ``None`` for a refresh); ``refresh``: the files changed since, and this replaces the corpus
    shown (``update`` says how); ``change``: the articles that came and went since the corpus
    laid out before (``None``: not known).
    """

    def __init__(
        self,
        articles: Sequence[Article],
        skipped: Sequence[Skipped],
        groups: DayGroups,
        summary: CorpusSummary,
        memory: Memory | None = None,
        *,
        refresh: bool = False,
        update: Update | None = None,
        repaired: Sequence[Repaired] = (),
        change: TimelineChange | None = None,
    ) -> None:
        super().__init__()
        self.refresh = refresh
        self.change = change
        self.update = update
        self.articles = articles
        self.skipped = skipped
        self.repaired = repaired
        self.groups = groups
        self.summary = summary
        self.memory = memory


class IndexGrew(Message):
    """More of the corpus shown is indexed (a cold build's second pass): the search sees more;
    ``done``: all of it."""

    def __init__(self, done: bool = False) -> None:
        super().__init__()
        self.done = done

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexGrew) and not (message.done and not self.done)


class CorpusPartial(Message):
    """Part of the corpus, while a long load goes on: the articles parsed so far, laid out.

    ``marks``: the state's, counted among these articles.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        groups: DayGroups,
        summary: CorpusSummary,
        marks: Marks,
    ) -> None:
        super().__init__()
        self.articles = articles
        self.groups = groups
        self.summary = summary
        self.marks = marks


class LoadFailed(Message):
    """Loading the corpus raised: the UI says so instead of crashing."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SearchDone(Message):
    """Results of the query of search ``generation`` (stale ones are dropped by the app).

    ``note``: what the user should know about the query (an unknown ``is:`` flag).
    """

    def __init__(self, generation: int, query: str, result: Any, note: str = "") -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.result = result
        self.note = note


class SearchFailed(Message):
    """The engine rejected the query of search ``generation``."""

    def __init__(self, generation: int, query: str, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.error = error


class ScrollRecalled(Message):
    """The remembered scroll position (a line, 0: none) of an article just opened."""

    def __init__(self, article_id: str, line: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.line = line


class FolderChanged(Message):
    """Files landed, changed or went while the reader runs (``batch`` says what); ``ready``:
    the corpus as it is now, laid out (``None`` when no article changed)."""

    def __init__(self, batch: Batch, ready: CorpusReady | None) -> None:
        super().__init__()
        self.batch = batch
        self.ready = ready


class LibraryWarnings(Message):
    """The library could not be brought up to date, or warns of something: the user is told."""

    def __init__(self, warnings: Sequence[str]) -> None:
        super().__init__()
        self.warnings = tuple(warnings)
