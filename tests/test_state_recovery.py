"""The store gets over what happens to it: tables of the wrong shape, permissions taken away and
given back, a full disk that frees up. Every change the reader made meanwhile reaches the file."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.state import State
from newsreader.state import store as state_store

from .test_state import corrupt_copies, spawn


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


def on_disk(db: Path, table: str = "read_marks") -> set[str]:
    """What another process reading the file finds."""
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute(f"SELECT id FROM {table}")}
    finally:
        conn.close()


# -- tables of the wrong shape ---------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        "CREATE TABLE read_marks (article TEXT, seen INTEGER)",  # other columns
        "CREATE VIEW read_marks AS SELECT 1 AS id, 2 AS at",  # the table cannot be created
        "CREATE TABLE x (id); CREATE INDEX read_marks ON x (id)",
    ],
)
def test_a_store_with_tables_of_the_wrong_shape_is_set_aside_once(db: Path, schema: str) -> None:
    with State.open(db) as state:
        state.set_starred("kept")
    conn = sqlite3.connect(db)
    conn.executescript(f"DROP TABLE read_marks; {schema};")
    conn.close()
    before = db.read_bytes()

    with State.open(db) as state:
        (warning,) = state.warnings
        assert "wrong schema" in warning and "read_marks" in warning
        assert "moved to state.db.corrupt-" in warning
        assert state.persistent and state.is_starred("kept")  # what could be read is kept
        for number in range(5):
            state.set_read(f"a{number}")
        assert len(state.warnings) == 1  # writes work: no save error, now or later
    (moved,) = [path for path in corrupt_copies(db) if not path.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == before
    assert on_disk(db) == {f"a{number}" for number in range(5)}
    assert on_disk(db, "stars") == {"kept"}


def test_a_table_changed_under_a_running_reader_is_set_aside_at_the_next_write(db: Path) -> None:
    state = State.open(db)
    state.set_starred("kept")
    other = sqlite3.connect(db)
    other.executescript("DROP TABLE read_marks; CREATE TABLE read_marks (x, y, z);")
    other.close()
    state.set_read("a")
    state.set_read("b")
    (warning,) = state.warnings
    assert "wrong schema" in warning and "moved to" in warning
    assert state.persistent
    state.close()
    assert on_disk(db) == {"a", "b"} and on_disk(db, "stars") == {"kept"}


# -- permissions taken away and given back ---------------------------------------------------


def _writable(path: Path) -> bool:
    try:
        if path.is_dir():
            (path / ".probe").touch()
            (path / ".probe").unlink()
        else:
            os.close(os.open(path, os.O_RDWR))
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _frozen(path: Path) -> Iterator[Callable[[], None]]:
    """Make ``path`` unwritable (``chattr +i``, which binds root too, else ``chmod``); yields a
    function giving the permission back. Skips the test if neither works here."""
    undo: list[list[str]] = []
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)]).returncode == 0:
        undo.append(["chattr", "-i", str(path)])
    else:
        mode = path.stat().st_mode & 0o777
        os.chmod(path, mode & ~0o222)
        undo.append(["chmod", oct(mode)[2:], str(path)])

    def thaw() -> None:
        while undo:
            subprocess.run(undo.pop(), check=True)

    try:
        if _writable(path):
            pytest.skip("neither chattr +i nor chmod makes a file read-only here (root?)")
        yield thaw
    finally:
        thaw()


LEFT_BEHIND = """
    import sys
    from newsreader.state import State
    state = State.open(sys.argv[1])
    state.set_read("before")
    print("written", flush=True)
    sys.stdin.readline()  # killed here, its -wal and -shm left behind
"""


def _killed_writer(db: Path) -> None:
    child = spawn(LEFT_BEHIND, str(db))
    assert child.stdout is not None and child.stdout.readline() == "written\n"
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert Path(f"{db}-shm").exists()


@pytest.mark.parametrize("what", ["-shm", "folder"])
def test_permissions_given_back_mid_session_let_it_save_again(db: Path, what: str) -> None:
    _killed_writer(db)
    target = db.parent if what == "folder" else Path(f"{db}{what}")
    if what == "folder":  # only the database, no -wal/-shm: SQLite must create them
        State.open(db).close()
    with _frozen(target) as thaw:
        state = State.open(db)
        assert not state.persistent and state.is_read("before")
        (warning,) = state.warnings
        assert "kept in memory" in warning
        for number in range(20):
            state.set_read(f"m{number}")
        assert state.warnings == [warning]  # said once, not at every keystroke
        thaw()  # the user fixes the permissions
        state.set_starred("after")
    assert state.persistent
    assert state.warnings[1:] == [f"{db}: saving again; 20 changes kept in memory written"]
    assert on_disk(db) == {"before"} | {f"m{number}" for number in range(20)}
    assert on_disk(db, "stars") == {"after"}
    state.close()


def test_permissions_given_back_before_quitting_save_at_close(db: Path) -> None:
    _killed_writer(db)
    with _frozen(Path(f"{db}-shm")) as thaw:
        state = State.open(db)
        state.set_read("kept")
        thaw()
    state.close()
    assert on_disk(db) == {"before", "kept"}


# -- a full disk -----------------------------------------------------------------------------


class FullDisk:
    """File connections whose commits fail with SQLITE_FULL while ``full`` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        connect = state_store.connect
        disk = self

        class Connection:
            def __init__(self, conn: sqlite3.Connection) -> None:
                self.conn = conn

            def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
                if disk.full and sql == "COMMIT":
                    error = sqlite3.OperationalError("database or disk is full")
                    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
                    raise error
                return self.conn.execute(sql, *args)

            def __getattr__(self, name: str) -> object:
                return getattr(self.conn, name)

        def on_disk(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
            conn = connect(target, uri=uri)
            return conn if uri or str(target) == ":memory:" else Connection(conn)  # type: ignore[return-value]

        monkeypatch.setattr(state_store, "connect", on_disk)


def test_changes_made_on_a_full_disk_are_written_when_it_has_room(db: Path, monkeypatch) -> None:
    disk = FullDisk(monkeypatch)
    state = State.open(db)
    state.set_read("a")
    disk.full = True
    state.set_read("b")  # never raises
    state.set_starred("c")
    state.set_read("a", False)
    (warning,) = state.warnings
    assert "database or disk is full" in warning and "kept in memory" in warning
    assert state.read_ids() == {"b"} and state.is_starred("c")  # the reader sees them
    assert on_disk(db) == {"a"}  # not on disk yet
    state.set_read("d")  # still full: tried again, quietly
    assert len(state.warnings) == 1 and on_disk(db) == {"a"}
    disk.full = False
    state.set_read("e")
    assert state.persistent
    assert state.warnings[1] == f"{db}: saving again; 4 changes kept in memory written"
    assert on_disk(db) == {"b", "d", "e"} and on_disk(db, "stars") == {"c"}
    state.close()


def test_a_full_disk_that_frees_before_quitting_is_written_at_close(db: Path, monkeypatch) -> None:
    disk = FullDisk(monkeypatch)
    state = State.open(db)
    disk.full = True
    state.set_read("a")
    state.set_read("b")
    disk.full = False
    state.close()
    assert on_disk(db) == {"a", "b"}


def test_a_disk_still_full_at_close_says_what_was_not_saved(db: Path, monkeypatch) -> None:
    disk = FullDisk(monkeypatch)
    state = State.open(db)
    disk.full = True
    state.set_read("a")
    state.set_read("b")
    state.close()
    assert state.warnings[-1] == f"{db}: 2 changes could not be saved"
    disk.full = False
    assert on_disk(db) == set()
