"""The reader's memory: read marks, stars, last article and query, scroll positions.

Stored in SQLite (``state.db`` in the data dir, see :mod:`newsreader.locations`), keyed by article
id so renaming or moving files keeps the marks. The store is built to survive what users do to it:

* every change is one short ``BEGIN IMMEDIATE`` transaction in WAL mode with a busy timeout, so
  two instances can write at once and a ``kill -9`` loses at most the change in flight;
* a damaged database (garbage, truncated, empty, tables of the wrong shape, failing ``PRAGMA
  quick_check``) is moved aside to ``state.db.corrupt-<timestamp>`` with its ``-wal``/``-shm``
  (never deleted), whatever rows can still be read are carried over, a warning is recorded and a
  fresh store is started;
* when the store cannot be written (read-only dir, file or ``-shm``, full disk, …) the state keeps
  working in memory, seeded with whatever could be read, and says so once in
  :attr:`State.warnings`; the file is tried again (a new connection) at each change and at
  :meth:`State.close`, and once it can be written the changes kept meanwhile are written to it.

No method raises for a storage problem: failures become warnings. Safe to call from several
threads (calls are serialised).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from . import locations

SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000
#: How long :meth:`State.open` waits for another instance that is opening or repairing the store.
_OPEN_LOCK_WAIT_S = 10.0

_T = TypeVar("_T")

_TABLES: dict[str, str] = {
    "read_marks": "CREATE TABLE IF NOT EXISTS read_marks "
    "(id TEXT PRIMARY KEY NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID",
    "stars": "CREATE TABLE IF NOT EXISTS stars "
    "(id TEXT PRIMARY KEY NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID",
    "scroll": "CREATE TABLE IF NOT EXISTS scroll "
    "(id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID",
    "meta": "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID",
}
_COLUMNS = {
    "read_marks": ("id", "at"),
    "stars": ("id", "at"),
    "scroll": ("id", "position"),
    "meta": ("key", "value"),
}
_KEPT = "read marks and stars are kept in memory and saved once it can be written again"

_SQLITE_MAGIC = b"SQLite format 3\0"
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

_Rows = dict[str, list[tuple[object, ...]]]


class _Corrupt(Exception):
    """The database opened but failed its check."""


class _TooNew(Exception):
    """The database was written by a newer schema than this code knows."""


class _Unwritable(Exception):
    """The store cannot be written now (permissions, a full disk, …); it may be later."""

    def __init__(self, message: str, rows: _Rows) -> None:
        super().__init__(message)
        self.rows = rows


def _primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_corruption(error: BaseException) -> bool:
    return isinstance(error, _Corrupt) or _primary_code(error) in _CORRUPT_CODES


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def _connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """Every connection the module makes goes through here (tests substitute it)."""
    return sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # autocommit: transactions are explicit
        check_same_thread=False,  # calls are serialised by State._lock
        uri=uri,
    )


def _create_tables(conn: sqlite3.Connection) -> None:
    for statement in _TABLES.values():
        conn.execute(statement)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _schema_problem(conn: sqlite3.Connection) -> str | None:
    """What is wrong with the shape of our tables (None: each is right or missing)."""
    kinds = dict(
        conn.execute(
            "SELECT lower(name), type FROM sqlite_master WHERE type IN ('table', 'view', 'index')"
        ).fetchall()
    )
    for table, columns in _COLUMNS.items():
        kind = kinds.get(table)
        if kind is not None and kind != "table":
            return f"wrong schema: {table} is a {kind}"
        found = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
        if kind is not None and found != columns:
            return f"wrong schema: table {table} has columns ({', '.join(map(str, found))})"
    return None


def _prepare(conn: sqlite3.Connection, *, check: bool = True) -> None:
    """Configure, check (``check``: with ``quick_check``, which reads the whole file) and
    migrate an open connection; raises on any problem."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # The first statement that reads the file: garbage raises SQLITE_NOTADB here.
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = NORMAL")
    problems = ["ok"]
    if check:
        problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if problems != ["ok"]:
        lines = [line.strip() for problem in problems for line in problem.splitlines()]
        lines = [line for line in lines if line and not line.startswith("***")]
        text = "; ".join(lines[:2]) or "failed its check"
        raise _Corrupt(text if len(text) <= 120 else text[:117] + "...")
    with _transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _TooNew(version)
        problem = _schema_problem(conn)
        if problem:
            raise _Corrupt(problem)
        _create_tables(conn)  # schema 1; later versions add steps here
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        # A real write, so an unwritable file is found now rather than at the first star.
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', ?)", (int(time.time()),)
        )


