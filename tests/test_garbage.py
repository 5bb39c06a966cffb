"""The garbage collector's one policy: paused while a corpus is built, in any thread."""

from __future__ import annotations

import gc
import threading

from newsreader import garbage


def test_a_pause_ends_when_the_last_thread_s_pause_ends() -> None:
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def second() -> None:  # a pause that outlasts the first (the follower, say)
        with garbage.paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first has ended: still paused

    with garbage.paused():
        first_in.set()
        thread = threading.Thread(target=second)
        thread.start()
        second_in.wait(5)
        with garbage.paused():  # nested in one thread too
            pass
        assert not gc.isenabled()
    first_out.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_turned_off_off() -> None:
    gc.disable()
    try:
        with garbage.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_kept_for_life_until_released() -> None:
    before, threshold = gc.get_freeze_count(), gc.get_threshold()
    kept = [object() for _ in range(100)]
    garbage.keep_for_life()
    garbage.keep_for_life()  # twice: the first threshold is the one restored
    assert gc.get_freeze_count() >= before + len(kept)
    assert gc.get_threshold()[2] == garbage.FULL_PASS_EVERY
    garbage.release()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
