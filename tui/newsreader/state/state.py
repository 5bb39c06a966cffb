"""The reader's memory as the store keeps it: read marks, stars, the last article and query,
preferences and scroll positions, by article id. While the reader runs, the marks are held by
:class:`~newsreader.state.marks.Marks`, which writes each change through to the :class:`State`."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from .durable import Durable


class State(Durable):
    """Read marks, stars and positions; open with :meth:`State.open`.

    ``warnings`` collects human-readable problems (damaged store moved aside, store not writable);
    :meth:`pop_warnings` returns the ones not yet taken.
    """

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
