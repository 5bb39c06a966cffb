"""Messages that worker threads post back to the app (``post_message`` is thread-safe)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.message import Message

from ..article import Article
from ..corpus import Skipped
from .model import CorpusSummary, DayGroups, Memory


class LoadProgress(Message):
    """Files read so far while loading the corpus. A newer one replaces a queued older one."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


class CorpusReady(Message):
    """The corpus is loaded and laid out: the timeline can fill in.

    ``completer`` gives an article its body when the loader left bodies out (warm start from
    the parse cache: :meth:`~newsreader.corpus.LoadResult.complete`); ``None``: all have theirs.
    ``provisional``: taken from the parse cache without looking at the files, which are checked
    next; ``refresh``: the result of that check, which found them changed (it replaces the
    corpus shown).
    """

    def __init__(
        self,
        articles: Sequence[Article],
        skipped: Sequence[Skipped],
        groups: DayGroups,
        summary: CorpusSummary,
        memory: Memory | None = None,
        completer: Callable[[Article], Article] | None = None,
        *,
        provisional: bool = False,
        refresh: bool = False,
    ) -> None:
        super().__init__()
        self.provisional = provisional
        self.refresh = refresh
        self.articles = articles
        self.skipped = skipped
        self.groups = groups
        self.summary = summary
        self.memory = memory if memory is not None else Memory.empty()
        self.completer = completer


class CorpusPartial(Message):
    """Part of the corpus, while a long load goes on: the articles parsed so far, laid out.

    ``read`` and ``starred``: the ids the state holds, for the timeline's marks.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        groups: DayGroups,
        summary: CorpusSummary,
        read: set[str],
        starred: set[str],
    ) -> None:
        super().__init__()
        self.articles = articles
        self.groups = groups
        self.summary = summary
        self.read = read
        self.starred = starred


class LoadFailed(Message):
    """Loading the corpus raised: the UI says so instead of crashing."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexProgress(Message):
    """Articles indexed so far. A newer one replaces a queued older one."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexReady(Message):
    """The search index is ready: ``origin`` is ``"loaded"`` (from the disk) or ``"built"``;
    ``articles``: the corpus it is of (an index of a corpus replaced since is dropped)."""

    def __init__(
        self, index: Any, origin: str = "built", articles: Sequence[Article] | None = None
    ) -> None:
        super().__init__()
        self.index = index
        self.origin = origin
        self.articles = articles


class IndexFailed(Message):
    """Building the index raised: search is unavailable, reading still works."""

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


class StateWarnings(Message):
    """The state store reported problems (not writable, damaged…): the user is told."""

    def __init__(self, warnings: Sequence[str]) -> None:
        super().__init__()
        self.warnings = tuple(warnings)


class CacheSaved(Message):
    """The parse cache (or the search index) was saved, or not: its warnings are shown."""

    def __init__(self, warnings: Sequence[str], title: str = "Parse cache") -> None:
        super().__init__()
        self.warnings = tuple(warnings)
        self.title = title
