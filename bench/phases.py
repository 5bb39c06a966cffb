"""One benchmark phase, run in a fresh interpreter: ``python -m bench.phases PHASE …``.

A fresh process per phase means every figure includes the interpreter's start-up and the imports
it needs, nothing is warm from an earlier phase, and the peak RSS is the phase's own. The parent
passes its ``time.monotonic()`` at launch (``--launched``), so "since launch" figures are what a
user would wait. The phase prints one line ``BENCH-RESULT {json}`` on stdout.

Phases:

* ``load``: load the corpus to a usable timeline (sorted articles), with no parse cache
  (``--cache none``), filling the parse cache (``fill``) or from it (``warm``); optionally build
  the search index (``--index``) and time every keystroke of the benchmark queries
  (``--search``), and write the one-article-per-line file fzf reads (``--fzf-lines``);
* ``tui``: the real app, headless (``App.run_test``): first frame, timeline shown, index ready,
  and keystroke in the search bar → timeline showing the new results.

Sections whose code is not built yet report ``{"na": "…"}`` instead of failing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.measure import Clock, RssSampler, summary_ms
from bench.queries import FZF_FIRST, benchmark_queries, keystrokes

RESULT_PREFIX = "BENCH-RESULT "
#: The first screenful the UI reads from a result, as the engine's own bench does.
PAGE, SPANS = 50, 20


def _na(error: BaseException) -> dict[str, str]:
    return {"na": f"not built yet ({type(error).__name__}: {error})"}


# -- loading ------------------------------------------------------------------------------------


def _load_plain(paths: list[Path], progress: Callable[[int, int], None]) -> tuple[Any, dict]:
    from newsreader.corpus import load_corpus

    return load_corpus(paths, progress), {"via": "newsreader.corpus.load_corpus"}


def _load_cached(
    paths: list[Path], progress: Callable[[int, int], None], *, save: bool
) -> tuple[Any, dict]:
    """Load through the parse cache (``newsreader.cache``) as the CLI and the app do.

    Uses ``load_corpus(paths, progress, cache=…)`` with the cache the CLI opens; if the loader
    has no ``cache`` parameter yet, :func:`_load_cached_headers` does the same by hand.
    """
    import inspect

    from newsreader import corpus
    from newsreader.cache import ParseCache, cache_name
    from newsreader.parser import PARSER_VERSION

    if "cache" not in inspect.signature(corpus.load_corpus).parameters:
        return _load_cached_headers(paths, progress, save=save)
    info: dict[str, Any] = {"via": "newsreader.corpus.load_corpus(cache=ParseCache)"}
    started = time.perf_counter()
    cache = ParseCache.open(None, PARSER_VERSION, name=cache_name(paths))
    info["cache_open_s"] = time.perf_counter() - started
    started = time.perf_counter()
    result = corpus.load_corpus(paths, progress, cache=cache)
    info["load_corpus_s"] = time.perf_counter() - started
    if save:
        started = time.perf_counter()
        info["saved"] = cache.save()
        info["save_s"] = time.perf_counter() - started
        info["cache_mb"] = cache.path.stat().st_size / 2**20 if cache.path.exists() else 0
    info["warnings"] = list(cache.warnings)
    return result, info


def _load_cached_headers(
    paths: list[Path], progress: Callable[[int, int], None], *, save: bool
) -> tuple[Any, dict]:
    """The parse cache by hand: stat, take unchanged files' headers (bodies stay in the cache
    until read), parse the rest in the loader's pool, store them; sort the headers."""
    from newsreader import corpus
    from newsreader.cache import ParseCache, cache_name
    from newsreader.parser import PARSER_VERSION

    info: dict[str, Any] = {"via": "newsreader.cache.ParseCache (bench adapter, headers only)"}
    started = time.perf_counter()
    skipped: list[Any] = []
    files = corpus.find_files(paths, skipped)
    stats: dict[str, tuple[int, int]] = {}
    for file in files:
        st = os.stat(file)
        stats[str(file)] = (st.st_size, st.st_mtime_ns)
    info["find_stat_s"] = time.perf_counter() - started
    started = time.perf_counter()
    cache = ParseCache.open(None, PARSER_VERSION, name=cache_name(paths))
    info["cache_open_s"] = time.perf_counter() - started
    started = time.perf_counter()
    diff = cache.diff(stats)
    info["cache_diff_s"] = time.perf_counter() - started
    info["fresh"] = len(diff.fresh)
    info["to_parse"] = len(diff.to_parse)
    results: list[Any] = list(diff.fresh.values())
    results.extend(corpus.Skipped(path, reason) for path, reason in diff.skipped.items())
    to_parse = [Path(path) for path in diff.to_parse]
    if to_parse:
        started = time.perf_counter()
        load_all = getattr(corpus, "_load_all", None)
        loaded = load_all(to_parse, progress) if load_all else map(corpus.load_file, to_parse)
        for path, item in zip(to_parse, loaded, strict=True):
            result = item[0] if isinstance(item, tuple) else item
            size, mtime_ns = stats[str(path)]
            if isinstance(result, corpus.Skipped):
                cache.store_skip(str(path), size, mtime_ns, result.reason)
            else:
                cache.store(str(path), size, mtime_ns, result)
            results.append(result)
        info["parse_s"] = time.perf_counter() - started
    if diff.removed:
        cache.retain(stats)
    started = time.perf_counter()
    loaded_result = corpus.build_corpus(results, skipped, len(files))
    info["sort_s"] = time.perf_counter() - started
    if save:
        started = time.perf_counter()
        info["saved"] = cache.save()
        info["save_s"] = time.perf_counter() - started
    info["warnings"] = list(cache.warnings)
    return loaded_result, info


