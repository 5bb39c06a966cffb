"""The reader's memory: persistence, restore, concurrency, crashes, corruption, read-only stores."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import newsreader
from newsreader import state as state_module
from newsreader.state import SCHEMA_VERSION, State
from newsreader.state import store as state_store

from .helpers import python_output

TUI = str(Path(newsreader.__file__).resolve().parents[1])


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = TUI + os.pathsep + env.get("PYTHONPATH", "")
    return env


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def corrupt_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.corrupt-*"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


# -- basics and restore ----------------------------------------------------------------------


def test_marks_and_stars(db: Path) -> None:
    with State.open(db) as state:
        assert state.persistent and state.warnings == []
        assert not state.is_read("a") and not state.is_starred("a")
        state.set_read("a")
        assert state.is_read("a")
        state.set_read("a", False)
        assert not state.is_read("a")
        state.set_read("b")
        state.set_read("b")  # twice: still one mark
        state.set_read("c", True)
        state.set_read("c", False)
        state.set_starred("b")
        assert state.is_starred("b")
        state.set_starred("d")
        state.set_read_many(["x", "y", "z"])
        state.set_read_many(["z"], read=False)
        assert state.read_ids() == {"b", "x", "y"}
        assert state.starred_ids() == {"b", "d"}
    with State.open(db) as again:
        assert again.warnings == []
        assert again.read_ids() == {"b", "x", "y"}
        assert again.starred_ids() == {"b", "d"}
        again.set_starred("b", False)
        assert again.starred_ids() == {"d"}


def test_restores_last_article_query_and_scroll(db: Path) -> None:
    with State.open(db) as state:
        assert state.get_last_article() is None
        assert state.get_last_query() == ""
        assert state.get_scroll("a1") == 0
        state.set_last_article("a1")
        state.set_last_query("тоқаев source:zakon")
        state.set_scroll("a1", 42)
        state.set_scroll("a2", 7)
        state.set_scroll("a2", 0)  # back at the top: forgotten
    with State.open(db) as state:
        assert state.get_last_article() == "a1"
        assert state.get_last_query() == "тоқаев source:zakon"
        assert state.get_scroll("a1") == 42
        assert state.get_scroll("a2") == 0
        state.set_last_article(None)
        state.set_last_query("")
    with State.open(db) as state:
        assert state.get_last_article() is None
        assert state.get_last_query() == ""


def test_store_is_wal_with_a_schema_version(db: Path) -> None:
    State.open(db).close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_default_location_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "elsewhere"))
    with State.open() as state:
        state.set_read("a")
        assert state.path == tmp_path / "elsewhere" / "state.db"
    assert (tmp_path / "elsewhere" / "state.db").is_file()


def test_bulk_getters_at_100k(db: Path) -> None:
    ids = [f"{number:016x}" for number in range(100_000)]
    with State.open(db) as state:
        state.set_read_many(ids)
        state.set_starred(ids[5])
    with State.open(db) as state:
        read = state.read_ids()
        assert len(read) == 100_000 and ids[-1] in read
        assert state.starred_ids() == {ids[5]}


def test_closed_state_returns_defaults(db: Path) -> None:
    state = State.open(db)
    state.set_read("a")
    state.close()
    state.close()
    assert state.is_read("a") is False
    assert state.read_ids() == set()
    state.set_read("b")  # ignored, never raises
    state.set_starred("b")
    assert not state.is_starred("b")


def test_in_memory_state_saves_nothing(tmp_path: Path) -> None:
    state = State.in_memory()
    assert not state.persistent and state.path is None
    state.set_starred("a")
    assert state.starred_ids() == {"a"}
    assert list(tmp_path.iterdir()) == []


def test_threads_share_one_state(db: Path) -> None:
    state = State.open(db)

    def work(prefix: str) -> None:
        for number in range(100):
            state.set_read(f"{prefix}{number}")
            state.set_starred(f"{prefix}{number}")
            state.set_starred(f"{prefix}{number}", number % 2 == 0)
            state.set_starred("shared")

    threads = [threading.Thread(target=work, args=(name,)) for name in "abcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(state.read_ids()) == 400  # none lost
    evens = {f"{prefix}{number}" for prefix in "abcd" for number in range(0, 100, 2)}
    assert state.starred_ids() == evens | {"shared"}
    assert state.warnings == []
    state.close()


# -- two processes, and kill -9 --------------------------------------------------------------

WRITER = """
    import json, sys
    from newsreader.state import State
    path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdin.readline()  # start together
    state = State.open(path)
    for number in range(count):
        state.set_read(f"{prefix}{number}")
        state.set_starred(f"{prefix}{number}")
        state.set_starred("shared", number % 2 == 0)  # each writer's last: unstarred
        state.set_scroll(f"{prefix}{number}", number + 1)
        state.set_last_query(prefix)
    print(json.dumps({"warnings": state.warnings, "persistent": state.persistent}))
    state.close()
