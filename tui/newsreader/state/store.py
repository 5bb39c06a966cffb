"""The SQLite underneath the reader's memory: the tables, every connection, transactions, the
checks a database must pass and the rows that can still be read from a damaged one.

See :mod:`newsreader.state` for what the store survives; :mod:`.repair` opens the file and sets a
damaged one aside, :mod:`.durable` keeps a :class:`~newsreader.state.State` working whatever
happens to it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000

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

_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}

Rows = dict[str, list[tuple[object, ...]]]


class Corrupt(Exception):
    """The database opened but failed its check."""


class TooNew(Exception):
    """The database was written by a newer schema than this code knows."""


class Unwritable(Exception):
    """The store cannot be written now (permissions, a full disk, …); it may be later."""

    def __init__(self, message: str, rows: Rows) -> None:
        super().__init__(message)
        self.rows = rows


def primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_corruption(error: BaseException) -> bool:
    return isinstance(error, Corrupt) or primary_code(error) in _CORRUPT_CODES


def describe(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """Every connection the package makes goes through here (tests substitute it)."""
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
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_problem(conn: sqlite3.Connection) -> str | None:
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


def prepare(conn: sqlite3.Connection, *, check: bool = True) -> None:
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
        raise Corrupt(text if len(text) <= 120 else text[:117] + "...")
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise TooNew(version)
        problem = schema_problem(conn)
        if problem:
            raise Corrupt(problem)
        _create_tables(conn)  # schema 1; later versions add steps here
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        # A real write, so an unwritable file is found now rather than at the first star.
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', ?)", (int(time.time()),)
        )


def read_rows(conn: sqlite3.Connection) -> Rows:
    """Whatever rows of our tables can be read (a damaged table: the rows before the damage)."""
    rows: Rows = {}
    for table, columns in _COLUMNS.items():
        found: list[tuple[object, ...]] = []
        try:
            query = f"SELECT {', '.join(columns)} FROM {table} WHERE typeof({columns[0]}) = 'text'"
            found.extend(tuple(row) for row in conn.execute(query))
        except sqlite3.Error:
            pass
        rows[table] = found
    return rows


def insert_rows(conn: sqlite3.Connection, rows: Rows) -> None:
    with transaction(conn):
        for table, found in rows.items():
            if found:
                conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", found)


def has_rows(rows: Rows) -> bool:
    return any(rows.values())


def memory_connection(rows: Rows | None = None) -> sqlite3.Connection:
    conn = connect(":memory:")
    _create_tables(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if rows:
        insert_rows(conn, rows)
    return conn
