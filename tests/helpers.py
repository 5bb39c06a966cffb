"""Helpers shared by tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from newsreader.article import Article
from newsreader.corpus.dates import SCRAPER_PREFIX
from newsreader.corpus.sanitize import clean_text


def unaccounted_lines(text: str, article: Article) -> list[str]:
    """Lines of ``text`` that ended up nowhere in ``article`` (should be none)."""
    text = clean_text(text)
    text = SCRAPER_PREFIX.sub("", text, count=1)
    fields = [
        article.title,
        *article.body,
        *article.captions,
        *article.extra,
        article.rubric or "",
        article.author or "",
    ]
    missing = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if any(line in field for field in fields):
            continue
        words = re.findall(r"\w+", line)
        tag_words = {w for tag in article.tags for w in re.findall(r"\w+", tag)}
        author_words = set(re.findall(r"\w+", article.author or ""))
        if words and set(words) <= tag_words | author_words | {"Фото", "Автор", "Теги", "Сурет"}:
            continue
        missing.append(line)
    return missing


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", clean_text(text)))


def copy_seeds(folder: Path) -> Path:
    """A folder holding a copy of the five seeds (to change them in a test)."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    folder.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def python_output(code: str) -> str:
    """What ``python -c code`` prints, in a process of its own with a time limit: for code that
    would hang the test run if it regressed (reading a FIFO, say)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    return done.stdout


@dataclass(frozen=True)
class Notice:
    """A notification as the user sees it: its toast's text and colour."""

    #: The title (if there is one) on the first line, then the message.
    text: str
    #: ``information``, ``warning`` or ``error``.
    severity: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


async def notices(pilot: Pilot[Any]) -> list[Notice]:
    """The notifications on screen, oldest first: the toasts shown once the app is idle.

    Raises if the screen cannot show any (``run_test`` without ``notifications=True``), so a
    test that there are none cannot pass for want of a place to show them.
    """
    await pilot.pause()
    rack = pilot.app.screen.query_one("ToastRack")
    return [
        Notice(str(toast.render()), severity)
        for toast in rack.query("Toast")
        for severity in ("information", "warning", "error")
        if toast.has_class(f"-{severity}")
    ]
