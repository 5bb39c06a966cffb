"""The reader in a real terminal (a pseudo-terminal) ended by a signal, as a shutdown or a
closed terminal ends it: it closes as ``q`` does (issue 14, part 6)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys

import pytest

from newsreader.corpus import load_file
from newsreader.state import State

from .conftest import SEEDS, seed_file


def _read_until(fd: int, wanted: bytes, seen: bytearray, after: int = 0) -> bytes:
    """Read the terminal's output into ``seen`` until ``wanted`` appears in it past ``after``
    (30 s at most)."""
    while wanted not in seen[after:]:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            raise AssertionError(f"{wanted!r} never shown: {bytes(seen[-400:])!r}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the reader ended and the terminal closed
            break
        if not chunk:
            break
        seen += chunk
    return bytes(seen)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_closes_the_reader_as_q_does(number: signal.Signals) -> None:
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    reader = subprocess.Popen(
        [sys.executable, "-m", "newsreader", str(SEEDS)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        seen = bytearray()
        _read_until(main, "Ашимбаев".encode(), seen)  # the first article is shown
        os.write(main, b"j")  # the second article highlighted
        _read_until(main, "занимает".encode(), seen)  # its title shown in the viewer
        reader.send_signal(number)
        assert reader.wait(timeout=30) == 0
        output = _read_until(main, b"\x1b[?1049l", seen)  # the terminal given back
        assert b"\x1b[?1049l" in output
    finally:
        if reader.poll() is None:
            reader.kill()
        os.close(main)
    with State.open() as state:  # the position was saved, as at a quit
        assert state.get_last_article() == load_file(seed_file("003")).id  # type: ignore[union-attr]
