"""Opening the store's file, and setting a damaged one aside (called with the directory lock held,
which serialises opening and repairing between processes)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from . import store
from .store import (
    SCHEMA_VERSION,
    Corrupt,
    Rows,
    TooNew,
    Unwritable,
    describe,
    has_rows,
    insert_rows,
    is_corruption,
    memory_connection,
    prepare,
    read_rows,
)

#: How long :meth:`State.open` waits for another instance that is opening or repairing the store.
_OPEN_LOCK_WAIT_S = 10.0

_SQLITE_MAGIC = b"SQLite format 3\0"


def _count(rows: Rows) -> str:
    reads, stars = len(rows.get("read_marks", ())), len(rows.get("stars", ()))
    return f"{reads} read mark{'s' * (reads != 1)} and {stars} star{'s' * (stars != 1)}"


def _read_only_rows(path: Path) -> Rows:
    """The rows of an existing database we cannot write, read without changing the file."""
    if not path.is_file():
        return {}
    uri = Path(os.path.abspath(path)).as_uri()
    for query in ("?mode=ro", "?immutable=1"):
        try:
            conn = store.connect(uri + query, uri=True)
        except sqlite3.Error:
            continue
        try:
            rows = read_rows(conn)
        finally:
            conn.close()
        if has_rows(rows):
            return rows
    return {}


@contextlib.contextmanager
def directory_lock(directory: Path) -> Iterator[None]:
    """Serialise opening and repairing the store between processes (POSIX; best effort)."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking still protects the data
        yield
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        yield
        return
    locked = False
    try:
        deadline = time.monotonic() + _OPEN_LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a stuck peer: go on without the lock rather than hang
                time.sleep(0.005)
            except OSError:
                break
        yield
    finally:
        if locked:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def corrupt_name(path: Path, when: float | None = None) -> Path:
    """Where a damaged database is moved: ``<name>.corrupt-YYYYmmdd-HHMMSS`` (made unique)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    return target


def _move_aside(path: Path) -> Path:
    """Rename a damaged database and its WAL/shared-memory files; never deletes anything."""
    target = corrupt_name(path)
    os.rename(path, target)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            with contextlib.suppress(OSError):
                os.rename(companion, Path(f"{target}{suffix}"))
    return target


def _has_sqlite_header(db: Path) -> bool:
    """False for a file that is certainly not SQLite (checked before SQLite touches its WAL)."""
    try:
        with open(db, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError:
        return True  # missing (a new store) or unreadable: SQLite reports it
    return not head or head == _SQLITE_MAGIC


def plain_store(db: Path) -> bool:
    """Whether ``db`` is missing or a non-empty regular file that looks like SQLite."""
    try:
        info = os.stat(db)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode) and info.st_size > 0 and _has_sqlite_header(db)


def open_locked(db: Path, warnings: list[str]) -> tuple[sqlite3.Connection, bool]:
    """Open ``db`` (repairing it if it is damaged); raises :class:`Unwritable` if it cannot
    be written now."""
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.stat(db).st_mode):  # a FIFO would make every read wait
            warnings.append(
                f"{db}: not a regular file (a FIFO, a device or a folder); "
                "read marks and stars will not be saved this session"
            )
            return memory_connection(), False
    if not _has_sqlite_header(db):
        # Repair before connecting: SQLite would delete a -wal/-shm it finds beside garbage.
        return repair(db, {}, "file is not a database", warnings)
    with contextlib.suppress(OSError):
        if os.stat(db).st_size == 0:  # emptied (a full disk, a mistake): say so, keep it aside
            return repair(db, {}, "the file is empty (0 bytes)", warnings)
    conn: sqlite3.Connection | None = None
    try:
        conn = store.connect(db)
        prepare(conn)
        return conn, True
    except (sqlite3.Error, Corrupt, TooNew) as error:
        rows = read_rows(conn) if conn is not None else {}
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        if isinstance(error, TooNew):
            warnings.append(
                f"{db}: written by a newer newsreader (schema {error.args[0]}, this one knows "
                f"{SCHEMA_VERSION}); read marks and stars will not be saved this session"
            )
            return memory_connection(rows if has_rows(rows) else _read_only_rows(db)), False
        if is_corruption(error):
            return repair(db, rows, describe(error), warnings)
        raise Unwritable(
            f"{db}: cannot open the state database for writing ({describe(error)})",
            rows if has_rows(rows) else _read_only_rows(db),
        ) from error


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def repair(
    db: Path,
    rows: Rows,
    reason: str,
    warnings: list[str],
    *,
    expect: tuple[int, int] | None = None,
) -> tuple[sqlite3.Connection, bool]:
    """Move a damaged store aside and start a fresh one holding the rows that could be read.

    With ``expect`` (the identity of the file found damaged), a file that has meanwhile been
    replaced (another instance repaired it first) is left alone and simply opened.
    """
    kept = f"; {_count(rows)} could be carried over" if has_rows(rows) else ""
    try:
        replaced = expect is not None and identity(db) != expect
        moved = None if replaced else _move_aside(db)
    except FileNotFoundError:
        moved = None  # another instance already moved it: just open what is there now
    except OSError as error:
        warnings.append(
            f"{db}: the state database is damaged ({reason}) and could not be moved aside "
            f"({describe(error)}); read marks and stars will not be saved this session{kept}"
        )
        return memory_connection(rows), False
    if moved is not None:
        warnings.append(
            f"{db}: the state database was damaged ({reason}); it was moved to {moved.name} "
            f"and a new one started{kept}"
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = store.connect(db)
        prepare(conn)
        if rows:
            insert_rows(conn, rows)
        return conn, True
    except (sqlite3.Error, Corrupt, TooNew) as error:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        raise Unwritable(
            f"{db}: cannot start a new state database ({describe(error)})", rows
        ) from error
