"""A connection to the store that never raises: each change one transaction, a damaged file set
aside and replaced, an unwritable one replaced by memory and tried again at each change.

:class:`Durable` is the plumbing under :class:`~newsreader.state.State`, which adds the marks.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Self, TypeVar

from .. import locations
from . import store
from .repair import directory_lock, identity, open_locked, plain_store, repair
from .store import (
    Corrupt,
    TooNew,
    Unwritable,
    describe,
    is_corruption,
    memory_connection,
    prepare,
    primary_code,
    read_rows,
    schema_problem,
    transaction,
)

_T = TypeVar("_T")

_KEPT = "read marks and stars are kept in memory and saved once it can be written again"
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _changes(number: int) -> str:
    return f"{number} change{'s' * (number != 1)}"


class Durable:
    """The store's connection and what keeps it working; open with :meth:`open`.

    ``warnings`` collects human-readable problems (damaged store moved aside, store not writable);
    :meth:`pop_warnings` returns the ones not yet taken.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, persistent: bool, warnings: list[str]
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._persistent = persistent
        self.warnings: list[str] = []
        self._taken = 0
        self._lock = threading.RLock()
        # Which file we opened: a repair moves the file aside only if it is still this one.
        self._identity = identity(path) if persistent and path is not None else None
        # While the file cannot be written: it is tried again at each change, and the changes
        # made meanwhile (in memory) are kept here to be written to it then.
        self._retry = False
        self._unsaved: list[Callable[[sqlite3.Connection], object]] = []
        for warning in warnings:
            self._warn(warning)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Self:
        """Open (or create) the store at ``path``, default the data dir's ``state.db``.

        Never raises for a storage problem: see :mod:`newsreader.state`.
        """
        db = Path(os.path.abspath(path)) if path is not None else locations.state_db()
        warnings: list[str] = []
        try:
            locations.ensure_dir(db.parent)
            with directory_lock(db.parent):
                conn, persistent = open_locked(db, warnings)
            return cls(conn, db, persistent, warnings)
        except OSError as error:
            failure = Unwritable(
                f"{db.parent}: cannot create the data folder ({describe(error)})", {}
            )
        except Unwritable as error:
            failure = error
        state = cls(memory_connection(failure.rows), db, False, warnings)
        state._detach(str(failure))
        return state

    @classmethod
    def in_memory(cls) -> Self:
        """A state that saves nothing (for tests, or a ``--no-state`` mode)."""
        return cls(memory_connection(), None, False, [])

    @property
    def persistent(self) -> bool:
        """True while changes are being saved to disk."""
        return self._persistent

    # -- warnings --------------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def pop_warnings(self) -> list[str]:
        """Warnings recorded since the last call (all of them the first time)."""
        new = self.warnings[self._taken :]
        self._taken = len(self.warnings)
        return new

    # -- plumbing --------------------------------------------------------------------------

    def _run(
        self, action: str, work: Callable[[sqlite3.Connection], _T], fallback: _T, *, write: bool
    ) -> _T:
        with self._lock:
            if write and self._retry and self._conn is not None:
                self._reattach()
            for _attempt in range(2):
                conn = self._conn
                if conn is None:
                    return fallback
                try:
                    if not write:
                        return work(conn)
                    with transaction(conn):
                        result = work(conn)
                    if self._retry:  # done in memory: to be written to the file later
                        self._unsaved.append(work)
                    return result
                except sqlite3.Error as error:
                    if not self._recover(error, action):
                        return fallback
            return fallback

    def _detach(self, problem: str) -> None:
        """The file cannot be written now: go on in memory, say so once, try it again later."""
        self._persistent, self._retry, self._identity = False, True, None
        self.warnings.append(f"{problem}; {_KEPT}")

    def _reattach(self) -> None:
        """Try the file again (quickly: no check, nothing read); once it can be written, write
        the changes kept in memory meanwhile and go on saving to it."""
        assert self.path is not None and self._conn is not None
        conn: sqlite3.Connection | None = None
        try:
            locations.ensure_dir(self.path.parent)
            if not plain_store(self.path):
                raise Corrupt("replaced while it could not be written")
            conn = store.connect(self.path)
            prepare(conn, check=False)
            with transaction(conn):
                for work in self._unsaved:
                    work(conn)
        except (OSError, sqlite3.Error, Corrupt, TooNew) as error:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            if isinstance(error, Corrupt | TooNew) or is_corruption(error):
                # Left for the next start to set aside (or, a newer one, to leave alone).
                self._retry, self._unsaved = False, []
                self._warn(
                    f"{self.path}: cannot save ({describe(error)}); read marks and stars will "
                    "not be saved this session"
                )
            return
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        written = len(self._unsaved)
        self._conn, self._persistent, self._retry, self._unsaved = conn, True, False, []
        self._identity = identity(self.path)
        kept = f"; {_changes(written)} kept in memory written" if written else ""
        self.warnings.append(f"{self.path}: saving again{kept}")

    def _recover(self, error: sqlite3.Error, action: str) -> bool:
        """Deal with a failure in ``action``; True when a new connection should be tried."""
        where = self.path if self.path is not None else "state"
        if not self._persistent or isinstance(
            error, sqlite3.ProgrammingError | sqlite3.InterfaceError
        ):
            # A memory store failing, or a bad argument: nothing to repair.
            self._warn(f"{where}: could not {action}: {describe(error)}")
            return False
        if primary_code(error) in _BUSY_CODES:
            self._warn(
                f"{where}: could not {action}: the database stayed locked (another newsreader "
                "running?); that change was not saved"
            )
            return False
        assert self._conn is not None and self.path is not None
        rows = read_rows(self._conn)
        problem = None
        if not is_corruption(error):
            with contextlib.suppress(sqlite3.Error):
                problem = schema_problem(self._conn)  # a table changed under us
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = None
        if not (is_corruption(error) or problem):  # permissions, a full disk, …
            self._conn = memory_connection(rows)
            self._detach(f"{self.path}: cannot save ({describe(error)})")
            return True
        warnings: list[str] = []
        reason = problem or describe(error)
        failure: Unwritable | None = None
        try:
            with directory_lock(self.path.parent):
                conn, persistent = repair(self.path, rows, reason, warnings, expect=self._identity)
        except Unwritable as unwritable:  # no new store could be started: tried again later
            conn, persistent, failure = memory_connection(unwritable.rows), False, unwritable
        for warning in warnings:
            self._warn(warning)
        self._conn, self._persistent = conn, persistent
        self._identity = identity(self.path) if persistent else None
        if failure is not None:
            self._detach(str(failure))
        return True

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store (idempotent); later calls return defaults and save nothing.

        Changes kept in memory while the file could not be written are tried once more."""
        with self._lock:
            if self._retry and self._unsaved and self._conn is not None:
                self._reattach()
                if self._retry:
                    self._warn(f"{self.path}: {_changes(len(self._unsaved))} could not be saved")
            self._retry = False
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if not self._persistent else str(self.path)
        return f"<{type(self).__name__} {where}{' closed' if self._conn is None else ''}>"
