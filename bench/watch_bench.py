"""Following a folder (issue 16): how soon a file that lands is reported and searchable.

    python -m bench.watch_bench                      # the 100k corpus, a 1,000-file burst
    python -m bench.watch_bench --size 10000 --work /tmp/wb   # keep the copy and library

In one process, as the reader runs it: the library of a hard-linked copy of the synthetic
corpus (built cold the first time, ~2 min at 100k; ``--work`` keeps it for the next run), brought
up to date and its search prepared; then :func:`newsreader.library.watch.follow` in a thread.
Measured, each from just before the file is written:

* one new file → its batch reported, and found by a word only it holds (×5);
* one file rewritten in place → reported as changed; one deleted → reported as removed;
* a burst of new files written as fast as Python can → every one reported, and every one found,
  with the number of batches; a search typed meanwhile (one every 20 ms), its p50/p95;
* the follower's CPU while nothing happens, with events and polling (``poll=True``), and one
  new file's latency when polling.

Prints one JSON object (also written to ``bench/out/watch.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import synth
from bench.measure import summary_ms
from bench.synth import DEFAULT_SEED, OUT_DIR, ensure_corpus, working_copy

TARGET_LANDED_S = 2.0
TARGET_BURST_S = 10.0


def _made(corpus: Path, index: int, marker: str) -> tuple[Path, bytes]:
    """A new file's path and bytes (made before the clock starts: the first takes seconds)."""
    made = synth.generate_article(index, DEFAULT_SEED)
    text = f"{made.text}\n\n{marker.capitalize()} {marker}.\n"
    return corpus / f"w{made.name}", text.encode("utf-8")


def _write(file: tuple[Path, bytes]) -> Path:
    file[0].write_bytes(file[1])
    return file[0]


class Reports:
    """The follower's batches, as they come."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[float, Any]] = queue.Queue()

    def __call__(self, batch: Any) -> None:
        self.queue.put((time.perf_counter(), batch))

    def until(self, done: Callable[[Any], bool], timeout: float = 60.0) -> tuple[float, list]:
        """Batches until ``done(batch)``; the time the last came, and all of them."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            at, batch = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            seen.append(batch)
            if done(batch):
                return at, seen

    def drain(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()


def _found(library: Any, marker: str, count: int, timeout: float = 30.0) -> float:
    """When a search for ``marker`` first finds ``count`` articles (perf_counter)."""
    deadline = time.monotonic() + timeout
    while library.search(marker).count != count:
        if time.monotonic() > deadline:
            return float("nan")
        time.sleep(0.005)
    return time.perf_counter()


def _idle_cpu(seconds: float) -> float:
    """The process's CPU per wall second while nothing lands (the follower's upkeep)."""
    cpu, wall = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - wall)


def _start(
    library: Any, reports: Reports, poll: bool | None, wait: float = 1.0
) -> tuple[threading.Event, Any]:
    from newsreader.library.watch import follow

    stop = threading.Event()
    thread = threading.Thread(
        target=follow, args=(library, stop, reports), kwargs={"poll": poll}, daemon=True
    )
    thread.start()
    time.sleep(wait)  # the watcher armed and its catch-up done (nothing to catch up)
    reports.drain()
    return stop, thread


