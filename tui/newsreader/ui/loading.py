"""Loading the corpus, in a thread worker that starts after the first frame: the library
opened (or given), its articles shown at once; then it catches up with the files (folders
whose mtime moved: only new and changed files are parsed and indexed), then checks every file,
and then follows the folders. What changed is laid out here, in the worker, and posted to the
app as a message (:mod:`.showing` puts it on screen). A first load commits every few seconds:
the articles parsed so far show, and can be searched, while the rest load. Once the corpus is
made it is frozen out of the garbage collector's full passes, which would otherwise stop the
event loop for a few hundred milliseconds every few keystrokes at 100k articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from .. import garbage
from ..corpus import repaired_files, seed_paths
from ..library import Library, Reading, TimelineChange, Update
from ..state import Marks, recall
from .messages import (
    CorpusPartial,
    CorpusReady,
    IndexGrew,
    LibraryWarnings,
    LoadFailed,
    LoadProgress,
)
from .model import Layout

if TYPE_CHECKING:
    from ..article import Article
    from ..state import State

Progress = Callable[[int, int], None]
LibraryOpener = Callable[[], Reading]

#: Progress is posted at most this often (seconds): each post repaints the progress bar, and
#: at 20 a second the repaints took 7 s of the main process's time in a 100k cold start.
_PROGRESS_INTERVAL = 0.25


class CorpusLoading:
    """The load worker: open, show, catch up, check every file, follow (a mixin of the app)."""

    if TYPE_CHECKING:  # provided by the app
        paths: list[Path]
        state: State
        library: Reading | None
        _open_library: LibraryOpener | None
        _corpus_key: str
        _exiting: bool
        _indexing: bool

        def post_message(self, message: Any) -> bool: ...
        def _follow(self, library: Reading) -> None: ...

    #: The timeline laid out last by :meth:`_corpus_ready` (the next is laid out from it).
    _layout: Layout | None = None

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
        with garbage.paused():
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

        kept: list[set[str]] = []  # the state's marks, read once
        next_at = 0.0

        def partial() -> None:
            nonlocal next_at
            started = time.monotonic()
            if started < next_at:
                return
            if not kept:
                kept.extend((self.state.read_ids(), self.state.starred_ids()))
            layout = Layout.of(library.articles)
            marks = Marks(self.state, *kept, corpus=(article.id for article in layout.articles))
            self.post_message(CorpusPartial(layout.articles, layout.groups, layout.summary, marks))
            next_at = time.monotonic() + 9 * (time.monotonic() - started)

        return partial

    def _refresh_publisher(self, library: Reading) -> Callable[[], None]:
        """A ``committed`` callback for a catch-up of a corpus shown: the timeline follows."""

        def refresh() -> None:
            self.post_message(self._corpus_ready(library, memory=False))

        return refresh

    def _corpus_ready(
        self, library: Reading, *, memory: bool, update: Update | None = None
    ) -> CorpusReady:
        """The library's corpus laid out for the timeline (in a worker); ``memory``: with the
        marks and last position read from the state (the first corpus shown; a refresh keeps
        the app's own)."""
        layout, change = self._lay_out(library)
        articles = layout.articles
        recalled = recall(self.state, articles, self._corpus_key) if memory else None
        skipped = library.skipped if memory else tuple(update.skipped if update else ())
        repaired = repaired_files(articles) if memory else (update.repaired if update else [])
        return CorpusReady(
            articles,
            skipped,
            layout.groups,
            layout.summary,
            recalled,
            refresh=not memory,
            update=update,
            repaired=repaired,
            change=change,
        )

    def _lay_out(self, library: Reading) -> tuple[Layout, TimelineChange | None]:
        """The library's timeline laid out (in a worker), and how it changed since the one laid
        out before: from the articles that came and went when that is known (a few ms at 100k
        for a commit of a few files), else whole."""
        last = self._layout
        change = None if last is None else library.changes_since(last.articles)
        if last is None or change is None:
            layout = Layout.of(library.articles)
        else:
            layout = last.changed(change.after, change.added, change.removed)
        self._layout = layout
        return layout, change

    def _laid_out(self, library: Reading) -> bool:
        """Whether the library's timeline is the one laid out last (shown, or on its way)."""
        return self._layout is not None and library.articles is self._layout.articles

    def _freeze_heap(self) -> None:
        """Keep everything alive now (the corpus, the index, the widgets) out of the garbage
        collector's passes (:func:`..garbage.keep_for_life`). Called by the workers once the
        corpus and the index are made (a pass between then and the event loop would be slow);
        undone at exit."""
        if not self._exiting:
            garbage.keep_for_life()
