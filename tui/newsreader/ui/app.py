"""The reader: search bar, timeline and viewer in one keyboard-driven Textual app.

Start-up never waits for the corpus: the first frame shows at once, a thread worker loads the
corpus (progress in the UI), the timeline fills in, and a second worker builds the search
index; a query typed before the index is ready runs when it is. Every keystroke in the search
bar runs the query in an exclusive thread worker; results come back as messages and stale
ones are dropped.

The reader's memory (a :class:`~newsreader.state.State`) is read once, in the load worker:
the read and starred ids become in-memory sets, and every change is written through, in
order, by a thread worker (:mod:`.persist`). An article becomes read when it is opened (Enter,
J/K, the palette), not when the highlight passes over it. The last highlighted article and the
last query come back at the next start; each article's scroll position when it is opened again.
The config gives the theme and key remaps by binding id (:func:`.bindings.binding_ids`).

Warm start (an unchanged corpus, with the parse cache): the cache is opened in the load worker
(``open_cache``), the loader leaves the bodies in the cache (the viewer completes the article it
shows, :meth:`NewsReaderApp.article_with_body`), and the search index saved by the previous run
next to the cache is loaded instead of built. The corpus shown first is the cache's own; the
files are statted once it is searchable, and if any changed the timeline catches up (only those
files parsed) and the index is built again. A cold load shows the articles parsed so far every
second or so (:class:`~.messages.CorpusPartial`). Once the corpus and the index are made, they are
frozen out of the garbage collector's full passes, which would otherwise stop the event loop
for a few hundred milliseconds every few keystrokes at 100k articles.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static

from ..article import Article
from ..cache import gc_paused
from ..corpus import (
    LoadResult,
    Partial,
    Skipped,
    load_cached,
    load_corpus,
    refresh,
    seed_paths,
)
from ..state import State
from . import bindings
from .commands import ArticleProvider, GoToArticleProvider
from .help_screen import HelpScreen
from .messages import (
    CacheSaved,
    CorpusPartial,
    CorpusReady,
    IndexFailed,
    IndexProgress,
    IndexReady,
    LoadFailed,
    LoadProgress,
    ScrollRecalled,
    SearchDone,
    SearchFailed,
    StateWarnings,
)
from .model import CorpusSummary, Memory, build_day_groups, flag_filter, recall, summarize
from .persist import StateCall, StateWriter
from .search_bar import SearchBar
from .timeline import Timeline
from .viewer import Viewer

Progress = Callable[[int, int], None]
Loader = Callable[[Sequence[Path], Progress], LoadResult]
IndexFactory = Callable[[Sequence[Article], Progress], Any]
CacheOpener = Callable[[], Any]

#: Seconds the highlight must rest before the viewer re-renders (holding j never lags).
PREVIEW_DELAY = 0.08
#: Seconds the highlight and the query must rest before they are saved for the next start.
POSITION_SAVE_DELAY = 0.5
#: How long :func:`run_reader` waits for a parse cache save still running at exit (seconds).
_CACHE_SAVE_WAIT = 300.0
#: Progress is posted at most this often (seconds): each post repaints the progress bar, and
#: at 20 a second the repaints took 7 s of the main process's time in a 100k cold start.
_PROGRESS_INTERVAL = 0.25
#: Skipped files named in the start-up notification.
_SKIPPED_SHOWN = 3
#: Articles completed with their bodies (warm start) kept for the viewer.
_COMPLETED_KEPT = 32
#: Hits whose title spans the search worker computes (a screenful and then some).
_SPANS_AHEAD = 64
#: Seconds from the start of a long load to the first articles shown, and at least between two
#: updates of the timeline while it goes on (at least ten times the cost of an update, too).
_PARTIAL_FIRST = 0.5
_PARTIAL_INTERVAL = 1.0
#: Middle-generation garbage collections between two full ones, once the heap is frozen.
_FULL_GC_EVERY = 100


def default_loader(
    paths: Sequence[Path],
    progress: Progress,
    cache: Any | None = None,
    partial: Partial | None = None,
) -> LoadResult:
    """Load the corpus; from a parse cache, unchanged articles come without their bodies
    (read one at a time by :meth:`LoadResult.complete`): a warm start of 100k articles takes
    a fraction of the time. ``partial`` is given the articles as they are parsed."""
    if cache is None:
        return load_corpus(paths, progress, partial=partial)
    return load_corpus(paths, progress, cache=cache, bodies=False, partial=partial)


def index_path(cache: Any) -> Path | None:
    """Where the search index of the corpus behind parse cache ``cache`` is kept (one file
    per corpus, next to the cache; the engine checks that it is the same corpus)."""
    path = getattr(cache, "path", None)
    return None if path is None else Path(path).with_suffix(".index")


def _takes(function: Callable[..., Any], parameter: str) -> bool:
    """Whether ``function`` has a parameter named ``parameter``."""
    import inspect

    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _index_of(articles: Sequence[Article], article_id: str) -> int | None:
    """The position of the article with this id in ``articles`` (``None``: not there)."""
    return next((i for i, article in enumerate(articles) if article.id == article_id), None)


def _search_engine() -> Any:
    from ..search import SearchIndex  # imported in the worker thread: off the event loop

    return SearchIndex


class ReaderScreen(Screen[None]):
    """The one screen of the reader; holds the keys that work in every pane."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.READER

    AUTO_FOCUS = "#timeline"

    def on_resize(self, event: Resize) -> None:
        # Narrow: a compact footer, without the palette hint (Ctrl+P still works).
        footer = self.query_one(Footer)
        footer.compact = event.size.width < 100
        footer.show_command_palette = event.size.width >= 80

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # On a narrow terminal the viewer takes over while it has focus.
        self.set_class(isinstance(event.widget, Viewer), "-reading")


