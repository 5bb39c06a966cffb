"""The reader: search bar, timeline and viewer in one keyboard-driven Textual app.

Start-up never waits for the corpus: the first frame shows at once, a thread worker loads the
corpus (progress in the UI), the timeline fills in, and the query typed runs in a thread worker
of its own; results come back as messages and stale ones are dropped. The config gives the theme
and key remaps by binding id (:func:`.bindings.binding_ids`).

The app composes the screen, routes messages and keys, and holds the actions that move between
the panes; each idea is a mixin of its own module:

- :mod:`.loading` — the load worker: open, show, catch up with the files, check them, follow;
- :mod:`.showing` — each corpus the worker sends put on screen, the article highlighted kept;
- :mod:`.reading` — the article in the viewer: previewed, opened, its body;
- :mod:`.searching` — the query typed and its search; :mod:`.status` the lines that count;
- :mod:`.memory` — read and star marks, scroll positions, the last article and query, written
  through to the :class:`~newsreader.state.State` at once;
- :mod:`.article_commands`, :mod:`.following`, :mod:`.panes` — copy, pager, unread, related;
  the folders followed; the list beside the article.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from .. import garbage
from ..article import Article
from ..config import Config, save_theme
from ..corpus import Skipped, seed_paths
from ..corpus.sanitize import terminal_safe
from ..library import MemoryLibrary, Reading, Searcher, corpus_key
from ..state import State
from . import bindings
from .article_commands import ArticleCommands
from .commands import ArticleProvider, GoToArticleProvider
from .following import FolderFollowing
from .footer import FittingFooter
from .help_screen import HelpScreen
from .loading import CorpusLoading, LibraryOpener
from .memory import ReadingMemory
from .model import CorpusSummary
from .panes import PaneLayout, ReaderScreen
from .reading import ArticleReading
from .search_bar import SearchBar
from .searching import SearchRunning
from .showing import CorpusShowing
from .status import StatusLine
from .timeline import Timeline
from .viewer import Viewer

EngineFactory = Callable[[Sequence[Article]], Searcher]

#: Seconds the highlight must rest before the viewer re-renders (holding j never lags).
PREVIEW_DELAY = 0.08
#: Seconds the highlight and the query must rest before they are saved for the next start.
POSITION_SAVE_DELAY = 0.5


@dataclass(frozen=True)
class ReaderSetup:
    """What the reader is built from.

    It reads ``library``, or ``articles`` given directly (tests, benchmarks; searched by
    ``engine(articles)``, default a tantivy index in memory), or the library of ``paths``,
    opened by ``open_library`` (default :meth:`Library.open`) in the load worker. ``state``
    (default: one in memory, saving nothing) and ``config`` are opened by the caller, which also
    closes them and a ``library`` it gave; one the app opened is ``app.library``.
    """

    # What it reads.
    paths: Sequence[Path] = ()
    articles: Sequence[Article] | None = None
    skipped: Sequence[Skipped] = ()
    library: Reading | None = None
    open_library: LibraryOpener | None = None
    engine: EngineFactory | None = None
    # What it remembers, and the user's settings.
    state: State | None = None
    config: Config | None = None
    # Its timing (PREVIEW_DELAY, POSITION_SAVE_DELAY; 0 in tests).
    preview_delay: float = PREVIEW_DELAY
    position_save_delay: float = POSITION_SAVE_DELAY


class NewsReaderApp(
    App[None],
    CorpusLoading,
    CorpusShowing,
    ArticleReading,
    SearchRunning,
    ReadingMemory,
    ArticleCommands,
    FolderFollowing,
    PaneLayout,
):
    """Timeline, viewer and search bar over a corpus of articles."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {ArticleProvider}
    BINDINGS: ClassVar[list[BindingType]] = bindings.APP

    def __init__(self, setup: ReaderSetup | None = None) -> None:
        super().__init__()
        setup = setup if setup is not None else ReaderSetup()
        self.paths: list[Path] = list(setup.paths)
        #: The corpus's name in the state: its last query is its own.
        self._corpus_key = corpus_key(self.paths) if self.paths else ""
        self._saved_theme = ""  # the theme the config file names
        self.state: State = setup.state if setup.state is not None else State.in_memory()
        self.config = setup.config
        library = setup.library
        if library is None and setup.articles is not None:
            library = MemoryLibrary(setup.articles, setup.skipped, setup.engine)
        #: The corpus: given, or opened by ``open_library`` in the load worker (after the first
        #: frame: reading 100k headers takes ~0.4 s).
        self.library: Reading | None = library
        self._open_library = setup.open_library
        self._exiting = False
        # The reader's memory: its marks (``self.marks``) and positions, each change saved at once.
        self._start_memory(setup.position_save_delay)
        self._start_reading(setup.preview_delay)
        self.articles: Sequence[Article] = ()
        self.summary: CorpusSummary | None = None
        #: The library once it can be searched (its first articles are shown).
        self.index: Reading | None = None
        self.loaded = False
        self._indexing = False  # a cold build's files are listed: now they are indexed
        self.search_bar = SearchBar(id="search")
        self.timeline = Timeline(id="timeline")
        self.timeline.body_of = self._body_of
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

    @property
    def search_generation(self) -> int:
        """The newest search: one more at each change of the query or of the corpus searched."""
        return self._generation

    @property
    def shown_generation(self) -> int:
        """The search whose results are on screen (the newest once its results are in)."""
        return self._shown_generation

    @property
    def hits_shown(self) -> int:
        """How many articles the search on screen found."""
        return self._result_total

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
        garbage.release()

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

    # ---------------------------------------------------------------- routing

    def _set_corpus_line(self) -> None:
        if self.summary is not None:
            self.status.show_corpus(self.summary, self.marks.read_count, self.marks.starred_count)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(event.value)

    @property
    def _shutting_down(self) -> bool:
        """Exiting: messages still queued must not touch the screens (they may be gone)."""
        return self._exiting or self._exit or not self.screen_stack

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_read", "toggle_star"):
            return True if self.articles and self.loaded else None
        return True

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

    def action_cycle_focus(self, delta: int) -> None:
        panes: list[Any] = [self.search_bar, self.timeline, self.viewer]
        focused = self.focused
        position = panes.index(focused) if focused in panes else 1
        panes[(position + delta) % len(panes)].focus()

    def action_help(self) -> None:
        sections = [
            ("Everywhere", [self.screen, self]),
            ("Timeline", [self.timeline]),
            ("Article", [self.viewer.reading_keys]),
            ("Selecting text (v)", [self.viewer.selecting_keys]),
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


def make_app(paths: Sequence[Path] | None = None, **options: Any) -> NewsReaderApp:
    """The reader over ``paths`` and the other fields of :class:`ReaderSetup` (by name); with
    no ``paths``, ``articles`` or ``library`` it opens the embedded seed corpus."""
    if paths is None and options.get("articles") is None and options.get("library") is None:
        paths = seed_paths()
    return NewsReaderApp(ReaderSetup(paths or (), **options))


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
