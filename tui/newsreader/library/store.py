"""The library's SQLite file: every file seen, every article's header, every folder's mtime.

Tables:

* ``files`` — one row per ``*.txt`` file seen: its path, size and ``st_mtime_ns`` when parsed,
  and either the ``key`` of its article or the ``reason`` it holds none (empty, binary, a
  duplicate of another file …): a file is parsed again only when its size or mtime changes;
* ``articles`` — one row per article, keyed by ``key`` (also its tantivy document's key): its
  id and path, and every field of :class:`~newsreader.article.Article` but the body as one
  ``marshal`` blob (100k headers read in ~0.5 s; one column per field took 2 s). The body is
  read from the file when shown (bodies are most of a corpus: here they would double it);
* ``folders`` — every folder walked and its ``st_mtime_ns``: a folder whose mtime is unchanged
  has gained and lost no file, so a quick check stats folders, not files;
* ``pending`` — the articles listed (their header read, so the timeline shows them) whose
  index document is not written yet: a cold build lists every file first, then indexes;
* ``meta`` — the versions the rows were written by (another parser: everything is parsed again).

Why SQLite for the headers rather than tantivy's stored fields: a warm start reads all 100k
headers at once, which is one ``SELECT`` here against 100k document fetches there.
"""

from __future__ import annotations

import functools
import marshal
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..article import Article, article_from_row, article_to_row
from .rows import article_row, db_text, duplicate_reason, header_of, py_text

__all__ = ["STORE_VERSION", "ArticleStore", "FileRow"]

#: Bump when the tables or the header blob change: a library of another version is made again.
STORE_VERSION = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    key INTEGER, reason TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL, path TEXT NOT NULL, rank INTEGER NOT NULL,
    header BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_timeline ON articles (rank, path);
