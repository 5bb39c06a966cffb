"""Reading a file named by a user or found in a folder, without hanging on what is not a file.

Opening a FIFO for reading waits for a writer, forever; a device may never end. Every file the
program reads on a user's say-so (articles, the config, the state) is opened without blocking
and read only if it is a regular file.
"""

from __future__ import annotations

import os
import stat

__all__ = ["NotARegularFile", "read_regular_file"]


class NotARegularFile(OSError):
    """The path names a FIFO, a socket, a device or a folder: nothing to read as a file."""


def read_regular_file(
    path: str | os.PathLike[str], limit: int = -1
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` (at most ``limit`` + 1 when ``limit`` ≥ 0, so a
    caller can tell it is longer) and its stat, read as opened. Raises ``FileNotFoundError``,
    :class:`NotARegularFile` or another ``OSError``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"not a regular file: {os.fsdecode(path)}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read() if limit < 0 else handle.read(limit + 1)
        return data, info
    finally:
        if fd >= 0:
            os.close(fd)
