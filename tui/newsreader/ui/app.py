"""The reader: search bar, timeline and viewer in one keyboard-driven Textual app.

Start-up never waits for the corpus: the first frame shows at once, a thread worker loads the
corpus (progress in the UI), the timeline fills in, and a second worker builds the search
index; a query typed before the index is ready runs when it is. Every keystroke in the search
bar runs the query in an exclusive thread worker; results come back as messages and stale
ones are dropped.

The reader's memory (a :class:`~newsreader.state.State`) is read once, in the load worker:
the read and starred ids become in-memory sets, and every change is written through at once,
on the event loop, in one small SQLite transaction (well under a millisecond): what the screen
shows is on disk. An article becomes read when it is opened (Enter, J/K, the palette), not when
the highlight passes over it. The last highlighted article and the last query come back at the
next start; each article's scroll position when it is opened again.
The config gives the theme and key remaps by binding id (:func:`.bindings.binding_ids`).

The corpus is a library (:class:`~newsreader.library.Library`, opened in the load worker):
its articles come from the library's store at once, and it can be searched at once; then the
library catches up with the files (folders whose mtime moved: only new and changed files are
parsed and indexed), and then checks every file, in the background. What changed replaces the
timeline, keeping the article highlighted. A first load commits every few seconds: the articles
parsed so far show, and can be searched, while the rest load. Once the corpus is made it is
frozen out of the garbage collector's full passes, which would otherwise stop the event loop
for a few hundred milliseconds every few keystrokes at 100k articles.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import signal
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from ..article import Article
from ..config import Config, save_theme
from ..corpus import Repaired, Skipped, gc_paused, repaired_files, seed_paths
from ..corpus.sanitize import terminal_safe
from ..library import Library, MemoryLibrary, Reading, Searcher, Update, corpus_key
from ..search.titles import fold_titles
from ..state import State
from . import bindings
from .article_commands import ArticleCommands
from .commands import ArticleProvider, GoToArticleProvider
from .following import FolderFollowing
from .footer import FittingFooter
from .help_screen import HelpScreen
from .messages import (
    CorpusPartial,
    CorpusReady,
    IndexGrew,
    LibraryWarnings,
    LoadFailed,
    LoadProgress,
    ScrollRecalled,
)
from .model import CorpusSummary, Memory, build_day_groups, recall, summarize
from .search_bar import SearchBar
from .searching import SearchRunning
from .status import StatusLine
from .timeline import LIST_STEP, SIDE_BY_SIDE, Timeline, list_width
from .viewer import Viewer

Progress = Callable[[int, int], None]
LibraryOpener = Callable[[], Reading]
EngineFactory = Callable[[Sequence[Article]], Searcher]

#: Seconds the highlight must rest before the viewer re-renders (holding j never lags).
PREVIEW_DELAY = 0.08
#: Seconds the highlight and the query must rest before they are saved for the next start.
POSITION_SAVE_DELAY = 0.5
#: Progress is posted at most this often (seconds): each post repaints the progress bar, and
#: at 20 a second the repaints took 7 s of the main process's time in a 100k cold start.
_PROGRESS_INTERVAL = 0.25
#: Skipped files named in the start-up notification.
_SKIPPED_SHOWN = 3
#: Articles completed with their bodies (warm start) kept for the viewer.
_COMPLETED_KEPT = 32
#: Middle-generation garbage collections between two full ones, once the heap is frozen.
_FULL_GC_EVERY = 100


def _index_of(articles: Sequence[Article], article_id: str) -> int | None:
    """The position of the article with this id in ``articles`` (``None``: not there)."""
    return next((i for i, article in enumerate(articles) if article.id == article_id), None)


class ReaderScreen(Screen[None]):
    """The one screen of the reader; holds the keys that work in every pane."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.READER

    AUTO_FOCUS = "#timeline"

    def on_resize(self, event: Resize) -> None:
        # Narrow: a compact footer, without the palette hint (Ctrl+P still works).
        footer = self.query_one(Footer)
        footer.compact = event.size.width < 100
        footer.show_command_palette = event.size.width >= 80
        self._lay_out_panes(event.size.width)

    def watch_maximized(self) -> None:
        self._lay_out_panes(self.size.width)

    def _lay_out_panes(self, width: int) -> None:
        app = self.app
        if isinstance(app, NewsReaderApp):
            app.lay_out_panes(width)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # On a narrow terminal the viewer takes over while it has focus.
        self.set_class(isinstance(event.widget, Viewer), "-reading")
        # Maximised, the pane given focus takes the screen; the search bar gives it back.
        widget = event.widget
        if self.maximized is not None and widget is not self.maximized:
            if isinstance(widget, (Timeline, Viewer)):
                self.maximize(widget, container=False)
            else:
                self.minimize()


