"""One in-process benchmark phase, run in a fresh interpreter: ``python -m bench.phases PHASE …``.

A fresh process per phase means every figure includes the interpreter's start-up and the imports
it needs, nothing is warm from an earlier phase, and the peak RSS is the phase's own. The parent
passes its ``time.monotonic()`` at launch (``--launched``), so "since launch" figures are what a
user would wait. The library lives where the environment says (``NEWSREADER_CACHE_DIR``, set by
the parent). The phase prints one line ``BENCH-RESULT {json}`` on stdout.

Phases:

* ``search``: open the library (up to date) and prepare its search as the app does, then type
  every benchmark query one key at a time and time each keystroke's search as the UI's search
  worker runs it;
* ``tui``: the real app, headless (``App.run_test``). ``--mode warm`` (an up-to-date library):
  first frame, timeline shown, searchable, search prepared (the engine's vocabulary, made in
  the background), then keystroke in the search bar → the frame showing its results.
  ``--mode cold`` (an empty cache): first frame, first articles shown, search ready (a query
  typed as soon as the app can search, until a frame shows its results), whole timeline.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import Clock, RssSampler, summary_ms
from bench.queries import CLI_QUERY, FZF_FIRST, benchmark_queries, keystrokes

RESULT_PREFIX = "BENCH-RESULT "
#: What the UI's search worker reads of a result: the title spans of the first screenfuls
#: (``_SPANS_AHEAD`` in ``newsreader.ui.app``), then the body spans of the top hit.
SPANS_AHEAD = 64


# -- search -------------------------------------------------------------------------------------


def measure_search(library: Any, passes: int) -> dict[str, Any]:
    """Type every benchmark query one key at a time; time each keystroke's search.

    A keystroke is ``library.search(prefix, positions=True)`` and the title spans of the first
    :data:`SPANS_AHEAD` hits (``search``); ``worker`` adds the top hit's body spans (read from
    its file), which the UI's worker also makes. The engine's caches are emptied before each
    query in the first pass (no query profits from an earlier one); later passes retype with
    warm caches, as when a user edits a query.
    """
    reload = getattr(getattr(library, "engine", None), "reload", None)
    every: list[float] = []
    longer: list[float] = []  # from the second character on
    with_body: list[float] = []
    per_kind: dict[str, list[float]] = {}
    final: dict[str, dict[str, Any]] = {}
    slowest: list[tuple[float, str]] = []
    for run in range(passes):
        for kind, query in benchmark_queries():
            if run == 0 and reload is not None:
                reload()  # the engine's caches dropped
            for typed in keystrokes(query):
                started = time.perf_counter()
                result = library.search(typed, order="rank", positions=True)
                hits = result.hits
                for position in range(min(SPANS_AHEAD, len(hits))):
                    hits[position].title_spans  # noqa: B018 - the timeline shows them
                spans = time.perf_counter()
                if len(hits):
                    hits[0].body_spans  # noqa: B018 - the viewer shows the top hit
                done = time.perf_counter()
                elapsed = spans - started
                every.append(elapsed)
                if len(typed) > 1:
                    longer.append(elapsed)
                with_body.append(done - started)
                per_kind.setdefault(kind, []).append(elapsed)
                slowest.append((elapsed, typed))
            if run == 0:
                final[query] = {"kind": kind, "hits": result.count, "ms": elapsed * 1000}
    slowest.sort(reverse=True)
    return {
        "all": summary_ms(every),
        "worker": summary_ms(with_body),
        "from_2_chars": summary_ms(longer),
        "by_kind": {kind: summary_ms(values) for kind, values in per_kind.items()},
        "queries": final,
        "slowest": [(query, round(seconds * 1000, 2)) for seconds, query in slowest[:8]],
        "passes": passes,
    }


def phase_search(args: argparse.Namespace, clock: Clock, sampler: RssSampler) -> dict[str, Any]:
    """The library opened and brought up to date as the CLI does, then the keystrokes."""
    from newsreader import garbage
    from newsreader.library import Library

    out: dict[str, Any] = {"interpreter_s": clock.since_launch()}
    started = time.perf_counter()
    library = Library.open([args.corpus])
    out["open_s"] = time.perf_counter() - started
    try:
        started = time.perf_counter()
        update = library.update()
        out["update_s"] = time.perf_counter() - started
        out["update"] = {
            "added": update.added, "changed": update.changed, "removed": update.removed,
            "skipped": len(update.skipped), "full": update.full,
        }  # fmt: skip
        started = time.perf_counter()
        out["articles"] = len(library.articles)  # positions=True needs the timeline
        out["headers_s"] = time.perf_counter() - started
        gc.collect()
        garbage.keep_for_life()  # as the app does once the corpus is loaded
        sampler.mark("loaded")
        started = time.perf_counter()  # as the app's load worker does once the corpus is in
        library.prepare()
        out["prepare_s"] = time.perf_counter() - started
        sampler.mark("prepared")
        with sampler.paused():
            out["search"] = measure_search(library, args.passes)
    finally:
        library.close()
    return out


# -- the TUI ------------------------------------------------------------------------------------


async def _tui(
    args: argparse.Namespace, clock: Clock, made: list[Any], out: dict[str, Any]
) -> dict[str, Any]:
    """Fills ``out`` as it goes (an error at the app's exit keeps what was measured)."""
    out.update(interpreter_s=clock.since_launch(), mode=args.mode)
    from newsreader.ui.app import make_app

    out["import_s"] = clock.since_launch()
    app = make_app([args.corpus], preview_delay=0)
    made.append(app)
    frames: list[float] = []
    #: The search generation on screen at each frame (the app's own counter).
    frame_generations: list[int] = []
    original = app._display  # Textual's own: it has no public hook for each frame drawn

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None and not getattr(app, "_batch_count", 0):
            if not frames and hasattr(renderable, "render_segments"):
                # Headless apps skip this; a terminal pays it for the first frame.
                renderable.render_segments(app.console)
            frames.append(time.monotonic())
            frame_generations.append(app.shown_generation)
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]

    async def wait_for(condition: Callable[[], bool], timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.002)
        return time.monotonic()

    async def next_frame_after(moment: float, timeout: float = 5.0) -> float | None:
        found = await wait_for(lambda: bool(frames) and frames[-1] >= moment, timeout)
        return None if found is None else next(f for f in frames if f >= moment)

    def since_launch(moment: float | None) -> float | None:
        return None if moment is None else moment - clock.launched

    async def results_frame(wanted: int, seen: int, timeout: float) -> float | None:
        """The first frame (from frame ``seen`` on) that shows search generation ``wanted``."""

        def shown() -> bool:
            return any(g >= wanted for g in frame_generations[seen:])

        if await wait_for(shown, timeout) is None:
            return None
        return next(frames[i] for i in range(seen, len(frames)) if frame_generations[i] >= wanted)

    async with app.run_test(size=(120, 40)) as pilot:
        out["run_test_ready_s"] = clock.since_launch()
        first = await wait_for(lambda: bool(frames), 30)
        out["first_frame_s"] = None if first is None else frames[0] - clock.launched
        some = await wait_for(lambda: bool(app.articles) or app.loaded, args.timeout)
        if some is not None:  # a first load shows the articles committed so far
            out["first_articles_s"] = since_launch(await next_frame_after(some))
        if args.mode == "cold":
            # Search ready: the app can search (what is committed so far), and a query typed
            # then has its results on screen.
            ready = await wait_for(lambda: app.index is not None, args.timeout)
            if ready is None:
                out["search_ready_error"] = f"not searchable after {args.timeout:.0f} s"
            else:
                out["searchable_s"] = since_launch(ready)
                seen = len(frames)
                app.search_bar.value = CLI_QUERY
                if await wait_for(lambda: app.query_text == CLI_QUERY, 10) is not None:
                    shown = await results_frame(app.search_generation, seen, args.timeout)
                    out["search_ready_s"] = since_launch(shown)
                    out["search_ready_partial"] = not app.loaded
        loaded = await wait_for(lambda: app.loaded, args.timeout)
        if loaded is None:
            out["timeline_timeout"] = args.timeout
            return out
        out["timeline_s"] = since_launch(await next_frame_after(loaded))
        out["articles"] = len(app.articles)
        if args.mode == "cold":
            # A cold build lists every file first (the whole timeline), then indexes them.
            def indexing() -> bool:
                return any(w.name == "load corpus" and w.is_running for w in app.workers)

            done = await wait_for(lambda: not indexing(), args.timeout)
            out["indexed_s"] = None if done is None else since_launch(done)
            if app.query_text:  # the query runs again on the whole corpus
                await results_frame(app.search_generation, 0, 10)
            out["count"] = app.count_text
            return out
        ready = await wait_for(lambda: app.index is not None, args.timeout)
        out["searchable_s"] = since_launch(ready)
        if ready is None:
            return out
        # Typing starts once the search is prepared (the steady state the targets are about).
        engine = getattr(app.library, "engine", None)
        if engine is not None and hasattr(engine, "_vocabulary"):
            prepared = await wait_for(lambda: engine._vocabulary is not None, args.timeout)
            out["prepared_s"] = since_launch(prepared)
        await pilot.press("slash")
        await pilot.pause()
        latencies: list[float] = []
        per_kind: dict[str, list[float]] = {}
        timeouts = 0
        queries = benchmark_queries()
        if not args.all_queries:
            queries = [(kind, query) for kind, query in queries if query in FZF_FIRST]
        for kind, query in queries:
            app.action_clear_search()
            await pilot.pause()
            app.action_focus_search()
            await pilot.pause()
            for typed in keystrokes(query):
                seen = len(frames)  # frames from here on may show this keystroke's results
                started = time.monotonic()
                await pilot.press(typed[-1])
                if await wait_for(lambda typed=typed: app.query_text == typed, 5) is None:
                    timeouts += 1
                    continue
                shown = await results_frame(app.search_generation, seen, 10)
                if shown is None:
                    timeouts += 1
                    continue
                latencies.append(shown - started)
                per_kind.setdefault(kind, []).append(shown - started)
            out.setdefault("final_counts", {})[query] = app.count_text
        out["keystroke"] = summary_ms(latencies) | {"timeouts": timeouts}
        out["keystroke_by_kind"] = {kind: summary_ms(v) for kind, v in per_kind.items()}
    return out


