"""Small measuring tools shared by the phases: process-tree RSS sampling, whole processes timed
with their peak RSS, and percentiles."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _status_kb(pid: int | str, field: str) -> int:
    """A ``kB`` field of ``/proc/PID/status`` (0 when unreadable)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_kb(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


def _children(pid: int | str) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return found


def tree_rss_kb(pid: int | None = None) -> int:
    """The resident set of a process and all its descendants (pool workers), in kB."""
    root = pid if pid is not None else os.getpid()
    total = 0
    pending = [root]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kb(current)
        pending.extend(_children(current))
    return total


def self_hwm_mb() -> float:
    """This process's own peak RSS (VmHWM), in MB."""
    kb = _status_kb("self", "VmHWM:")
    if not kb:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def children_maxrss_mb() -> float:
    """The largest peak RSS of any child process waited for so far (pool workers), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class RssSampler:
    """Samples the RSS of a process (default: this one) plus its children in a thread; keeps
    the peak.

    Pool workers share copy-on-write pages with their parent, so the sum over-counts a little;
    the main process's own exact peak is :func:`self_hwm_mb`.
    """

    def __init__(self, interval: float = 0.02, pid: int | None = None) -> None:
        self.interval = interval
        self.pid = pid
        self.peak_kb = 0
        self._marks: dict[str, int] = {}
        self._stop = threading.Event()
        self._paused = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._paused.is_set():
                self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> int:
        kb = tree_rss_kb(self.pid)
        self.peak_kb = max(self.peak_kb, kb)
        return kb

    def mark(self, name: str) -> None:
        """Remember the peak so far under ``name`` (the peak of the phase up to here)."""
        self.sample()
        self._marks[name] = self.peak_kb

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """No sampling inside (latency measurements should not share the GIL with it)."""
        self._paused.set()
        try:
            yield
        finally:
            self._paused.clear()

    def halt(self) -> float:
        """Stop sampling (no last sample: the process may be gone); the peak in MB."""
        self._stop.set()
        self._thread.join(timeout=1)
        return self.peak_kb / 1024

    def stop(self) -> dict[str, float]:
        self.halt()
        self.sample()
        result = {f"rss_peak_{name}_mb": kb / 1024 for name, kb in self._marks.items()}
        result["rss_tree_peak_mb"] = self.peak_kb / 1024
        result["rss_main_hwm_mb"] = self_hwm_mb()
        result["rss_child_max_mb"] = children_maxrss_mb()
        return result


@dataclass(frozen=True, slots=True)
class ProcessRun:
    """One command run to its end (or killed at its timeout)."""

    #: The exit status; ``None`` when it was killed at its timeout.
    returncode: int | None
    seconds: float
    stdout: str
    stderr: str
    #: The peak of the summed RSS of the process and its descendants (sampled), in MB.
    rss_tree_peak_mb: float | None = None
    #: The largest peak RSS of one process of the tree (the kernel's, exact), in MB.
    rss_max_mb: float | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def problem(self) -> str:
        """Why the run failed, in one line."""
        if self.returncode is None:
            return f"timed out after {self.seconds:.0f} s"
        tail = (self.stderr or self.stdout).strip().splitlines()[-4:]
        return f"exit {self.returncode}: " + " | ".join(tail)


def run_process(
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300.0,
    rss: bool = False,
    interval: float = 0.02,
) -> ProcessRun:
    """Run ``command``; its wall time (launch to exit, reaped at once), output and, with ``rss``,
    the peak RSS of its process tree (sampled every ``interval`` s in a thread).

    The command gets a session of its own: at the timeout the whole tree is killed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True,
        )  # fmt: skip
        sampler = RssSampler(interval, pid=process.pid).start() if rss else None
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = None
        if sampler is not None:
            peak = sampler.halt()
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            None if killed.is_set() else process.returncode,
            seconds,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak,
            usage.ru_maxrss / 1024,
        )


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/max of durations in seconds, as milliseconds."""
    return {
        "p50_ms": percentile(values, 0.5) * 1000,
        "p95_ms": percentile(values, 0.95) * 1000,
        "max_ms": (max(values) if values else math.nan) * 1000,
        "n": len(values),
    }


def median(values: Sequence[float]) -> float:
    return percentile(values, 0.5)


class Clock:
    """Seconds since the phase's process was launched (the parent passes its monotonic time;
    ``CLOCK_MONOTONIC`` is system-wide on Linux), so figures include interpreter start-up."""

    def __init__(self, launched: float | None) -> None:
        self.launched = launched if launched is not None else time.monotonic()

    def since_launch(self) -> float:
        return time.monotonic() - self.launched
