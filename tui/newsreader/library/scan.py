"""What changed on disk since the library last looked: files added, changed and removed.

Two ways to look:

* **quick** — stat every folder the library knows (a hundred, not 100k files). A folder whose
  mtime is unchanged has gained and lost no entry, so only the folders whose mtime moved are
  listed again (and new subfolders walked). A file rewritten in place leaves its folder's mtime
  alone: the quick look misses it, which is what the full look is for;
* **full** — stat every file under the roots (0.5–4 s at 100k, depending on the OS's caches).

The first look at a library is always full.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Skipped, find_files, subfolders, walk_folders
from .store import FileRow

__all__ = ["Changes", "find_changes"]


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