def phase_tui(args: argparse.Namespace, clock: Clock, sampler: RssSampler) -> dict[str, Any]:
    made: list[Any] = []
    out: dict[str, Any] = {}
    try:
        asyncio.run(_tui(args, clock, made, out))
    except Exception as error:  # what was measured stands; the error is reported beside it
        out["error"] = f"{type(error).__name__}: {error}"
        out["trace"] = traceback.format_exc()
    finally:
        if made:  # as run_reader does: stop an update still running, close the library
            made[0].close_library()
    return out


PHASES = {"search": phase_search, "tui": phase_tui}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases")
    parser.add_argument("phase", choices=sorted(PHASES))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--launched", type=float, default=None)
    parser.add_argument("--passes", type=int, default=1, help="search: times each query is typed")
    parser.add_argument("--mode", choices=("warm", "cold"), default="warm", help="tui")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--all-queries", action="store_true", help="tui: type every query")
    args = parser.parse_args(argv)
    clock = Clock(args.launched)
    sampler = RssSampler().start()
    try:
        result = PHASES[args.phase](args, clock, sampler)
    except Exception as error:  # reported in the table, not a crash of the bench
        result = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
    result.update(sampler.stop())
    sys.stdout.write(RESULT_PREFIX + json.dumps(result, default=str) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
