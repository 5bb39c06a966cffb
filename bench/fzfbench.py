"""The reference: the same queries through ``fzf --filter`` over the same articles.

fzf reads the whole corpus (one file per line, :func:`write_lines`) on every invocation, so at
100k articles (~600 MB) one query costs seconds to tens of seconds; the bench times the full
queries, the five of :data:`~bench.queries.FZF_FIRST` first, within a time budget, and reports
our in-process latency for the same query beside it. Only run when fzf is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.measure import median
from bench.queries import FZF_FIRST, benchmark_queries, fzf_query


def fzf_path() -> str | None:
    return shutil.which("fzf")


def write_lines(corpus: Path, path: Path) -> float:
    """Every ``*.txt`` file of ``corpus`` as one line (its text with newlines flattened), for
    ``fzf --filter``; the seconds it took."""
    started = time.perf_counter()
    temp = path.with_suffix(".tmp")
    with open(temp, "wb") as out:
        for file in sorted(corpus.rglob("*.txt")):
            text = file.read_bytes().replace(b"\r", b" ").replace(b"\n", b" ")
            out.write(text + b"\n")
    temp.replace(path)
    return time.perf_counter() - started


def fzf_version(binary: str) -> str:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return done.stdout.strip().split()[0] if done.stdout.strip() else "?"


def run_fzf(
    lines: Path, budget: float, *, every: bool = False, per_query_timeout: float = 120.0
) -> dict[str, Any]:
    """Time ``fzf --filter`` on the issue's five queries (``every``: all) within ``budget``.

    At least one query runs; the next is skipped when it would overrun the budget at the
    previous one's pace.
    """
    binary = fzf_path()
    if binary is None:
        return {"na": "fzf is not installed (apt-get install fzf)"}
    if not lines.exists():
        return {"na": f"no article lines at {lines}"}
    order = {query: rank for rank, query in enumerate(FZF_FIRST)}
    queries = sorted(benchmark_queries(), key=lambda kq: order.get(kq[1], len(order)))
    if not every:
        queries = [(kind, query) for kind, query in queries if query in order]
    spent = 0.0
    timings: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    last = 0.0
    for kind, query in queries:
        if timings and spent + last > budget:  # the next one would not fit: stop here
            skipped.append(query)
            continue
        started = time.perf_counter()
        try:
            with open(lines, "rb") as source:
                done = subprocess.run(
                    [binary, "--filter", fzf_query(query)],
                    stdin=source,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    timeout=per_query_timeout,
                    check=False,
                )
        except subprocess.TimeoutExpired:
            last = time.perf_counter() - started
            spent += last
            timings[query] = {"kind": kind, "ms": None, "timeout_s": per_query_timeout}
            continue
        last = time.perf_counter() - started
        spent += last
        timings[query] = {
            "kind": kind,
            "fzf_query": fzf_query(query),
            "ms": last * 1000,
            "hits": done.stdout.count(b"\n"),
        }
    measured = [t["ms"] for t in timings.values() if t.get("ms") is not None]
    return {
        "version": fzf_version(binary),
        "queries": timings,
        "median_ms": median(measured) if measured else None,
        "not_run": skipped,
        "lines_mb": lines.stat().st_size / 2**20,
    }


def compare(ours: dict[str, Any] | None, fzf: dict[str, Any]) -> dict[str, Any]:
    """Our full-query latency over fzf's, query by query, and the median ratio."""
    if not ours or "queries" not in fzf:
        return {}
    ratios = {}
    for query, timing in fzf["queries"].items():
        mine = ours.get(query)
        if mine and timing.get("ms"):
            ratios[query] = mine["ms"] / timing["ms"]
    return {
        "ratio_by_query": ratios,
        "median_ratio": median(list(ratios.values())) if ratios else None,
        "ours_median_ms": median([ours[q]["ms"] for q in ratios]) if ratios else None,
        "fzf_median_ms": median([fzf["queries"][q]["ms"] for q in ratios]) if ratios else None,
    }
