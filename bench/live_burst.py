"""Following a folder, measured through the reader (issue 16): the Textual app, headless.

    .venv/bin/python -m bench.live_burst                        # the 100k corpus, 1,000 files
    .venv/bin/python -m bench.live_burst --work /tmp/lb         # keep the copy and its library
    .venv/bin/python -m bench.live_burst --size 10000 --burst 200 --related 10

``bench/watch_bench.py`` and ``bench/related_bench.py`` time the library alone; this times what a
user sees. A hard-linked copy of the synthetic corpus (the original stays clean) and its library
(``NEWSREADER_CACHE_DIR`` under ``--work``; ~3–5 min to build cold at 100k, kept with ``--work``)
are brought up to date and prepared first. Then the reader is opened on the copy, headless
(``App.run_test``), following on (``Config()``), and once its follower runs (the worker
``follow folders``, after the library's first checks):

* landed (``--landed`` times): a new file with a word only it holds is written → the frame
  showing the timeline one article longer; the word is then put in the search bar → the frame
  showing its one hit (both from the write); the follower's update of it (begun, taken);
* burst: ``--burst`` files (another seed's synthetic articles, each with the word ``ливеньыч``,
  made beforehand in ``--work``) are moved in at once → the frame showing them all listed, then
  the word put in the search bar → the frame showing all of them found. Meanwhile, from 2 s
  before until they are listed, a key is typed in the search bar every ``--every`` seconds
  (that word a letter at a time, then Backspace back to its first letter, and again), posted as
  the terminal's driver posts it and not waiting for the screen (a user types on); each key →
  the first frame showing its results or a later key's (the app's search generation on screen
  reaching the key's, the hook of ``bench/phases.py``). Also given: the library's update of
  the burst (begun, taken), when the library's own timeline held the files, each search the
  reader ran (begun, taken, whether made on a timeline it did not show: then dropped), the
  process's CPU per wall second, and the event loop's lag (a 10 ms sleep's overshoot);
* related (``--related`` articles spread over the timeline): the article opened, ``r`` pressed
  → the frame showing the related screen (``Library.related``'s own time given beside).

Prints one JSON object (also written to ``bench/out/live_burst.json``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from textual import events

from bench import synth
from bench.measure import summary_ms
from bench.queries import keystrokes
from bench.synth import OUT_DIR, ensure_corpus, working_copy

TARGET_LANDED_S = 2.0
TARGET_BURST_S = 10.0
TARGET_KEYSTROKE_P95_MS = 100.0
TARGET_RELATED_MS = 50.0
BURST_SEED = 20261203
BURST_WORD = "ливеньыч"
FOLLOWER = "follow folders"
PREFIX = "live-"  # the files this bench adds to the copy (removed at the end)


# -- the files ----------------------------------------------------------------------------------


def _article(index: int, seed: int, word: str) -> tuple[str, bytes]:
    made = synth.generate_article(index, seed)
    return PREFIX + made.name, f"{made.text}\n\n{word.capitalize()} {word}.\n".encode()


def stage_burst(folder: Path, count: int) -> list[Path]:
    """``count`` new articles written in ``folder`` (beside the followed one: moved in later)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    staged = []
    for index in range(count):
        name, data = _article(index, BURST_SEED, BURST_WORD)
        (folder / name).write_bytes(data)
        staged.append(folder / name)
    return staged


def warm_library(corpus: Path) -> dict[str, Any]:
    """The copy's library up to date and prepared, as the reader finds it at a warm start."""
    from newsreader.library import Library

    started = time.perf_counter()
    library = Library.open([corpus])
    try:
        update = library.update()
        count = len(library.articles)
        library.prepare()
    finally:
        library.close()
    return {
        "articles": count,
        "added": update.added,
        "removed": update.removed,
        "ready_s": time.perf_counter() - started,
    }


# -- watching the app ---------------------------------------------------------------------------


class Frame(NamedTuple):
    """What a frame showed: when, the search generation on screen and the newest one, the hits,
    the timeline's length, the query, and how many screens were stacked."""

    at: float
    shown: int
    generation: int
    hits: int
    articles: int
    query: str
    screens: int