def _read_rows(conn: sqlite3.Connection) -> _Rows:
    """Whatever rows of our tables can be read (a damaged table: the rows before the damage)."""
    rows: _Rows = {}
    for table, columns in _COLUMNS.items():
        found: list[tuple[object, ...]] = []
        try:
            query = f"SELECT {', '.join(columns)} FROM {table} WHERE typeof({columns[0]}) = 'text'"
            found.extend(tuple(row) for row in conn.execute(query))
        except sqlite3.Error:
            pass
        rows[table] = found
    return rows


def _insert_rows(conn: sqlite3.Connection, rows: _Rows) -> None:
    with _transaction(conn):
        for table, found in rows.items():
            if found:
                conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", found)


def _changes(number: int) -> str:
    return f"{number} change{'s' * (number != 1)}"


def _any(rows: _Rows) -> bool:
    return any(rows.values())


def _count(rows: _Rows) -> str:
    reads, stars = len(rows.get("read_marks", ())), len(rows.get("stars", ()))
    return f"{reads} read mark{'s' * (reads != 1)} and {stars} star{'s' * (stars != 1)}"


def _read_only_rows(path: Path) -> _Rows:
    """The rows of an existing database we cannot write, read without changing the file."""
    if not path.is_file():
        return {}
    uri = Path(os.path.abspath(path)).as_uri()
    for query in ("?mode=ro", "?immutable=1"):
        try:
            conn = _connect(uri + query, uri=True)
        except sqlite3.Error:
            continue
        try:
            rows = _read_rows(conn)
        finally:
            conn.close()
        if _any(rows):
            return rows
    return {}


