"""When a file named by an event is read: once it has *settled* — its size and mtime unchanged
for a while (:data:`~.watch.SETTLE_SECONDS`), or its mtime older than that — so that a file
still being written is read once, complete; and a burst goes as one batch."""

from __future__ import annotations

import os
import stat

__all__ = ["Waiting", "stamp_of"]

#: Settled files wait at most this long (seconds) for the rest of their burst to settle.
HOLD_SECONDS = 1.0

Stamp = tuple[int, int, bool]  # size, mtime_ns, is a folder
_UNSEEN: Stamp | None = (-1, -1, False)


def stamp_of(path: str) -> Stamp | None:
    """The file's size and mtime now; ``None`` if it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, stat.S_ISDIR(info.st_mode)


class Waiting:
    """The paths named by events, each read once it has settled; a burst goes as one batch."""

    def __init__(self, settle: float) -> None:
        self.settle = settle
        #: path → [stamp last seen, when it was first seen so, when the path was named]
        self.paths: dict[str, list] = {}

    def add(self, path: str, now: float) -> None:
        if path not in self.paths:
            self.paths[path] = [_UNSEEN, now, now]

    def ready(self, now: float, wall_ns: int) -> tuple[list[str], list[str], float]:
        """The paths settled (or gone) and whether to go now; the ones first seen unsettled.

        Returns (paths to apply now, paths newly seen still being written, the time the
        first of the batch was named). Settled paths wait (at most :data:`HOLD_SECONDS`) for
        the others of their burst."""
        settled: list[str] = []
        unsettled: list[str] = []
        settle_ns = int(self.settle * 1e9)
        for path, entry in self.paths.items():
            stamp = stamp_of(path)
            first_look = entry[0] is _UNSEEN
            if stamp != entry[0]:
                entry[0], entry[1] = stamp, now
            if stamp is None or stamp[2] or now - entry[1] >= self.settle:
                settled.append(path)  # gone, a folder (walked), or quiet since we looked
            elif wall_ns - stamp[1] >= settle_ns:
                settled.append(path)  # not written to for a while (copied with its mtime)
            elif first_look:
                unsettled.append(path)
        if not settled:
            return [], unsettled, now
        first = min(self.paths[path][2] for path in settled)
        if len(settled) < len(self.paths) and now - first < HOLD_SECONDS:
            return [], unsettled, first
        for path in settled:
            del self.paths[path]
        return settled, unsettled, first
