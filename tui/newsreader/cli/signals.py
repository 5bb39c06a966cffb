"""Waiting for the end of ``--search --watch``: Ctrl+C (SIGINT), SIGTERM, SIGHUP (the terminal
closed), or a word from another thread (the reading end of stdout went away).

Robust by design: while :class:`StopSignals` is in effect, a signal raises nothing anywhere and
takes no lock. Python's C-level handler writes the signal's number to a socket
(:func:`signal.set_wakeup_fd`), whichever thread the signal lands in; the main thread, blocked in
:func:`select.select` on the other end, wakes at once. (``KeyboardInterrupt`` could land in any
line of the main thread, and an ``Event.set()`` in a handler deadlocks if the main thread holds
the event's lock just then.) A SIGINT the process was started ignoring — a job a script runs in
the background, which Ctrl+C at the terminal is not meant to stop — stays ignored, as does a
SIGHUP ignored by ``nohup``; SIGTERM still stops it.
"""

from __future__ import annotations

import contextlib
import select
import signal
import socket
from types import FrameType, TracebackType
from typing import Any

__all__ = ["StopSignals"]


class StopSignals:
    """In a ``with`` block (in the main thread): :meth:`wait` returns at the first SIGINT,
    SIGTERM or SIGHUP, or after :meth:`stop`; later ones are quiet until the block ends, when the
    handlers the process had are put back."""

    def __init__(self) -> None:
        self._ours, self._theirs = socket.socketpair()  # wait() reads; signals and stop() write
        self._ours.setblocking(False)
        self._theirs.setblocking(False)
        self._handlers: dict[int, Any] = {}
        self._wakeup = -1

    def __enter__(self) -> StopSignals:
        numbers = [signal.SIGTERM]
        for name in ("SIGINT", "SIGHUP"):  # unless ignored (a background job, nohup)
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                numbers.append(number)
        # The wakeup socket first: from here on, any signal with a Python handler wakes wait().
        self._wakeup = signal.set_wakeup_fd(self._theirs.fileno(), warn_on_full_buffer=False)
        try:
            for number in numbers:
                self._handlers[number] = signal.signal(number, _quiet)
        except BaseException:
            self._restore()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._restore()

    def stop(self) -> None:
        """End :meth:`wait` (from any thread)."""
        with contextlib.suppress(OSError):  # full (already woken) or closed
            self._theirs.send(b"\0")

    def wait(self) -> None:
        """Block until a signal comes or :meth:`stop` is called (at once if one did already)."""
        select.select([self._ours], [], [])  # retried after a signal's handler (PEP 475)
        with contextlib.suppress(OSError):
            self._ours.recv(4096)

    def _restore(self) -> None:
        for number, handler in self._handlers.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        self._handlers.clear()
        signal.set_wakeup_fd(self._wakeup)
        self._ours.close()
        self._theirs.close()


def _quiet(number: int, frame: FrameType | None) -> None:
    """A signal's Python handler: nothing to do, the wakeup socket has woken :meth:`wait`."""