def _memory_connection(rows: _Rows | None = None) -> sqlite3.Connection:
    conn = _connect(":memory:")
    _create_tables(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if rows:
        _insert_rows(conn, rows)
    return conn


@contextlib.contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
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


class State:
    """Read marks, stars and positions; open with :meth:`State.open`.

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
        self._identity = _identity(path) if persistent and path is not None else None
        # While the file cannot be written: it is tried again at each change, and the changes
        # made meanwhile (in memory) are kept here to be written to it then.
        self._retry = False
        self._unsaved: list[Callable[[sqlite3.Connection], object]] = []
        for warning in warnings:
            self._warn(warning)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> State:
        """Open (or create) the store at ``path``, default the data dir's ``state.db``.

        Never raises for a storage problem: see the module docstring.
        """
        db = Path(os.path.abspath(path)) if path is not None else locations.state_db()
        warnings: list[str] = []
        try:
            locations.ensure_dir(db.parent)
            with _directory_lock(db.parent):
                conn, persistent = _open_locked(db, warnings)
            return cls(conn, db, persistent, warnings)
        except OSError as error:
            failure = _Unwritable(
                f"{db.parent}: cannot create the data folder ({_describe(error)})", {}
            )
        except _Unwritable as error:
            failure = error
        state = cls(_memory_connection(failure.rows), db, False, warnings)
        state._detach(str(failure))
        return state

    @classmethod
    def in_memory(cls) -> State:
        """A state that saves nothing (for tests, or a ``--no-state`` mode)."""
        return cls(_memory_connection(), None, False, [])

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
                    with _transaction(conn):
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
            if not _plain_store(self.path):
                raise _Corrupt("replaced while it could not be written")
            conn = _connect(self.path)
            _prepare(conn, check=False)
            with _transaction(conn):
                for work in self._unsaved:
                    work(conn)
        except (OSError, sqlite3.Error, _Corrupt, _TooNew) as error:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            if isinstance(error, _Corrupt | _TooNew) or _is_corruption(error):
                # Left for the next start to set aside (or, a newer one, to leave alone).
                self._retry, self._unsaved = False, []
                self._warn(
                    f"{self.path}: cannot save ({_describe(error)}); read marks and stars will "
                    "not be saved this session"
                )
            return
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        written = len(self._unsaved)
        self._conn, self._persistent, self._retry, self._unsaved = conn, True, False, []
        self._identity = _identity(self.path)
        kept = f"; {_changes(written)} kept in memory written" if written else ""
        self.warnings.append(f"{self.path}: saving again{kept}")

    def _recover(self, error: sqlite3.Error, action: str) -> bool:
        """Deal with a failure in ``action``; True when a new connection should be tried."""
        where = self.path if self.path is not None else "state"
        if not self._persistent or isinstance(
            error, sqlite3.ProgrammingError | sqlite3.InterfaceError
        ):
            # A memory store failing, or a bad argument: nothing to repair.
            self._warn(f"{where}: could not {action}: {_describe(error)}")
            return False
        if _primary_code(error) in _BUSY_CODES:
            self._warn(
                f"{where}: could not {action}: the database stayed locked (another newsreader "
                "running?); that change was not saved"
            )
            return False
        assert self._conn is not None and self.path is not None
        rows = _read_rows(self._conn)
        problem = None
        if not _is_corruption(error):
            with contextlib.suppress(sqlite3.Error):
                problem = _schema_problem(self._conn)  # a table changed under us
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = None
        if not (_is_corruption(error) or problem):  # permissions, a full disk, …
            self._conn = _memory_connection(rows)
            self._detach(f"{self.path}: cannot save ({_describe(error)})")
            return True
        warnings: list[str] = []
        reason = problem or _describe(error)
        failure: _Unwritable | None = None
        try:
            with _directory_lock(self.path.parent):
                conn, persistent = _repair(self.path, rows, reason, warnings, expect=self._identity)
        except _Unwritable as unwritable:  # no new store could be started: tried again later
            conn, persistent, failure = _memory_connection(unwritable.rows), False, unwritable
        for warning in warnings:
            self._warn(warning)
        self._conn, self._persistent = conn, persistent
        self._identity = _identity(self.path) if persistent else None
        if failure is not None:
            self._detach(str(failure))
        return True

    # -- read marks ------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        """Whether the article has been read."""
        return self._run(
            "read a mark", lambda c: _has(c, "read_marks", article_id), False, write=False
        )

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Mark the article read (or unread)."""
        self._run(
            "save a read mark", lambda c: _put(c, "read_marks", article_id, read), None, write=True
        )

    def set_read_many(self, article_ids: Iterable[str], read: bool = True) -> None:
        """Mark many articles read (or unread) in one transaction."""
        ids = list(article_ids)
        now = int(time.time())

        def work(conn: sqlite3.Connection) -> None:
            if read:
                conn.executemany(
                    "INSERT OR IGNORE INTO read_marks (id, at) VALUES (?, ?)",
                    [(article_id, now) for article_id in ids],
                )
            else:
                conn.executemany(
                    "DELETE FROM read_marks WHERE id = ?", [(article_id,) for article_id in ids]
                )

        self._run("save read marks", work, None, write=True)

    def toggle_read(self, article_id: str) -> bool:
        """Flip the read mark; returns the new value."""
        new = self._run(
            "save a read mark", lambda c: _toggle(c, "read_marks", article_id), None, write=True
        )
        return self.is_read(article_id) if new is None else new

    def read_ids(self) -> set[str]:
        """The ids of every read article (one query; cheap at 100k)."""
        return self._run("read the read marks", lambda c: _ids(c, "read_marks"), set(), write=False)

    # -- stars -----------------------------------------------------------------------------

    def is_starred(self, article_id: str) -> bool:
        """Whether the article is starred."""
        return self._run("read a star", lambda c: _has(c, "stars", article_id), False, write=False)

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        """Star (or unstar) the article."""
        self._run("save a star", lambda c: _put(c, "stars", article_id, starred), None, write=True)

    def toggle_star(self, article_id: str) -> bool:
        """Flip the star; returns the new value."""
        new = self._run("save a star", lambda c: _toggle(c, "stars", article_id), None, write=True)
        return self.is_starred(article_id) if new is None else new

    def starred_ids(self) -> set[str]:
        """The ids of every starred article."""
        return self._run("read the stars", lambda c: _ids(c, "stars"), set(), write=False)

    # -- where the reader was --------------------------------------------------------------

    def get_last_article(self) -> str | None:
        """The id of the article highlighted when the reader last ran."""
        value = self._run(
            "read the last article", lambda c: _meta(c, "last_article"), None, write=False
        )
        return value if isinstance(value, str) and value else None

    def set_last_article(self, article_id: str | None) -> None:
        """Remember the highlighted article (``None`` forgets it)."""
        self._run(
            "save the last article",
            lambda c: _set_meta(c, "last_article", article_id),
            None,
            write=True,
        )

    def get_last_query(self, corpus: str = "") -> str:
        """The search query when the reader last ran on ``corpus`` (a name for its folders;
        "" for none)."""
        key = f"last_query:{corpus}" if corpus else "last_query"
        value = self._run("read the last query", lambda c: _meta(c, key), None, write=False)
        return value if isinstance(value, str) else ""

    def set_last_query(self, query: str, corpus: str = "") -> None:
        """Remember the search query typed on ``corpus``: each corpus has its own."""
        key = f"last_query:{corpus}" if corpus else "last_query"
        self._run(
            "save the last query", lambda c: _set_meta(c, key, query or None), None, write=True
        )

    def get_preference(self, name: str) -> str | None:
        """A choice made in the reader and kept (``order``: how hits are sorted), or None."""
        value = self._run(
            "read a preference", lambda c: _meta(c, f"pref:{name}"), None, write=False
        )
        return value if isinstance(value, str) else None

    def set_preference(self, name: str, value: str | None) -> None:
        """Keep a choice made in the reader (``None`` forgets it)."""
        self._run(
            "save a preference", lambda c: _set_meta(c, f"pref:{name}", value), None, write=True
        )

    def get_scroll(self, article_id: str) -> int:
        """The saved scroll position (a line number) in the article, 0 if none."""

        def work(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT position FROM scroll WHERE id = ?", (article_id,)).fetchone()
            return row[0] if row and isinstance(row[0], int) else 0

        return self._run("read a scroll position", work, 0, write=False)

    def set_scroll(self, article_id: str, position: int) -> None:
        """Save the scroll position in the article (0 or less forgets it)."""
        position = int(position)

        def work(conn: sqlite3.Connection) -> None:
            if position > 0:
                conn.execute(
                    "INSERT OR REPLACE INTO scroll (id, position) VALUES (?, ?)",
                    (article_id, position),
                )
            else:
                conn.execute("DELETE FROM scroll WHERE id = ?", (article_id,))

        self._run("save a scroll position", work, None, write=True)

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

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if not self._persistent else str(self.path)
        return f"<State {where}{' closed' if self._conn is None else ''}>"


# -- statements ----------------------------------------------------------------------------


def _has(conn: sqlite3.Connection, table: str, article_id: str) -> bool:
    query = f"SELECT 1 FROM {table} WHERE id = ?"
    return conn.execute(query, (article_id,)).fetchone() is not None


def _put(conn: sqlite3.Connection, table: str, article_id: str, present: bool) -> None:
    if present:
        conn.execute(
            f"INSERT OR IGNORE INTO {table} (id, at) VALUES (?, ?)", (article_id, int(time.time()))
        )
    else:
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (article_id,))


def _toggle(conn: sqlite3.Connection, table: str, article_id: str) -> bool:
    present = not _has(conn, table, article_id)
    _put(conn, table, article_id, present)
    return present


def _ids(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[0] for row in conn.execute(f"SELECT id FROM {table}")}


def _meta(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def _set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


# -- opening and repair (called with the directory lock held) --------------------------------


def _has_sqlite_header(db: Path) -> bool:
    """False for a file that is certainly not SQLite (checked before SQLite touches its WAL)."""
    try:
        with open(db, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError:
        return True  # missing (a new store) or unreadable: SQLite reports it
    return not head or head == _SQLITE_MAGIC


def _plain_store(db: Path) -> bool:
    """Whether ``db`` is missing or a non-empty regular file that looks like SQLite."""
    try:
        info = os.stat(db)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode) and info.st_size > 0 and _has_sqlite_header(db)


def _open_locked(db: Path, warnings: list[str]) -> tuple[sqlite3.Connection, bool]:
    """Open ``db`` (repairing it if it is damaged); raises :class:`_Unwritable` if it cannot
    be written now."""
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.stat(db).st_mode):  # a FIFO would make every read wait
            warnings.append(
                f"{db}: not a regular file (a FIFO, a device or a folder); "
                "read marks and stars will not be saved this session"
            )
            return _memory_connection(), False
    if not _has_sqlite_header(db):
        # Repair before connecting: SQLite would delete a -wal/-shm it finds beside garbage.
        return _repair(db, {}, "file is not a database", warnings)
    with contextlib.suppress(OSError):
        if os.stat(db).st_size == 0:  # emptied (a full disk, a mistake): say so, keep it aside
            return _repair(db, {}, "the file is empty (0 bytes)", warnings)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(db)
        _prepare(conn)
        return conn, True
    except (sqlite3.Error, _Corrupt, _TooNew) as error:
        rows = _read_rows(conn) if conn is not None else {}
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        if isinstance(error, _TooNew):
            warnings.append(
                f"{db}: written by a newer newsreader (schema {error.args[0]}, this one knows "
                f"{SCHEMA_VERSION}); read marks and stars will not be saved this session"
            )
            return _memory_connection(rows if _any(rows) else _read_only_rows(db)), False
        if _is_corruption(error):
            return _repair(db, rows, _describe(error), warnings)
        raise _Unwritable(
            f"{db}: cannot open the state database for writing ({_describe(error)})",
            rows if _any(rows) else _read_only_rows(db),
        ) from error


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _repair(
    db: Path,
    rows: _Rows,
    reason: str,
    warnings: list[str],
    *,
    expect: tuple[int, int] | None = None,
) -> tuple[sqlite3.Connection, bool]:
    """Move a damaged store aside and start a fresh one holding the rows that could be read.

    With ``expect`` (the identity of the file found damaged), a file that has meanwhile been
    replaced (another instance repaired it first) is left alone and simply opened.
    """
    kept = f"; {_count(rows)} could be carried over" if _any(rows) else ""
    try:
        replaced = expect is not None and _identity(db) != expect
        moved = None if replaced else _move_aside(db)
    except FileNotFoundError:
        moved = None  # another instance already moved it: just open what is there now
    except OSError as error:
        warnings.append(
            f"{db}: the state database is damaged ({reason}) and could not be moved aside "
            f"({_describe(error)}); read marks and stars will not be saved this session{kept}"
        )
        return _memory_connection(rows), False
    if moved is not None:
        warnings.append(
            f"{db}: the state database was damaged ({reason}); it was moved to {moved.name} "
            f"and a new one started{kept}"
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(db)
        _prepare(conn)
        if rows:
            _insert_rows(conn, rows)
        return conn, True
    except (sqlite3.Error, _Corrupt, _TooNew) as error:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        raise _Unwritable(
            f"{db}: cannot start a new state database ({_describe(error)})", rows
        ) from error
