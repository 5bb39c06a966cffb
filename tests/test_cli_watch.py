"""``newsreader --search QUERY --watch PATH`` (issue 16): the hits, then each new article that
matches as it lands, until Ctrl+C or SIGTERM (exit 0, no traceback). Run as a user runs it: a
subprocess, read with ``select`` and a time limit (only for when something is wrong)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.config import parse_config

from .helpers import copy_seeds

PATIENCE = 60.0
NEW = """ date 2026-03-09Токаев встретился с делегацией зебровых ферм

Касым-Жомарт Токаев провёл встречу, передает Kazpravda.kz. Речь шла о зебрах и {word}.
"""
OTHER = """ date 2026-03-09Погода в Астане

Завтра в столице ожидается снег, передает Kazinform. Речь шла о {word}.
"""


class Lines:
    """A pipe read line by line, waiting at most :data:`PATIENCE` for each."""

    def __init__(self, pipe) -> None:  # type: ignore[no-untyped-def]
        self.fd = pipe.fileno()
        self.buffer = b""

    def next(self) -> str:
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], PATIENCE)
            assert ready, f"no line came; so far {self.buffer!r}"
            chunk = os.read(self.fd, 65536)
            assert chunk, f"the pipe closed; so far {self.buffer!r}"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")

    def until(self, wanted: str) -> list[str]:
        lines = []
        while not lines or wanted not in lines[-1]:
            lines.append(self.next())
        return lines

    def rest(self) -> str:
        return (self.buffer + os.read(self.fd, 1 << 20)).decode("utf-8", "replace")


@pytest.fixture
def watching(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple]:
    """The CLI watching a copy of the seeds: (process, stdout lines, stderr lines, folder)."""
    folder = copy_seeds(tmp_path / "news")
    command = [sys.executable, "-m", "newsreader", *request.param, "--watch", str(folder)]
    # As a shell at a terminal starts it: SIGINT not ignored. A process ignoring SIGINT (a
    # suite a script started in the background: `pytest &`) passes that on to what it starts,
    # and the CLI keeps it, as a script's background job should (then only SIGTERM stops it).
    # A handler of ours is reset to the default in the child.
    interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
    finally:
        signal.signal(signal.SIGINT, interrupt)
    try:
        yield process, Lines(process.stdout), Lines(process.stderr), folder
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]


@pytest.mark.parametrize("watching", [("--search", "tokaev")], indirect=True)
def test_each_new_match_is_printed_as_it_lands_until_ctrl_c(watching: tuple) -> None:
    process, out, err, folder = watching
    current = [out.next() for _ in range(3)]  # the seeds that match, as without --watch
    sources = [line.split("\t")[1] for line in current]
    assert sources == ["Kazpravda.kz", "Kazinform", "Kazpravda.kz"]
    assert "3 of 5 articles; watching for new ones" in err.until("watching")[-1]

    (folder / "other.txt").write_text(OTHER.format(word="снеге"), encoding="utf-8")
    (folder / "new.txt").write_text(NEW.format(word="антилопах"), encoding="utf-8")
    line = out.next()  # the other article does not match: the new one is the next line
    fields = line.split("\t")
    assert fields[3] == "Токаев встретился с делегацией зебровых ферм"
    assert fields[4] == str(folder / "new.txt")

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=PATIENCE) == 0
    rest = err.rest()
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest


@pytest.mark.parametrize("watching", [("--search", "зебрах", "--json")], indirect=True)
def test_json_lines_then_sigterm(watching: tuple) -> None:
    process, out, err, folder = watching
    assert "0 of 5 articles; watching for new ones" in err.until("watching")[-1]
    for number, word in enumerate(["антилопах", "жирафах"]):
        (folder / f"new{number}.txt").write_text(NEW.format(word=word), encoding="utf-8")
        record = json.loads(out.next())  # one object per line
        assert record["path"] == str(folder / f"new{number}.txt")
        assert record["body"].endswith(f"Речь шла о зебрах и {word}.")
        assert record["read"] is False and record["score"] > 0
        assert record["matches"]["body"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=PATIENCE) == 0
    assert "Traceback" not in err.rest()


@pytest.mark.parametrize(
    "number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"]
)
@pytest.mark.parametrize("watching", [("--search", "tokaev")], indirect=True)
def test_a_signal_as_soon_as_watching_is_said_stops_it_quietly(
    watching: tuple, number: signal.Signals
) -> None:
    """'Ctrl+C stops' is said once Ctrl+C, SIGTERM and SIGHUP (the terminal closed) stop it
    cleanly (the library closed, exit 0), not before."""
    process, _, err, _ = watching
    err.until("watching")
    process.send_signal(number)
    assert process.wait(timeout=PATIENCE) == 0
    assert "Traceback" not in err.rest()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args", [["--watch"], ["--list", "--watch"], ["--paths", "--watch"]], ids=str
)
def test_watch_without_search_is_a_usage_error(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr == "newsreader: --watch needs --search (see newsreader --help)\n"
    assert done.stdout == ""


def test_watch_and_no_watch_together_are_a_usage_error() -> None:
    done = run("--search", "tokaev", "--watch", "--no-watch")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_no_watch_is_accepted_and_the_config_key_too() -> None:
    done = run("--search", "tokaev", "--no-watch")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3
    assert parse_config("").watch is True
    assert parse_config("watch = false").watch is False
    broken = parse_config('watch = "no"')
    assert broken.watch is True
    assert broken.warnings == (
        "config: 'watch' must be true or false, not a string; using the default (true)",
    )
