"""``make bench`` / ``python -m bench``: the library's performance figures, beside their targets.

    python -m bench                              # 1k, 10k and 100k articles
    python -m bench --quick                      # 1k and 10k
    python -m bench --sizes 100000 --json out.json

For each size: a deterministic synthetic corpus (generated once, cached under ``bench/out/``),
hard-linked into a scratch folder (``bench/out/runs/``, removed afterwards) so that adding and
removing files never touches the cached one. Then, each as a fresh process with a library of
its own (``NEWSREADER_CACHE_DIR``):

* ``newsreader --search Q --json --limit 20`` cold (an empty cache): wall time, peak RSS of the
  process and its workers; warm (the library up to date), beside ``rg -c -i Q``;
* 100 new files, then 50 of them deleted: the next ``--search`` finds them, and no longer finds
  the deleted ones;
* per-keystroke search on the warm library, in process (:mod:`bench.phases` ``search``);
* the headless TUI, warm and cold (:mod:`bench.phases` ``tui``);
* ``newsreader --list --limit 20`` warm, and ``fzf --filter`` when fzf is installed.

Prints a table and writes the same figures as JSON (``bench/out/results.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bench import fzfbench, synth
from bench.measure import ProcessRun, median, run_process
from bench.phases import RESULT_PREFIX
from bench.queries import CLI_QUERY
from bench.synth import DEFAULT_SEED, GENERATOR_VERSION, OUT_DIR, CorpusInfo, ensure_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (1000, 10_000)
#: Files added, then removed, between two searches; the word only they contain.
ADDED, REMOVED = 100, 50
MARKER = "бенчмаркерыч"

#: metric → (label, unit, target): the figure must stay at or under the target, or at or over
#: it for the metrics in :data:`AT_LEAST`.
METRICS: dict[str, tuple[str, str, float | None]] = {
    "corpus_mb": ("corpus on disk", "MB", None),
    "distinct_words": ("distinct word forms", "", None),
    "cli_cold_s": ("CLI cold: --search, empty cache", "s", 40.0),
    "cli_cold_rss_mb": ("CLI cold: peak RSS (process + workers)", "MB", None),
    "cli_cold_rss_ratio": ("CLI cold: peak RSS / corpus size", "×", 1.0),
    "cli_warm_s": ("CLI warm: --search (median)", "s", None),
    "rg_s": ("rg -c -i, same word (median)", "s", None),
    "cli_over_rg": ("CLI warm / rg", "×", 1.0),
    "add_s": (f"+{ADDED} files → next --search", "s", 3.0),
    "add_found": (f"  new files found (of {ADDED})", "", float(ADDED)),
    "remove_s": (f"−{REMOVED} files → next --search", "s", 3.0),
    "remove_gone": (f"  deleted files gone (of {REMOVED})", "", float(REMOVED)),
    "search_prepare_s": ("search: prepare() (in process)", "s", None),
    "search_p50_ms": ("search per keystroke p50", "ms", None),
    "search_p95_ms": ("search per keystroke p95", "ms", 5.0),
    "search_max_ms": ("search per keystroke max", "ms", None),
    "search_long_p95_ms": ("  p95 from the 2nd character on", "ms", None),
    "search_worker_p95_ms": ("  + top hit's body spans p95", "ms", None),
    "tui_first_frame_s": ("TUI: launch → first frame (worst)", "s", 0.7),
    "tui_timeline_s": ("TUI warm: launch → timeline shown", "s", 1.0),
    "tui_searchable_s": ("TUI warm: launch → searchable", "s", 1.0),
    "tui_prepared_s": ("TUI warm: launch → search prepared", "s", None),
    "tui_keystroke_p50_ms": ("TUI warm: keystroke → results p50", "ms", None),
    "tui_keystroke_p95_ms": ("TUI warm: keystroke → results p95", "ms", 60.0),
    "tui_cold_first_articles_s": ("TUI cold: launch → first articles", "s", 2.0),
    "tui_cold_search_ready_s": ("TUI cold: launch → search ready", "s", 30.0),
    "tui_cold_timeline_s": ("TUI cold: launch → whole timeline", "s", 10.0),
    "tui_cold_indexed_s": ("TUI cold: launch → every article searchable", "s", None),
    "tui_cold_rss_ratio": ("TUI cold: peak RSS / corpus size", "×", None),
    "list_s": ("CLI warm: --list --limit 20 (median)", "s", None),
    "fzf_median_ms": ("fzf --filter, full query (median)", "ms", None),
    "ours_median_ms": ("ours, same queries (median)", "ms", None),
    "ours_over_fzf": ("ours / fzf (median ratio)", "×", 1.0),
}
AT_LEAST = frozenset({"add_found", "remove_gone"})
_OPTIONAL = ("fzf_median_ms", "ours_median_ms", "ours_over_fzf")


def _newsreader() -> list[str]:
    """The ``newsreader`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("newsreader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsreader"]


def _phase(
    phase: str, corpus: Path, env: dict[str, str], timeout: float, *extra: str
) -> dict[str, Any]:
    """Run one in-process phase in a fresh interpreter; its JSON result (or the error)."""
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
    """The runs never touch the user's own config, state or cache; ``cache`` holds the library."""
    env = dict(os.environ)
    env["NEWSREADER_CACHE_DIR"] = str(cache)
    env["NEWSREADER_DATA_DIR"] = str(home / "data")
    env["NEWSREADER_CONFIG_DIR"] = str(home / "config")
    env["XDG_CACHE_HOME"] = str(cache / "xdg")
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


def _run_record(run: ProcessRun, *, grep_like: bool = False, **extra: Any) -> dict[str, Any]:
    """A run as JSON; ``grep_like``: exit status 1 (nothing found) is no error."""
    record: dict[str, Any] = {"s": run.seconds, "rss_max_mb": run.rss_max_mb}
    if run.rss_tree_peak_mb is not None:
        record["rss_tree_peak_mb"] = run.rss_tree_peak_mb
    if not (run.ok or (grep_like and run.returncode == 1)):
        record["error"] = run.problem()
    return record | extra


def _hit_paths(run: ProcessRun) -> list[str] | None:
    """The paths of a ``--search --json`` answer (``None`` if it is not one)."""
    try:
        return [record["path"] for record in json.loads(run.stdout)]
    except (ValueError, TypeError, KeyError):
        return None


# -- the command line ---------------------------------------------------------------------------


def _cli_cold(
    corpus: Path, env: Callable[[], dict[str, str]], repeat: int, timeout: float
) -> list[dict[str, Any]]:
    """``--search`` on an empty cache, ``repeat`` times (``env()`` empties it each time)."""
    command = [*_newsreader(), "--search", CLI_QUERY, "--json", "--limit", "20", str(corpus)]
    runs = []
    for _ in range(repeat):
        run = run_process(command, env=env(), cwd=ROOT, timeout=timeout, rss=True, interval=0.05)
        runs.append(_run_record(run, hits=len(_hit_paths(run) or ())))
    return runs


def _cli_warm(corpus: Path, env: dict[str, str], repeat: int, timeout: float) -> dict[str, Any]:
    """``--search`` on the library as left by the cold run, then ``rg``, turn about."""
    ours = [*_newsreader(), "--search", CLI_QUERY, "--json", "--limit", "20", str(corpus)]
    rg = shutil.which("rg")
    runs: list[dict[str, Any]] = []
    rg_runs: list[dict[str, Any]] = []
    for _ in range(repeat):
        run = run_process(ours, env=env, cwd=ROOT, timeout=timeout)
        runs.append(_run_record(run, hits=len(_hit_paths(run) or ())))
        if rg is not None:
            command = [rg, "-c", "-i", CLI_QUERY, str(corpus)]
            run = run_process(command, env=env, cwd=ROOT, timeout=timeout)
            files = len(run.stdout.splitlines())
            rg_runs.append(_run_record(run, files=files, grep_like=True))
    result: dict[str, Any] = {"runs": runs, "rg": rg_runs or {"na": "rg is not installed"}}
    ok = [r["s"] for r in runs if "error" not in r]
    rg_ok = [r["s"] for r in rg_runs if "error" not in r]
    if ok:
        result["s"] = median(ok)
    if rg_ok:
        result["rg_s"] = median(rg_ok)
    return result


def _cli_list(corpus: Path, env: dict[str, str], repeat: int, timeout: float) -> dict[str, Any]:
    command = [*_newsreader(), "--list", "--limit", "20", str(corpus)]
    runs = [
        _run_record(run_process(command, env=env, cwd=ROOT, timeout=timeout)) for _ in range(repeat)
    ]
    ok = [r["s"] for r in runs if "error" not in r]
    return {"runs": runs, "s": median(ok) if ok else None}


def _write_added(corpus: Path, start: int, seed: int) -> list[Path]:
    """:data:`ADDED` new articles (indices from ``start``), each with :data:`MARKER` at the
    start of its longest paragraph."""
    written = []
    for index in range(start, start + ADDED):
        made = synth.generate_article(index, seed)
        lines = made.text.split("\n")
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        lines[longest] = f"{MARKER.capitalize()} {lines[longest]}"
        path = corpus / made.name
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


def _incremental(
    corpus: Path, env: dict[str, str], count: int, seed: int, timeout: float
) -> dict[str, Any]:
    """Add :data:`ADDED` files, time the next ``--search``; delete :data:`REMOVED` of them,
    time the next one. Checks by path that the search finds exactly what is on disk."""
    command = [*_newsreader(), "--search", MARKER, "--json", str(corpus)]
    added = _write_added(corpus, count, seed)
    new = {os.path.abspath(path) for path in added}
    run = run_process(command, env=env, cwd=ROOT, timeout=timeout)
    paths = _hit_paths(run)
    found = None if paths is None else len(new & set(paths))
    out: dict[str, Any] = {"add": _run_record(run, found=found, hits=len(paths or ()))}
    deleted = added[:REMOVED]
    for path in deleted:
        path.unlink()
    gone_paths = {os.path.abspath(path) for path in deleted}
    run = run_process(command, env=env, cwd=ROOT, timeout=timeout)
    paths = _hit_paths(run)
    gone = None if paths is None else len(gone_paths - set(paths))
    kept = None if paths is None else len((new - gone_paths) & set(paths))
    out["remove"] = _run_record(run, gone=gone, kept=kept, hits=len(paths or ()))
    return out


# -- one size -----------------------------------------------------------------------------------


def run_size(
    info: CorpusInfo, args: argparse.Namespace, say: Callable[[str], None], deadline: float
) -> dict[str, Any]:
    """Every measurement for one corpus; the raw results and the flat figures.

    ``deadline`` (monotonic) keeps the whole run inside its time budget: fzf, which only shows
    how far off a target is, is cut short when it comes near.
    """
    count = info.count
    raw: dict[str, Any] = {"corpus": info.as_dict()}
    figures: dict[str, Any] = {
        "corpus_mb": info.bytes / 2**20,
        "distinct_words": info.distinct_words,
    }
    corpus_mb = figures["corpus_mb"]
    repeat = args.repeat or (3 if count <= 1000 else 1)
    warm_repeat = args.warm_repeat or 5
    timeout = args.timeout
    work = _fresh(OUT_DIR / "runs" / f"n{count}")
    home = work / "home"
    cache = work / "cache"
    corpus = work / "articles"
    # A hard-link copy: files added and removed here leave the cached corpus as it is.
    subprocess.run(["cp", "-al", str(info.path), str(corpus)], check=True)
    try:
        say(f"{count:,}: CLI cold ×{repeat} (an empty cache each)")
        cold = _cli_cold(corpus, lambda: _env(home, _fresh(cache)), repeat, timeout)
        raw["cli_cold"] = cold
        ok = [r for r in cold if "error" not in r]
        if ok:
            figures["cli_cold_s"] = median([r["s"] for r in ok])
            peak = max(r["rss_tree_peak_mb"] for r in ok)
            figures["cli_cold_rss_mb"] = peak
            figures["cli_cold_rss_ratio"] = peak / corpus_mb
        env = _env(home, cache)  # the library the last cold run made, up to date

        say(f"{count:,}: CLI warm ×{warm_repeat}, rg, --list")
        warm = _cli_warm(corpus, env, warm_repeat, timeout)
        raw["cli_warm"] = warm
        figures["cli_warm_s"] = warm.get("s")
        figures["rg_s"] = warm.get("rg_s")
        if warm.get("s") and warm.get("rg_s"):
            figures["cli_over_rg"] = warm["s"] / warm["rg_s"]
        raw["list"] = _cli_list(corpus, env, warm_repeat, timeout)
        figures["list_s"] = raw["list"]["s"]

        say(f"{count:,}: search per keystroke (in process)")
        search = _phase("search", corpus, env, timeout, "--passes", str(args.passes))
        raw["search"] = search
        figures["search_prepare_s"] = search.get("prepare_s")
        found = search.get("search")
        if isinstance(found, dict) and "all" in found:
            for name in ("p50", "p95", "max"):
                figures[f"search_{name}_ms"] = found["all"][f"{name}_ms"]
            figures["search_long_p95_ms"] = found["from_2_chars"]["p95_ms"]
            figures["search_worker_p95_ms"] = found["worker"]["p95_ms"]

        if not args.no_tui:
            say(f"{count:,}: headless TUI, warm")
            tui = _phase("tui", corpus, env, timeout + 60, "--timeout", str(timeout))
            raw["tui"] = tui
            figures["tui_timeline_s"] = tui.get("timeline_s")
            figures["tui_searchable_s"] = tui.get("searchable_s")
            figures["tui_prepared_s"] = tui.get("prepared_s")
            keystroke = tui.get("keystroke")
            if isinstance(keystroke, dict) and keystroke.get("n"):
                figures["tui_keystroke_p50_ms"] = keystroke["p50_ms"]
                figures["tui_keystroke_p95_ms"] = keystroke["p95_ms"]

            say(f"{count:,}: headless TUI, cold (an empty cache)")
            tui_cache = work / "cache-tui"
            cold_tui = _phase(
                "tui", corpus, _env(home, _fresh(tui_cache)), timeout + 60,
                "--timeout", str(timeout), "--mode", "cold",
            )  # fmt: skip
            shutil.rmtree(tui_cache, ignore_errors=True)
            raw["tui_cold"] = cold_tui
            figures["tui_cold_first_articles_s"] = cold_tui.get("first_articles_s")
            figures["tui_cold_search_ready_s"] = cold_tui.get("search_ready_s")
            figures["tui_cold_timeline_s"] = cold_tui.get("timeline_s")
            figures["tui_cold_indexed_s"] = cold_tui.get("indexed_s")
            if _num(cold_tui.get("rss_tree_peak_mb")):
                figures["tui_cold_rss_ratio"] = cold_tui["rss_tree_peak_mb"] / corpus_mb
            frames = [_num(r.get("first_frame_s")) for r in (tui, cold_tui)]
            frames = [f for f in frames if f is not None]
            figures["tui_first_frame_s"] = max(frames) if frames else None

        say(f"{count:,}: +{ADDED} files, then −{REMOVED}")
        changes = _incremental(corpus, env, count, info.seed, timeout)
        raw["changes"] = changes
        for name, key in (("add", "found"), ("remove", "gone")):
            if "error" not in changes[name]:
                figures[f"{name}_s"] = changes[name]["s"]
                figures[f"{name}_{key}"] = changes[name][key]

        _fzf(info, args, raw, figures, deadline, say)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            with contextlib.suppress(OSError):
                work.parent.rmdir()  # bench/out/runs, once empty
    return {"raw": raw, "figures": figures}


def _fzf(
    info: CorpusInfo,
    args: argparse.Namespace,
    raw: dict[str, Any],
    figures: dict[str, Any],
    deadline: float,
    say: Callable[[str], None],
) -> None:
    """``fzf --filter`` on the full queries, beside ours (in process), if fzf is installed."""
    if args.no_fzf:
        raw["fzf"] = {"na": "skipped (--no-fzf)"}
        return
    if fzfbench.fzf_path() is None:
        raw["fzf"] = {"na": "fzf is not installed (apt-get install fzf)"}
        return
    budget = min(args.fzf_budget, deadline - time.monotonic() - 10)
    if budget < 5:
        raw["fzf"] = {"na": "skipped: the run's time budget (--budget) is spent"}
        return
    lines = info.path.parent / "fzf-lines.txt"
    if not lines.exists():
        say(f"{info.count:,}: writing the corpus as lines for fzf")
        raw["fzf_lines_s"] = fzfbench.write_lines(info.path, lines)
    say(f"{info.count:,}: fzf --filter (budget {budget:.0f} s)")
    raw["fzf"] = fzfbench.run_fzf(lines, budget, every=args.fzf_all)
    search = raw.get("search", {}).get("search")
    ours = search.get("queries") if isinstance(search, dict) else None
    raw["fzf_compare"] = fzfbench.compare(ours, raw["fzf"])
    figures["fzf_median_ms"] = raw["fzf_compare"].get("fzf_median_ms")
    figures["ours_median_ms"] = raw["fzf_compare"].get("ours_median_ms")
    figures["ours_over_fzf"] = raw["fzf_compare"].get("median_ratio")


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


def _meets(key: str, number: float, target: float) -> bool:
    return number >= target if key in AT_LEAST else number <= target


def render_table(results: dict[str, Any], console: Console) -> None:
    """The figures, one column per size, green or red beside their targets; then the notes."""
    sizes = list(results["sizes"])
    table = Table(title="newsreader benchmark", header_style="bold", show_edge=False)
    table.add_column("figure")
    table.add_column("target", justify="right")
    for size in sizes:
        table.add_column(f"{int(size):,} articles", justify="right")
    for key, (label, unit, target) in METRICS.items():
        values = [results["sizes"][s]["figures"].get(key) for s in sizes]
        if key in _OPTIONAL and all(_num(v) is None for v in values):
            continue
        sense = "≥" if key in AT_LEAST else "≤"
        cells: list[Text | str] = [
            label + (f" ({unit})" if unit else ""),
            f"{sense} {target:g}" if target is not None else "",
        ]
        for value in values:
            number = _num(value)
            style = "dim" if number is None else ""
            if target is not None and number is not None:
                style = "green" if _meets(key, number, target) else "bold red"
            cells.append(Text(_format(value, unit), style=style))
        table.add_row(*cells)
    console.print(table)
    for note in results.get("notes", []):
        console.print(Text("• " + note, style="dim"))


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def _version(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else None


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
    rg = shutil.which("rg")
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "textual": textual_version,
        "rg": _version([rg, "--version"]) if rg else None,
        "commit": _git_commit(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _problems(raw: dict[str, Any]) -> list[str]:
    """Errors and n/a sections of one size's raw results, one line each."""
    problems = []
    sections: list[tuple[str, Any]] = [
        (f"CLI cold #{i + 1}", r) for i, r in enumerate(raw.get("cli_cold", []))
    ]
    warm = raw.get("cli_warm", {})
    sections += [(f"CLI warm #{i + 1}", r) for i, r in enumerate(warm.get("runs", []))]
    rg = warm.get("rg")
    sections += [("rg", r) for r in rg] if isinstance(rg, list) else [("rg", rg or {})]
    sections += [(f"--list #{i + 1}", r) for i, r in enumerate(raw.get("list", {}).get("runs", []))]
    sections += [(name, raw.get(name) or {}) for name in ("search", "tui", "tui_cold", "fzf")]
    changes = raw.get("changes") or {}
    sections += [
        (f"+{ADDED}", changes.get("add") or {}),
        (f"−{REMOVED}", changes.get("remove") or {}),
    ]
    for name, section in sections:
        if not isinstance(section, dict):
            continue
        if "error" in section:
            problems.append(f"{name}: {section['error']}")
        if "na" in section:
            problems.append(f"{name}: {section['na']}")
    for name in ("tui", "tui_cold"):
        section = raw.get(name) or {}
        for key in ("search_ready_error", "timeline_timeout"):
            if key in section:
                problems.append(f"{name}: {key} {section[key]}")
        keystroke = section.get("keystroke")
        if isinstance(keystroke, dict) and keystroke.get("timeouts"):
            problems.append(f"{name}: {keystroke['timeouts']} keystrokes never showed results")
    remove = changes.get("remove") or {}
    if remove.get("kept") not in (None, ADDED - REMOVED):
        problems.append(f"−{REMOVED}: only {remove['kept']} of the {ADDED - REMOVED} kept found")
    fzf = raw.get("fzf") or {}
    if fzf.get("not_run"):
        problems.append(f"fzf: budget spent, not run for {len(fzf['not_run'])} queries")
    return list(dict.fromkeys(problems))


def _notes(results: dict[str, Any]) -> list[str]:
    notes = [
        "CLI rows are whole processes (start-up included), each with a library of its own; "
        f"Q = {CLI_QUERY!r}. Cold = an empty cache; warm = the library the cold run left "
        "(quick update: folders' mtimes). The OS page cache is whatever it is.",
        "search per keystroke: after library.prepare(), library.search(prefix, "
        "positions=True) + title spans of the first 64 hits, every prefix of the queries in "
        "bench/queries.py (caches emptied per query); '+ top hit's body spans' as the UI's "
        "search worker also does. TUI keystroke (typed once the search is prepared): key press "
        "→ first frame showing its results. TUI cold search ready: a query typed as soon as the "
        "app can search → its results on screen.",
    ]
    for size, data in results["sizes"].items():
        notes += [f"{int(size):,}: {problem}" for problem in _problems(data["raw"])]
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
        "--repeat", type=int, default=0, help="CLI cold runs per size (default 3 up to 1k, else 1)"
    )
    parser.add_argument("--warm-repeat", type=int, default=0, help="CLI warm runs (default 5)")
    parser.add_argument("--passes", type=int, default=1, help="times each query is typed")
    parser.add_argument("--timeout", type=float, default=300.0, help="per run, seconds")
    parser.add_argument("--fzf-budget", type=float, default=30.0, help="seconds of fzf per size")
    parser.add_argument("--fzf-all", action="store_true", help="time fzf on every query")
    parser.add_argument(
        "--budget", type=float, default=840.0, help="seconds for the whole run (fzf yields)"
    )
    parser.add_argument("--no-fzf", action="store_true")
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/runs/ (libraries)")
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
