"""Marks are on disk as soon as the screen shows them: the real reader, killed with SIGKILL.

The reader runs headless (Textual's ``run_test``) in a process of its own, on a real
``state.db``; it presses ``m j`` over and over and says which article each mark was for once
the header shows it. The test kills it with SIGKILL at the Nth, then opens the database.
"""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from .test_state import child_env

READER = """
    import asyncio, datetime as dt, os, sys
    from textual import events
    from newsreader.article import Article, Published
    from newsreader.state import State
    from newsreader.ui.app import make_app

    path, count = sys.argv[1], int(sys.argv[2])
    day = Published(dt.date(2026, 3, 1), dt.time(12, 0))
    articles = [
        Article(id=f"{n:016x}", path=f"/corpus/{n:04d}.txt", title=f"Article {n}",
                published=day, source="Zakon.kz", lang="ru", body=("Text.",))
        for n in range(count)
    ]

    async def main() -> None:
        app = make_app(state=State.open(path), articles=articles)
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.loaded and app.index is not None):
                await pilot.pause()
                await app.workers.wait_for_complete()
            toggle = app.action_toggle_read

            def toggle_and_say() -> None:  # `m`: once the app has taken the mark, say so
                marked = app.articles[app.timeline.highlighted].id
                toggle()
                os.write(1, f"{marked}\\n".encode())  # print() is captured by Textual

            app.action_toggle_read = toggle_and_say
            for _ in range(count):  # as a fast typist's keys come: queued, not waited on
                app.post_message(events.Key("m", "m"))
                app.post_message(events.Key("j", "j"))
            await asyncio.sleep(60)  # killed before this ends

    asyncio.run(asyncio.wait_for(main(), 120))
"""


def read_marks(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT id FROM read_marks")}
    finally:
        conn.close()


def test_kill_9_right_after_a_mark_is_shown_keeps_every_mark_shown(tmp_path: Path) -> None:
    db, count, kill_at = tmp_path / "state.db", 300, 200
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(READER), str(db), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line.strip())
        lines.put("")  # the end

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    shown: list[str] = []
    try:
        while len(shown) < kill_at:
            line = lines.get(timeout=120)
            assert line, f"the reader ended early: {child.stderr.read() if child.stderr else ''}"
            shown.append(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    reader.join(timeout=30)
    while (line := lines.get_nowait()) != "":  # shown before the kill, read after it
        shown.append(line)
    if child.stderr:
        child.stderr.close()

    saved = read_marks(db)
    assert len(shown) >= kill_at and len(set(shown)) == len(shown)
    lost = set(shown) - saved
    assert not lost, f"{len(lost)} of the {len(shown)} marks shown were lost"
    assert len(saved - set(shown)) <= 1  # and at most the keystroke in flight besides
