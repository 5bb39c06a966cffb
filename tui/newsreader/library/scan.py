"""What changed on disk since the library last looked: files added, changed and removed.

Two ways to look:

* **quick** — stat every folder the library knows (a hundred, not 100k files). A folder whose
  mtime is unchanged has gained and lost no entry, so only the folders whose mtime moved are
  listed again (and new subfolders walked). A file rewritten in place leaves its folder's mtime
  alone: the quick look misses it, which is what the full look is for;
* **full** — stat every file under the roots (0.5–4 s at 100k, depending on the OS's caches);
* **at paths** — stat only the paths a watcher named (:func:`changes_at`): what it costs is
  what changed, whatever the size of the library.

The first look at a library is always full.
"""

from __future__ import annotations

import bisect
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Skipped, find_files, subfolders, walk_folders
from .store import FileRow

__all__ = ["Changes", "KnownAt", "changes_at", "find_changes"]


@dataclass(slots=True)
class Changes:
    """The difference between the disk and the library's record of it."""

    #: New and changed files, with the size and mtime_ns seen (parse these).
    to_parse: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Files gone (or no longer under the roots).
    removed: list[str] = field(default_factory=list)
    #: Folders walked and their mtime_ns now; folders gone.
    folders: dict[str, int] = field(default_factory=dict)
    gone_folders: list[str] = field(default_factory=list)
    #: Folders or files that could not be read.
    problems: list[Skipped] = field(default_factory=list)
    #: Whether every file was statted.
    full: bool = False

    def __bool__(self) -> bool:
        return bool(self.to_parse or self.removed)


def _changed(files: Mapping[str, tuple[int, int]], known: Mapping[str, FileRow]) -> dict:
    return {
        path: stamp
        for path, stamp in files.items()
        if (row := known.get(path)) is None or (row[0], row[1]) != stamp
    }


def find_changes(
    roots: Sequence[Path],
    known: Mapping[str, FileRow],
    known_folders: Mapping[str, int],
    *,
    full: bool = False,
) -> Changes:
    """What differs between the files under ``roots`` and ``known`` (the library's record)."""
    if full or not known_folders:
        return _full(roots, known)
    changes = Changes()
    dirty: list[str] = []
    for folder, mtime in known_folders.items():
        try:
            now = os.stat(folder).st_mtime_ns
        except OSError:
            changes.gone_folders.append(folder)
            continue
        if now != mtime:
            dirty.append(folder)
    files: dict[str, tuple[int, int]] = {}
    for root in roots:  # files named directly: their own stat is the check
        path = os.path.abspath(root)
        if not os.path.isdir(path):
            try:
                info = os.stat(path)
                files[path] = (info.st_size, info.st_mtime_ns)
            except OSError as error:
                changes.problems.append(Skipped(path, f"cannot read: {error.strerror}"))
                if path in known:
                    changes.removed.append(path)
    if not dirty and not changes.gone_folders:
        changes.to_parse = _changed(files, known)
        return changes
    # List the changed folders again; walk the subfolders the library has not seen.
    walk_folders(list(dirty), files, changes.problems, changes.folders, recursive=False)
    new = [sub for folder in dirty for sub in subfolders(folder) if sub not in known_folders]
    walk_folders(new, files, changes.problems, changes.folders)
    changes.to_parse = _changed(files, known)
    listed = set(dirty) | set(new)
    gone = set(changes.gone_folders)
    for path in known:
        parent = os.path.dirname(path)
        if (parent in listed and path not in files) or (gone and _under(parent, gone)):
            changes.removed.append(path)
    return changes


def _under(folder: str, gone: set[str]) -> bool:
    while folder and folder not in gone:
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
    return bool(folder)


def _full(roots: Sequence[Path], known: Mapping[str, FileRow]) -> Changes:
    changes = Changes(full=True)
    files = find_files(roots, changes.problems, changes.folders)
    changes.to_parse = _changed(files, known)
    changes.removed = [path for path in known if path not in files]
    return changes


class KnownAt(Mapping[str, FileRow]):
    """The library's record looked up file by file (:meth:`ArticleStore.file`): for
    :func:`changes_at`, which asks about a few paths; read whole (``everything()``) only if
    iterated (a folder gone: the files under it)."""

    def __init__(
        self, row_of: Callable[[str], FileRow | None], everything: Callable[[], dict]
    ) -> None:
        self._row_of, self._everything = row_of, everything
        self._rows: dict[str, FileRow | None] = {}
        self._all: dict[str, FileRow] | None = None

    def __getitem__(self, path: str) -> FileRow:
        if self._all is not None:
            return self._all[path]
        if path not in self._rows:
            self._rows[path] = self._row_of(path)
        row = self._rows[path]
        if row is None:
            raise KeyError(path)
        return row

    def __iter__(self) -> Iterator[str]:
        if self._all is None:
            self._all = self._everything()
        return iter(self._all)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def changes_at(
    roots: Sequence[Path], paths: Iterable[str], known: Mapping[str, FileRow]
) -> Changes:
    """What differs at ``paths`` alone (files or folders, as a watcher names them); paths
    outside ``roots`` are ignored. A file there is parsed if it is new or changed; a folder
    there is walked (moved in whole); a path gone takes its file, or every file under it, out
    of the library. The folders' recorded mtimes are left as they are: the next quick look
    lists the folders that moved again, which is cheap and catches anything missed."""
    changes = Changes()
    named = {os.path.abspath(root) for root in roots}
    folders = [root for root in named if os.path.isdir(root)]
    files: dict[str, tuple[int, int]] = {}
    walked: list[str] = []
    gone: list[str] = []
    for path in dict.fromkeys(os.path.abspath(path) for path in paths):
        if path not in named and not any(_within(path, root) for root in folders):
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ENOTDIR):
                changes.problems.append(Skipped(path, f"cannot read: {error.strerror}"))
            gone.append(path)
            continue
        if stat.S_ISDIR(info.st_mode):
            walk_folders([path], files, changes.problems)
            walked.append(path)
        elif path in named or path.lower().endswith(".txt"):
            files[path] = (info.st_size, info.st_mtime_ns)
    changes.to_parse = _changed(files, known)
    ordered: list[str] | None = None
    for path in gone + walked:
        if path in known:
            changes.removed.append(path)
            continue
        if ordered is None:
            ordered = sorted(known)
        start = bisect.bisect_left(ordered, path + os.sep)
        for inside in ordered[start:]:
            if not inside.startswith(path + os.sep):
                break
            if inside not in files:
                changes.removed.append(inside)
    changes.removed = list(dict.fromkeys(changes.removed))
    return changes


def _within(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)
