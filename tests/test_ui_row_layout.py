"""Which lines the timeline's rows take (ui/row_layout.py), worked out without a widget."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsreader.article import Article
from newsreader.ui.model import build_day_groups
from newsreader.ui.row_layout import HIT_LINES, WRAP_WIDTH, RowLayout

from .test_ui import article

#: Columns before the title on a timeline row, whatever the width (the painter's, simplified).
PREFIX = 28
LONG = "a title long enough to need a second line in any list " * 2


@dataclass
class Hit:
    index: int


def days_of(arts: list[Article]) -> RowLayout:
    """A layout of ``arts``'s timeline, days newest first (a header a day)."""
    rows = RowLayout()
    rows.show_articles(arts, build_day_groups(arts))
    return rows


def corpus() -> list[Article]:
    """Three days of five articles, every third title long."""
    return [
        article(i, LONG if i % 3 == 0 else f"Short {i}", day=dt.date(2026, 3, 5 - i // 5))
        for i in range(15)
    ]


def test_a_long_title_takes_two_lines_in_a_wide_list_and_lines_map_back_to_rows() -> None:
    arts = corpus()
    rows = days_of(arts)
    rows.lay_out(100, lambda width: PREFIX)
    assert rows.row_count == 15 + 3
    heights = [rows.lines(row) for row in range(rows.row_count)]
    long = [row for row in range(rows.row_count) if rows.article_at(row) in range(0, 15, 3)]
    assert [row for row, height in enumerate(heights) if height == 2] == long
    assert rows.line_count == sum(heights) == rows.row_count + 5
    line = 0
    for row, height in enumerate(heights):
        assert rows.top(row) == line
        for part in range(height):
            assert rows.row_at(line + part) == (row, part)
        line += height


def test_a_narrow_list_or_short_titles_keep_a_line_a_row() -> None:
    rows = days_of(corpus())
    rows.lay_out(WRAP_WIDTH - 1, lambda width: PREFIX)
    assert rows.line_count == rows.row_count
    assert [rows.row_at(line) for line in range(3)] == [(0, 0), (1, 0), (2, 0)]
    # Wide, but every title fits: still a line a row.
    rows.lay_out(WRAP_WIDTH + len(LONG), lambda width: PREFIX)
    assert rows.line_count == rows.row_count


def test_hits_take_two_lines_each_in_the_order_given() -> None:
    arts = corpus()
    rows = days_of(arts)
    rows.show_hits([Hit(7), Hit(2), Hit(11)])
    rows.lay_out(100, lambda width: PREFIX)
    assert rows.row_count == 3 and rows.line_count == 3 * HIT_LINES
    assert rows.displayed() == [7, 2, 11]
    assert rows.row_at(3) == (1, 1) and rows.top(2) == 4
    assert rows.article_at(1) == 2 and rows.hit_at(1) == Hit(2)
    assert rows.row_of(11) == 2 and rows.row_of(0) == -1
    rows.show_hits(None)  # the timeline again
    assert rows.hit_at(1) is None and rows.article_at(1) == 0
    assert rows.row_of(0) == 1 and rows.article_at(0) is None  # a day's header


def test_the_view_scrolls_just_enough_to_show_a_row_and_its_day_header() -> None:
    rows = days_of(corpus())
    rows.lay_out(100, lambda width: PREFIX)
    assert rows.scroll_to_show(1, top=0, height=10) is None  # in view
    # Below the view: scrolled until its last line is the view's last.
    row = rows.row_of(4)
    end = rows.top(row) + rows.lines(row)
    assert rows.scroll_to_show(row, top=0, height=5) == end - 5
    # Above the view: the first article of a day brings its header into view with it.
    first = rows.row_of(5)
    assert rows.article_at(first - 1) is None
    assert rows.scroll_to_show(first, top=12, height=5) == rows.top(first - 1)
    # Centred: out of view, it goes a third of the way down.
    far = rows.row_of(14)
    assert rows.scroll_to_show(far, top=0, height=9, center=True) == rows.top(far) - 3
    # The rows on screen, and a page on.
    assert rows.rows_in(0, 3) == range(0, 2)  # a header, then a long title's two lines
    assert rows.rows_in(0, 4) == range(0, 3)
    assert rows.row_below(1, 3) == 3