class NewsReaderApp(App[None], SearchRunning, ArticleCommands, FolderFollowing):
    """Timeline, viewer and search bar over a corpus of articles."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {ArticleProvider}
    BINDINGS: ClassVar[list[BindingType]] = bindings.APP

    def __init__(
        self,
        paths: Sequence[Path] | None = None,
        *,
        articles: Sequence[Article] | None = None,
        skipped: Sequence[Skipped] = (),
        state: State | None = None,
        config: Config | None = None,
        library: Reading | None = None,
        open_library: LibraryOpener | None = None,
        engine: EngineFactory | None = None,
        preview_delay: float = PREVIEW_DELAY,
        position_save_delay: float = POSITION_SAVE_DELAY,
    ) -> None:
        super().__init__()
        self.paths: list[Path] = list(paths) if paths is not None else []
        #: The corpus's name in the state: its last query is its own.
        self._corpus_key = corpus_key(self.paths) if self.paths else ""
        self._saved_theme = ""  # the theme the config file names
        self.state: State = state if state is not None else State.in_memory()
        self.config = config
        if library is None and articles is not None:
            library = MemoryLibrary(articles, skipped, engine)
        #: The corpus: given, or opened by ``open_library`` in the load worker (after the first
        #: frame: reading 100k headers takes ~0.4 s).
        self.library: Reading | None = library
        self._open_library = open_library
        #: While a first load shows partial corpora: the article the app highlighted in the
        #: last one, and whether the reader has moved since (then their article stays).
        self._partial_top: str | None = None
        self._moved_while_loading = False
        self._completed: OrderedDict[int, Article] = OrderedDict()
        self._gc_threshold: tuple[int, int, int] | None = None
        self._preview_delay = preview_delay
        self._position_save_delay = position_save_delay
        # The reader's memory: in-memory sets, written through by ``_remember``.
        self._state_warnings_seen = 0
        self._exiting = False
        self._memory_loaded = False
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._read_count = 0
        self._starred_count = 0
        self._saved_article: str | None = None
        self._saved_query = ""
        self._position_timer: Timer | None = None
        # The article in the viewer, whether it was opened (not just previewed), and the
        # articles known to have a remembered scroll position.
        self._shown_index: int | None = None
        self._shown_opened = False
        self._scroll_saved: set[str] = set()
        self.articles: Sequence[Article] = ()
        self.summary: CorpusSummary | None = None
        #: The library once it can be searched (its first articles are shown).
        self.index: Reading | None = None
        self.loaded = False
        self._indexing = False  # a cold build's files are listed: now they are indexed
        self._preview_timer: Timer | None = None
        self._folded: tuple[int, list[str]] | None = None
        self.search_bar = SearchBar(id="search")
        self.timeline = Timeline(id="timeline")
        self.timeline.body_of = self._body_of
        #: The list pane's share of the terminal chosen with ``<``/``>`` (``None``: not chosen).
        self._list_share: float | None = None
        self.viewer = Viewer(id="viewer")
        #: The corpus line, the count beside the search bar, the progress row.
        self.status = StatusLine()

    def close_library(self) -> None:
        """After the app has exited: stop an update still running (it commits what it did)
        and close the library."""
        self._exiting = True
        self._stop_following()
        library = self.library
        if library is not None:
            library.close()

    # ----------------------------------------------------------------- layout

    def get_default_screen(self) -> Screen[Any]:
        return ReaderScreen(id="reader")

    def compose(self) -> ComposeResult:
        status = self.status
        yield status.corpus
        with Horizontal(id="search-row"):
            yield Static(Content("/"), id="search-prompt")
            yield self.search_bar
            yield status.count
        with status.progress_row:
            yield status.progress_label
            yield status.progress_bar
        with Horizontal(id="panes"):
            yield self.timeline
            yield self.viewer
        yield FittingFooter()

    @property
    def query_text(self) -> str:
        """The query in the search bar (as last seen by the app)."""
        return self._query

    @property
    def count_text(self) -> str:
        """The count beside the search bar, as shown (``3 of 5``, ``searching…``)."""
        return self.status.count_text

    def on_mount(self) -> None:
        self._close_on_signals()
        self._apply_config()
        self._order = "timeline" if self.state.get_preference("order") == "timeline" else "rank"
        if self.config is not None:  # a theme picked in the palette is kept in the config
            self._saved_theme = self.theme
            self.theme_changed_signal.subscribe(self, self._save_theme)
        self._notify_state_warnings(self._new_state_warnings())
        self.timeline.border_title = "Timeline"
        self.viewer.border_title = "Article"
        self.viewer.show_message("Loading articles…")
        self.status.show_progress("Reading files", 0, None)
        self._load()

    def on_unmount(self) -> None:
        """At exit: remember the scroll position and the last article and query."""
        self._exiting = True
        self._stop_following(wait=False)  # the worker threads are waited for at exit
        self._leave_article()
        self._save_position()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
            gc.unfreeze()

    def _close_on_signals(self) -> None:
        """SIGTERM (a shutdown, ``kill``) and SIGHUP (the terminal closed) close the reader as
        ``q`` does: the position and every change saved, the terminal given back. Python's
        default would end the process on the spot."""
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit)  # not a thread: the event loop

    def _save_theme(self, theme: Any) -> None:
        if self.config is None or theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        warning = save_theme(theme.name, self.config.source)
        if warning:
            self.notify(terminal_safe(warning), title="Settings", severity="warning", markup=False)

    def _apply_config(self) -> None:
        config = self.config
        if config is None:
            return
        warnings = list(config.warnings)
        theme = config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                warnings.append(f"unknown theme {theme!r}; using the default")
        # ``Config.keys``: binding id -> comma-separated keys, as App.set_keymap takes them.
        keys = config.keys
        if keys:
            self.set_keymap(dict(keys))
            warnings += bindings.keymap_clashes(keys)
        if warnings:
            # Printed on stderr by the CLI too, but the user is looking at the reader.
            self.notify(
                "\n".join(warnings), title="Settings", severity="warning", timeout=15, markup=False
            )

    def _notify_state_warnings(self, warnings: Sequence[str]) -> None:
        if warnings:
            self.notify(
                "\n".join(map(terminal_safe, warnings)),
                title="Read marks and stars",
                severity="warning",
                timeout=15,
                markup=False,
            )

    # ---------------------------------------------------------------- loading

    # Every @work here gets a `description`: without one Textual builds it from repr() of the
    # arguments, which for 100,000 articles takes seconds on the event loop.
    @work(
        thread=True,
        exclusive=True,
        group="load",
        exit_on_error=False,
        name="load corpus",
        description="load corpus",
    )
    def _load(self) -> None:
        """Show the library as it was, catch up with the changed folders, then check every
        file (the changes found replace the timeline)."""
        # 100k articles make the collector's full passes slow (~0.3 s each, holding the GIL):
        # none until they are loaded and laid out, and then they are frozen (see _freeze_heap).
        with gc_paused():
            try:
                library = self.library
                if library is None:
                    if self._open_library is None:
                        self._open_library = lambda: Library.open(self.paths or seed_paths())
                    library = self.library = self._open_library()
                shown = library.articles
            except Exception as error:  # shown to the user, not a crash
                self.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
                return
            try:
                self._catch_up(library, shown)
            except Exception as error:  # shown to the user, not a silent end of the worker
                self.post_message(LoadFailed(f"{type(error).__name__}: {error}"))

    def _catch_up(self, library: Reading, shown: Sequence[Article]) -> None:
        """Show the library, bring it up to date, then check every file (in the worker)."""
        if shown:
            self.post_message(self._corpus_ready(library, memory=True))
            self._freeze_heap()
        # What is committed shows (and can be searched) as it goes: a first load's
        # partial corpora, or a long catch-up's (a first load quit half-way, say). Many new
        # files are listed first: once they all are, the timeline is whole (the search
        # follows as they are indexed).
        partial, refresh = self._partial_publisher(library), self._refresh_publisher(library)
        whole = bool(shown)
        posted: list[Sequence[Article]] = []  # the timeline a cold build showed when listed

        def listed() -> None:
            nonlocal whole
            if not whole:
                posted.append(library.articles)
                self.post_message(self._corpus_ready(library, memory=True))
                self._freeze_heap()
            whole = True
            self._indexing = True  # the progress shown from now on is the indexing's

        def committed() -> None:
            if not whole:
                partial()
            elif not posted:
                refresh()
            elif library.articles is not posted[-1]:  # a file changed meanwhile
                posted.append(library.articles)
                refresh()
            else:  # a cold build indexing what it listed: the timeline is as it will be
                self.post_message(IndexGrew())

        update = self._update(library, False, committed, listed)
        if self._indexing:  # everything listed is indexed (or the update stopped)
            self.post_message(IndexGrew(done=True))
        if not whole:
            self.post_message(self._corpus_ready(library, memory=True, update=update))
            self._freeze_heap()
        elif posted:  # a cold build: every article is new, as the timeline shows already
            if library.articles is not posted[-1]:
                self.post_message(self._corpus_ready(library, memory=False))
        elif update:
            self.post_message(self._corpus_ready(library, memory=False, update=update))
        self._prepare(library)
        if self._exiting:
            return
        # Files rewritten in place leave their folder's mtime alone: every file, once.
        update = self._update(library, True, self._refresh_publisher(library))
        if update:
            self.post_message(self._corpus_ready(library, memory=False, update=update))
            self._prepare(library)
        self._follow(library)  # files that land from now on show as they come

    def _prepare(self, library: Reading) -> None:
        """The library's upkeep: search vocabulary, headers snapshot (in the load worker)."""
        if self._exiting:
            return
        try:
            library.prepare()
        except Exception as error:  # searching still works, slower
            message = f"could not prepare the library ({type(error).__name__}: {error})"
            self.post_message(LibraryWarnings([message]))

    def _update(
        self,
        library: Reading,
        full: bool,
        committed: Callable[[], None] | None,
        listed: Callable[[], None] | None = None,
    ) -> Update | None:
        """Bring the library up to date (in the load worker); problems become a warning."""
        try:
            return library.update(
                full=full,
                progress=None if full else self._throttled(LoadProgress),
                committed=committed,
                should_stop=lambda: self._exiting,
                listed=listed,
            )
        except Exception as error:  # the corpus shown stays as it is
            message = f"could not check the files ({type(error).__name__}: {error})"
            self.post_message(LibraryWarnings([message]))
            return None
        finally:
            if library.warnings:  # each said once
                self.post_message(LibraryWarnings(list(library.warnings)))
                library.warnings.clear()

    def _throttled(self, message: Callable[[int, int], Any]) -> Progress:
        """A progress callback (for a worker) posting ``message(done, total)`` at most every
        :data:`_PROGRESS_INTERVAL` seconds, and at the end."""
        import time

        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done >= total or now - last >= _PROGRESS_INTERVAL:
                last = now
                self.post_message(message(done, total))

        return progress

    def _partial_publisher(self, library: Reading) -> Callable[[], None]:
        """A ``committed`` callback for the library (in the load worker): what is committed so
        far, laid out, goes to the timeline (and can be searched). Laying out grows with the
        corpus: it is done again only after ten times as long as it took (≤ 10% of the load)."""
        import time

        marks: list[set[str]] = []
        next_at = 0.0

        def partial() -> None:
            nonlocal next_at
            started = time.monotonic()
            if started < next_at:
                return
            if not marks:
                marks.extend((self.state.read_ids(), self.state.starred_ids()))
            ordered = library.articles
            groups, summary = build_day_groups(ordered), summarize(ordered)
            self.post_message(CorpusPartial(ordered, groups, summary, *marks))
            next_at = time.monotonic() + 9 * (time.monotonic() - started)

        return partial

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

    def _refresh_publisher(self, library: Reading) -> Callable[[], None]:
        """A ``committed`` callback for a catch-up of a corpus shown: the timeline follows."""

        def refresh() -> None:
            self.post_message(self._corpus_ready(library, memory=False))

        return refresh

    def on_corpus_partial(self, message: CorpusPartial) -> None:
        """Show the articles committed so far (the load goes on; marks can't change yet)."""
        if self.loaded or self._shutting_down:
            return  # the whole corpus is shown already
        keep = self._note_moved()
        self._read, self._starred = message.read, message.starred
        self._take_corpus(message.articles, message.groups, message.summary, "Reading files…")
        if self._moved_while_loading and keep is not None:
            self._select_id(keep)  # the reader's article stays highlighted as the rest come in
        self._partial_top = self._highlighted_id()
        self.flush_preview()
        self._searchable()

    def _note_moved(self) -> str | None:
        """The id of the article highlighted, noting whether the reader moved the highlight
        since the last partial corpus was shown."""
        current = self._highlighted_id()
        if self._partial_top is not None and current != self._partial_top:
            self._moved_while_loading = True
        return current

    def _highlighted_id(self) -> str | None:
        index = self.timeline.highlighted
        articles = self.articles
        return articles[index].id if index is not None and index < len(articles) else None

    def _select_id(self, article_id: str) -> bool:
        """Highlight the article with this id, if it is in the corpus shown."""
        where = _index_of(self.articles, article_id)
        return where is not None and self.timeline.select_article(where, center=True)

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
        self._completed.clear()
        self._folded = None
        self._shown_index = None
        self._set_corpus_line()
        self.timeline.set_marks(self._read, self._starred)
        self.timeline.set_articles(
            articles, groups, source_width=summary.source_width, message=empty
        )

    def _corpus_ready(
        self, library: Reading, *, memory: bool, update: Update | None = None
    ) -> CorpusReady:
        """The library's corpus laid out for the timeline (in a worker); ``memory``: with the
        marks and last position read from the state (the first corpus shown; a refresh keeps
        the app's own)."""
        articles = library.articles
        groups = build_day_groups(articles)
        summary = summarize(articles)
        recalled = recall(self.state, articles, self._corpus_key) if memory else None
        skipped = library.skipped if memory else tuple(update.skipped if update else ())
        repaired = repaired_files(articles) if memory else (update.repaired if update else [])
        return CorpusReady(
            articles,
            skipped,
            groups,
            summary,
            recalled,
            refresh=not memory,
            update=update,
            repaired=repaired,
        )

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

    def on_corpus_ready(self, message: CorpusReady) -> None:
        if self._shutting_down:
            return
        if message.refresh:
            self._apply_refresh(message)
            return
        if self.loaded:
            return  # shown already (a first load's end after a partial one is not this)
        memory = message.memory
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

    def _searchable(self) -> None:
        """The corpus shown can be searched: run the query typed (again, on a new corpus)."""
        self.index = self.library
        if self._query.strip():
            self._search_again()  # results of the corpus replaced are dropped
        else:
            self._update_count()

    def _apply_refresh(self, message: CorpusReady) -> None:
        """The files changed since the corpus shown was read: show it as it is now, keeping
        the article highlighted, and run the search again."""
        if not self.loaded:
            return
        keep = self._highlighted_id()
        self._leave_article()
        self._cancel_preview()
        read, starred = self._read, self._starred
        self._read_count = sum(1 for article in message.articles if article.id in read)
        self._starred_count = sum(1 for article in message.articles if article.id in starred)
        self._take_corpus(message.articles, message.groups, message.summary, "No articles found")
        if keep is not None:
            self._select_id(keep)
            if self._query.strip():  # the search runs again: its results keep the article
                self._restore_article = _index_of(message.articles, keep)
        self.flush_preview()
        self._searchable()
        update = message.update
        if update is not None:
            parts = []
            if update.added:
                parts.append(f"{update.added:,} new")
            if update.changed:
                parts.append(f"{update.changed:,} changed")
            if update.removed:
                parts.append(f"{update.removed:,} gone")
            self.notify(
                ", ".join(parts) or "Files changed", title="Since the last look", markup=False
            )
        self._notify_files(message.skipped, "Skipped")
        self._notify_files(message.repaired, "Repaired")

    def _freeze_heap(self) -> None:
        """Exempt everything alive now (the corpus, the index, the widgets) from the cyclic
        garbage collector, and make its full passes rarer. Called by the workers once the
        corpus and the index are made (a pass between then and the event loop would be slow).

        They live as long as the reader, but a full collection would walk them all: at 100k
        articles 0.1–0.5 s with the event loop stopped, every few keystrokes' worth of
        garbage — the slowest keystrokes by far (py-spy and ``gc.callbacks``). Freed objects
        are still freed (reference counting); only cycles among them would be kept. A full
        pass then walks what was made since (Textual's strips and caches: 15–60 ms), so it
        runs after 100 middle-generation passes rather than 10. Undone at exit.
        """
        if self._exiting:
            return
        gc.freeze()
        if self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            young, middle, _old = self._gc_threshold
            gc.set_threshold(young, middle, _FULL_GC_EVERY)

    def article_with_body(self, index: int) -> Article:
        """Article ``index`` with its body: the timeline's articles have none, and the viewer
        asks the library for the one it shows (read from its file)."""
        article = self.articles[index]
        if article.body or self.library is None:
            return article
        kept = self._completed
        full = kept.get(index)
        if full is None:
            full = kept[index] = self.library.complete(article)
            if len(kept) > _COMPLETED_KEPT:
                kept.popitem(last=False)
        else:
            kept.move_to_end(index)
        return full

    def _take_memory(self, memory: Memory) -> None:
        self._memory_loaded = True
        self._read, self._starred = memory.read, memory.starred
        self._read_count, self._starred_count = memory.read_count, memory.starred_count
        self._saved_query = memory.last_query
        if memory.last_article is not None:
            self._saved_article = self.articles[memory.last_article].id

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

    def _set_corpus_line(self) -> None:
        if self.summary is not None:
            self.status.show_corpus(self.summary, self._read_count, self._starred_count)

    # ----------------------------------------------------------------- search

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(event.value)

    # ---------------------------------------------------------- viewer preview

    @property
    def _shutting_down(self) -> bool:
        """Exiting: messages still queued must not touch the screens (they may be gone)."""
        return self._exiting or self._exit or not self.screen_stack

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        if self._shutting_down:
            return
        if message.index is None:
            self._cancel_preview()
            if self.loaded and self.articles:
                self._leave_article()
                self.viewer.show_message(
                    "No matches." if self.timeline.searching else "No article selected."
                )
                self._update_viewer_title()
            return
        self._schedule_position_save()
        if self._preview_delay <= 0 or self.viewer.article is None:
            self.flush_preview()
            return
        if self._preview_timer is not None:
            self._preview_timer.reset()
        else:
            self._preview_timer = self.set_timer(self._preview_delay, self.flush_preview)

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def flush_preview(self) -> None:
        """Show the highlighted article now (the debounce timer calls this too).

        A preview does not mark the article read: opening it does.
        """
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if self._shutting_down:
            return
        index = self.timeline.highlighted
        if index is not None:
            self._show(index, self.timeline.highlighted_hit)

    def _show(self, index: int, hit: Any | None, *, opened: bool = False) -> None:
        article = self.article_with_body(index)
        if index != self._shown_index:
            self._leave_article()
        if hit is None:
            self.viewer.show(article)
        else:
            self.viewer.show(
                article,
                title_spans=hit.title_spans,
                body_spans=hit.body_spans,
            )
        new = index != self._shown_index
        self._shown_index = index
        if opened:
            self._shown_opened = True
            if self.loaded:  # marks wait for the whole corpus (and the state's marks)
                self._set_read(index, True)
        if (new or opened) and not self.viewer.highlights_matches:
            self._recall_scroll(article.id)  # previewed too; a search hit shows its first match
        self._update_viewer_title()

    def _update_viewer_title(self) -> None:
        """``Article · ★ starred · unread``: the marks of the article shown."""
        index = self._shown_index
        title = "Article"
        if index is not None and self.viewer.article is not None:
            article_id = self.articles[index].id
            if article_id in self._starred:
                title += " · ★ starred"
            if article_id not in self._read:
                title += " · unread"
        self.viewer.border_title = title

    # --------------------------------------------------------- scroll memory

    def _leave_article(self) -> None:
        """The viewer is about to leave its article: remember how far down it was read."""
        index, opened = self._shown_index, self._shown_opened
        self._shown_index, self._shown_opened = None, False
        if index is None or not self._memory_loaded or index >= len(self.articles):
            return
        article_id = self.articles[index].id
        line = self.viewer.top_line
        if line > 0:
            self._scroll_saved.add(article_id)
            self._remember(lambda state: state.set_scroll(article_id, line))
        elif opened and article_id in self._scroll_saved:
            # Opened and read back up to the top: forget the old position.
            self._scroll_saved.discard(article_id)
            self._remember(lambda state: state.set_scroll(article_id, 0))

    def _recall_scroll(self, article_id: str) -> None:
        def recall_scroll(state: State) -> None:
            self.post_message(ScrollRecalled(article_id, state.get_scroll(article_id)))

        self._remember(recall_scroll)

    def on_scroll_recalled(self, message: ScrollRecalled) -> None:
        if message.line <= 0:
            return
        self._scroll_saved.add(message.article_id)
        index = self._shown_index
        viewer = self.viewer
        if (
            index is None
            or self.articles[index].id != message.article_id
            or viewer.top_line > 0  # already scrolled by the user
        ):
            return
        viewer.scroll_to_line(message.line)

    # -------------------------------------------------------------- marks

    def _target(self) -> int | None:
        """The article ``m`` and ``s`` act on: the one in the viewer when it has focus, else
        the one highlighted in the timeline."""
        if not self.loaded or not self.articles:
            return None
        if self.focused is self.viewer and self._shown_index is not None:
            return self._shown_index
        return self.timeline.highlighted

    def action_toggle_read(self) -> None:
        index = self._target()
        if index is not None:
            self._set_read(index, self.articles[index].id not in self._read)

    def action_toggle_star(self) -> None:
        index = self._target()
        if index is not None:
            self._set_starred(index, self.articles[index].id not in self._starred)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_read", "toggle_star"):
            return True if self.articles and self.loaded else None
        return True

    def _set_read(self, index: int, read: bool) -> None:
        article_id = self.articles[index].id
        if (article_id in self._read) == read:
            return
        if read:
            self._read.add(article_id)
            self._read_count += 1
        else:
            self._read.discard(article_id)
            self._read_count -= 1
        self._marks_changed(index)
        self._remember(lambda state: state.set_read(article_id, read))

    def _set_starred(self, index: int, starred: bool) -> None:
        article_id = self.articles[index].id
        if (article_id in self._starred) == starred:
            return
        if starred:
            self._starred.add(article_id)
            self._starred_count += 1
        else:
            self._starred.discard(article_id)
            self._starred_count -= 1
        self._marks_changed(index)
        self._remember(lambda state: state.set_starred(article_id, starred))

    def _marks_refreshed(self) -> None:
        """Many marks changed at once: every row, the counts and the viewer's title again."""
        self.timeline.set_marks(self._read, self._starred)
        self._set_corpus_line()
        if self._shown_index is not None:
            self._update_viewer_title()

    def _marks_changed(self, index: int) -> None:
        self.timeline.refresh_article(index)
        self._set_corpus_line()
        if index == self._shown_index:
            self._update_viewer_title()

    # ------------------------------------------------------- writing the state

    def _remember(self, call: Callable[[State], object]) -> None:
        """Run a call on the state now, before the next frame: a mark the screen shows is on
        disk (a kill -9 loses at most the keystroke in flight)."""
        call(self.state)
        self._notify_state_warnings(self._new_state_warnings())

    def _new_state_warnings(self) -> list[str]:
        """The state's warnings not shown yet (all of them the first time, even those the
        command line has taken and printed)."""
        warnings = list(self.state.warnings)
        new, self._state_warnings_seen = warnings[self._state_warnings_seen :], len(warnings)
        return new

    def _schedule_position_save(self) -> None:
        if self._position_save_delay <= 0:
            self._save_position()
        elif self._position_timer is not None:
            self._position_timer.reset()
        else:
            self._position_timer = self.set_timer(self._position_save_delay, self._save_position)

    def _save_position(self) -> None:
        """Remember the highlighted article and the query for the next start (if changed)."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if not self._memory_loaded:
            return  # not read yet: saving now would forget the last position
        index = self.timeline.highlighted
        if index is not None and index < len(self.articles):
            article_id = self.articles[index].id
            if article_id != self._saved_article:
                self._saved_article = article_id
                self._remember(lambda state: state.set_last_article(article_id))
        query = self._query
        if query != self._saved_query:
            self._saved_query = query
            self._remember(lambda state: state.set_last_query(query, self._corpus_key))

    # ---------------------------------------------------------------- opening

    def on_timeline_opened(self, message: Timeline.Opened) -> None:
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        timeline = self.timeline
        index = timeline.highlighted
        if index is None:
            if timeline.searching:
                self.notify("No matches", severity="warning", timeout=2, markup=False)
            return
        self._cancel_preview()
        self._show(index, timeline.highlighted_hit, opened=True)
        self.viewer.focus()
        self.viewer.jump_to_first_match()

    def goto_article(self, index: int) -> None:
        """Open article ``index`` (from the command palette), leaving a search if need be."""
        timeline = self.timeline
        if not timeline.select_article(index):
            self.search_bar.value = ""
            self._set_query("")
            timeline.select_article(index)
        self._open_highlighted()

    def first_shown_articles(self, limit: int) -> list[int]:
        """The first ``limit`` articles of the timeline as shown now."""
        timeline = self.timeline
        found: list[int] = []
        row = 0
        while len(found) < limit and row < timeline.row_count:
            index = timeline.article_at(row)
            if index is not None:
                found.append(index)
            row += 1
        return found

    async def folded_titles(self) -> list[str]:
        """Folded titles for "Go to article…", computed once per corpus in a thread."""
        articles = self.articles
        if self._folded is None or self._folded[0] != id(articles):
            folded = await asyncio.to_thread(lambda: fold_titles([a.title for a in articles]))
            self._folded = (id(articles), folded)
        return self._folded[1]

    # ---------------------------------------------------------------- actions

    def action_focus_search(self) -> None:
        """``/``: to the search bar, the query there selected (typing starts a new one)."""
        bar = self.search_bar
        bar.focus()
        if bar.value:
            bar.select_all()

    def action_clear_search(self) -> None:
        """Esc in the search bar: clear the query, back to the full timeline."""
        search = self.search_bar
        if search.value:
            search.value = ""
        self._set_query("")
        self.timeline.focus()

    def action_back(self) -> None:
        """Esc elsewhere: from the viewer back to the timeline (a search's results kept, the
        highlight where it was); in the timeline, leave the search."""
        if self.focused is not self.timeline:
            self.timeline.focus()
        elif self._query:
            self.action_clear_search()

    def action_move_highlight(self, delta: int) -> None:
        self.timeline.move_article(delta)

    def action_step_article(self, delta: int) -> None:
        """J/K: open the next or previous article of the timeline (focus stays put)."""
        timeline = self.timeline
        if timeline.move_article(delta) and timeline.highlighted is not None:
            self._cancel_preview()
            self._show(timeline.highlighted, timeline.highlighted_hit, opened=True)
            self.viewer.jump_to_first_match()

    def lay_out_panes(self, width: int) -> None:
        """The list pane's width on a terminal ``width`` columns wide: :func:`.list_width`
        side by side; the style sheet's one pane at a time (narrow) or maximised."""
        reader = self.timeline.screen if self.timeline.is_mounted else None
        side_by_side = width >= SIDE_BY_SIDE and reader is not None and reader.maximized is None
        columns = list_width(width, self._list_share) if side_by_side else None
        styles = self.timeline.styles
        if columns is None:
            if styles.has_rule("width"):
                styles.clear_rule("width")
                self.timeline.refresh(layout=True)
        elif styles.width is None or styles.width.value != columns or not styles.has_rule("width"):
            styles.width = columns

    def action_resize_list(self, delta: int) -> None:
        """``<``/``>``: the list pane narrower or wider by a step (kept for the session)."""
        width = self.size.width
        if width < SIDE_BY_SIDE:
            self.notify(f"One pane at a time below {SIDE_BY_SIDE} columns", timeout=2, markup=False)
            return
        reader = self.timeline.screen
        if reader.maximized is not None:
            reader.minimize()
        now = list_width(width, self._list_share)
        self._list_share = list_width(width, (now + delta * LIST_STEP) / width) / width
        self.lay_out_panes(width)

    def action_toggle_maximize(self) -> None:
        """``z``: the focused pane (else the list) takes the whole screen, or gives it back."""
        reader = self.timeline.screen
        if reader.maximized is not None:
            reader.minimize()
            return
        focused = self.focused
        pane = focused if focused is self.viewer else self.timeline
        reader.maximize(pane, container=False)
        pane.focus()

    def _body_of(self, article: Article) -> Sequence[str]:
        """An article's body paragraphs (read from its file when the library holds it
        without): for the timeline's snippets, in a worker thread."""
        library = self.library
        if article.body or library is None:
            return article.body
        return library.complete(article).body

    def action_cycle_focus(self, delta: int) -> None:
        panes: list[Any] = [self.search_bar, self.timeline, self.viewer]
        focused = self.focused
        position = panes.index(focused) if focused in panes else 1
        panes[(position + delta) % len(panes)].focus()

    def action_help(self) -> None:
        sections = [
            ("Everywhere", [self.screen, self]),
            ("Timeline", [self.timeline]),
            ("Article", [self.viewer]),
            ("Search bar", [self.search_bar]),
        ]
        self.push_screen(HelpScreen(sections))

    def action_goto_palette(self) -> None:
        self.push_screen(
            CommandPalette(providers=[GoToArticleProvider], placeholder="Go to article…")
        )

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        yield SystemCommand(
            "Go to article…", "Jump to an article by its title", self.action_goto_palette
        )
        yield SystemCommand("Search", "Search the articles (/)", self.action_focus_search)
        yield SystemCommand("Help", "Show every key (?)", self.action_help)
        yield SystemCommand(
            "Mark all shown as read",
            "Every article in the timeline (or the search's hits) read",
            self.action_mark_shown_read,
        )
        if self._undo_read:
            yield SystemCommand(
                "Undo mark all read",
                "Unread again what was marked",
                self.action_undo_mark_shown_read,
            )
        yield SystemCommand(
            "Other coverage of this story",
            "The articles about the same event: other outlets, the other language (r)",
            self.action_related,
        )
        yield SystemCommand(
            "Sort hits by date" if self._order == "rank" else "Sort hits by relevance",
            "Newest first, or best first (t)",
            self.action_toggle_order,
        )
        yield SystemCommand(
            "Copy article", "Title, date, outlet and text (y)", self.action_copy_article
        )
        yield SystemCommand("Copy path", "The article's file (Y)", self.action_copy_path)
        yield SystemCommand("Open in pager", "The article in $PAGER (o)", self.action_open_in_pager)
        yield SystemCommand(
            "Screenshot",
            "Save an SVG picture of the screen (says where)",
            lambda: self.set_timer(0.1, self._save_screenshot),  # once the palette is gone
        )
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's says neither where nor why it failed
                yield command

    def _save_screenshot(self) -> None:
        """An SVG of the screen in Downloads (made if missing); says where, or why not."""
        import platformdirs

        folder = Path(platformdirs.user_downloads_dir())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(path=str(folder))
        except OSError as error:
            where = terminal_safe(str(folder))
            reason = error.strerror or str(error)
            self.notify(
                f"Not saved in {where}: {reason}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Saved as {terminal_safe(saved)}", title="Screenshot", markup=False)