def measure(library: Any, corpus: Path, burst: int, repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    updates: list[tuple[int, float]] = []  # (paths, seconds) of each update the follower made
    real_update = library.update

    def timed_update(**options: Any) -> Any:
        begun = time.perf_counter()
        try:
            return real_update(**options)
        finally:
            paths = options.get("paths")
            updates.append((-1 if paths is None else len(paths), time.perf_counter() - begun))

    library.update = timed_update
    reports = Reports()
    stop, thread = _start(library, reports, None)
    out["idle_cpu_events"] = _idle_cpu(10.0)

    landed, searchable, after_event = [], [], []
    for run in range(repeat):
        marker = f"сигналыч{'абвгдежзик'[run % 10]}"
        file = _made(corpus, 900_000 + run, marker)
        started = time.perf_counter()
        path = _write(file)
        at, batches = reports.until(lambda b: b.added >= 1)
        landed.append(at - started)
        after_event.append(batches[-1].latency)
        searchable.append(_found(library, marker, 1) - started)
        time.sleep(0.3)
    out["landed_s"] = landed
    out["landed_searchable_s"] = searchable
    out["landed_from_event_s"] = after_event

    started = time.perf_counter()
    path.write_text(path.read_text(encoding="utf-8") + "\nЕщё абзац.\n", encoding="utf-8")
    at, _ = reports.until(lambda b: b.changed >= 1)
    out["rewritten_s"] = at - started
    started = time.perf_counter()
    path.unlink()
    at, _ = reports.until(lambda b: b.removed >= 1)
    out["deleted_s"] = at - started

    # The burst, with a search typed meanwhile.
    marker = "ливеньыч"
    typing: list[float] = []
    typing_done = threading.Event()

    def type_meanwhile() -> None:
        words = ["т", "то", "ток", "тока", "токае", "токаев", "иран", "ирана", "нефт"]
        at = 0
        while not typing_done.is_set():
            begun = time.perf_counter()
            result = library.search(words[at % len(words)], positions=True)
            result.hits[:64]  # the first screenful, as the reader lays it out
            typing.append(time.perf_counter() - begun)
            at += 1
            time.sleep(0.02)

    typist = threading.Thread(target=type_meanwhile, daemon=True)
    typist.start()
    files = [_made(corpus, 1_000_000 + index, marker) for index in range(burst)]
    started = time.perf_counter()
    for file in files:
        _write(file)
    out["burst_written_s"] = time.perf_counter() - started
    total = 0

    def all_in(batch: Any) -> bool:
        nonlocal total
        total += batch.added
        return total >= burst

    at, batches = reports.until(all_in, timeout=120)
    out["burst_listed_s"] = at - started
    out["burst_searchable_s"] = _found(library, marker, burst, timeout=60) - started
    out["burst_batches"] = [b.added for b in batches]
    out["burst_latency_s"] = [round(b.latency, 3) for b in batches]
    out["burst_updates_s"] = [round(seconds, 3) for paths, seconds in updates if paths > 1]
    typing_done.set()
    typist.join()
    out["search_during_burst"] = summary_ms(typing)
    stop.set()
    thread.join()

    # Polling.
    reports = Reports()
    begun = time.process_time()
    stop, thread = _start(library, reports, True, wait=4.0)
    out["polling_start_cpu_s"] = time.process_time() - begun  # its first walk, every file
    out["idle_cpu_polling"] = _idle_cpu(10.0)
    file = _made(corpus, 1_900_000, "опросыч")
    started = time.perf_counter()
    _write(file)
    at, _ = reports.until(lambda b: b.added >= 1)
    out["polling_landed_s"] = at - started
    stop.set()
    thread.join()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.watch_bench", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep the copy and its library here")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "watch.json")
    args = parser.parse_args(argv)
    info = ensure_corpus(args.size)
    work = args.work or Path(tempfile.mkdtemp(prefix="watch-bench-"))
    corpus = working_copy(info, work, "w*.txt")
    os.environ["NEWSREADER_CACHE_DIR"] = str(work / "cache")
    from newsreader.library import Library

    try:
        library = Library.open([corpus])
        started = time.perf_counter()
        library.update()
        library.articles  # noqa: B018 - the reader reads every header
        library.prepare()  # and makes the search's vocabulary
        result: dict[str, Any] = {
            "size": args.size,
            "burst": args.burst,
            "ready_s": time.perf_counter() - started,
        }
        result |= measure(library, corpus, args.burst, args.repeat)
        result["targets"] = {
            "landed_s": TARGET_LANDED_S,
            "burst_searchable_s": TARGET_BURST_S,
        }
        library.close()
    finally:
        for added in corpus.glob("w*.txt"):
            added.unlink()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