"""


def test_two_processes_writing_at_once(db: Path) -> None:
    count = 1000
    children = [spawn(WRITER, str(db), prefix, str(count)) for prefix in ("p", "q")]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        report = json.loads(out)
        assert report == {"warnings": [], "persistent": True}
    assert integrity(db) == "ok"
    with State.open(db) as state:
        assert state.warnings == []
        expected = {f"{prefix}{number}" for prefix in "pq" for number in range(count)}
        assert state.read_ids() == expected
        assert state.starred_ids() == expected  # "shared" starred and unstarred: off at last
        assert state.get_scroll("q999") == 1000
        assert state.get_last_query() in {"p", "q"}


KILLED = """
    import sys
    from newsreader.state import State
    path, tag = sys.argv[1], sys.argv[2]
    state = State.open(path)
    for number in range(1_000_000):
        state.set_read_many([f"{tag}-{number}-{item}" for item in range(25)])
        state.set_scroll(f"{tag}-{number}-0", number + 1)
        print(number, flush=True)  # after both commits
"""


@pytest.mark.parametrize("rounds", [5])
def test_kill_9_mid_write_loses_at_most_the_action_in_flight(db: Path, rounds: int) -> None:
    committed: dict[str, list[int]] = {}
    for round_number in range(rounds):
        tag = f"r{round_number}"
        child = spawn(KILLED, str(db), tag)
        assert child.stdout is not None
        seen: list[int] = []
        while len(seen) < 150 + 50 * round_number:  # bounded by the child's own loop
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"writer died early: {child.stderr.read() if child.stderr else ''}")
            seen.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        rest = child.stdout.read()
        seen += [int(line) for line in rest.split()]
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
        if child.stdin:
            child.stdin.close()
        committed[tag] = seen

        assert integrity(db) == "ok"
        with State.open(db) as state:
            assert state.warnings == []
            read = state.read_ids()
            for done_tag, numbers in committed.items():
                for number in numbers:
                    assert {f"{done_tag}-{number}-{item}" for item in range(25)} <= read
                    assert state.get_scroll(f"{done_tag}-{number}-0") == number + 1


# -- corruption ------------------------------------------------------------------------------


def test_garbage_database_is_moved_aside_and_a_fresh_one_started(db: Path) -> None:
    with State.open(db) as state:
        state.set_starred("old")
    garbage = os.urandom(64 * 1024)
    db.write_bytes(garbage)
    Path(f"{db}-wal").write_bytes(b"not a wal" * 100)
    Path(f"{db}-shm").write_bytes(b"not a shm" * 100)

    with State.open(db) as state:
        assert state.persistent
        assert len(state.warnings) == 1
        assert "damaged" in state.warnings[0] and "moved to state.db.corrupt-" in state.warnings[0]
        assert state.starred_ids() == set()
        state.set_starred("new")
    (moved,) = [path for path in corrupt_copies(db) if not path.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == garbage  # never deleted, never changed
    assert Path(f"{moved}-wal").read_bytes() == b"not a wal" * 100
    assert Path(f"{moved}-shm").read_bytes() == b"not a shm" * 100
    with State.open(db) as state:
        assert state.warnings == []
        assert state.starred_ids() == {"new"}


def test_tiny_garbage_file(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage")
    with State.open(db) as state:
        assert state.persistent and len(state.warnings) == 1
        state.set_read("a")
    assert [path.read_bytes() for path in corrupt_copies(db)] == [b"garbage"]


def test_damaged_pages_are_moved_aside_keeping_what_can_be_read(db: Path) -> None:
    with State.open(db) as state:
        state.set_read_many(f"{number:016x}" for number in range(5000))
        for number in range(300):
            state.set_starred(f"{number:016x}")
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page : 5 * page] = os.urandom(3 * page)  # the header page stays valid
    db.write_bytes(bytes(data))

    with State.open(db) as state:
        assert state.persistent
        assert len(state.warnings) == 1 and "damaged" in state.warnings[0]
        kept = state.read_ids() | state.starred_ids()
        assert kept <= {f"{number:016x}" for number in range(5000)}
    assert len(corrupt_copies(db)) == 1
    assert integrity(db) == "ok"


def test_truncated_database_is_moved_aside(db: Path) -> None:
    with State.open(db) as state:
        state.set_read_many(f"{number:016x}" for number in range(5000))
    os.truncate(db, db.stat().st_size // 2)
    with State.open(db) as state:
        assert state.persistent and len(state.warnings) == 1
        state.set_read("after")
    assert len(corrupt_copies(db)) == 1
    with State.open(db) as state:
        assert "after" in state.read_ids()


def test_corrupt_name_is_unique(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first = state_module.corrupt_name(path, when=0)
    first.write_bytes(b"x")
    second = state_module.corrupt_name(path, when=0)
    assert second != first and second.name.startswith(first.name)


class _Connection:
    """A connection to the file, as the store makes them, that the test can break: once
    ``failing`` is set (a message and an SQLite error code) its next INSERT fails with it, and
    ``conn`` can be replaced."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.failing: tuple[str, int] | None = None

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if self.failing is not None and sql.lstrip().upper().startswith("INSERT"):
            (message, code), self.failing = self.failing, None
            error = sqlite3.DatabaseError(message)
            error.sqlite_errorcode = code  # type: ignore[attr-defined]
            raise error
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def _breakable_connections(monkeypatch) -> list[_Connection]:
    """Every connection the store makes to its file from now on, in the order made."""
    made: list[_Connection] = []
    original = state_store.connect

    def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
        conn = original(target, uri=uri)
        if uri or str(target) == ":memory:":
            return conn
        made.append(_Connection(conn))
        return made[-1]  # type: ignore[return-value]

    monkeypatch.setattr(state_store, "connect", connect)
    return made