CREATE INDEX IF NOT EXISTS articles_id ON articles (id);
CREATE INDEX IF NOT EXISTS files_reason ON files (reason) WHERE reason IS NOT NULL;
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending (key INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL, headers BLOB NOT NULL
);
"""
_COLUMNS = "key, header"
_T = TypeVar("_T")

#: A file as last seen: (size, mtime_ns, key or None, reason or None).
FileRow = tuple[int, int, int | None, str | None]


def _locked(method: Callable[..., _T]) -> Callable[..., _T]:
    """One thread at a time on the connection (the reader searches while it updates); the
    rows written since the last call are flushed first, so every query sees them."""

    @functools.wraps(method)
    def wrapper(self: ArticleStore, *args: Any, **kwargs: Any) -> _T:
        with self._mutex:
            if self._rows:
                self._flush()
            return method(self, *args, **kwargs)

    return wrapper


def _buffered(method: Callable[..., _T]) -> Callable[..., _T]:
    """One thread at a time; the method adds rows to the write buffer."""

    @functools.wraps(method)
    def wrapper(self: ArticleStore, *args: Any, **kwargs: Any) -> _T:
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper


class ArticleStore:
    """The SQLite file of one library. Writes are batched: call :meth:`commit`. Safe to share
    between threads (calls are serialised)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mutex = threading.RLock()
        self._changing = False
        # Rows written, sent to SQLite in batches (one ``executemany`` per table: a cold build
        # writes 100k articles, and a statement each cost ~9 s of the reader's one core).
        self._rows: dict[str, list[tuple[object, ...]]] = {}
        self._ids: dict[str, str] = {}  # id → path of the articles in the buffer
        self._last_key: int | None = None
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level="DEFERRED")
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._conn.commit()

    # ---------------------------------------------------------------- versions
    @_locked
    def meta(self, name: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    @_locked
    def set_meta(self, name: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    @_locked
    def clear(self) -> None:
        """Forget everything (another parser or index version)."""
        with self._conn:
            for table in ("files", "articles", "folders", "meta", "snapshot", "pending"):
                self._conn.execute(f"DELETE FROM {table}")
        self._changing = False
        self._last_key = None

    # ---------------------------------------------------------------- reading
    @_locked
    def skips(self) -> list[tuple[str, str]]:
        """The files that hold no article, and why."""
        query = "SELECT path, reason FROM files WHERE reason IS NOT NULL ORDER BY path"
        return [(py_text(path), py_text(reason)) for path, reason in self._conn.execute(query)]

    @_locked
    def files(self) -> dict[str, FileRow]:
        """Every file seen, by path."""
        query = "SELECT path, size, mtime_ns, key, reason FROM files"
        rows = self._conn.execute(query)
        return {py_text(row[0]): (*row[1:4], row[4] and py_text(row[4])) for row in rows}

    @_locked
    def file(self, path: str) -> FileRow | None:
        """The row of one file (a watcher's update looks up a few, not 100k)."""
        query = "SELECT size, mtime_ns, key, reason FROM files WHERE path = ?"
        row = self._conn.execute(query, (db_text(path),)).fetchone()
        return None if row is None else (*row[:3], row[3] and py_text(row[3]))

    @_locked
    def folders(self) -> dict[str, int]:
        query = "SELECT path, mtime_ns FROM folders"
        return {py_text(path): mtime_ns for path, mtime_ns in self._conn.execute(query)}

    def articles(self) -> tuple[list[tuple[int, Article]], bool]:
        """Every article (without its body) with its key, and whether they came from the
        snapshot (else it is out of date: :meth:`save_snapshot`)."""
        with self._mutex:
            row = self._conn.execute(
                "SELECT headers FROM snapshot WHERE generation = ?", (self.generation(),)
            ).fetchone()
            if row is not None:
                try:
                    keys, rows = marshal.loads(row[0])
                    return list(zip(keys, map(article_from_row, rows), strict=True)), True
                except (ValueError, EOFError, TypeError):  # damaged: the rows are still there
                    pass
            rows = self._conn.execute(f"SELECT {_COLUMNS} FROM articles").fetchall()
        return list(map(header_of, rows)), False

    def generation(self) -> int:
        """A number that changes whenever an article is written or removed."""
        value = self.meta("generation")
        return int(value) if value else 0

    @_locked
    def save_snapshot(self, generation: int, articles: Iterable[tuple[int, Article]]) -> None:
        """Keep every header in one blob, read in one go at the next start (100k: one
        ``marshal.loads`` instead of 100k, ~0.5 s saved), if ``generation`` is still current."""
        if generation != self.generation():
            return
        keys, rows = [], []
        for key, article in articles:
            keys.append(key)
            rows.append(article_to_row(article))
        blob = marshal.dumps((keys, rows))
        self._conn.execute("INSERT OR REPLACE INTO snapshot VALUES (1, ?, ?)", (generation, blob))
        self._conn.commit()

    @_locked
    def newest(self, limit: int) -> list[tuple[int, Article]]:
        """The first ``limit`` articles of the timeline (newest first, undated last)."""
        query = f"SELECT {_COLUMNS} FROM articles ORDER BY rank, path LIMIT ?"
        return list(map(header_of, self._conn.execute(query, (limit,)).fetchall()))

    @_locked
    def count(self) -> int:
        """How many articles the library holds."""
        return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    @_locked
    def indexed_count(self) -> int:
        """How many articles have their index document (all but the pending ones)."""
        pending = self._conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
        return self.count() - pending

    @_locked
    def pending(self) -> dict[str, int]:
        """The files whose article is listed but not indexed yet: path → key."""
        query = "SELECT files.path, files.key FROM pending JOIN files ON files.key = pending.key"
        return {py_text(path): key for path, key in self._conn.execute(query)}

    @_locked
    def pending_ids(self) -> dict[int, str]:
        """The id of each pending article, by key (to tell a file rewritten since listed)."""
        query = "SELECT articles.key, articles.id FROM pending JOIN articles USING (key)"
        return dict(self._conn.execute(query).fetchall())

    @_locked
    def article(self, key: int) -> Article | None:
        query = f"SELECT {_COLUMNS} FROM articles WHERE key = ?"
        row = self._conn.execute(query, (key,)).fetchone()
        return None if row is None else header_of(row)[1]

    @_buffered
    def path_of_id(self, article_id: str) -> str | None:
        """The file of the article with this id, if the library holds one."""
        if (path := self._ids.get(article_id)) is not None:
            return path
        query = "SELECT path FROM articles WHERE id = ?"
        row = self._conn.execute(query, (article_id,)).fetchone()
        return None if row is None else py_text(row[0])

    @_locked
    def last_key(self) -> int:
        """The last key given out (keys are never given twice: a stale hit cannot show
        another article)."""
        value = self.meta("last_key")
        row = self._conn.execute("SELECT MAX(key) FROM articles").fetchone()
        return max(int(value) if value else 0, row[0] or 0)

    @_buffered
    def take_key(self) -> int:
        if self._last_key is None:
            self._last_key = self.last_key()
        self._last_key += 1
        self._buffer("meta", ("last_key", str(self._last_key)))
        return self._last_key

    @_locked
    def stranded_duplicates(self) -> list[str]:
        """Files skipped as duplicates of a file that no longer holds an article."""
        query = (  # a range of the reason index (LIKE would scan every file)
            "SELECT path, reason FROM files "
            "WHERE reason >= 'duplicate of ' AND reason < 'duplicate of!' "
            "OR typeof(reason) = 'blob'"
        )
        stranded = []
        for path, reason in self._conn.execute(query).fetchall():
            reason = py_text(reason)
            if not reason.startswith("duplicate of "):
                continue
            first = reason.removeprefix("duplicate of ").removesuffix(" (same text)")
            query = "SELECT key FROM files WHERE path = ?"
            row = self._conn.execute(query, (db_text(first),)).fetchone()
            if row is None or row[0] is None:
                stranded.append(py_text(path))
        return stranded

    @_locked
    def duplicates_of(self, paths: Iterable[str]) -> list[str]:
        """Files skipped as duplicates of one of ``paths``."""
        found = []
        for path in paths:
            query = "SELECT path FROM files WHERE reason = ?"
            reason = db_text(duplicate_reason(path))
            found += [py_text(row[0]) for row in self._conn.execute(query, (reason,))]
        return found

    # ---------------------------------------------------------------- writing
    def _changed(self) -> None:
        if not self._changing:  # the generation moves once per transaction
            self._changing = True
            generation = self.generation() + 1
            self._conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,)
            )

    @_buffered
    def put_article(
        self, key: int, size: int, mtime_ns: int, article: Article, *, pending: bool = False
    ) -> None:
        """Write an article's header and its file; ``pending``: its document is not in the
        index yet (else it is, or is about to be with the next commit)."""
        self._changed()
        self._buffer("pending" if pending else "indexed", (key,))
        self._buffer("articles", article_row(key, article))
        self._buffer("files", (db_text(article.path), size, mtime_ns, key, None))
        self._ids[article.id] = article.path

    @_buffered
    def put_skip(self, path: str, size: int, mtime_ns: int, reason: str) -> None:
        self._buffer("files", (db_text(path), size, mtime_ns, None, db_text(reason)))

    @_buffered
    def set_indexed(self, key: int) -> None:
        """The document of the article ``key`` is written (it was listed, pending)."""
        self._buffer("indexed", (key,))

    def _buffer(self, table: str, row: tuple[object, ...]) -> None:
        self._rows.setdefault(table, []).append(row)

    def _flush(self) -> None:
        """Send the buffered rows to SQLite, in the order the tables depend on."""
        rows, self._rows = self._rows, {}
        ids, self._ids = self._ids, {}
        try:
            self._write(rows)
        except BaseException:  # kept for the caller's rollback or retry: nothing lost silently
            for table, batch in self._rows.items():
                rows.setdefault(table, []).extend(batch)
            self._rows, self._ids = rows, {**ids, **self._ids}
            raise

    def _write(self, rows: dict[str, list[tuple[object, ...]]]) -> None:
        statements = [
            ("meta", "INSERT OR REPLACE INTO meta VALUES (?, ?)"),
            ("articles", "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)"),
            ("files", "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)"),
            ("pending", "INSERT OR REPLACE INTO pending VALUES (?)"),
            ("indexed", "DELETE FROM pending WHERE key = ?"),
        ]
        for table, statement in statements:
            if table in rows:
                batch = rows[table][-1:] if table == "meta" else rows[table]  # the last key
                self._conn.executemany(statement, batch)

    @_locked
    def remove_file(self, path: str) -> int | None:
        """Forget ``path``; the key of its article (to delete from the index), if it had one."""
        where = (db_text(path),)
        row = self._conn.execute("SELECT key FROM files WHERE path = ?", where).fetchone()
        self._conn.execute("DELETE FROM files WHERE path = ?", where)
        if row is None or row[0] is None:
            return None
        self._changed()
        self._conn.execute("DELETE FROM articles WHERE key = ?", (row[0],))
        self._conn.execute("DELETE FROM pending WHERE key = ?", (row[0],))
        return row[0]

    @_locked
    def set_folders(self, folders: dict[str, int], gone: Iterable[str] = ()) -> None:
        rows = ((db_text(path), mtime_ns) for path, mtime_ns in folders.items())
        self._conn.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?)", rows)
        self._conn.executemany("DELETE FROM folders WHERE path = ?", ((db_text(p),) for p in gone))

    @_locked
    def commit(self) -> None:
        self._conn.commit()
        self._changing = False

    @_buffered
    def rollback(self) -> None:
        """Undo everything since the last commit, the rows still buffered included."""
        self._rows, self._ids = {}, {}
        self._conn.rollback()
        self._changing = False
        self._last_key = None

    @_locked
    def close(self) -> None:
        try:
            self._conn.commit()
        finally:
            self._conn.close()
