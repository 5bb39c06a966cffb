"""Following the library's folders as files land, change and go (no Textual here).

:func:`follow` runs in a thread of its own until its ``stop_event`` is set. It watches the roots
(recursively; only ``*.txt`` files and folders matter) with `watchfiles`_ — change events from
the OS, or polling where there are none — waits until each file named has *settled* (its size and
mtime unchanged for :data:`SETTLE_SECONDS`: a file still being written is read once, complete),
gathers a burst into one batch, brings the library up to date with just those paths
(``Library.update(paths=…)``: the cost is what changed, not the size of the library) and reports
what that did as a :class:`Batch`. ::

    stop = threading.Event()
    worker = threading.Thread(target=follow, args=(library, stop, on_batch), daemon=True)
    worker.start()
    ...
    stop.set()
    worker.join()          # before library.close()

.. _watchfiles: https://watchfiles.helpmanual.io/
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..corpus import Repaired, Skipped, walk_folders
from .library import Library, Update
from .poll import ADDED, DELETED, Poller, polling_reason
from .settle import Waiting, stamp_of

__all__ = ["Batch", "follow"]

#: A file is read once its size and mtime have not moved for this long (seconds).
SETTLE_SECONDS = 0.3
#: watchfiles groups the events of a burst: until none came for STEP_MS, at most DEBOUNCE_MS.
DEBOUNCE_MS = 500
STEP_MS = 50
#: How often the follower looks at what is waiting when no event comes (milliseconds).
TICK_MS = 100
#: Between two looks when polling (milliseconds; see :mod:`.poll`).
POLL_MS = 500
#: After the watcher failed, it is started again this much later (seconds).
RETRY_SECONDS = 2.0
#: A batch whose update failed is tried again this many times.
RETRIES = 3


@dataclass(frozen=True, slots=True)
class Batch:
    """What one batch of changes did to the library (or what went wrong)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    #: The keys of the articles added or changed (as :attr:`Library.keys` and the search's
    #: hits name them).
    keys: tuple[int, ...] = ()
    #: Files that hold no article, and why: each named once (again only if its reason changes
    #: after it loaded or went).
    failed: tuple[Skipped, ...] = ()
    #: Files read although a few of their bytes were not text.
    repaired: tuple[Repaired, ...] = ()
    #: What went wrong with the watching or the library (one line each, each said once).
    problems: tuple[str, ...] = ()
    #: Seconds from the first event of the batch to its report (0 for a catch-up).
    latency: float = 0.0

    def __bool__(self) -> bool:
        return bool(
            self.added or self.changed or self.removed or self.failed or self.repaired
            or self.problems
        )  # fmt: skip

    def describe(self) -> str:
        """One line for a notification: ``"3 new articles, 1 removed"``."""
        parts = []
        if self.added:
            parts.append(f"{self.added} new article{'s' if self.added != 1 else ''}")
        if self.changed:
            parts.append(f"{self.changed} changed")
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.failed:
            parts.append(f"{len(self.failed)} file{'s' if len(self.failed) != 1 else ''} skipped")
        return ", ".join(parts)


def follow(
    library: Library,
    stop_event: threading.Event,
    on_batch: Callable[[Batch], None],
    *,
    poll: bool | None = None,
    catch_up: bool = True,
    settle: float = SETTLE_SECONDS,
    on_pending: Callable[[Sequence[str]], None] | None = None,
    committed: Callable[[], None] | None = None,
) -> None:
    """Keep ``library`` following its folders until ``stop_event`` is set; block till then.

    Run it in a thread (a Textual thread worker, say); set ``stop_event`` and join the thread
    before closing the library (an update under way stops between two files). It never
    raises: what goes wrong is reported in :attr:`Batch.problems` and the following goes on
    (the watcher is started again; an update that failed is tried again).

    ``on_batch(batch)`` is called in this thread after each batch of changes has been
    committed (the timeline and the search then show it: :attr:`Library.articles`,
    :meth:`Library.search`), only for a batch that did something or has something to say.
    It should be quick (post a message) and must not raise (an exception is dropped).

    ``poll``: ``True`` looks for changes every :data:`POLL_MS` instead of waiting for events
    (:mod:`.poll`: the folders' mtimes, and every file within a minute); ``False`` never
    polls; ``None`` (default) polls where there are no change events — a network or shared
    file system (:func:`.poll.polling_reason`), or ``WATCHFILES_FORCE_POLLING`` set — and
    when watching fails (no inotify watches left, say). ``catch_up``: once
    the watcher runs (and again after it was started anew), a quick update picks up what
    landed before (cheap when nothing did). ``settle``: the quiet time a file needs before it
    is read. ``on_pending(paths)``, if given, is told of files seen still being written.
    ``committed()``, if given, is called (in this thread) after each commit of an update, a
    long batch's first part included: what is committed is what the library searches, so a
    reader shows it then rather than at the end of the batch.
    """
    try:
        follower = _Follower(library, stop_event, on_batch, poll, settle, on_pending)
        follower.committed = committed
        follower.run(catch_up)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # tantivy's PanicException is a BaseException
        with contextlib.suppress(Exception):
            on_batch(Batch(problems=(f"stopped following the folders: {error}",)))


