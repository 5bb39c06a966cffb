"""``make bench`` / ``python -m bench``: the performance figures of issue 6, beside their targets.

    python -m bench                              # 1k, 10k and 100k articles
    python -m bench --quick                      # 1k and 10k
    python -m bench --sizes 10000 --json out.json

For each size: a deterministic synthetic corpus (generated once, cached under ``bench/out/``),
then each phase in a fresh interpreter (see :mod:`bench.phases`): cold load (no parse cache) to a
usable timeline, index build and per-keystroke search latency; filling the parse cache; warm load
from it; the headless TUI (first frame, timeline, keystroke → results on screen); ``newsreader
--list`` on the cached corpus; and the same queries through ``fzf --filter`` when fzf is
installed. Prints a table and writes the same figures as JSON (``bench/out/results.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bench import fzfbench
from bench.measure import median
from bench.phases import RESULT_PREFIX
from bench.synth import DEFAULT_SEED, GENERATOR_VERSION, OUT_DIR, CorpusInfo, ensure_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (1000, 10_000)

#: metric → (label, unit, target, "max" when the figure must stay at or under the target).
METRICS: dict[str, tuple[str, str, float | None]] = {
    "corpus_mb": ("corpus on disk", "MB", None),
    "distinct_words": ("distinct word forms", "", None),
    "cold_first_progress_s": ("cold: first files parsed", "s", None),
    "cold_timeline_s": ("cold start → usable timeline", "s", 10.0),
    "fill_s": ("cold start + saving the parse cache", "s", None),
    "warm_timeline_s": ("warm load, every file checked", "s", None),
    "index_build_s": ("index build", "s", None),
    "cold_index_ready_s": ("cold start → search index ready", "s", 40.0),
    "search_p50_ms": ("search per keystroke p50", "ms", None),
    "search_p95_ms": ("search per keystroke p95", "ms", 15.0),
    "search_max_ms": ("search per keystroke max", "ms", None),
    "tui_first_frame_s": ("TUI: launch → first frame (worst)", "s", 0.7),
    "tui_cold_first_articles_s": ("TUI cold: launch → first articles shown", "s", None),
    "tui_cold_timeline_s": ("TUI cold: launch → whole timeline shown", "s", 10.0),
    "tui_cold_index_ready_s": ("TUI cold: launch → search ready", "s", 40.0),
    "tui_timeline_s": ("TUI warm: launch → timeline shown", "s", None),
    "tui_index_ready_s": ("TUI warm: launch → search ready", "s", 1.2),
    "tui_keystroke_p50_ms": ("TUI: keystroke → results p50", "ms", None),
    "tui_keystroke_p95_ms": ("TUI: keystroke → results p95", "ms", 100.0),
    "list_s": ("newsreader --list (cached corpus)", "s", 3.0),
    "rss_peak_mb": ("peak RSS (process + workers)", "MB", None),
    "rss_ratio": ("peak RSS / corpus size", "×", 2.0),
    "fzf_median_ms": ("fzf --filter, full query (median)", "ms", None),
    "ours_median_ms": ("ours, same queries (median)", "ms", None),
    "ours_over_fzf": ("ours / fzf (median ratio)", "×", 1.0),
}


def _phase(
    phase: str,
    corpus: Path,
    env: dict[str, str],
    timeout: float,
    *extra: str,
) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its JSON result (or the error)."""
    command = [sys.executable, "-m", "bench.phases", phase, "--corpus", str(corpus), *extra]
    launched = time.monotonic()
    command += ["--launched", repr(launched)]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.monotonic() - launched
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
            result["wall_s"] = wall
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-6:]
    return {"error": f"exit {done.returncode}: " + " | ".join(tail)}


def _env(home: Path, cache: Path) -> dict[str, str]:
    """The phases never touch the user's own config, state or cache."""
    env = dict(os.environ)
    env["NEWSREADER_CACHE_DIR"] = str(cache)
    env["NEWSREADER_DATA_DIR"] = str(home / "data")
    env["NEWSREADER_CONFIG_DIR"] = str(home / "config")
    env["XDG_CACHE_HOME"] = str(home / "xdg-cache")
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env["XDG_STATE_HOME"] = str(home / "xdg-state")
    env.pop("NO_COLOR", None)
    return env


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not math.isnan(value) else None


