"""The timeline's rows as text (ui/rows.py), drawn without a widget."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from rich.style import Style

from newsreader.ui.model import build_day_groups
from newsreader.ui.row_layout import RowLayout
from newsreader.ui.rows import NO_TIME, STAR_MARK, UNREAD_MARK, RowPainter, wrap

from .test_ui_model import art


def plain_style(name: str, cursor: bool) -> Style:
    return Style()


def test_a_long_title_wraps_at_a_space_that_fits() -> None:
    assert wrap("short", 10) == ("short", "")
    assert wrap("one two three four", 10) == ("one two", "three four")
    assert wrap("unbreakablewordhere", 10) == ("unbreakabl", "ewordhere")


def test_a_timeline_row_has_marks_time_outlet_language_and_title() -> None:
    painter = RowPainter(plain_style)
    painter.starred = {"1"}
    (line,) = painter.article(art(1, dt.date(2026, 3, 5)), 80, False, 1)
    assert line.plain.startswith(f" {UNREAD_MARK}{STAR_MARK} {NO_TIME} Zakon.kz")
    assert " ru  Title 1" in line.plain
    assert len(line.plain) == 80
    painter.read = {"1"}
    (line,) = painter.article(art(1, None), 30, False, 1)
    assert line.plain.startswith(f"  {STAR_MARK} {NO_TIME}  ru  Title 1")  # no outlet column


def test_a_narrow_hit_keeps_its_outlet_unless_a_snippet_needs_the_room() -> None:
    """At 56 columns the hits of "tokaev" showed "2026-03-12  ru": no outlet, no snippet."""
    painter = RowPainter(plain_style)
    article = art(1, dt.date(2026, 3, 5))
    titled = SimpleNamespace(title_spans=((0, 5),))
    _title, second = painter.hit(titled, article, 56, False, None)
    assert "Zakon.kz" in second.plain and "2026-03-05" in second.plain


def test_a_row_is_a_header_an_article_or_a_hit_waiting_for_its_snippet() -> None:
    painter = RowPainter(plain_style)
    arts = [art(1, dt.date(2026, 3, 5)), art(2, dt.date(2026, 3, 5))]
    rows = RowLayout()
    rows.show_articles(arts, build_day_groups(arts))
    asked: list[int] = []

    def snippet_of(row: int) -> tuple[None, bool]:
        asked.append(row)
        return None, False

    (header,), complete = painter.row(rows, 0, 80, False, snippet_of)
    assert header.plain.strip() == "Thursday 5 March 2026 · 2 articles" and complete
    (line,), complete = painter.row(rows, 2, 80, False, snippet_of)
    assert line.plain.rstrip().endswith("Title 2") and complete
    rows.show_hits(
        [SimpleNamespace(index=1, title_spans=()), SimpleNamespace(index=0, title_spans=((0, 5),))]
    )
    lines, complete = painter.row(rows, 1, 80, False, snippet_of)
    assert "Title 1" in lines[0].plain and complete and asked == []  # matched in its title
    lines, complete = painter.row(rows, 0, 80, False, snippet_of)
    assert "Title 2" in lines[0].plain and not complete and asked == [0]  # drawn again later
    assert painter.message("No matches", 20).plain == " No matches".ljust(20)