def make_app(
    paths: Sequence[Path] | None = None,
    *,
    articles: Sequence[Article] | None = None,
    skipped: Sequence[Skipped] = (),
    state: State | None = None,
    config: Config | None = None,
    library: Reading | None = None,
    open_library: LibraryOpener | None = None,
    engine: EngineFactory | None = None,
    preview_delay: float = PREVIEW_DELAY,
    position_save_delay: float = POSITION_SAVE_DELAY,
) -> NewsReaderApp:
    """Build the reader over ``library``, or ``articles`` given directly (tests, benchmarks;
    searched by ``engine(articles)``, default a tantivy index in memory), or the library of
    ``paths``, opened by ``open_library`` (default :meth:`Library.open`) in the load worker.

    With none of them it opens the embedded seed corpus. ``state`` (default: one in memory,
    saving nothing) and ``config`` (a :class:`~newsreader.config.Config`) are opened by the
    caller, which also closes them and a ``library`` it gave; one the app opened is ``app.library``.
    """
    if paths is None and articles is None and library is None:
        paths = seed_paths()
    return NewsReaderApp(
        paths,
        articles=articles,
        skipped=skipped,
        state=state,
        config=config,
        library=library,
        open_library=open_library,
        engine=engine,
        preview_delay=preview_delay,
        position_save_delay=position_save_delay,
    )


def run_reader(
    paths: list[Path],
    *,
    state: State | None = None,
    config: Config | None = None,
    open_library: LibraryOpener | None = None,
) -> int:
    """Run the reader on ``paths`` (empty: the seed corpus); return the exit status.

    Every change to ``state`` is written by the time this returns (the caller closes it); the
    library is closed here (an update still running commits what it did and stops).
    """
    app = make_app(paths or None, state=state, config=config, open_library=open_library)
    try:
        app.run()
    finally:
        app.close_library()
    return app.return_code or 0