class NewsReaderApp(App[None]):
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
        config: Any | None = None,
        cache: Any | None = None,
        open_cache: CacheOpener | None = None,
        loader: Loader | None = None,
        index_factory: IndexFactory | None = None,
        index_engine: Any | None = None,
        preview_delay: float = PREVIEW_DELAY,
        position_save_delay: float = POSITION_SAVE_DELAY,
    ) -> None:
        super().__init__()
        self.paths: list[Path] = list(paths) if paths is not None else []
        self.state: State = state if state is not None else State.in_memory()
        self.config = config
        self.cache = cache
        self._open_cache = open_cache if cache is None else None
        self._given_articles = articles
        self._given_skipped = tuple(skipped)
        #: The corpus shown came from the parse cache; the files are yet to be checked.
        self._provisional = False
        #: While a long load shows partial corpora: the article the app highlighted in the
        #: last one, and whether the reader has moved since (then their article stays).
        self._partial_top: str | None = None
        self._moved_while_loading = False
        self._loader: Loader | None = loader
        self._index_factory: IndexFactory | None = index_factory
        self._index_engine = index_engine
        #: Gives an article its body (warm start: the loader leaves bodies in the parse cache).
        self._completer: Callable[[Article], Article] | None = None
        self._completed: OrderedDict[int, Article] = OrderedDict()
        #: How the search index came: "loaded" from the disk, or "built" (None: not yet).
        self.index_origin: str | None = None
        self._index_save_started = False
        self._index_saved = threading.Event()
        self._gc_threshold: tuple[int, int, int] | None = None
        self._preview_delay = preview_delay
        self._position_save_delay = position_save_delay
        # The reader's memory: in-memory sets, written through by ``_writer`` in a worker.
        self._writer = StateWriter(self.state)
        self._exiting = False
        self._memory_loaded = False
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._read_count = 0
        self._starred_count = 0
        self._saved_article: str | None = None
        self._saved_query = ""
        self._position_timer: Timer | None = None
        self._restore_article: int | None = None
        # The article in the viewer, whether it was opened (not just previewed), and the
        # articles known to have a remembered scroll position.
        self._shown_index: int | None = None
        self._shown_opened = False
        self._scroll_saved: set[str] = set()
        self._result_note = ""
        self._cache_save_started = False
        self._cache_saved = threading.Event()
        self.articles: Sequence[Article] = ()
        self.summary: CorpusSummary | None = None
        self.index: Any | None = None
        self.index_error: str | None = None
        self.loaded = False
        self._query = ""
        self._generation = 0
        self._shown_generation = 0
        self._result_total = 0
        self._open_pending = False
        self._preview_timer: Timer | None = None
        self._folded: tuple[int, list[str]] | None = None
        self.search_bar = SearchBar(id="search")
        self.timeline = Timeline(id="timeline")
        self.viewer = Viewer(id="viewer")
        self._corpus_line = Static(Content("newsreader · loading…"), id="corpus-line")
        self._count_text = "loading…"
        self._count = Static(Content(self._count_text), id="count")
        self._progress_row = Horizontal(id="progress-row")
        self._progress_label = Static(Content("Reading files"), id="progress-label")
        self._progress_bar = ProgressBar(id="progress", show_eta=False)

    # ----------------------------------------------------------------- layout

    def get_default_screen(self) -> Screen[Any]:
        return ReaderScreen(id="reader")

    def compose(self) -> ComposeResult:
        yield self._corpus_line
        with Horizontal(id="search-row"):
            yield Static(Content("/"), id="search-prompt")
            yield self.search_bar
            yield self._count
        with self._progress_row:
            yield self._progress_label
            yield self._progress_bar
        with Horizontal(id="panes"):
            yield self.timeline
            yield self.viewer
        yield Footer()

    @property
    def query_text(self) -> str:
        """The query in the search bar (as last seen by the app)."""
        return self._query

    def on_mount(self) -> None:
        self._apply_config()
        self._notify_state_warnings(self._writer.take_warnings())
        self.timeline.border_title = "Timeline"
        self.viewer.border_title = "Article"
        self.viewer.show_message("Loading articles…")
        self._show_progress("Reading files", 0, None)
        self._load()

    def on_unmount(self) -> None:
        """At exit: remember the scroll position and the last article and query, and write
        every change still queued (here, on this thread: nothing is lost)."""
        self._exiting = True
        self._leave_article()
        self._save_position()
        self._writer.run_pending()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
            gc.unfreeze()

    def _apply_config(self) -> None:
        config = self.config
        if config is None:
            return
        warnings = list(getattr(config, "warnings", ()))
        theme = getattr(config, "theme", None)
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                warnings.append(f"unknown theme {theme!r}; using the default")
        # ``Config.keys``: binding id -> comma-separated keys, as App.set_keymap takes them.
        keys = getattr(config, "keys", None)
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
                "\n".join(warnings),
                title="Read marks and stars",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def on_state_warnings(self, message: StateWarnings) -> None:
        self._notify_state_warnings(message.warnings)

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
        # 100k articles make the collector's full passes slow (~0.3 s each, holding the GIL):
        # none until they are loaded and laid out, and then they are frozen (see _freeze_heap).
        with gc_paused():
            ready = self._read_corpus()
            if isinstance(ready, CorpusReady) and ready.articles:
                self._freeze_heap()
        self.post_message(ready)

    def _read_corpus(self) -> CorpusReady | LoadFailed:
        provisional = False
        try:
            if self._given_articles is not None:
                articles: Sequence[Article] = tuple(self._given_articles)
                skipped: Sequence[Skipped] = self._given_skipped
                return self._corpus_ready(articles, skipped, None, memory=True)
            if self.cache is None and self._open_cache is not None:
                # Opening reads the cache's headers (~0.5 s at 100k): not before the
                # first frame. Set before the corpus is shown, which is when it is used.
                self.cache = self._open_cache()
            result: LoadResult | None = None
            if self._loader is None and self.cache is not None:
                # Warm start: the corpus as the cache last saw it, at once; the files are
                # checked once it is shown and searchable (see _check_files).
                result = load_cached(self.cache)
                provisional = result is not None
            if result is None:
                progress = self._throttled(LoadProgress)
                if self._loader is None:
                    partial = self._partial_publisher()
                    result = default_loader(self.paths, progress, self.cache, partial)
                elif _takes(self._loader, "partial"):
                    partial = self._partial_publisher()
                    result = self._loader(self.paths, progress, partial=partial)
                else:
                    result = self._loader(self.paths, progress)
            return self._corpus_ready(
                result.articles, result.skipped, result, memory=True, provisional=provisional
            )
        except Exception as error:  # shown to the user, not a crash
            return LoadFailed(f"{type(error).__name__}: {error}")

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

    def _partial_publisher(self) -> Partial:
        """A ``partial`` callback for the loader (in the load worker): now and then, the
        articles parsed so far, sorted and laid out, go to the timeline."""
        import time

        so_far: list[Article] = []
        marks: list[set[str]] = []
        next_at = time.monotonic() + _PARTIAL_FIRST

        def partial(batch: list[Article]) -> None:
            nonlocal next_at
            so_far.extend(batch)
            started = time.monotonic()
            if started < next_at:
                return
            if not marks:
                marks.extend((self.state.read_ids(), self.state.starred_ids()))
            unique = {article.id: article for article in reversed(so_far)}
            ordered = sorted(unique.values(), key=Article.timeline_key)
            groups, summary = build_day_groups(ordered), summarize(ordered)
            self.post_message(CorpusPartial(ordered, groups, summary, *marks))
            cost = time.monotonic() - started
            next_at = time.monotonic() + max(_PARTIAL_INTERVAL, 10 * cost)

        return partial

    def on_corpus_partial(self, message: CorpusPartial) -> None:
        """Show the articles parsed so far (the load goes on; marks can't change yet)."""
        if self.loaded:
            return  # the whole corpus is shown already
        keep = self._note_moved()
        self._read, self._starred = message.read, message.starred
        self._take_corpus(message.articles, message.groups, message.summary, "Reading files…")
        if self._moved_while_loading and keep is not None:
            self._select_id(keep)  # the reader's article stays highlighted as the rest come in
        self._partial_top = self._highlighted_id()
        self.flush_preview()
        self._update_count()

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
        completer: Callable[[Article], Article] | None = None,
    ) -> None:
        """Make ``articles`` the corpus shown (the timeline's cursor at the top); ``empty``:
        what the timeline says if there are none."""
        self.articles = articles
        self.summary = summary
        self._completer = completer
        self._completed.clear()
        self._folded = None
        self._shown_index = None
        self._set_corpus_line()
        self.timeline.set_marks(self._read, self._starred)
        self.timeline.set_articles(
            articles, groups, source_width=summary.source_width, message=empty
        )

    def _corpus_ready(
        self,
        articles: Sequence[Article],
        skipped: Sequence[Skipped],
        result: LoadResult | None,
        *,
        memory: bool,
        provisional: bool = False,
    ) -> CorpusReady:
        """The corpus laid out for the timeline (in a worker); ``memory``: with the marks and
        last position read from the state (at start-up; a refresh keeps the app's own)."""
        completer: Callable[[Article], Article] | None = None
        if result is not None and any(not article.body for article in articles):
            completer = getattr(result, "complete", None)  # some bodies left in the cache
        groups = build_day_groups(articles)
        summary = summarize(articles)
        recalled = recall(self.state, articles) if memory else None
        return CorpusReady(
            articles,
            skipped,
            groups,
            summary,
            recalled,
            completer,
            provisional=provisional,
            refresh=not memory,
        )

    @work(
        thread=True,
        exclusive=True,
        group="check",
        exit_on_error=False,
        name="check files",
        description="check the files for changes",
    )
    def _check_files_worker(self) -> None:
        found = self._check_files()
        if found is not None:
            self.post_message(found)

    def _check_files(self) -> CorpusReady | None:
        """After a warm start: look at the files, and if any was added, changed or removed
        since the cache saw them, the corpus again (only those files parsed), else ``None``."""
        cache = self.cache
        self._provisional = False
        if cache is None:
            return None
        try:
            with gc_paused():
                result = refresh(self.paths, cache)
                if result is None:
                    return None
                ready = self._corpus_ready(result.articles, result.skipped, result, memory=False)
                self._freeze_heap()
            return ready
        except Exception as error:  # the corpus shown stays as it is
            self.post_message(
                CacheSaved([f"could not check the files ({type(error).__name__}: {error})"])
            )
            return None

    def on_load_progress(self, message: LoadProgress) -> None:
        if not self.loaded:
            self._show_progress("Reading files", message.done, message.total)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.loaded = True
        self._hide_progress()
        self.timeline.set_message("Could not load the articles")
        self.viewer.show_message(f"Could not load the articles: {message.error}")
        self._set_count("no articles")
        self.notify(message.error, title="Loading failed", severity="error", markup=False)

    def on_corpus_ready(self, message: CorpusReady) -> None:
        if message.refresh:
            self._apply_refresh(message)
            return
        self._provisional = message.provisional
        memory = message.memory
        keep = self._note_moved()
        if self._moved_while_loading and keep is not None:
            # The reader moved while the corpus loaded: their article, not the last run's.
            memory = dataclasses.replace(memory, last_article=_index_of(message.articles, keep))
        self.loaded = True
        self.articles = message.articles
        self._take_memory(memory)
        self._notify_state_warnings(self._writer.take_warnings())
        where = ", ".join(str(path) for path in self.paths) or "the given articles"
        self._take_corpus(
            message.articles,
            message.groups,
            message.summary,
            f"No articles found in {where}",
            message.completer,
        )
        if message.skipped:
            self._notify_skipped(message.skipped)
        if not message.articles:
            self._hide_progress()
            self.viewer.show_message(
                f"No articles found in {where}. The reader opens folders of scraped news "
                "articles saved as .txt files: newsreader PATH …"
            )
            self._set_count("0 articles")
            self._start_cache_save()
            return
        self.refresh_bindings()
        self._restore(memory)
        self.flush_preview()
        self._update_count()
        self._show_progress("Indexing articles", 0, len(message.articles))
        self._build_index(message.articles)

    def _apply_refresh(self, message: CorpusReady) -> None:
        """The files changed since the parse cache saw them: show the corpus as it is now,
        keeping the article highlighted, and index it again (searches wait for that)."""
        old = self.articles
        keep = self._highlighted_id()
        old_ids = {article.id for article in old}
        new_ids = {article.id for article in message.articles}
        added, removed = len(new_ids - old_ids), len(old_ids - new_ids)
        self._leave_article()
        self._cancel_preview()
        self.workers.cancel_group(self, "search")
        self._generation += 1  # results of the old index are dropped
        self.index = None
        self.index_origin = None
        self.index_error = None
        self._index_save_started = False
        self._index_saved.clear()
        self._cache_save_started = False
        self._cache_saved.clear()
        read, starred = self._read, self._starred
        self._read_count = sum(1 for article in message.articles if article.id in read)
        self._starred_count = sum(1 for article in message.articles if article.id in starred)
        self._take_corpus(
            message.articles, message.groups, message.summary, "No articles found",
            message.completer,
        )  # fmt: skip
        if keep is not None:
            self._select_id(keep)
        self.flush_preview()
        self._update_count()
        parts = []
        if added:
            parts.append(f"{added:,} article{'s' if added != 1 else ''} new or changed")
        if removed:
            parts.append(f"{removed:,} gone")
        self.notify(
            (", ".join(parts) or "Files changed") + "; indexing again.",
            title="Since the last run",
            markup=False,
        )
        if message.skipped:
            self._notify_skipped(message.skipped)
        if not message.articles:
            self._hide_progress()
            self._start_cache_save()
            return
        self._show_progress("Indexing articles", 0, len(message.articles))
        self._build_index(message.articles)

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
        """Article ``index`` with its body: a warm start loads the articles without bodies
        (the timeline needs none) and the viewer completes the one it shows (~10 µs)."""
        article = self.articles[index]
        complete = self._completer
        if complete is None or article.body:
            return article
        kept = self._completed
        full = kept.get(index)
        if full is None:
            full = kept[index] = complete(article)
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

    def _notify_skipped(self, skipped: Sequence[Skipped]) -> None:
        lines = [str(item) for item in skipped[:_SKIPPED_SHOWN]]
        if len(skipped) > _SKIPPED_SHOWN:
            lines.append(f"… and {len(skipped) - _SKIPPED_SHOWN:,} more")
        count = len(skipped)
        self.notify(
            "\n".join(lines),
            title=f"Skipped {count:,} file{'s' if count != 1 else ''}",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def _set_corpus_line(self) -> None:
        """``newsreader │ 3 unread · 1 starred │ 5 articles · 11 Dec 2025 – 5 Mar 2026 · …``"""
        summary = self.summary
        if summary is None:
            return
        if not summary.articles:
            line = Content.assemble(("newsreader", "bold $text-accent"), " │ ", summary.describe())
        else:
            unread = max(0, summary.articles - self._read_count)
            line = Content.assemble(
                ("newsreader", "bold $text-accent"),
                " │ ",
                (f"{unread:,} unread", "bold $text-accent" if unread else ""),
                " · ",
                (
                    f"{self._starred_count:,} starred",
                    "$text-warning" if self._starred_count else "",
                ),
                " │ ",
                summary.describe(),
            )
        self._corpus_line.update(line)

    # --------------------------------------------------------------- indexing

    @work(
        thread=True,
        exclusive=True,
        group="index",
        exit_on_error=False,
        name="build index",
        description="build search index",
    )
    def _build_index(self, articles: Sequence[Article]) -> None:
        progress = self._throttled(IndexProgress)
        try:
            index = self._load_saved_index(articles, progress)
            if index is not None:
                origin = "loaded"
            else:
                if self._provisional:
                    # The index must be built anyway: first make sure it is of the files as
                    # they are now (else it would be built twice).
                    changed = self._check_files()
                    if changed is not None:
                        self.post_message(changed)  # which starts the index again
                        return
                index, origin = self._build_new_index(articles, progress), "built"
        except Exception as error:  # reading still works without search
            self.post_message(IndexFailed(f"{type(error).__name__}: {error}"))
            return
        self._freeze_heap()  # the index lives as long as the corpus
        self.post_message(IndexReady(index, origin, articles))

    def _load_saved_index(self, articles: Sequence[Article], progress: Progress) -> Any | None:
        """The index saved by the last run, if it is of this very corpus (runs in the index
        worker). Needs a parse cache and an engine that can ``load``; the bodies, for
        highlighting, come one article at a time from the cache."""
        if self._index_factory is not None:
            return None
        engine = self._index_engine if self._index_engine is not None else _search_engine()
        path = index_path(self.cache)
        load = getattr(engine, "load", None)
        if path is not None and load is not None and articles:
            complete = self._completer or (lambda article: article)
            try:
                index = load(
                    path,
                    articles,
                    body_loader=lambda article: complete(article).body,
                    **self._salt(load),
                )
            except Exception:  # the engine reports a bad file as None; never fail start-up
                index = None
            if index is not None:
                progress(len(articles), len(articles))
                return index
        return None

    def _build_new_index(self, articles: Sequence[Article], progress: Progress) -> Any:
        """Build the index (in the index worker) — reading the bodies through a loader if the
        engine takes one, else from the articles completed first; it is saved after the parse
        cache (see :meth:`_start_cache_save`)."""
        if self._index_factory is not None:
            return self._index_factory(self._with_bodies(articles), progress)
        engine = self._index_engine if self._index_engine is not None else _search_engine()
        complete = self._completer
        if complete is not None and _takes(engine.build, "body_loader"):
            # The engine reads each body through the loader and keeps the articles as they
            # are (headers only: the bodies stay in the parse cache, not in memory).
            index = engine.build(
                articles, progress=progress, body_loader=lambda article: complete(article).body
            )
        else:
            index = engine.build(self._with_bodies(articles), progress=progress)
        return index

    def _salt(self, method: Callable[..., Any]) -> dict[str, str]:
        """``salt=`` the parser version, for an engine's ``load``/``save`` that take one: an
        index of text read by another parser is not this corpus's."""
        version = getattr(self.cache, "parser_version", None)
        return {"salt": str(version)} if version and _takes(method, "salt") else {}

    def _with_bodies(self, articles: Sequence[Article]) -> Sequence[Article]:
        """``articles`` completed with their bodies, for building the index (~1 s at 100k)."""
        complete = self._completer
        if complete is None:
            return articles
        with gc_paused():
            return tuple(map(complete, articles))

    def on_index_progress(self, message: IndexProgress) -> None:
        if self.index is None and self.index_error is None:
            self._show_progress("Indexing articles", message.done, message.total)

    def on_index_ready(self, message: IndexReady) -> None:
        if message.articles is not None and message.articles is not self.articles:
            return  # of a corpus replaced since (the files changed)
        self.index = message.index
        self.index_origin = message.origin
        self._hide_progress()
        if self._query.strip():
            self._start_search()
        else:
            self._update_count()
        self._start_cache_save(message.index if message.origin == "built" else None)
        if self._provisional:
            self._check_files_worker()

    def on_index_failed(self, message: IndexFailed) -> None:
        self.index_error = message.error
        self._hide_progress()
        self._update_count()
        self.notify(message.error, title="Search is unavailable", severity="error", markup=False)
        self._start_cache_save()
        if self._provisional:
            self._check_files_worker()

    # ------------------------------------------------------------ parse cache

    def _start_cache_save(self, index: Any | None = None) -> None:
        """Save the parse cache once the corpus is shown and indexed (not to slow the index),
        then ``index`` (just built) next to it, for the next start."""
        if self.cache is None:
            return
        if not self._cache_save_started:
            self._cache_save_started = True
            self._save_cache(self.cache)
        path = index_path(self.cache)
        if index is None or path is None or self._index_save_started:
            return
        if callable(getattr(index, "save", None)):
            self._index_save_started = True
            self._save_index(index, path)

    @work(
        thread=True,
        group="index-save",
        exit_on_error=False,
        name="save search index",
        description="save search index",
    )
    def _save_index(self, index: Any, path: Path) -> None:
        # After the parse cache (both write hundreds of MB; one at a time is kinder to the UI).
        self._cache_saved.wait(_CACHE_SAVE_WAIT)
        try:
            index.save(path, **self._salt(index.save))
        except Exception as error:  # the next start builds the index again; no more harm
            self.post_message(
                CacheSaved(
                    [f"could not save it ({type(error).__name__}: {error})"], title="Search index"
                )
            )
        finally:
            self._index_saved.set()

    @work(
        thread=True,
        group="cache",
        exit_on_error=False,
        name="save parse cache",
        description="save parse cache",
    )
    def _save_cache(self, cache: Any) -> None:
        try:
            if cache.dirty:
                cache.save()
            warnings = list(cache.warnings)
        except Exception as error:  # a cache problem never stops the reader
            warnings = [f"could not save the parse cache ({type(error).__name__}: {error})"]
        finally:
            self._cache_saved.set()
        if warnings:
            self.post_message(CacheSaved(warnings))

    def on_cache_saved(self, message: CacheSaved) -> None:
        self.notify(
            "\n".join(message.warnings),
            title=message.title,
            severity="warning",
            timeout=12,
            markup=False,
        )

    def finish_cache_save(self, timeout: float = _CACHE_SAVE_WAIT) -> None:
        """After the app has exited: let a running cache save end, or save if none started.

        Called by :func:`run_reader`, so quitting before the index is built still leaves a
        cache for a fast next start.
        """
        cache = self.cache
        if cache is None:
            return
        if self._cache_save_started:
            self._cache_saved.wait(timeout)
            if self._index_save_started:
                self._index_saved.wait(timeout)
            return
        if self.loaded and cache.dirty:
            cache.save()

    def _show_progress(self, label: str, done: int, total: int | None) -> None:
        self._progress_row.display = True
        text = f"{label} {done:,}" + (f" / {total:,}" if total else "")
        self._progress_label.update(Content(text))
        self._progress_bar.update(total=total, progress=done)

    def _hide_progress(self) -> None:
        self._progress_row.display = False

    # ----------------------------------------------------------------- search

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(event.value)

    def _set_query(self, query: str) -> None:
        if query == self._query:
            return
        self._query = query
        self._generation += 1
        self._open_pending = False
        self._restore_article = None
        self._schedule_position_save()
        if not query.strip():
            self.workers.cancel_group(self, "search")
            timeline = self.timeline
            if timeline.searching:
                timeline.show_timeline(keep=timeline.highlighted)
            self._shown_generation = self._generation
            self._update_count()
            return
        if self.index is None:
            self._update_count()
            return
        self._start_search()

    def _start_search(self) -> None:
        self._search(self.index, self._query, self._generation)

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        name="search",
        description="search",
    )
    def _search(self, index: Any, query: str, generation: int) -> None:
        from textual.worker import get_current_worker

        from ..search import parse_query

        note = ""
        try:
            parsed = parse_query(query)
            # is:unread, is:starred: the engine asks the in-memory sets (read, not copied).
            allowed, unknown = flag_filter(
                parsed.flags, parsed.negated_flags, self._read, self._starred
            )
            if unknown:
                note = "unknown " + ", ".join(f"is:{flag}" for flag in unknown)
            result = index.search(parsed, order="rank", allowed=allowed)
        except Exception as error:  # a query the engine rejects
            self.post_message(SearchFailed(generation, query, f"{error}"))
            return
        # Hits are made lazily: make the first screenful (and their title spans) here, in the
        # thread, and the body spans of the top hit, which the viewer shows first. The other
        # hits are made as the timeline shows them.
        worker = get_current_worker()
        hits = result.hits
        for position in range(min(len(hits), _SPANS_AHEAD)):
            if worker.is_cancelled:
                return
            hits[position].title_spans  # noqa: B018 - computed and cached on first read
        if len(hits) and not worker.is_cancelled:
            getattr(hits[0], "body_spans", None)
        if not worker.is_cancelled:
            self.post_message(SearchDone(generation, query, result, note))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation:
            return  # typed on since: a newer search is on its way
        result = message.result
        self._shown_generation = message.generation
        self._result_total = len(result.hits)
        self._result_note = message.note
        self.timeline.show_hits(result.hits, message=f"No matches for {message.query.strip()}")
        restore, self._restore_article = self._restore_article, None
        if restore is not None:
            self.timeline.select_article(restore, center=True)
        self._update_count()
        if self._open_pending:
            self._open_pending = False
            self._open_highlighted()

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.generation != self._generation:
            return
        self._shown_generation = message.generation
        self._open_pending = False
        self._set_count(f"bad query: {message.error}")

    def _update_count(self) -> None:
        total = len(self.articles)
        if not self.loaded:
            text = f"{total:,} so far, loading…" if total else "loading…"
        elif not self._query.strip():
            text = f"{total:,} article{'s' if total != 1 else ''}"
        elif self.index_error is not None:
            text = "search unavailable"
        elif self.index is None:
            text = "indexing… (search runs when ready)"
        elif self._shown_generation != self._generation:
            text = "searching…"
        else:
            text = f"{self._result_total:,} of {total:,}"
            if self._result_note:
                text += f" · {self._result_note}"
        self._set_count(text)

    def _set_count(self, text: str) -> None:
        old = self._count_text
        if text == old:
            return
        self._count_text = text
        # A new layout (of the whole screen) only when the count changes width.
        self._count.update(Content(text), layout=cell_len(text) != cell_len(old))

    # ---------------------------------------------------------- viewer preview

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
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
                title_spans=getattr(hit, "title_spans", ()),
                body_spans=getattr(hit, "body_spans", ()),
            )
        self._shown_index = index
        if opened:
            self._shown_opened = True
            if self.loaded:  # marks wait for the whole corpus (and the state's marks)
                self._set_read(index, True)
            if not self.viewer.highlights_matches:  # a search hit opens at its first match
                self._recall_scroll(article.id)
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
            or not self._shown_opened
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

    def _marks_changed(self, index: int) -> None:
        self.timeline.refresh_article(index)
        self._set_corpus_line()
        if index == self._shown_index:
            self._update_viewer_title()

    # ------------------------------------------------------- writing the state

    def _remember(self, call: StateCall) -> None:
        """Queue a call on the state; a worker runs the queue, in order."""
        self._writer.put(call)
        if not self._exiting:  # at exit the queue is run on the app's thread
            self._write_state()

    @work(
        thread=True,
        group="state",
        exit_on_error=False,
        name="save state",
        description="save state",
    )
    def _write_state(self) -> None:
        warnings = self._writer.run_pending()
        if warnings:
            self.post_message(StateWarnings(warnings))

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
            self._remember(lambda state: state.set_last_query(query))

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
        """Case-folded titles for "Go to article…", computed once per corpus in a thread."""
        articles = self.articles
        if self._folded is None or self._folded[0] != id(articles):
            folded = await asyncio.to_thread(lambda: [a.title.casefold() for a in articles])
            self._folded = (id(articles), folded)
        return self._folded[1]

    # ---------------------------------------------------------------- actions

    def action_focus_search(self) -> None:
        self.search_bar.focus()

    def action_open_from_search(self) -> None:
        """Enter in the search bar: open the highlighted hit (once the results are in)."""
        if not self._query.strip() or self._shown_generation == self._generation:
            self._open_highlighted()
        else:
            self._open_pending = True

    def action_clear_search(self) -> None:
        """Esc in the search bar: clear the query, back to the full timeline."""
        search = self.search_bar
        if search.value:
            search.value = ""
        self._set_query("")
        self.timeline.focus()

    def action_back(self) -> None:
        """Esc elsewhere: leave a search, or go back from the viewer to the timeline."""
        if self._query:
            self.action_clear_search()
        elif self.focused is not self.timeline:
            self.timeline.focus()

    def action_move_highlight(self, delta: int) -> None:
        self.timeline.move_article(delta)

    def action_step_article(self, delta: int) -> None:
        """J/K: open the next or previous article of the timeline (focus stays put)."""
        timeline = self.timeline
        if timeline.move_article(delta) and timeline.highlighted is not None:
            self._cancel_preview()
            self._show(timeline.highlighted, timeline.highlighted_hit, opened=True)
            self.viewer.jump_to_first_match()

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
        yield from super().get_system_commands(screen)