def test_corruption_found_while_running_is_repaired(db: Path, monkeypatch) -> None:
    made = _breakable_connections(monkeypatch)
    state = State.open(db)
    state.set_starred("kept")
    made[-1].failing = ("database disk image is malformed", sqlite3.SQLITE_CORRUPT)
    state.set_read("new")  # never raises
    assert state.persistent
    assert any("moved to state.db.corrupt-" in warning for warning in state.warnings)
    assert state.is_read("new") and state.is_starred("kept")
    state.close()
    assert len(corrupt_copies(db)) == 1
    with State.open(db) as again:
        assert again.warnings == []
        assert again.is_read("new") and again.is_starred("kept")


def test_newer_schema_is_left_alone(db: Path) -> None:
    with State.open(db) as state:
        state.set_starred("a")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with State.open(db) as state:
        assert not state.persistent
        assert "newer newsreader" in state.warnings[0]
        assert state.is_starred("a")
        state.set_starred("b")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
        assert conn.execute("SELECT id FROM stars").fetchall() == [("a",)]
    finally:
        conn.close()


def test_busy_store_drops_the_change_with_a_warning(db: Path, monkeypatch) -> None:
    monkeypatch.setattr(state_store, "BUSY_TIMEOUT_MS", 50)
    state = State.open(db)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        state.set_read("a")
        assert state.persistent
        assert len(state.warnings) == 1 and "locked" in state.warnings[0]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    state.set_read("b")
    assert state.read_ids() == {"b"}
    state.close()


# -- read-only -------------------------------------------------------------------------------


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    state = State.open(blocker / "data" / "state.db")
    assert not state.persistent
    assert len(state.warnings) == 1 and "cannot create the data folder" in state.warnings[0]
    state.set_starred("a")
    assert state.is_starred("a") and state.starred_ids() == {"a"}
    state.set_last_query("q")
    assert state.get_last_query() == "q"
    state.close()
    assert blocker.read_text() == "not a folder"


class _CannotOpen:
    def execute(self, *args: object) -> None:
        error = sqlite3.OperationalError("unable to open database file")
        error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN  # type: ignore[attr-defined]
        raise error

    def close(self) -> None:
        pass


