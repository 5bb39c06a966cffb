"""Writing the reader's memory (read marks, stars, positions) off the event loop, in order.

Each change is queued as a call on the :class:`~newsreader.state.State`; a worker thread runs
the queue (one small SQLite transaction each). Several workers may be started: the queue is run
under a lock, so the calls always reach the store in the order they were made. At exit the app
runs whatever is left on its own thread, so no change is lost. No Textual here.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

#: A change (or a read) to run on the state: ``lambda state: state.set_starred(id, True)``.
StateCall = Callable[[Any], object]


class StateWriter:
    """A queue of calls on ``state``, run in order by :meth:`run_pending`."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self._pending: deque[StateCall] = deque()
        self._lock = threading.Lock()
        self._warnings_seen = 0
        self._errors: list[str] = []

    def put(self, call: StateCall) -> None:
        """Queue ``call`` (thread-safe; runs at the next :meth:`run_pending`)."""
        self._pending.append(call)

    @property
    def pending(self) -> int:
        """Calls queued and not run yet."""
        return len(self._pending)

    def run_pending(self) -> list[str]:
        """Run every queued call in order on this thread; return the new warnings.

        Blocks while another thread is running the queue (and then finds it empty).
        """
        with self._lock:
            while True:
                try:
                    call = self._pending.popleft()
                except IndexError:
                    break
                try:
                    call(self.state)
                except Exception as error:  # the State never raises; a bug must not stop the queue
                    self._errors.append(
                        f"could not save a change ({type(error).__name__}: {error})"
                    )
            return self._take_warnings()

    def take_warnings(self) -> list[str]:
        """The state's warnings not taken yet (all of them the first time), and errors."""
        with self._lock:
            return self._take_warnings()

    def _take_warnings(self) -> list[str]:
        warnings = list(getattr(self.state, "warnings", ()))
        new = warnings[self._warnings_seen :] + self._errors
        self._warnings_seen = len(warnings)
        self._errors = []
        return new
