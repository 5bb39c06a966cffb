"""Putting each corpus the load worker sends on screen (:mod:`.loading`): the articles
committed so far while a first load goes on, the whole corpus with the reader's marks and last
position, and later the corpus as the files changed it — keeping the article highlighted, and
running the query typed again. Problems with the files are said in notifications. A mixin of
the app.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..article import Article
from ..corpus.sanitize import terminal_safe
from .messages import (
    CorpusPartial,
    CorpusReady,
    IndexGrew,
    LibraryWarnings,
    LoadFailed,
    LoadProgress,
)

if TYPE_CHECKING:
    from ..corpus import Repaired, Skipped
    from ..library import Reading
    from ..state import Marks, Memory
    from .model import CorpusSummary
    from .search_bar import SearchBar
    from .status import StatusLine
    from .timeline import Timeline
    from .viewer import Viewer

#: Skipped files named in the start-up notification.
_SKIPPED_SHOWN = 3


def _index_of(articles: Sequence[Article], article_id: str) -> int | None:
    """The position of the article with this id in ``articles`` (``None``: not there)."""
    return next((i for i, article in enumerate(articles) if article.id == article_id), None)


def _place_of(articles: Sequence[Article], article: Article) -> int | None:
    """The position of ``article`` in the timeline ``articles``: found by bisection where it
    is still there (newest first, undated last), else looked for by its id."""
    where = bisect_left(articles, article.timeline_key(), key=Article.timeline_key)
    if where < len(articles) and articles[where].id == article.id:
        return where
    return _index_of(articles, article.id)


class CorpusShowing:
    """The corpus shown: first, partial, whole, refreshed (a mixin of the app)."""

    if TYPE_CHECKING:  # provided by the app
        paths: list[Path]
        articles: Sequence[Article]
        summary: CorpusSummary | None
        library: Reading | None
        index: Reading | None
        loaded: bool
        timeline: Timeline
        viewer: Viewer
        search_bar: SearchBar
        status: StatusLine
        _indexing: bool
        _query: str
        _generation: int
        _restore_article: int | None
        marks: Marks
        _folded: tuple[int, list[str]] | None
        _shown_index: int | None

        @property
        def _shutting_down(self) -> bool: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def refresh_bindings(self) -> None: ...
        def flush_preview(self) -> None: ...
        def _cancel_preview(self) -> None: ...
        def _leave_article(self) -> None: ...
        def _set_corpus_line(self) -> None: ...
        def _search_again(self) -> None: ...
        def _start_search(self) -> None: ...
        def _update_count(self) -> None: ...
        def _set_query(self, query: str) -> None: ...
        def _take_memory(self, memory: Memory) -> None: ...
        def _notify_state_warnings(self, warnings: Sequence[str]) -> None: ...
        def _new_state_warnings(self) -> list[str]: ...

    #: While a first load shows partial corpora: the article the app highlighted in the last
    #: one, and whether the reader has moved since (then their article stays).
    _partial_top: str | None = None
    _moved_while_loading = False

    def on_corpus_partial(self, message: CorpusPartial) -> None:
        """Show the articles committed so far (the load goes on; marks can't change yet)."""
        if self.loaded or self._shutting_down:
            return  # the whole corpus is shown already
        keep = self._note_moved()
        self.marks = message.marks
        self._take_corpus(message.articles, message.groups, message.summary, "Reading files…")
        if self._moved_while_loading and keep is not None:
            self._select_id(keep)  # the reader's article stays highlighted as the rest come in
        self._partial_top = self._highlighted_id()
        self.flush_preview()
        self._searchable()

    def on_corpus_ready(self, message: CorpusReady) -> None:
        if self._shutting_down:
            return
        if message.refresh:
            self._apply_refresh(message)
            return
        memory = message.memory
        if self.loaded or memory is None:
            return  # shown already (a first load's end after a partial one is not this)
        keep = self._note_moved()
        if self._moved_while_loading and keep is not None:
            # The reader moved while the corpus loaded: their article, not the last run's.
            memory = dataclasses.replace(memory, last_article=_index_of(message.articles, keep))
        self.loaded = True
        self.status.hide_progress()
        self.articles = message.articles
        self._take_memory(memory)
        self._notify_state_warnings(self._new_state_warnings())
        where = ", ".join(str(path) for path in self.paths) or "the given articles"
        self._take_corpus(
            message.articles, message.groups, message.summary, f"No articles found in {where}"
        )
        self._notify_files(message.skipped, "Skipped")
        self._notify_files(message.repaired, "Repaired")
        if not message.articles:
            self.viewer.show_message(
                f"No articles found in {where}. The reader opens folders of scraped news "
                "articles saved as .txt files: newsreader PATH …"
            )
            self.status.set_count("0 articles")
            return
        self.refresh_bindings()
        self._restore(memory)
        self.flush_preview()
        self._searchable()

    def _apply_refresh(self, message: CorpusReady) -> None:
        """The files changed since the corpus shown was read: show it as it is now, keeping
        the article highlighted, and run the search again."""
        if not self.loaded:
            return
        keep = self._highlighted()
        self._leave_article()
        self._cancel_preview()
        change = message.change
        if change is not None and change.before is self.articles:  # counted from what came
            self.marks.change_corpus(
                added=(article.id for article in change.added),
                removed=(article.id for article in change.removed),
            )
        else:
            self.marks.set_corpus(article.id for article in message.articles)
        self._take_corpus(message.articles, message.groups, message.summary, "No articles found")
        if keep is not None:
            where = _place_of(message.articles, keep)
            if where is not None:
                self.timeline.select_article(where, center=True)
            if self._query.strip():  # the search runs again: its results keep the article
                self._restore_article = where
        self.flush_preview()
        self._searchable()
        update = message.update
        if update is not None:
            self.notify(
                update.describe() or "Files changed", title="Since the last look", markup=False
            )
        self._notify_files(message.skipped, "Skipped")
        self._notify_files(message.repaired, "Repaired")

    def _take_corpus(
        self,
        articles: Sequence[Article],
        groups: Any,
        summary: CorpusSummary,
        empty: str,
    ) -> None:
        """Make ``articles`` the corpus shown (the timeline's cursor at the top); ``empty``:
        what the timeline says if there are none."""
        self.articles = articles
        self.summary = summary
        self._folded = None
        self._shown_index = None
        self._set_corpus_line()
        self.timeline.set_marks(self.marks.read, self.marks.starred)
        self.timeline.set_articles(
            articles, groups, source_width=summary.source_width, message=empty
        )

    def _searchable(self) -> None:
        """The corpus shown can be searched: run the query typed (again, on a new corpus)."""
        self.index = self.library
        if self._query.strip():
            self._search_again()  # results of the corpus replaced are dropped
        else:
            self._update_count()

    def _restore(self, memory: Memory) -> None:
        """Back where the reader was: the last article highlighted, the last query run."""
        if memory.last_article is not None:
            self.timeline.select_article(memory.last_article, center=True)
        query = memory.last_query
        if query.strip() and not self._query and not self.search_bar.value:
            # Runs when the index is ready; its results keep the article highlighted.
            self.search_bar.value = query
            self.search_bar.cursor_position = len(query)
            self._set_query(query)
            self._restore_article = memory.last_article

    def on_index_grew(self, message: IndexGrew) -> None:
        """More is searchable: the query typed runs again (its results grow)."""
        if message.done:
            self._indexing = False
            self._update_count()
        if self.loaded and self._query.strip() and not self._shutting_down:
            keep = self._highlighted_id()
            if keep is not None:  # the results grow around the article highlighted
                self._restore_article = _index_of(self.articles, keep)
            self._search_again()

    def _note_moved(self) -> str | None:
        """The id of the article highlighted, noting whether the reader moved the highlight
        since the last partial corpus was shown."""
        current = self._highlighted_id()
        if self._partial_top is not None and current != self._partial_top:
            self._moved_while_loading = True
        return current

    def _highlighted_id(self) -> str | None:
        article = self._highlighted()
        return None if article is None else article.id

    def _highlighted(self) -> Article | None:
        index = self.timeline.highlighted
        articles = self.articles
        return articles[index] if index is not None and index < len(articles) else None

    def _select_id(self, article_id: str) -> bool:
        """Highlight the article with this id, if it is in the corpus shown."""
        where = _index_of(self.articles, article_id)
        return where is not None and self.timeline.select_article(where, center=True)

    def on_load_progress(self, message: LoadProgress) -> None:
        if message.done < message.total:
            label = "Indexing for search" if self._indexing else "Reading files"
            self.status.show_progress(label, message.done, message.total)
        else:
            self.status.hide_progress()

    def on_library_warnings(self, message: LibraryWarnings) -> None:
        self.notify(
            "\n".join(map(terminal_safe, message.warnings)),
            title="Library",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def on_load_failed(self, message: LoadFailed) -> None:
        self.loaded = True
        self.status.hide_progress()
        self.timeline.set_message("Could not load the articles")
        error = terminal_safe(message.error)
        self.viewer.show_message(f"Could not load the articles: {error}")
        self.status.set_count("no articles")
        self.notify(error, title="Loading failed", severity="error", markup=False)

    def _notify_files(self, files: Sequence[Skipped | Repaired], what: str) -> None:
        """Name the files skipped (or read though damaged) in one notification."""
        if not files:
            return
        lines = [terminal_safe(str(item)) for item in files[:_SKIPPED_SHOWN]]
        if len(files) > _SKIPPED_SHOWN:
            lines.append(f"… and {len(files) - _SKIPPED_SHOWN:,} more")
        count = len(files)
        self.notify(
            "\n".join(lines),
            title=f"{what} {count:,} file{'s' if count != 1 else ''}",
            severity="warning",
            timeout=12,
            markup=False,
        )