def _read_only_connect(monkeypatch, how: str) -> None:
    """Make file connections behave as in a read-only folder or on a read-only file.

    ``"read-only"``: connections open but every write fails (a read-only file);
    ``"cannot-open"``: opening for writing fails outright (a read-only folder with a WAL
    database, which needs its -shm file); only read-only URI connections get through.
    """
    original = state_store.connect

    def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
        if uri or str(target) == ":memory:":
            return original(target, uri=uri)
        if how == "cannot-open":  # SQLite opens lazily: the first statement fails
            return _CannotOpen()  # type: ignore[return-value]
        return original(Path(target).as_uri() + "?mode=ro", uri=True)

    monkeypatch.setattr(state_store, "connect", connect)


@pytest.mark.parametrize("how", ["read-only", "cannot-open"])
def test_read_only_store_works_in_memory_with_its_old_marks(
    db: Path, monkeypatch, how: str
) -> None:
    with State.open(db) as state:
        state.set_starred("old")
        state.set_last_query("old query")
    before = db.read_bytes()
    _read_only_connect(monkeypatch, how)

    with State.open(db) as state:
        assert not state.persistent
        assert len(state.warnings) == 1 and "kept in memory" in state.warnings[0]
        assert state.is_starred("old") and state.get_last_query() == "old query"
        state.set_starred("new")
        assert state.starred_ids() == {"old", "new"}
    monkeypatch.undo()
    assert db.read_bytes() == before
    with State.open(db) as state:
        assert state.starred_ids() == {"old"}


def test_store_becoming_read_only_while_running_saves_again_at_the_next_change(
    db: Path, monkeypatch
) -> None:
    made = _breakable_connections(monkeypatch)
    state = State.open(db)
    state.set_starred("old")
    made[-1].conn.close()  # the store's connection can only read from now on
    made[-1].conn = sqlite3.connect(db.as_uri() + "?mode=ro", uri=True, isolation_level=None)
    state.set_read("new")  # never raises
    assert not state.persistent
    (warning,) = state.warnings
    assert "cannot save" in warning and "kept in memory" in warning
    assert state.is_read("new") and state.is_starred("old")
    with State.open(db) as other:
        assert not other.is_read("new")  # not on disk yet
    state.set_read("newer")  # a new connection: the file can be written again
    assert state.persistent
    assert state.warnings[1:] == [f"{db}: saving again; 1 change kept in memory written"]
    with State.open(db) as other:
        assert other.read_ids() == {"new", "newer"} and other.is_starred("old")
    state.close()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_read_only_data_dir(db: Path) -> None:
    with State.open(db) as state:
        state.set_starred("old")
    os.chmod(db, 0o444)
    os.chmod(db.parent, 0o555)
    try:
        with State.open(db) as state:
            assert not state.persistent and state.warnings
            assert state.is_starred("old")
            state.set_starred("new")
            assert state.is_starred("new")
    finally:
        os.chmod(db.parent, 0o755)
        os.chmod(db, 0o644)
    with State.open(db) as state:
        assert state.starred_ids() == {"old"}


def test_pop_warnings_returns_each_warning_once(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    state = State.open(blocker / "state.db")
    assert len(state.pop_warnings()) == 1
    assert state.pop_warnings() == []
    assert len(state.warnings) == 1


def test_a_bad_argument_warns_without_losing_the_store(db: Path) -> None:
    with State.open(db) as state:
        state.set_read(["not", "an", "id"])  # type: ignore[arg-type]
        assert state.persistent and len(state.warnings) == 1
        state.set_read("fine")
        assert state.read_ids() == {"fine"}


def test_a_fifo_as_the_state_database_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "state.db"
    os.mkfifo(fifo)
    code = f"from newsreader.state import State; s = State.open({str(fifo)!r}); print(s.warnings)"
    assert "not a regular file" in python_output(code)


def test_an_emptied_state_database_is_said_and_set_aside(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    db.write_bytes(b"")
    state = State.open(db)
    (warning,) = state.warnings
    assert "empty (0 bytes)" in warning and "moved to" in warning
    assert state.persistent  # a new store, saving again
    state.close()
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].stat().st_size == 0  # kept, not deleted
