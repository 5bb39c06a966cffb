"""The reader: search bar, timeline and viewer in one keyboard-driven Textual app.

Start-up never waits for the corpus: the first frame shows at once, a thread worker loads the
corpus (progress in the UI), the timeline fills in, and a second worker builds the search
index; a query typed before the index is ready runs when it is. Every keystroke in the search
bar runs the query in an exclusive thread worker; results come back as messages and stale
ones are dropped.

Seams for what comes next (issue 5): ``state`` (read marks, stars, last article and query,
scroll per article) and ``config`` (theme, key remaps by binding id) are constructor
parameters, ``None`` by default. Only ``config.theme`` and ``config.keys`` are read today.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static

from ..article import Article
from ..corpus import LoadResult, Skipped, load_corpus, seed_paths
from .commands import ArticleProvider, GoToArticleProvider
from .help_screen import HelpScreen
from .messages import (
    CorpusReady,
    IndexFailed,
    IndexProgress,
    IndexReady,
    LoadFailed,
    LoadProgress,
    SearchDone,
    SearchFailed,
)
from .model import CorpusSummary, build_day_groups, summarize
from .search_bar import SearchBar
from .timeline import Timeline
from .viewer import Viewer

Progress = Callable[[int, int], None]
Loader = Callable[[Sequence[Path], Progress], LoadResult]
IndexFactory = Callable[[Sequence[Article], Progress], Any]

#: Seconds the highlight must rest before the viewer re-renders (holding j never lags).
PREVIEW_DELAY = 0.08
#: Index progress is posted at most this often (seconds).
_PROGRESS_INTERVAL = 0.05
#: Skipped files named in the start-up notification.
_SKIPPED_SHOWN = 3


def default_loader(paths: Sequence[Path], progress: Progress) -> LoadResult:
    return load_corpus(paths, progress)


def default_index_factory(articles: Sequence[Article], progress: Progress) -> Any:
    from ..search import SearchIndex  # imported in the worker thread: off the event loop

    return SearchIndex.build(articles, progress=progress)


class ReaderScreen(Screen[None]):
    """The one screen of the reader; holds the keys that work in every pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "app.focus_search", "Search", id="reader.search"),
        Binding("question_mark", "app.help", "Help", id="reader.help"),
        Binding("q", "app.quit", "Quit", id="reader.quit"),
        Binding("escape", "app.back", "Back", id="reader.back", show=False),
        Binding("tab", "app.cycle_focus(1)", "Next pane", id="reader.next_pane", show=False),
        Binding(
            "shift+tab",
            "app.cycle_focus(-1)",
            "Previous pane",
            id="reader.previous_pane",
            show=False,
        ),
        Binding("ctrl+g", "app.goto_palette", "Go to article…", id="reader.goto", show=False),
        Binding("J", "app.step_article(1)", "Next article", id="reader.next_article"),
        Binding("K", "app.step_article(-1)", "Previous article", id="reader.previous_article"),
    ]

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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit now", show=False, priority=True, id="app.quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="app.command_palette",
        ),
    ]

    def __init__(
        self,
        paths: Sequence[Path] | None = None,
        *,
        articles: Sequence[Article] | None = None,
        skipped: Sequence[Skipped] = (),
        state: Any | None = None,
        config: Any | None = None,
        loader: Loader | None = None,
        index_factory: IndexFactory | None = None,
        preview_delay: float = PREVIEW_DELAY,
    ) -> None:
        super().__init__()
        self.paths: list[Path] = list(paths) if paths is not None else []
        self.state = state
        self.config = config
        self._given_articles = articles
        self._given_skipped = tuple(skipped)
        self._loader: Loader = loader or default_loader
        self._index_factory: IndexFactory = index_factory or default_index_factory
        self._preview_delay = preview_delay
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
        self._count = Static(Content("loading…"), id="count")
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
        self.timeline.border_title = "Timeline"
        self.viewer.border_title = "Article"
        self.viewer.show_message("Loading articles…")
        self._show_progress("Reading files", 0, None)
        self._load()

    def _apply_config(self) -> None:
        config = self.config
        if config is None:
            return
        theme = getattr(config, "theme", None)
        if theme and theme in self.available_themes:
            self.theme = theme
        # ``Config.keys``: binding id -> comma-separated keys, as App.set_keymap takes them.
        keys = getattr(config, "keys", None)
        if keys:
            self.set_keymap(dict(keys))

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
        try:
            if self._given_articles is not None:
                articles: Sequence[Article] = tuple(self._given_articles)
                skipped: Sequence[Skipped] = self._given_skipped
            else:
                result = self._loader(
                    self.paths, lambda done, total: self.post_message(LoadProgress(done, total))
                )
                articles, skipped = result.articles, result.skipped
            groups = build_day_groups(articles)
            summary = summarize(articles)
        except Exception as error:  # shown to the user, not a crash
            self.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
            return
        self.post_message(CorpusReady(articles, skipped, groups, summary))

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
        self.loaded = True
        self.articles = message.articles
        self.summary = message.summary
        self._folded = None
        self._set_corpus_line(message.summary)
        where = ", ".join(str(path) for path in self.paths) or "the given articles"
        self.timeline.set_articles(
            message.articles,
            message.groups,
            source_width=message.summary.source_width,
            message=f"No articles found in {where}",
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
            return
        self.flush_preview()
        self._update_count()
        self._show_progress("Indexing articles", 0, len(message.articles))
        self._build_index(message.articles)

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

    def _set_corpus_line(self, summary: CorpusSummary) -> None:
        line = Content.assemble(("newsreader", "bold $text-accent"), " │ ", summary.describe())
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
        import time

        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done >= total or now - last >= _PROGRESS_INTERVAL:
                last = now
                self.post_message(IndexProgress(done, total))

        try:
            index = self._index_factory(articles, progress)
        except Exception as error:  # reading still works without search
            self.post_message(IndexFailed(f"{type(error).__name__}: {error}"))
            return
        self.post_message(IndexReady(index))

    def on_index_progress(self, message: IndexProgress) -> None:
        if self.index is None and self.index_error is None:
            self._show_progress("Indexing articles", message.done, message.total)

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        self._hide_progress()
        if self._query.strip():
            self._start_search()
        else:
            self._update_count()

    def on_index_failed(self, message: IndexFailed) -> None:
        self.index_error = message.error
        self._hide_progress()
        self._update_count()
        self.notify(message.error, title="Search is unavailable", severity="error", markup=False)

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

        try:
            result = index.search(query, order="rank")
        except Exception as error:  # a query the engine rejects
            self.post_message(SearchFailed(generation, query, f"{error}"))
            return
        # Hits are made lazily: make the first screenful (and their spans) here, in the thread.
        hits = result.hits
        for position in range(min(len(hits), 64)):
            if get_current_worker().is_cancelled:
                return
            hits[position].title_spans  # noqa: B018 - computed and cached on first read
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(generation, query, result))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation:
            return  # typed on since: a newer search is on its way
        result = message.result
        self._shown_generation = message.generation
        self._result_total = len(result.hits)
        self.timeline.show_hits(result.hits, message=f"No matches for {message.query.strip()}")
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
            text = "loading…"
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
        self._set_count(text)

    def _set_count(self, text: str) -> None:
        self._count.update(Content(text))

    # ---------------------------------------------------------- viewer preview

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        if message.index is None:
            self._cancel_preview()
            if self.loaded and self.articles:
                self.viewer.show_message(
                    "No matches." if self.timeline.searching else "No article selected."
                )
            return
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
        """Show the highlighted article now (the debounce timer calls this too)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        index = self.timeline.highlighted
        if index is not None:
            self._show(index, self.timeline.highlighted_hit)

    def _show(self, index: int, hit: Any | None) -> None:
        article = self.articles[index]
        if hit is None:
            self.viewer.show(article)
        else:
            self.viewer.show(
                article,
                title_spans=getattr(hit, "title_spans", ()),
                body_spans=getattr(hit, "body_spans", ()),
            )

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
        self._show(index, timeline.highlighted_hit)
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
        """J/K: open the next or previous article of the timeline."""
        if self.timeline.move_article(delta):
            self.flush_preview()

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
    state: Any | None = None,
    config: Any | None = None,
    loader: Loader | None = None,
    index_factory: IndexFactory | None = None,
    preview_delay: float = PREVIEW_DELAY,
) -> NewsReaderApp:
    """Build the reader. ``articles`` given directly skip loading (tests, benchmarks).

    With neither ``paths`` nor ``articles`` it opens the embedded seed corpus.
    """
    if paths is None and articles is None:
        paths = seed_paths()
    return NewsReaderApp(
        paths,
        articles=articles,
        skipped=skipped,
        state=state,
        config=config,
        loader=loader,
        index_factory=index_factory,
        preview_delay=preview_delay,
    )


def run_reader(paths: list[Path]) -> int:
    """Run the reader on ``paths`` (empty: the seed corpus); return the exit status."""
    app = make_app(paths or None)
    app.run()
    return app.return_code or 0
