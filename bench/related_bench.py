"""Related coverage benchmark: how long ``Library.related(article)`` takes at 100k articles.

    .venv/bin/python -m bench.related_bench                   # make bench's 100k corpus
    .venv/bin/python -m bench.related_bench --cache DIR       # keep (and reuse) the library
    .venv/bin/python -m bench.related_bench --corpus DIR -n 50 --json out.json

The library of the corpus is opened from ``--cache`` (built there first if needed: ~2–5 min cold
at 100k; without ``--cache`` in a temporary folder, removed afterwards), then ``-n`` articles
spread evenly over the timeline each ask for their related list as the reader's ``r`` does: the
article as the timeline holds it (no body: it is read from its file, as in the reader). Each
article is asked three times: before the search is prepared (no vocabulary, the engine's caches
emptied: a user pressing ``r`` right after start), then prepared with the caches emptied
(``cold``), then again at once (``warm``). Reported per pass: p50/p95/max milliseconds, and how
many articles the lists held (median, and how many lists were empty). The CPU time of the
calling thread is given beside the wall time: on a busy machine, it is the steadier figure.

The synthetic articles are made of pseudo-words, so they rarely share a story: most lists are
empty, and the work after the candidates are found (which groups each holds) is seldom done.
So the real articles of ``tests/data`` and ``seeds/`` (not in the index) are asked too
(``real``): they share names with the synthetic ones (Токаев, Иран …), as a real article shares
them with an archive of other stories.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import summary_ms
from bench.synth import DEFAULT_SEED, ensure_corpus
from newsreader.article import Article
from newsreader.corpus import load_corpus
from newsreader.library import Library

TARGET_MS = 50.0
ROOT = Path(__file__).resolve().parents[1]
REAL = (ROOT / "tests/data/devset/raw", ROOT / "tests/data/collected/raw", ROOT / "seeds")


def _clear(library: Library) -> None:
    """Empty the engine's caches (word forms, expansions), as after a commit."""
    cache = getattr(library.engine, "_cache", None)
    if cache is not None:
        cache.clear()


def _pass(
    library: Library, probes: list[Article], before: Callable[[], None] | None
) -> dict[str, Any]:
    times: list[float] = []
    cpu: list[float] = []
    sizes: list[int] = []
    for article in probes:
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.thread_time()
        found = library.related(article)
        times.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
        sizes.append(len(found))
    figures = summary_ms(times)
    figures["cpu_p50_ms"] = summary_ms(cpu)["p50_ms"]
    figures["cpu_p95_ms"] = summary_ms(cpu)["p95_ms"]
    figures["found_median"] = statistics.median(sizes)
    figures["empty"] = sum(1 for size in sizes if not size)
    return figures


def run(corpus: Path, cache: Path, count: int) -> dict[str, Any]:
    started = time.perf_counter()
    library = Library.open([corpus], cache)
    update = library.update()
    built = time.perf_counter() - started
    articles = library.articles
    print(f"library: {len(articles):,} articles ({update.added:,} indexed now) in {built:.1f} s")
    step = max(len(articles) // count, 1)
    probes = list(articles[::step][:count])
    figures: dict[str, Any] = {"articles": len(articles), "probes": len(probes)}
    figures["unprepared"] = _pass(library, probes, lambda: _clear(library))
    started = time.perf_counter()
    library.prepare()
    figures["prepare_s"] = time.perf_counter() - started
    figures["cold"] = _pass(library, probes, lambda: _clear(library))
    figures["warm"] = _pass(library, probes, None)
    real = load_corpus(sorted(path for folder in REAL for path in folder.glob("*.txt"))).articles
    figures["real"] = _pass(library, list(real), lambda: _clear(library))
    library.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.related_bench")
    parser.add_argument("--corpus", type=Path, help="a folder of articles (default: synthetic)")
    parser.add_argument("--size", type=int, default=100_000, help="synthetic corpus size")
    parser.add_argument("--cache", type=Path, help="where the library lives (kept)")
    parser.add_argument("-n", "--count", type=int, default=50, help="articles asked")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    corpus = args.corpus or ensure_corpus(args.size, DEFAULT_SEED).path / "articles"
    if args.cache is not None:
        figures = run(corpus, args.cache, args.count)
    else:
        with tempfile.TemporaryDirectory(prefix="related-bench-") as folder:
            figures = run(corpus, Path(folder), args.count)
    for name in ("unprepared", "cold", "warm", "real"):
        row = figures[name]
        print(
            f"{name:>10}: p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  "
            f"max {row['max_ms']:6.1f} ms (CPU p50 {row['cpu_p50_ms']:5.1f}, "
            f"p95 {row['cpu_p95_ms']:5.1f}; target {TARGET_MS:.0f} ms)  "
            f"found: median {row['found_median']}, {row['empty']} empty of {row['n']}"
        )
    print(f"search prepared in {figures['prepare_s']:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
