"""The reader following its folders while it runs: files that land, change or go show up in
the timeline and the search without a key pressed (issue 16). A mixin of the app; the
following itself is the library's (:func:`~newsreader.library.watch.follow`)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ..corpus.sanitize import terminal_safe
from ..library import Batch, follow
from .messages import CorpusReady, FolderChanged

if TYPE_CHECKING:
    from ..config import Config
    from ..corpus import Repaired, Skipped
    from ..library import Reading

#: How long closing waits for the follower to stop (it looks every 0.1 s).
STOP_WAIT_SECONDS = 5.0
#: The follower worker's name (it runs as long as the reader).
FOLLOWER = "follow folders"


class FolderFollowing:
    """Runs :func:`follow` in the load worker once the library is up to date, and shows each
    batch: the timeline and the search as they are now, and a quiet notice of what came."""

    if TYPE_CHECKING:  # provided by the app
        config: Config | None
        _exiting: bool

        def post_message(self, message: Any) -> bool: ...
        def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any: ...
        def run_worker(self, work: Any, **kwargs: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def _corpus_ready(self, library: Reading, *, memory: bool) -> CorpusReady: ...
        def _laid_out(self, library: Reading) -> bool: ...
        def _apply_refresh(self, message: CorpusReady) -> None: ...
        def _notify_files(self, files: Sequence[Skipped | Repaired], what: str) -> None: ...

    _follow_stop: threading.Event | None = None
    _follow_done: threading.Event | None = None

    def _follows(self, library: Reading) -> bool:
        """Whether to follow: a library on disk, and not turned off (``--no-watch``,
        ``watch = false``; the reader built without a config, as in tests, does not)."""
        return self.config is not None and self.config.watch and hasattr(library, "store")

    def _follow(self, library: Reading) -> None:
        """From the load worker, once the library is up to date: follow the folders in a
        worker of their own until the reader closes."""
        if self._exiting or not self._follows(library):
            return
        self._follow_stop, self._follow_done = threading.Event(), threading.Event()
        self.call_from_thread(
            self.run_worker,
            partial(self._following, library),
            name=FOLLOWER,
            group="follow",
            description=FOLLOWER,
            thread=True,
            exit_on_error=False,
        )

    def _following(self, library: Reading) -> None:
        assert self._follow_stop is not None and self._follow_done is not None

        def on_batch(batch: Batch) -> None:
            ready = None
            # Its last commit showed the timeline already (committed), unless it changed since.
            if (batch.added or batch.changed or batch.removed) and not self._laid_out(library):
                ready = self._corpus_ready(library, memory=False)
            self.post_message(FolderChanged(batch, ready))

        def committed() -> None:  # part of a long batch: the search sees it, so show it
            self.post_message(self._corpus_ready(library, memory=False))

        try:
            follow(library, self._follow_stop, on_batch, committed=committed)  # type: ignore[arg-type]
        finally:
            self._follow_done.set()

    def _stop_following(self, *, wait: bool = True) -> None:
        """The follower stops between two files (``wait``: until it has, as before the
        library closes)."""
        if self._follow_stop is not None and self._follow_done is not None:
            self._follow_stop.set()
            if wait:
                self._follow_done.wait(STOP_WAIT_SECONDS)

    def on_folder_changed(self, message: FolderChanged) -> None:
        batch = message.batch
        if message.ready is not None:
            self._apply_refresh(message.ready)
        if batch.added or batch.changed or batch.removed:
            self.notify(batch.describe(), title="In the folder", timeout=4, markup=False)
        self._notify_files(batch.failed, "Skipped")
        self._notify_files(batch.repaired, "Repaired")
        if batch.problems:
            self.notify(
                "\n".join(map(terminal_safe, batch.problems)),
                title="Following the folder",
                severity="warning",
                timeout=12,
                markup=False,
            )