def run_size(
    info: CorpusInfo, args: argparse.Namespace, say: Callable[[str], None], deadline: float
) -> dict[str, Any]:
    """Every phase for one corpus; the raw results and the flat figures.

    ``deadline`` (monotonic) keeps the whole run inside its time budget: ``--list`` and fzf,
    the phases that only show how far off a target is, are cut short when it comes near.
    """
    count = info.count
    work = OUT_DIR / "runs" / f"n{count}"
    home = work / "home"
    cache = work / "cache"
    raw: dict[str, Any] = {"corpus": info.as_dict()}
    figures: dict[str, Any] = {
        "corpus_mb": info.bytes / 2**20,
        "distinct_words": info.distinct_words,
    }
    repeat = args.repeat if args.repeat else (3 if count <= 10_000 else 1)
    timeout = args.timeout
    fzf_lines = info.path.parent / "fzf-lines.txt"
    want_fzf = not args.no_fzf and fzfbench.fzf_path() is not None
    args_note = ""

    # Cold: no parse cache. The first run also builds the index and times the searches.
    say(f"{count:,}: cold load ×{repeat}, index, search")
    cold_runs = []
    for run in range(repeat):
        extra = ["--cache", "none"]
        if run == 0:
            extra += ["--index", "--search", "--passes", str(args.passes)]
            if want_fzf:
                extra += ["--fzf-lines", str(fzf_lines)]
        cold_runs.append(_phase("load", info.path, _env(home, _fresh(cache)), timeout, *extra))
    raw["cold"] = cold_runs
    ok = [r for r in cold_runs if "timeline_s" in r]
    if ok:
        figures["cold_timeline_s"] = median([r["timeline_s"] for r in ok])
        progress = [r["first_progress_s"] for r in ok if _num(r.get("first_progress_s"))]
        figures["cold_first_progress_s"] = median(progress) if progress else None
    first = cold_runs[0]
    if "index_build_s" in first:
        figures["index_build_s"] = first["index_build_s"]
        figures["cold_index_ready_s"] = first["index_ready_s"]
    search = first.get("search")
    if isinstance(search, dict) and "all" in search:
        for name in ("p50", "p95", "max"):
            figures[f"search_{name}_ms"] = search["all"][f"{name}_ms"]

    # The parse cache: fill it (cold parse + save), then warm loads from it.
    say(f"{count:,}: parse cache fill, warm load ×{repeat}")
    _fresh(cache)
    fill = _phase("load", info.path, _env(home, cache), timeout, "--cache", "fill")
    raw["fill"] = fill
    if "timeline_s" in fill:
        figures["fill_s"] = fill["wall_s"]
        warm_runs = [
            _phase("load", info.path, _env(home, cache), timeout, "--cache", "warm")
            for _ in range(repeat)
        ]
        raw["warm"] = warm_runs
        ok = [r for r in warm_runs if "timeline_s" in r]
        if ok:
            figures["warm_timeline_s"] = median([r["timeline_s"] for r in ok])

    # The real app, headless, with the parse cache left as filled above.
    if not args.no_tui:
        # First ever launch (an empty cache, as the command line opens it), which fills the
        # cache and saves the index; then a launch on the unchanged corpus.
        say(f"{count:,}: headless TUI, cold (no cache)")
        tui_home = work / "tui-home"
        tui_cache = _fresh(work / "tui-cache")
        tui_env = _env(tui_home, tui_cache)
        cold_tui = _phase(
            "tui", info.path, tui_env, timeout + 60, "--timeout", str(timeout), "--cache", "fill",
            "--no-keys",
        )  # fmt: skip
        raw["tui_cold"] = cold_tui
        figures["tui_cold_first_articles_s"] = cold_tui.get("first_articles_s")
        figures["tui_cold_timeline_s"] = cold_tui.get("timeline_s")
        figures["tui_cold_index_ready_s"] = cold_tui.get("index_ready_s")
        say(f"{count:,}: headless TUI, warm")
        tui = _phase(
            "tui", info.path, tui_env, timeout + 60, "--timeout", str(timeout), "--cache", "warm"
        )
        raw["tui"] = tui
        frames = [_num(r.get("first_frame_s")) for r in (cold_tui, tui)]
        frames = [f for f in frames if f is not None]
        figures["tui_first_frame_s"] = max(frames) if frames else None
        figures["tui_timeline_s"] = tui.get("timeline_s")
        figures["tui_index_ready_s"] = tui.get("index_ready_s")
        keystroke = tui.get("keystroke")
        if isinstance(keystroke, dict) and "p95_ms" in keystroke:
            figures["tui_keystroke_p50_ms"] = keystroke["p50_ms"]
            figures["tui_keystroke_p95_ms"] = keystroke["p95_ms"]

    # newsreader --list on the cached corpus (beyond 10x the target it is cut short).
    list_timeout = min(args.list_timeout, max(5.0, deadline - time.monotonic() - 30))
    say(f"{count:,}: newsreader --list (timeout {list_timeout:.0f} s)")
    raw["list"] = _list(info.path, _env(home, cache), list_timeout)
    figures["list_s"] = raw["list"].get("s")
    if "timeout_s" in raw["list"]:  # at least this long
        figures["list_s"] = raw["list"]["timeout_s"]
        figures["list_s_at_least"] = True

    runs = [*cold_runs, fill, *raw.get("warm", []), raw.get("tui_cold", {}), raw.get("tui", {})]
    peaks = [_num(r.get("rss_tree_peak_mb")) for r in runs]
    peaks = [p for p in peaks if p is not None]
    if peaks:
        figures["rss_peak_mb"] = max(peaks)
        figures["rss_ratio"] = max(peaks) / figures["corpus_mb"]

    fzf_budget = min(args.fzf_budget, deadline - time.monotonic() - 10)
    if want_fzf and fzf_budget < 5:
        want_fzf = False
        args_note = "skipped: the run's time budget (--budget) is spent"
    if want_fzf:
        say(f"{count:,}: fzf --filter (budget {fzf_budget:.0f} s)")
        raw["fzf"] = fzfbench.run_fzf(fzf_lines, fzf_budget, every=args.fzf_all)
        ours = search.get("queries") if isinstance(search, dict) else None
        raw["fzf_compare"] = fzfbench.compare(ours, raw["fzf"])
        figures["fzf_median_ms"] = raw["fzf_compare"].get("fzf_median_ms")
        figures["ours_median_ms"] = raw["fzf_compare"].get("ours_median_ms")
        figures["ours_over_fzf"] = raw["fzf_compare"].get("median_ratio")
    elif args.no_fzf:
        raw["fzf"] = {"na": "skipped (--no-fzf)"}
    elif fzfbench.fzf_path() is None:
        raw["fzf"] = {"na": "fzf is not installed (apt-get install fzf)"}
    else:
        raw["fzf"] = {"na": args_note}
    return {"raw": raw, "figures": figures}


