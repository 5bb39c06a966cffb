"""The status line's words (ui/status.py), without an app."""

from __future__ import annotations

from newsreader.ui.model import summarize
from newsreader.ui.status import Count, corpus_line, count_line

from .test_ui_model import art


def test_the_count_says_what_the_timeline_and_the_search_show() -> None:
    idle = Count(total=5, loaded=True, indexing=False, query="", searchable=True, searching=False)
    assert count_line(idle) == "5 articles"
    assert count_line(Count(1, True, False, "", True, False)) == "1 article"
    assert count_line(Count(0, False, False, "", False, False)) == "loading…"
    assert count_line(Count(3, False, False, "", True, False)) == "3 so far, loading…"
    assert (
        count_line(Count(5, True, False, "x", False, False)) == "loading… (search runs when ready)"
    )
    assert count_line(Count(5, True, False, "x", True, True)) == "searching…"
    found = Count(5, True, False, "x", True, False, hits=2, note="newest first")
    assert count_line(found) == "2 of 5 · newest first"
    assert count_line(Count(9, True, True, "x", True, False, hits=4)) == "4 of 9 so far, indexing…"


def test_the_corpus_line_counts_unread_and_starred() -> None:
    summary = summarize([art(n, None) for n in range(3)])
    assert corpus_line(summary, read=1, starred=2).plain.startswith(
        "newsreader │ 2 unread · 2 starred │ 3 articles"
    )
    assert corpus_line(summarize([]), 0, 0).plain == "newsreader │ no articles"