class _Roots:
    """The library's roots: folders watched, files named directly (statted each tick)."""

    def __init__(self, roots: Sequence[os.PathLike[str] | str]) -> None:
        self.all = [os.path.abspath(root) for root in roots]
        self.files = {root for root in self.all if not os.path.isdir(root)}
        # Some systems report a folder's real path (macOS: /private/var for /var).
        self._real = {}
        for root in self.all:
            real = os.path.realpath(root)
            if real != root:
                self._real[real.rstrip(os.sep) + os.sep] = root.rstrip(os.sep) + os.sep

    def folders(self) -> tuple[tuple[str, int, int], ...]:
        """The folder roots there now, with their identity (a folder made anew: watched anew)."""
        found = []
        for root in self.all:
            if root in self.files:
                continue
            with contextlib.suppress(OSError):
                info = os.stat(root)
                if stat.S_ISDIR(info.st_mode):
                    found.append((root, info.st_dev, info.st_ino))
        return tuple(found)

    def local(self, path: str) -> str:
        for real, given in self._real.items():
            if path.startswith(real):
                return given + path[len(real) :]
        return path


class _Follower:
    #: Called after each commit of an update (see :func:`follow`).
    committed: Callable[[], None] | None = None

    def __init__(
        self,
        library: Library,
        stop: threading.Event,
        on_batch: Callable[[Batch], None],
        poll: bool | None,
        settle: float,
        on_pending: Callable[[Sequence[str]], None] | None,
    ) -> None:
        self.library = library
        self.stop = stop
        self.on_batch = on_batch
        self.on_pending = on_pending
        self.roots = _Roots(library.roots)
        forced = os.environ.get("WATCHFILES_FORCE_POLLING", "").lower()
        if poll is None and forced and forced not in ("false", "disable", "disabled"):
            poll = True
        if poll is None and polling_reason(library.roots) is not None:
            poll = True
        self.poll = bool(poll)
        self.waiting = Waiting(settle)
        self.file_stamps = {path: stamp_of(path) for path in self.roots.files}
        self.folders = set(library.store.folders())  # a deleted one takes its files along
        self.failed: dict[str, str] = {}  # path → the reason it was named with
        self.said: set[str] = set()  # problems said
        self.problems: list[str] = []  # to say in the next batch
        self.found: list[Skipped] = []  # folders that could not be walked, to name
        self.tries: dict[str, int] = {}

    # ------------------------------------------------------------------ the loop
    def run(self, catch_up: bool) -> None:
        fell_back = False
        while not self.stop.is_set():
            folders = self.roots.folders()
            try:
                for changes in self._events(folders):
                    if catch_up:
                        catch_up = False
                        self._catch_up()
                    self._take(changes)
                    self._tick()
                    if self.roots.folders() != folders:  # a root came, went or was made anew
                        break
            except Exception as error:  # the watcher failed (no more watches, say)
                self._say(f"cannot watch {', '.join(f[0] for f in folders)}: {error}")
                if not self.poll and not fell_back:
                    fell_back, self.poll = True, True
                    self._say(f"looking for changes every {POLL_MS / 1000:g} s instead")
                self._flush_problems()
                self.stop.wait(RETRY_SECONDS)
            catch_up = True  # whatever happened while no watcher ran

    def _events(self, folders: Sequence[tuple[str, int, int]]) -> Iterator[set[tuple[int, str]]]:
        """Sets of (change, path), an empty one every :data:`TICK_MS` at least."""
        if self.poll or not folders:
            yield from self._looks([folder[0] for folder in folders])
            return
        import watchfiles

        yield from watchfiles.watch(
            *(folder[0] for folder in folders),
            watch_filter=None,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            force_polling=False,
            ignore_permission_denied=True,
        )

    def _looks(self, folders: list[str]) -> Iterator[set[tuple[int, str]]]:
        """Polling: what :class:`.poll.Poller` finds every :data:`POLL_MS`."""
        poller = Poller(folders, self.found)
        last = time.monotonic()
        while not self.stop.wait(TICK_MS / 1000):
            now = time.monotonic()
            if now - last < POLL_MS / 1000:
                yield set()
                continue
            yield poller.look(now - last)
            last = now

    def _take(self, changes: set[tuple[int, str]]) -> None:
        """Note the paths the events name that matter: ``*.txt`` files, folders."""
        now = time.monotonic()
        for change, raw in changes:
            path = self.roots.local(raw)
            if change == DELETED:
                if path.lower().endswith(".txt") or path in self.folders:
                    self.waiting.add(path, now)  # a folder gone takes its files along
            elif path.lower().endswith(".txt"):
                self.waiting.add(path, now)
                self._folder_of(path)
            elif change == ADDED and os.path.isdir(path):  # a folder made or moved in
                self._walk(path, now)
        for path, before in self.file_stamps.items():
            stamp = stamp_of(path)
            if stamp != before:
                self.file_stamps[path] = stamp
                self.waiting.add(path, now)

    def _folder_of(self, path: str) -> None:
        """Note the folders above a file (if one goes, its files go with it)."""
        folder = os.path.dirname(path)
        while folder not in self.folders and folder != os.path.dirname(folder):
            self.folders.add(folder)
            folder = os.path.dirname(folder)

    def _walk(self, folder: str, now: float) -> None:
        files: dict[str, tuple[int, int]] = {}
        folders: dict[str, int] = {}
        walk_folders([folder], files, self.found, folders)
        self.folders.update(folders)
        for path in files:
            self.waiting.add(path, now)

    def _tick(self) -> None:
        now = time.monotonic()
        ready, unsettled, first = self.waiting.ready(now, time.time_ns())
        if unsettled and self.on_pending is not None:
            with contextlib.suppress(Exception):
                self.on_pending(tuple(unsettled))
        if ready:
            self._apply(ready, first)
        elif self.problems or self.found:
            self._flush_problems()

    # ------------------------------------------------------------------ the library
    def _catch_up(self) -> None:
        report = self._update(None)
        if report is not None:
            self.emit(self._batch(report, (), 0.0))

    def _apply(self, paths: list[str], first: float) -> None:
        report = self._update(paths)
        if report is None:  # failed: again later, a few times
            now = time.monotonic()
            for path in paths:
                self.tries[path] = self.tries.get(path, 0) + 1
                if self.tries[path] <= RETRIES:
                    self.waiting.add(path, now)
            return
        for path in paths:
            self.tries.pop(path, None)
        if not report.interrupted:
            self.emit(self._batch(report, paths, time.monotonic() - first))

    def _update(self, paths: list[str] | None) -> Update | None:
        warned = len(self.library.warnings)
        try:
            report = self.library.update(
                paths=paths, should_stop=self.stop.is_set, committed=self.committed
            )
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # tantivy's PanicException too
            self._say(f"could not bring the library up to date: {error}")
            self._flush_problems()
            return None
        for warning in self.library.warnings[warned:]:
            self._say(warning)
        return report

    def _batch(self, report: Update, paths: Sequence[str], latency: float) -> Batch:
        failed = []
        for skipped in [*self.found, *report.skipped]:
            if self.failed.get(skipped.path) != skipped.reason:
                self.failed[skipped.path] = skipped.reason
                failed.append(skipped)
        self.found = []
        named = {skipped.path for skipped in report.skipped}
        for path in paths:  # loaded now, or gone: named again if it fails again
            if path not in named:
                self.failed.pop(path, None)
                if path in self.folders or not path.lower().endswith(".txt"):
                    inside = path.rstrip(os.sep) + os.sep
                    for known in [p for p in self.failed if p.startswith(inside)]:
                        del self.failed[known]
        problems, self.problems = tuple(self.problems), []
        return Batch(
            added=report.added,
            changed=report.changed,
            removed=report.removed,
            keys=tuple(report.keys),
            failed=tuple(failed),
            repaired=tuple(report.repaired),
            problems=problems,
            latency=latency,
        )

    # ------------------------------------------------------------------ reporting
    def _say(self, problem: str) -> None:
        if problem not in self.said:
            self.said.add(problem)
            self.problems.append(problem)

    def _flush_problems(self) -> None:
        failed = [s for s in self.found if self.failed.get(s.path) != s.reason]
        for skipped in failed:
            self.failed[skipped.path] = skipped.reason
        self.found = []
        problems, self.problems = tuple(self.problems), []
        self.emit(Batch(failed=tuple(failed), problems=problems))

    def emit(self, batch: Batch) -> None:
        if batch:
            with contextlib.suppress(Exception):
                self.on_batch(batch)
