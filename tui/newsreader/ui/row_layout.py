"""What each row of the timeline shows, and which of its lines each row takes (:class:`RowLayout`).

The rows are the full timeline (articles under day headers, :class:`.model.DayGroups`) or the
search hits in ranked order. A row is one or two lines. In the timeline a title longer than
its column wraps onto a second line when the pane is wide (:data:`WRAP_WIDTH`); where each row
starts is worked out once per width and corpus (an array of line numbers, ~20 ms for 100,000
articles), so a line finds its row by bisection. A search hit is always :data:`HIT_LINES`
lines. Nothing here imports Textual: the widget owns one, and it can be tested alone.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from ..article import Article
from .model import DayGroups, DayHeader

#: Lines of a search hit: the title, then the date, outlet and the snippet.
HIT_LINES = 2
#: Titles wrap onto a second line in a timeline at least this many columns wide.
WRAP_WIDTH = 70
#: How many search hits :meth:`RowLayout.row_of` looks through.
SELECT_SCAN = 5000


class RowLayout:
    """The rows shown (the timeline's, or search hits) and the lines they take at a width."""

    def __init__(self) -> None:
        self._articles: Sequence[Article] = ()
        self._groups = DayGroups.empty()
        self._hits: Sequence[Any] | None = None
        # Where each row of the timeline starts (``None``: one line per row), and for what.
        self._starts: array | None = None
        self._wrapped: tuple[DayGroups, int, array] | None = None

    # ------------------------------------------------------------- the rows

    @property
    def articles(self) -> Sequence[Article]:
        return self._articles

    @property
    def hits(self) -> Sequence[Any] | None:
        """The search hits shown, in order (``None``: the full timeline is shown)."""
        return self._hits

    def show_articles(self, articles: Sequence[Article], groups: DayGroups) -> None:
        """The full timeline of ``articles``, laid out in ``groups`` (call :meth:`lay_out`)."""
        self._articles = articles
        self._groups = groups
        self._hits = None

    def show_hits(self, hits: Sequence[Any] | None) -> None:
        """Search hits in the order given (``None``: the timeline again; call :meth:`lay_out`)."""
        self._hits = hits

    @property
    def row_count(self) -> int:
        return len(self._hits) if self._hits is not None else len(self._groups.rows)

    def article_at(self, row: int) -> int | None:
        """The article index shown on ``row`` (``None`` for a header or past the end)."""
        if row < 0 or row >= self.row_count:
            return None
        if self._hits is not None:
            return self._hits[row].index
        value = self._groups.rows[row]
        return value if value >= 0 else None

    def hit_at(self, row: int) -> Any | None:
        """The search hit on ``row`` (``None`` in the timeline or past the end)."""
        if self._hits is None or not 0 <= row < len(self._hits):
            return None
        return self._hits[row]

    def header_at(self, row: int) -> DayHeader:
        """The day header on timeline ``row`` (a row :meth:`article_at` has no article on)."""
        return self._groups.headers[-self._groups.rows[row] - 1]

    def row_of(self, index: int) -> int:
        """The row of article ``index`` (-1: not shown; among the first hits only, each
        hit looked at being made)."""
        if self._hits is not None:
            hits = self._hits
            scan = range(min(len(hits), SELECT_SCAN))
            return next((row for row in scan if hits[row].index == index), -1)
        return self.timeline_row(index)

    def timeline_row(self, index: int) -> int:
        """The row of article ``index`` in the full timeline (-1: none)."""
        if 0 <= index < len(self._groups.article_rows):
            return self._groups.article_rows[index]
        return -1

    def first_article_row(self, row: int, step: int) -> int:
        """From ``row`` going ``step`` (+1/-1), the first row holding an article, or -1."""
        count = self.row_count
        while 0 <= row < count:
            if self.article_at(row) is not None:
                return row
            row += step
        return -1

    def displayed(self) -> list[int]:
        """Article indices in display order (headers left out). O(rows)."""
        if self._hits is not None:
            indices = getattr(self._hits, "indices", None)  # the engine's HitList: no hits made
            return list(indices()) if callable(indices) else [hit.index for hit in self._hits]
        return [value for value in self._groups.rows if value >= 0]

    # ------------------------------------------------------------ the lines

    def lay_out(self, width: int, prefix_width: Callable[[int], int]) -> None:
        """Where the rows start in a list ``width`` columns wide; ``prefix_width``: the
        columns before the title on a timeline row that wide."""
        self._starts = self._timeline_starts(width, prefix_width)

    def _timeline_starts(self, width: int, prefix_width: Callable[[int], int]) -> array | None:
        """The first line of every timeline row and the end of the last (``None``: a line
        per row), made again only when the rows or the room for titles changed."""
        groups = self._groups
        if width < WRAP_WIDTH or not groups.rows:
            return None
        room = width - prefix_width(width)
        made = self._wrapped
        if made is not None and made[0] is groups and made[1] == room:
            return made[2]
        long = [len(article.title) > room for article in self._articles]
        heights = (1 if value < 0 else 1 + long[value] for value in groups.rows)
        starts = array("q", accumulate(heights, initial=0))
        self._wrapped = (groups, room, starts)
        return starts

    @property
    def line_count(self) -> int:
        """Lines of all the rows (a row is one or two lines)."""
        if self._hits is not None:
            return HIT_LINES * len(self._hits)
        starts = self._starts
        return starts[-1] if starts is not None else len(self._groups.rows)

    def top(self, row: int) -> int:
        """The first line of ``row``."""
        if self._hits is not None:
            return HIT_LINES * row
        starts = self._starts
        return starts[row] if starts is not None else row

    def lines(self, row: int) -> int:
        """How many lines ``row`` takes."""
        if self._hits is not None:
            return HIT_LINES
        starts = self._starts
        return starts[row + 1] - starts[row] if starts is not None else 1

    def row_at(self, line: int) -> tuple[int, int]:
        """The row on ``line``, and which of its lines that is."""
        if self._hits is not None:
            return divmod(line, HIT_LINES)
        starts = self._starts
        if starts is None:
            return line, 0
        row = bisect_right(starts, line) - 1
        return row, line - starts[row]

    def rows_in(self, top: int, height: int) -> range:
        """The rows on the ``height`` lines from line ``top`` (those on screen)."""
        return range(self.row_at(top)[0], self.row_at(top + height - 1)[0] + 1)

    def row_below(self, row: int, lines: int) -> int:
        """The row ``lines`` lines below (or above) the first line of ``row`` (a page on)."""
        if not self.row_count:
            return 0
        line = self.top(row) + lines
        return self.row_at(max(0, min(line, self.line_count - 1)))[0]

    def scroll_to_show(self, row: int, top: int, height: int, center: bool = False) -> int | None:
        """Where to scroll a view ``height`` lines high, at line ``top`` now, for all of
        ``row`` to show (``None``: it does): just far enough, with the day header above the
        first article of a day; with ``center``, a row out of view a third of the way down."""
        first = self.top(row)
        end = first + self.lines(row)
        if center and not (top <= first and end <= top + height):
            return max(0, first - height // 3)
        if row > 0 and self.article_at(row - 1) is None:
            first = self.top(row - 1)
        if first < top:
            return first
        if end > top + height:
            return end - height
        return None