# -- search -------------------------------------------------------------------------------------


def measure_search(index: Any, passes: int) -> dict[str, Any]:
    """Type every benchmark query one key at a time; time each keystroke's search.

    A keystroke's time is ``index.search(prefix)`` plus reading the first screenful of hits
    (``PAGE`` hits, the title spans of ``SPANS``), as the UI does. The index's caches are
    emptied before each query (so no query profits from an earlier one) in the first pass;
    later passes retype with warm caches, as when a user edits a query.
    """
    per_kind: dict[str, list[float]] = {}
    every: list[float] = []
    final: dict[str, dict[str, Any]] = {}
    slowest: list[tuple[float, str]] = []
    for run in range(passes):
        for kind, query in benchmark_queries():
            cache = getattr(index, "_cache", None)
            if run == 0 and hasattr(cache, "clear"):
                cache.clear()
            for typed in keystrokes(query):
                started = time.perf_counter()
                result = index.search(typed, order="rank")
                hits = result.hits
                page = [hits[i] for i in range(min(PAGE, len(hits)))]
                for hit in page[:SPANS]:
                    hit.title_spans  # noqa: B018 - the timeline shows highlighted titles
                elapsed = time.perf_counter() - started
                per_kind.setdefault(kind, []).append(elapsed)
                every.append(elapsed)
                slowest.append((elapsed, typed))
            if run == 0:
                final[query] = {"kind": kind, "hits": len(result.hits), "ms": elapsed * 1000}
    slowest.sort(reverse=True)
    return {
        "all": summary_ms(every),
        "by_kind": {kind: summary_ms(values) for kind, values in per_kind.items()},
        "queries": final,
        "slowest": [(query, round(seconds * 1000, 2)) for seconds, query in slowest[:8]],
        "passes": passes,
    }


def write_fzf_lines(articles: Sequence[Any], path: Path) -> float:
    """One article per line (date, outlet, title, body flattened) for ``fzf --filter``."""
    started = time.perf_counter()
    temp = path.with_suffix(".tmp")
    with open(temp, "w", encoding="utf-8") as out:
        for article in articles:
            date = article.published.iso() if article.published else "undated"
            text = " ".join((date, article.source or "", article.title, *article.body))
            out.write(text.replace("\n", " ").replace("\r", " "))
            out.write("\n")
    temp.replace(path)
    return time.perf_counter() - started


def phase_load(args: argparse.Namespace, clock: Clock, sampler: RssSampler) -> dict[str, Any]:
    out: dict[str, Any] = {"interpreter_s": clock.since_launch()}
    paths = [args.corpus]
    first_progress: list[float] = []

    def progress(done: int, total: int) -> None:
        if not first_progress:
            first_progress.append(clock.since_launch())

    started = time.perf_counter()
    try:
        if args.cache == "none":
            result, info = _load_plain(paths, progress)
        else:
            result, info = _load_cached(paths, progress, save=args.cache == "fill")
    except ImportError as error:
        return {"load": _na(error)}
    out["load_s"] = time.perf_counter() - started
    out["timeline_s"] = clock.since_launch()
    out["first_progress_s"] = first_progress[0] if first_progress else None
    out["info"] = info
    articles = result.articles
    out["articles"] = len(articles)
    out["skipped"] = len(result.skipped)
    out["files_seen"] = result.files_seen
    out["dated"] = sum(1 for a in articles if a.published is not None)
    out["with_source"] = sum(1 for a in articles if a.source)
    out["with_author"] = sum(1 for a in articles if a.author)
    out["kk"] = sum(1 for a in articles if a.lang == "kk")
    sampler.mark("timeline")

    if args.fzf_lines is not None and not args.fzf_lines.exists():
        out["fzf_lines_s"] = write_fzf_lines(articles, args.fzf_lines)

    if args.index:
        try:
            from newsreader.search import SearchIndex
        except ImportError as error:
            out["index"] = _na(error)
            return out
        gc.collect()
        started = time.perf_counter()
        index = SearchIndex.build(articles)
        out["index_build_s"] = time.perf_counter() - started
        out["index_ready_s"] = clock.since_launch()
        out["vocabulary"] = len(getattr(index, "vocab", ()))
        sampler.mark("index")
        if args.search:
            with sampler.paused():
                out["search"] = measure_search(index, args.passes)
    return out


# -- the TUI ------------------------------------------------------------------------------------


