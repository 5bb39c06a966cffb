"""The reader's one policy for Python's cyclic garbage collector.

Building a corpus makes 100k small objects (articles, rows, day groups), and every few thousand
of them set off a collection that walks them all and finds nothing to free: :func:`paused`
holds collections off while a corpus is built, in any thread (the collector runs again when the
last pause ends).

Once built, the corpus lives as long as the reader, but a full collection would still walk it:
at 100k articles 0.1–0.5 s with the event loop stopped, every few keystrokes' worth of garbage
(the slowest keystrokes by far, found with py-spy and ``gc.callbacks``). :func:`keep_for_life`
exempts everything alive from the collector and makes its full passes rarer; freed objects are
still freed (reference counting), only cycles among them would be kept. A full pass then walks
what was made since (Textual's strips and caches: 15–60 ms), so it runs after
:data:`FULL_PASS_EVERY` middle-generation passes rather than 10. :func:`release` undoes it.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["FULL_PASS_EVERY", "keep_for_life", "paused", "release"]

#: Middle-generation passes between two full ones once the corpus is kept for life.
FULL_PASS_EVERY = 100

_lock = threading.Lock()
_pauses = 0
_was_enabled = True
_threshold: tuple[int, int, int] | None = None


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collections while the block runs (nor while another thread's pause lasts)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def keep_for_life() -> None:
    """Exempt every object alive now from the collector; full passes rarer from now on."""
    global _threshold
    with _lock:
        gc.freeze()
        if _threshold is None:
            _threshold = gc.get_threshold()
            young, middle, _old = _threshold
            gc.set_threshold(young, middle, FULL_PASS_EVERY)


def release() -> None:
    """Undo :func:`keep_for_life` (at exit): the objects collectable again, passes as before."""
    global _threshold
    with _lock:
        if _threshold is not None:
            gc.set_threshold(*_threshold)
            _threshold = None
            gc.unfreeze()