def make_app(
    paths: Sequence[Path] | None = None,
    *,
    articles: Sequence[Article] | None = None,
    skipped: Sequence[Skipped] = (),
    state: State | None = None,
    config: Any | None = None,
    cache: Any | None = None,
    open_cache: CacheOpener | None = None,
    loader: Loader | None = None,
    index_factory: IndexFactory | None = None,
    index_engine: Any | None = None,
    preview_delay: float = PREVIEW_DELAY,
    position_save_delay: float = POSITION_SAVE_DELAY,
) -> NewsReaderApp:
    """Build the reader. ``articles`` given directly skip loading (tests, benchmarks).

    With neither ``paths`` nor ``articles`` it opens the embedded seed corpus. ``state``
    (default: one in memory, saving nothing), ``config`` (a :class:`~newsreader.config.Config`)
    and ``cache`` (a :class:`~newsreader.cache.ParseCache`, given to the loader and saved
    once the corpus is shown) are opened by the caller, which also closes them. Or
    ``open_cache`` opens the parse cache in the load worker, after the first frame (opening
    reads its headers: ~0.5 s at 100k); the caller closes ``app.cache`` then.

    With a parse cache, the search index is kept next to it (:func:`index_path`) and loaded
    at the next start if ``index_engine`` (default :class:`~newsreader.search.SearchIndex`)
    can ``load``; ``index_factory(articles, progress)`` replaces the engine (no index file).
    """
    if paths is None and articles is None:
        paths = seed_paths()
    return NewsReaderApp(
        paths,
        articles=articles,
        skipped=skipped,
        state=state,
        config=config,
        cache=cache,
        open_cache=open_cache,
        loader=loader,
        index_factory=index_factory,
        index_engine=index_engine,
        preview_delay=preview_delay,
        position_save_delay=position_save_delay,
    )


def run_reader(
    paths: list[Path],
    *,
    state: State | None = None,
    config: Any | None = None,
    cache: Any | None = None,
    open_cache: CacheOpener | None = None,
) -> int:
    """Run the reader on ``paths`` (empty: the seed corpus); return the exit status.

    Every change to ``state`` is written by the time this returns, and the parse ``cache``
    saved (the caller closes both). A cache opened by ``open_cache`` (in the load worker, so
    the first frame does not wait for it) is saved and closed here.
    """
    app = make_app(paths or None, state=state, config=config, cache=cache, open_cache=open_cache)
    app.run()
    app.finish_cache_save()
    if cache is None and app.cache is not None:
        app.cache.close()
    return app.return_code or 0