async def _tui(args: argparse.Namespace, clock: Clock, made: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"interpreter_s": clock.since_launch()}
    try:
        from newsreader.ui.app import make_app
    except ImportError as error:
        return {"tui": _na(error)}
    out["import_s"] = clock.since_launch()
    if args.cache == "none":
        app = make_app([args.corpus])
    else:  # as the command line does: the cache is opened in the load worker
        from newsreader.cache import ParseCache, cache_name
        from newsreader.parser import PARSER_VERSION

        name = cache_name([args.corpus])
        app = make_app(
            [args.corpus], open_cache=lambda: ParseCache.open(None, PARSER_VERSION, name=name)
        )
    frames: list[float] = []
    #: The search generation on screen at each frame (the app's own counter).
    frame_generations: list[int] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None and not getattr(app, "_batch_count", 0):
            if not frames and hasattr(renderable, "render_segments"):
                # Headless apps skip this; a terminal pays it for the first frame.
                renderable.render_segments(app.console)
            frames.append(time.monotonic())
            frame_generations.append(getattr(app, "_shown_generation", -1))
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

    made.append(app)
    async with app.run_test(size=(140, 40)) as pilot:
        out["run_test_ready_s"] = clock.since_launch()
        first = await wait_for(lambda: bool(frames), 30)
        out["first_frame_s"] = None if first is None else frames[0] - clock.launched
        some = await wait_for(
            lambda: bool(getattr(app, "articles", ())) or bool(getattr(app, "loaded", False)),
            args.timeout,
        )
        if some is not None:  # a long load shows the articles parsed so far
            shown_some = await next_frame_after(some)
            out["first_articles_s"] = None if shown_some is None else shown_some - clock.launched
        loaded = await wait_for(lambda: bool(getattr(app, "loaded", False)), args.timeout)
        if loaded is None:
            out["timeline_s"] = None
            out["timeline_timeout"] = args.timeout
            return out
        shown = await next_frame_after(loaded)
        out["timeline_s"] = None if shown is None else shown - clock.launched
        out["articles"] = len(getattr(app, "articles", ()))
        ready = await wait_for(
            lambda: (
                getattr(app, "index", None) is not None
                or getattr(app, "index_error", None) is not None
            ),
            args.timeout,
        )
        if ready is None or getattr(app, "index", None) is None:
            out["index_ready_s"] = None
            out["index_error"] = getattr(app, "index_error", None) or f"timeout {args.timeout}s"
            return out
        out["index_ready_s"] = ready - clock.launched
        out["index_origin"] = getattr(app, "index_origin", None)
        if args.no_keys:
            return out
        if not hasattr(app, "_generation") or not hasattr(app, "_shown_generation"):
            out["keystroke"] = {"na": "the app exposes no search generation to wait on"}
            return out
        await pilot.press("slash")
        await pilot.pause()
        latencies: list[float] = []
        per_kind: dict[str, list[float]] = {}
        timeouts = 0
        queries = benchmark_queries()
        if not args.all_queries:
            queries = [(kind, query) for kind, query in queries if query in FZF_FIRST]
        for kind, query in queries:
            clear = getattr(app, "action_clear_search", None)
            if clear is not None:
                clear()
            await pilot.pause()
            if hasattr(app, "action_focus_search"):
                app.action_focus_search()
            await pilot.pause()
            for typed in keystrokes(query):
                seen = len(frames)  # frames from here on may show this keystroke's results
                started = time.monotonic()
                await pilot.press(typed[-1])
                if await wait_for(lambda typed=typed: app.query_text == typed, 5) is None:
                    timeouts += 1
                    continue
                wanted = app._generation

                def results_shown(wanted: int = wanted, seen: int = seen) -> bool:
                    return any(g >= wanted for g in frame_generations[seen:])

                if await wait_for(results_shown, 10) is None:
                    timeouts += 1
                    continue
                at = next(i for i in range(seen, len(frames)) if frame_generations[i] >= wanted)
                latency = frames[at] - started
                latencies.append(latency)
                per_kind.setdefault(kind, []).append(latency)
            out.setdefault("final_counts", {})[query] = getattr(app, "_result_total", None)
        out["keystroke"] = summary_ms(latencies) | {"timeouts": timeouts}
        out["keystroke_by_kind"] = {kind: summary_ms(v) for kind, v in per_kind.items()}
    return out


def phase_tui(args: argparse.Namespace, clock: Clock, sampler: RssSampler) -> dict[str, Any]:
    app: list[Any] = []
    out = asyncio.run(_tui(args, clock, app))
    if app and getattr(app[0], "cache", None) is not None:
        # As run_reader does at exit: wait for the parse cache and the index to be saved (the
        # next start's warm start), then close the cache.
        started = time.perf_counter()
        app[0].finish_cache_save()
        out["save_wait_s"] = time.perf_counter() - started
        app[0].cache.close()
    return out


PHASES = {"load": phase_load, "tui": phase_tui}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases")
    parser.add_argument("phase", choices=sorted(PHASES))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--launched", type=float, default=None)
    parser.add_argument("--cache", choices=("none", "fill", "warm"), default="none")
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--fzf-lines", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--all-queries", action="store_true", help="tui: type every query")
    parser.add_argument("--no-keys", action="store_true", help="tui: stop once search is ready")
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
