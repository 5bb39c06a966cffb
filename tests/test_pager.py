"""``o`` opens the article in ``$PAGER`` from a real terminal and comes back (issue 15)."""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS
from .test_signals import _read_until


def test_o_pages_the_article_and_the_reader_comes_back(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    pager = f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"
    main, child = pty.openpty()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PAGER": f"{shlex.quote(sys.executable)} -c {shlex.quote(pager)}",
    }
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
        _read_until(main, "Ашимбаев".encode(), seen)
        os.write(main, b"o")
        _read_until(main, b"\x1b[?1049l", seen)  # suspended: the terminal given to the pager
        suspended = seen.rindex(b"\x1b[?1049l")
        _read_until(main, b"\x1b[?1049h", seen, after=suspended)  # back on the screen
        os.write(main, b"q")
        assert reader.wait(timeout=30) == 0
    finally:
        if reader.poll() is None:
            reader.kill()
        os.close(main)
    paged = out.read_text()
    assert paged.startswith("По поручению Президента Казахстана")  # the first seed, in full
    assert "Kazpravda.kz" in paged.splitlines()[2]