def _list(corpus: Path, env: dict[str, str], timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "newsreader", "--list", str(corpus)]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "timeout_s": timeout}
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}", "s": None}
    return {"s": elapsed}


# -- the table ----------------------------------------------------------------------------------


def _format(value: Any, unit: str) -> str:
    number = _num(value)
    if number is None:
        return "n/a"
    if unit == "" or (unit == "MB" and number >= 100):
        return f"{number:,.0f}"
    if unit == "ms":
        return f"{number:.1f}" if number < 100 else f"{number:,.0f}"
    if unit == "×":
        return f"{number:.2f}" if number >= 0.1 else f"{number:.2g}"
    return f"{number:.2f}" if number < 10 else f"{number:.1f}"


def render_table(results: dict[str, Any], console: Console) -> None:
    sizes = list(results["sizes"])
    table = Table(title="newsreader benchmark (issue 6)", header_style="bold", show_edge=False)
    table.add_column("figure")
    table.add_column("target", justify="right")
    for size in sizes:
        table.add_column(f"{int(size):,} articles", justify="right")
    for key, (label, unit, target) in METRICS.items():
        if all(_num(results["sizes"][s]["figures"].get(key)) is None for s in sizes) and (
            key in ("fzf_median_ms", "ours_median_ms", "ours_over_fzf")
        ):
            continue
        cells: list[Text | str] = [
            f"{label}" + (f" ({unit})" if unit else ""),
            f"≤ {target:g}" if target is not None else "",
        ]
        for size in sizes:
            value = results["sizes"][size]["figures"].get(key)
            text = _format(value, unit)
            if results["sizes"][size]["figures"].get(f"{key}_at_least"):
                text = "> " + text
            number = _num(value)
            style = "dim" if number is None else ""
            if target is not None and number is not None:
                style = "green" if number <= target else "bold red"
            cells.append(Text(text, style=style))
        table.add_row(*cells)
    console.print(table)
    notes = results.get("notes", [])
    for note in notes:
        console.print(Text("• " + note, style="dim"))


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def _machine() -> dict[str, Any]:
    try:
        import textual

        textual_version = getattr(textual, "__version__", "?")
    except ImportError:
        textual_version = None
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory = round(int(handle.readline().split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "textual": textual_version,
        "commit": _git_commit(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _notes(results: dict[str, Any]) -> list[str]:
    notes = [
        "Each phase runs in a fresh interpreter; times are since its launch (interpreter start-up "
        "and imports included). Cold = no parse cache; the OS page cache is whatever it is (this "
        "VM reclaims it within ~30 s, so reads may come from disk).",
        "search: index.search(prefix) + the first 50 hits (title spans of 20), every keystroke "
        "of the queries in bench/queries.py; TUI keystroke: key press → the first frame that "
        "shows its results; fzf: one full query per run, reading the corpus each time.",
    ]
    for size, data in results["sizes"].items():
        raw = data["raw"]
        problems = []
        for name in ("cold", "warm"):
            for run in raw.get(name, []) or []:
                if "error" in run:
                    problems.append(f"{name}: {run['error']}")
        for name in ("fill", "tui_cold", "tui", "list"):
            section = raw.get(name) or {}
            if "error" in section:
                problems.append(f"{name}: {section['error']}")
            for value in section.values():
                if isinstance(value, dict) and "na" in value:
                    problems.append(f"{name}: {value['na']}")
        first = (raw.get("cold") or [{}])[0]
        for key in ("index", "load"):
            if isinstance(first.get(key), dict) and "na" in first[key]:
                problems.append(f"{key}: {first[key]['na']}")
        if isinstance(raw.get("fzf"), dict) and "na" in raw["fzf"]:
            problems.append(f"fzf: {raw['fzf']['na']}")
        elif raw.get("fzf", {}).get("not_run"):
            problems.append(
                f"fzf: budget spent, not run for {len(raw['fzf']['not_run'])} queries "
                "(it rereads the corpus per query)"
            )
        for problem in dict.fromkeys(problems):
            notes.append(f"{int(size):,}: {problem}")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", help="comma-separated article counts (default 1000,10000,100000)"
    )
    parser.add_argument("--quick", action="store_true", help="1k and 10k articles only")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "results.json")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--repeat", type=int, default=0, help="cold/warm runs per size (default 3, 1 above 10k)"
    )
    parser.add_argument("--passes", type=int, default=2, help="times each query is typed")
    parser.add_argument("--timeout", type=float, default=300.0, help="per phase, seconds")
    parser.add_argument("--fzf-budget", type=float, default=30.0, help="seconds of fzf per size")
    parser.add_argument("--fzf-all", action="store_true", help="time fzf on every query")
    parser.add_argument("--list-timeout", type=float, default=30.0, help="seconds")
    parser.add_argument(
        "--budget", type=float, default=540.0, help="seconds for the whole run (fzf, --list yield)"
    )
    parser.add_argument("--no-fzf", action="store_true")
    parser.add_argument("--no-tui", action="store_true")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    else:
        sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)

    console = Console(stderr=True)
    started = time.monotonic()
    results: dict[str, Any] = {
        "machine": _machine(),
        "generator": {"version": GENERATOR_VERSION, "seed": args.seed},
        "targets": {key: target for key, (_, _, target) in METRICS.items() if target is not None},
        "sizes": {},
    }

    def say(message: str) -> None:
        console.print(f"[dim]{time.monotonic() - started:6.1f}s[/] {message}")

    for count in sizes:
        with Progress(
            TextColumn(f"generating {count:,} articles"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("generate", total=count)

            def progress(done: int, total: int, bar: Progress = bar, task: Any = task) -> None:
                bar.update(task, completed=done)

            info = ensure_corpus(count, args.seed, progress=progress)
        state = "reused" if info.reused else f"generated in {info.seconds:.1f} s"
        say(f"{count:,} articles, {info.bytes / 2**20:,.0f} MB ({state}): {info.path}")
        results["sizes"][str(count)] = run_size(info, args, say, started + args.budget)
    results["total_s"] = time.monotonic() - started
    results["notes"] = _notes(results)
    results["figures"] = {
        key: {size: data["figures"].get(key) for size, data in results["sizes"].items()}
        for key in METRICS
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    render_table(results, Console(width=None if sys.stdout.isatty() else 120))
    say(f"done; figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