class Frames:
    """Every frame the headless app renders, with what it showed (the hook of
    ``bench/phases.py``: the frames Textual skips while a batch of updates is open are not
    drawn)."""

    def __init__(self, app: Any) -> None:
        self.frames: list[Frame] = []
        original = app._display  # Textual's own: it has no public hook for each frame drawn

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None and not getattr(app, "_batch_count", 0):
                self.frames.append(
                    Frame(
                        time.monotonic(),
                        app.shown_generation,
                        app.search_generation,
                        app.hits_shown,
                        len(app.articles),
                        app.query_text,
                        len(app.screen_stack),
                    )
                )
            original(screen, renderable)

        app._display = display

    def __len__(self) -> int:
        return len(self.frames)

    def first(self, test: Callable[[Frame], bool], seen: int = 0) -> Callable[[], float | None]:
        """A condition for :func:`until`: the time of the first frame from frame ``seen`` on
        that passes ``test``."""

        def found() -> float | None:
            return next((f.at for f in self.frames[seen:] if test(f)), None)

        return found


async def until(test: Callable[[], Any], timeout: float) -> Any:
    """``test()`` once it is truthy (polled every 2 ms), or ``None`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not (value := test()):
        if time.monotonic() > deadline:
            return None
        await asyncio.sleep(0.002)
    return value


async def search_for(app: Any, frames: Frames, query: str, hits: int, timeout: float) -> float:
    """Put ``query`` in the search bar; when a frame first shows its ``hits`` results (the app
    runs the query again as files land)."""
    seen = len(frames)
    app.search_bar.value = query

    def done(f: Frame) -> bool:
        return f.query == query and f.shown == f.generation and f.hits == hits

    return await until(frames.first(done, seen), timeout) or float("nan")


async def clear_search(app: Any, frames: Frames) -> None:
    app.action_clear_search()
    await until(lambda: not app.query_text, 5)
    seen, wanted = len(frames), app.search_generation
    await until(frames.first(lambda f, w=wanted: f.shown >= w, seen), 10)


def typing() -> Iterator[tuple[str, str]]:
    """(key, what the search bar then holds), for ever: :data:`BURST_WORD` typed a letter at a
    time, then taken back with Backspace down to its first letter, and so on."""
    forward = keystrokes(BURST_WORD)
    yield forward[0], forward[0]
    while True:
        yield from ((typed[-1], typed) for typed in forward[1:])
        yield from (("backspace", typed) for typed in reversed(forward[:-1]))


def press(app: Any, key: str) -> None:
    """A key as the terminal's driver posts it. ``Pilot.press`` would wait for the process to
    be idle (up to 2 s a key), which it is not while files are indexed."""
    event = events.Key(key, None if key == "backspace" else key)
    event.set_sender(app)
    app.post_message(event)


class Key(NamedTuple):
    """A key typed: when, the frames drawn before it, the query it made, and the app's search
    generation once it had taken it (a frame showing that one or a later one shows it)."""

    at: float
    seen: int
    query: str
    generation: int


async def typist(
    app: Any, frames: Frames, every: float, stop: asyncio.Event, typed: list[Key]
) -> None:
    """Types in the search bar a key every ``every`` seconds, not waiting for the screen (as a
    user types on): each key waits only for the app to take it (a blocked event loop delays
    it, as it would in a terminal)."""
    await clear_search(app, frames)
    app.action_focus_search()  # an empty bar: the keys are typed at its end
    await asyncio.sleep(0.05)
    due = time.monotonic()
    for key, query in typing():
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        if stop.is_set():
            return
        seen, started = len(frames), time.monotonic()
        due = max(due + every, started)
        press(app, key)
        if await until(lambda query=query: app.query_text == query, 5) is None:
            raise RuntimeError(f"the search bar did not take {key!r}")
        typed.append(Key(started, seen, query, app.search_generation))


def on_screen(frames: Frames, typed: list[Key]) -> list[float]:
    """Each key's seconds to the first frame showing its results (or a later key's)."""
    return [
        (frames.first(lambda f, g=key.generation: f.shown >= g, key.seen)() or float("nan"))
        - key.at
        for key in typed
    ]


async def loop_lag(
    stop: asyncio.Event, lags: list[float], sizes: list[tuple[float, int]], library: Any
) -> None:
    """How late a 10 ms sleep wakes (the event loop held by something else); and when the
    library's timeline (before the reader's) changes length."""
    while not stop.is_set():
        started = time.monotonic()
        await asyncio.sleep(0.01)
        lags.append(time.monotonic() - started - 0.01)
        if not sizes or sizes[-1][1] != len(library):
            sizes.append((time.monotonic(), len(library)))


# -- the measurements ---------------------------------------------------------------------------


def timed_updates(library: Any) -> list[tuple[float, float, int]]:
    """Each update of ``library`` from now on: (start, end, paths named; -1: all), monotonic
    (the follower's own share of a file's way to the screen)."""
    updates: list[tuple[float, float, int]] = []
    real = library.update

    def update(**options: Any) -> Any:
        started = time.monotonic()
        try:
            return real(**options)
        finally:
            paths = options.get("paths")
            updates.append((started, time.monotonic(), -1 if paths is None else len(paths)))

    library.update = update
    return updates


def timed_searches(app: Any) -> list[tuple[float, float, bool]]:
    """Each search the reader runs from now on: (start, end, whether it was made on a timeline
    other than the one the reader shows: its results are then dropped, and it runs again once
    the reader shows the library's timeline)."""
    searches: list[tuple[float, float, bool]] = []
    library = app.library
    real = library.search

    def search(*args: Any, **options: Any) -> Any:
        started = time.monotonic()
        result = real(*args, **options)
        timeline = getattr(result, "timeline", None)
        stale = timeline is not None and timeline is not app.articles
        searches.append((started, time.monotonic(), stale))
        return result

    library.search = search
    return searches


def _spans(updates: list[tuple[float, float, int]], since: float) -> list[list[float]]:
    """The updates begun since ``since``: [seconds after it, seconds taken, paths]."""
    return [
        [round(begun - since, 3), round(end - begun, 3), paths]
        for begun, end, paths in updates
        if begun >= since
    ]


async def landed(
    app: Any, frames: Frames, corpus: Path, runs: int, updates: list[tuple[float, float, int]]
) -> dict[str, Any]:
    listed: list[float] = []
    found: list[float] = []
    steps: list[list[list[float]]] = []
    for run in range(runs):
        word = f"прилётыч{'абвгдежзик'[run % 10]}"
        name, data = _article(900_000 + run, BURST_SEED, word)
        await clear_search(app, frames)
        before, seen = len(app.articles), len(frames)
        started = time.monotonic()
        (corpus / name).write_bytes(data)
        shown = await until(frames.first(lambda f, b=before: f.articles > b, seen), 30)
        listed.append((shown or float("nan")) - started)
        found.append(await search_for(app, frames, word, 1, 30) - started)
        steps.append(_spans(updates, started))
        await asyncio.sleep(0.5)
    return {"landed_listed_s": listed, "landed_found_s": found, "landed_updates": steps}


async def burst(
    app: Any,
    frames: Frames,
    corpus: Path,
    staged: list[Path],
    every: float,
    updates: list[tuple[float, float, int]],
    searches: list[tuple[float, float, bool]],
) -> dict[str, Any]:
    await clear_search(app, frames)
    before, wanted = len(app.articles), len(app.articles) + len(staged)
    stop = asyncio.Event()
    typed: list[Key] = []
    lags: list[float] = []
    sizes: list[tuple[float, int]] = []
    tasks = [
        asyncio.create_task(typist(app, frames, every, stop, typed)),
        asyncio.create_task(loop_lag(stop, lags, sizes, app.library)),
    ]
    await asyncio.sleep(2.0)  # typing already: the keystrokes before the burst
    calm = len(typed)

    def move() -> None:
        for path in staged:
            path.rename(corpus / path.name)

    seen, started, cpu = len(frames), time.monotonic(), time.process_time()
    await asyncio.to_thread(move)
    moved = time.monotonic() - started
    shown = await until(frames.first(lambda f: f.articles >= wanted, seen), 120)
    stop.set()
    await asyncio.gather(*tasks)
    last = typed[-1].generation
    await until(frames.first(lambda f: f.shown >= last, typed[-1].seen), 10)
    latencies = on_screen(frames, typed)
    during = latencies[calm:]
    found = await search_for(app, frames, BURST_WORD, len(staged), 60)
    cpu = time.process_time() - cpu
    return {
        "burst_moved_s": moved,
        "burst_listed_s": (shown or float("nan")) - started,
        # when the library's own timeline held them (the reader's follows with the batch)
        "burst_library_listed_s": next((at for at, n in sizes if n >= wanted), float("nan"))
        - started,
        "burst_found_s": found - started,
        "burst_cpu_per_wall": cpu / (time.monotonic() - started),
        "burst_timeline_steps": sorted({f.articles - before for f in frames.frames[seen:]}),
        "burst_updates": _spans(updates, started),
        # [seconds after the files moved in, milliseconds taken, made on a timeline not shown]
        "burst_searches": [
            [round(begun - started, 3), round((end - begun) * 1000, 1), stale]
            for begun, end, stale in searches
            if begun >= started
        ],
        "keystroke_before_burst": summary_ms(latencies[:calm]),
        "keystroke_during_burst": summary_ms(during),
        # [seconds after the files moved in (< 0: before), the query, milliseconds to the screen]
        "keystrokes": [
            [round(key.at - started, 3), key.query, round(seconds * 1000, 1)]
            for key, seconds in zip(typed, latencies, strict=True)
        ],
        "loop_lag_during_burst": summary_ms(lags),
    }


async def related(pilot: Any, app: Any, frames: Frames, count: int) -> dict[str, Any]:
    library = app.library
    own: list[float] = []
    real = library.related

    def timed(article: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(article, *args, **kwargs)
        finally:
            own.append(time.perf_counter() - started)

    library.related = timed  # the library's own share of each press
    await clear_search(app, frames)
    total = len(app.articles)
    step = max(total // count, 1)
    times: list[float] = []
    for index in range(step // 2, total, step)[:count]:
        app.goto_article(index)
        await pilot.pause()
        depth, seen, started = len(app.screen_stack), len(frames), time.monotonic()
        await pilot.press("r")
        shown = await until(frames.first(lambda f, d=depth: f.screens > d, seen), 10)
        times.append((shown or float("nan")) - started)
        if shown:
            await pilot.press("escape")
            await until(lambda depth=depth: len(app.screen_stack) == depth, 5)
    library.related = real
    return {
        "related_shown": summary_ms(times),
        "related_shown_ms": [round(s * 1000, 1) for s in times],
        "related_library": summary_ms(own),
    }


async def drive(
    app: Any, corpus: Path, staged: list[Path], args: argparse.Namespace, out: dict[str, Any]
) -> None:
    frames = Frames(app)
    updates = timed_updates(app.library)
    searches = timed_searches(app)
    launched = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:

        def following() -> bool:
            return any(w.name == FOLLOWER and w.is_running for w in app.workers)

        if await until(following, args.timeout) is None:
            out["error"] = f"no {FOLLOWER!r} worker after {args.timeout:.0f} s"
            return
        out["follower_started_s"] = time.monotonic() - launched
        out["articles"] = len(app.articles)
        await asyncio.sleep(1.0)  # the watcher armed
        out |= await landed(app, frames, corpus, args.landed, updates)
        out |= await burst(app, frames, corpus, staged, args.every, updates, searches)
        out["articles_after"] = len(app.articles)
        out |= await related(pilot, app, frames, args.related)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live_burst", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--landed", type=int, default=3, help="single files dropped")
    parser.add_argument("--related", type=int, default=20, help="articles asked for r")
    parser.add_argument("--every", type=float, default=0.1, help="seconds between keystrokes")
    parser.add_argument("--timeout", type=float, default=600.0, help="for the follower to start")
    parser.add_argument("--work", type=Path, help="keep the copy and its library here")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "live_burst.json")
    args = parser.parse_args(argv)
    info = ensure_corpus(args.size)
    work = args.work or Path(tempfile.mkdtemp(prefix="live-burst-"))
    corpus = working_copy(info, work, PREFIX + "*")
    os.environ["NEWSREADER_CACHE_DIR"] = str(work / "cache")
    from newsreader.config import Config
    from newsreader.library import Library
    from newsreader.ui.app import make_app

    out: dict[str, Any] = {"size": args.size, "burst": args.burst, "load": os.getloadavg()}
    try:
        out["warm"] = warm_library(corpus)
        staged = stage_burst(work / "burst", args.burst)
        library = Library.open([corpus])
        app = make_app([corpus], library=library, config=Config(), preview_delay=0)
        try:
            asyncio.run(drive(app, corpus, staged, args, out))
        finally:
            app.close_library()
    finally:
        for added in corpus.glob(PREFIX + "*"):
            added.unlink()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    out["load_after"] = os.getloadavg()
    out["targets"] = {
        "landed_s": TARGET_LANDED_S,
        "burst_found_s": TARGET_BURST_S,
        "keystroke_p95_ms": TARGET_KEYSTROKE_P95_MS,
        "related_ms": TARGET_RELATED_MS,
    }
    text = json.dumps(out, indent=2, ensure_ascii=False, default=str)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
