"""Changes found by looking, where the OS sends no events (a network or shared file system).

watchfiles can poll too, but it stats every file each time: 0.6 s of CPU a second at 100k
files (measured), and on a network file system far more. :class:`Poller` looks at what
tells it most for least:

* every folder's mtime, each look (a few stats): a folder whose mtime moved gained or lost an
  entry, so its *names* are listed again (no stat but for the new ones) — new and gone files;
* every file's size and mtime, a slice each look, all of them every :data:`SWEEP_SECONDS`: a file
  rewritten in place leaves its folder's mtime alone.

:func:`polling_reason` says when a root needs it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence

from ..corpus import Skipped, walk_folders

__all__ = ["ADDED", "DELETED", "MODIFIED", "Poller", "polling_reason"]

#: The changes, numbered as ``watchfiles.Change``.
ADDED, MODIFIED, DELETED = 1, 2, 3
#: Every file is statted once in this many seconds (a slice at each look).
SWEEP_SECONDS = 60.0
#: File systems whose changes made elsewhere send no events here.
NETWORK_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
     "davfs", "vboxsf", "vmhgfs", "prl_fs", "virtiofs"}
)  # fmt: skip

Change = tuple[int, str]


def polling_reason(roots: Iterable[str | os.PathLike[str]]) -> str | None:
    """Why ``roots`` must be polled (a root on a network or shared file system, whose
    changes made on another machine send no event here), or ``None``."""
    mounts = _mounts()
    for root in roots:
        path = os.path.realpath(root)
        best, kind = "", ""
        for point, fstype in mounts:
            inside = path == point or path.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best):
                best, kind = point, fstype
        if kind in NETWORK_FILE_SYSTEMS or kind.startswith("fuse."):
            return f"{root} is on {kind}"
    return None


def _mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:  # not Linux: no way to tell here
        return []
    found = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].replace("\\040", " ").replace("\\011", "\t")
            found.append((point, fields[2]))
    return found


def _names(folder: str) -> tuple[set[str], set[str]]:
    """The ``*.txt`` files and the subfolders directly in ``folder`` (paths; no stat)."""
    files, folders = set(), set()
    with os.scandir(folder) as scan:
        for entry in scan:
            try:
                if entry.is_dir():
                    folders.add(entry.path)
                elif entry.name.lower().endswith(".txt"):
                    files.add(entry.path)
            except OSError:
                continue
    return files, folders


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class Poller:
    """What changed under some folders since the last :meth:`look` (or since it was made)."""

    def __init__(self, folders: Sequence[str], problems: list[Skipped]) -> None:
        self.stamps: dict[str, tuple[int, int]] = {}
        self.folders: dict[str, int] = {}
        walk_folders(list(folders), self.stamps, problems, self.folders)
        #: Each folder's files and subfolders.
        self.children: dict[str, set[str]] = {folder: set() for folder in self.folders}
        for path in [*self.stamps, *self.folders]:
            parent = os.path.dirname(path)
            if parent != path and parent in self.children:
                self.children[parent].add(path)
        self._sweep: list[str] = []
        self._at = 0

    def look(self, seconds: float) -> set[Change]:
        """The changes since the last look, ``seconds`` ago (which sets the sweep's slice)."""
        changes: set[Change] = set()
        for folder, mtime in list(self.folders.items()):
            if folder not in self.folders:  # went with its parent just now
                continue
            try:
                now = os.stat(folder).st_mtime_ns
            except OSError:
                self._forget(folder, changes)
                continue
            if now != mtime:
                self._relist(folder, now, changes)
        self._sweep_some(seconds, changes)
        return changes

    def _relist(self, folder: str, mtime: int, changes: set[Change]) -> None:
        try:
            files, folders = _names(folder)
        except OSError:
            self._forget(folder, changes)
            return
        self.folders[folder] = mtime
        old = self.children.get(folder, set())
        for path in old - files - folders:
            if path in self.folders:
                self._forget(path, changes)
            elif self.stamps.pop(path, None) is not None:
                changes.add((DELETED, path))
        for path in files - old:
            stamp = _stamp(path)
            if stamp is not None:
                self.stamps[path] = stamp
                changes.add((ADDED, path))
        for path in folders - old:  # a folder made or moved in: everything in it is new
            found: dict[str, tuple[int, int]] = {}
            walked: dict[str, int] = {}
            walk_folders([path], found, [], walked)
            self.stamps.update(found)
            self.folders.update(walked)
            for inside in [*found, *walked]:
                parent = os.path.dirname(inside)
                self.children.setdefault(parent, set()).add(inside)
            changes.update((ADDED, inside) for inside in found)
        self.children[folder] = files | folders

    def _forget(self, folder: str, changes: set[Change]) -> None:
        """A folder gone: it and everything under it."""
        changes.add((DELETED, folder))
        todo = [folder]
        while todo:
            current = todo.pop()
            self.folders.pop(current, None)
            for path in self.children.pop(current, set()):
                if path in self.folders:
                    todo.append(path)
                else:
                    self.stamps.pop(path, None)
        parent = self.children.get(os.path.dirname(folder))
        if parent is not None:
            parent.discard(folder)

    def _sweep_some(self, seconds: float, changes: set[Change]) -> None:
        """Stat the next slice of the files: all of them every :data:`SWEEP_SECONDS`."""
        if self._at >= len(self._sweep):
            self._sweep, self._at = list(self.stamps), 0
        count = math.ceil(len(self._sweep) * min(1.0, seconds / SWEEP_SECONDS))
        for path in self._sweep[self._at : self._at + count]:
            before = self.stamps.get(path)
            if before is None:  # gone since the sweep began
                continue
            stamp = _stamp(path)
            if stamp is None:
                del self.stamps[path]
                changes.add((DELETED, path))
            elif stamp != before:
                self.stamps[path] = stamp
                changes.add((MODIFIED, path))
        self._at += count
