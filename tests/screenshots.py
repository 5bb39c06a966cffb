"""Regenerate the README screenshots from the real app on the seed corpus.

    python -m tests.screenshots [OUTPUT_DIR]     (``make screenshots``; default: screenshots/)

Each shot runs the app headless at 140×40 (``App.run_test``), drives it with keys as a person
would, waits for the workers (never the clock) and saves an SVG. The reader's memory is a fresh
in-memory state with two seeds read and one starred, so the marks show.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from newsreader.corpus import load_corpus, seed_paths
from newsreader.library import Library
from newsreader.state import State
from newsreader.ui.app import NewsReaderApp, make_app

ROOT = Path(__file__).resolve().parents[1]
SIZE = (140, 40)

Steps = Callable[[NewsReaderApp, Pilot], Awaitable[None]]


async def settle(app: NewsReaderApp, pilot: Pilot) -> None:
    """Wait until the corpus is loaded, searchable and every worker done."""
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        ready = app.loaded and app.index is not None
        if ready and not app.workers:
            return
    raise RuntimeError("the reader did not settle")


async def timeline(app: NewsReaderApp, pilot: Pilot) -> None:
    await pilot.press("j")


async def search(app: NewsReaderApp, pilot: Pilot) -> None:
    await pilot.press("slash", *"tokaev")
    await settle(app, pilot)


async def kazakh(app: NewsReaderApp, pilot: Pilot) -> None:
    (index,) = [i for i, a in enumerate(app.articles) if Path(a.path).name.startswith("004")]
    while app.timeline.highlighted != index:
        await pilot.press("j")
    await pilot.press("enter")


async def help_screen(app: NewsReaderApp, pilot: Pilot) -> None:
    await pilot.press("question_mark")


SHOTS: dict[str, Steps] = {
    "timeline": timeline,
    "search-tokaev": search,
    "kazakh-article": kazakh,
    "help": help_screen,
}


def remembered() -> State:
    """Seeds 001 and 002 read, 002 starred (by file number)."""
    state = State.in_memory()
    ids = {Path(a.path).name[:3]: a.id for a in load_corpus(seed_paths()).articles}
    state.set_read(ids["001"])
    state.set_read(ids["002"])
    state.set_starred(ids["002"])
    return state


async def shoot(name: str, steps: Steps, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as cache:  # a library of its own, not the user's
        library = Library.open(seed_paths(), Path(cache))
        app = make_app(seed_paths(), library=library, state=remembered(), preview_delay=0)
        try:
            async with app.run_test(size=SIZE) as pilot:
                app.search_bar.cursor_blink = False
                await settle(app, pilot)
                await steps(app, pilot)
                await settle(app, pilot)
                return Path(app.save_screenshot(f"{name}.svg", path=str(out)))
        finally:
            library.close()


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, steps in SHOTS.items():
        path = await shoot(name, steps, out)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots"))
