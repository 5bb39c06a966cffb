"""The timeline: a Line-API list of articles under day headers, or of ranked search hits.

It draws only the lines on screen (``render_line``), caching the rendered strips, so 100,000
articles paint as fast as five. Styles come from ``COMPONENT_CLASSES``, so themes apply.
Each row starts with the article's marks: ``●`` unread, ``★`` starred (see :meth:`set_marks`).

The widget holds the cursor, scrolls and says what the user did. What each row shows and which
lines it takes (a wrapped title, a search hit's two lines) is :mod:`.row_layout`; how a row is
drawn, :mod:`.rows`; the snippets of the hits on screen, :mod:`.hit_snippets`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, ClassVar

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..article import Article
from . import bindings
from .hit_snippets import HitSnippets, SnippetsFound
from .model import DayGroups, text_segments
from .row_layout import RowLayout
from .rows import ROW_COMPONENTS, ROW_CSS, RowPainter


class Timeline(ScrollView, can_focus=True):
    """Newest first under day headers; in search mode, the hits in ranked order."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.TIMELINE

    COMPONENT_CLASSES: ClassVar[set[str]] = ROW_COMPONENTS

    DEFAULT_CSS = (
        """
    Timeline {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """
        + ROW_CSS
    )

    class Highlighted(Message):
        """The cursor moved to another article (``index`` into the articles, or ``None``)."""

        def __init__(self, timeline: Timeline, index: int | None, hit: Any | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.index = index
            self.hit = hit

        @property
        def control(self) -> Timeline:
            return self.timeline

    class Opened(Message):
        """The user asked to read the article under the cursor (Enter, double click)."""

        def __init__(self, timeline: Timeline, index: int, hit: Any | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.index = index
            self.hit = hit

        @property
        def control(self) -> Timeline:
            return self.timeline

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows = RowLayout()
        self._cursor = -1
        self._message = "Loading articles…"
        self._strips: LRUCache[tuple[int, int, bool, bool], tuple[Strip, ...]] = LRUCache(1024)
        self._styles: dict[tuple[bool, bool, str], Style] = {}
        self._painter = RowPainter(self._style)
        self._snippets = HitSnippets(self, self._rows, self._visible_rows, self._refresh_row)
        #: The body paragraphs of an article (called in a thread worker, for snippets).
        self.body_of: Callable[[Article], Sequence[str]] = lambda article: article.body

    # ----------------------------------------------------------------- data

    @property
    def articles(self) -> Sequence[Article]:
        return self._rows.articles

    @property
    def searching(self) -> bool:
        """True when the timeline shows search hits rather than the full timeline."""
        return self._rows.hits is not None

    @property
    def row_count(self) -> int:
        return self._rows.row_count

    @property
    def line_count(self) -> int:
        """Lines of all the rows (a row is one or two lines)."""
        return self._rows.line_count

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def article_at(self, row: int) -> int | None:
        """The article index shown on ``row`` (``None`` for a header or past the end)."""
        return self._rows.article_at(row)

    def hit_at(self, row: int) -> Any | None:
        return self._rows.hit_at(row)

    @property
    def highlighted(self) -> int | None:
        """The article index under the cursor."""
        return self._rows.article_at(self._cursor)

    @property
    def highlighted_hit(self) -> Any | None:
        return self._rows.hit_at(self._cursor)

    def displayed(self) -> list[int]:
        """Article indices in display order (headers left out). O(rows): for tests and tools."""
        return self._rows.displayed()

    def set_articles(
        self,
        articles: Sequence[Article],
        groups: DayGroups,
        *,
        source_width: int = 12,
        message: str = "No articles",
    ) -> None:
        """Show the full timeline of ``articles`` (laid out in ``groups``), cursor at the top."""
        self._rows.show_articles(articles, groups)
        self._painter.source_width = max(6, min(source_width, 16))
        self._message = message
        self._reset(self._rows.first_article_row(0, 1))

    def show_timeline(self, keep: int | None = None) -> None:
        """Leave search mode; the cursor goes to article ``keep`` when given, else the top."""
        self._rows.show_hits(None)
        self._snippets.forget()
        row = -1 if keep is None else self._rows.timeline_row(keep)
        if row < 0:
            row = self._rows.first_article_row(0, 1)
        self._reset(row, center=True)

    def show_hits(self, hits: Sequence[Any], message: str = "No matches") -> None:
        """Show search hits in the order given (ranked), cursor on the first."""
        self._rows.show_hits(hits)
        self._message = message
        self._snippets.forget()
        self._reset(0 if hits else -1)

    def set_marks(self, read: Collection[str], starred: Collection[str]) -> None:
        """Where to look up the marks: the ids of read and of starred articles.

        The collections are kept, not copied: after changing one, call :meth:`refresh_article`.
        """
        self._painter.read = read
        self._painter.starred = starred
        self._strips.clear()
        self.refresh()

    def refresh_article(self, index: int) -> None:
        """Redraw the rows of article ``index`` (its marks changed); other rows stay cached."""
        rows = self._rows
        stale = [key for key in list(self._strips.keys()) if rows.article_at(key[0]) == index]
        for key in stale:
            self._strips.discard(key)
        redraw = {key[0] for key in stale}
        if not self.searching and (row := rows.timeline_row(index)) >= 0:
            redraw.add(row)
        elif rows.article_at(self._cursor) == index:
            redraw.add(self._cursor)
        for row in redraw:
            self._refresh_row(row)

    def set_message(self, message: str) -> None:
        """The text shown when there are no rows (loading, no articles, no matches)."""
        self._message = message
        if not self.row_count:
            self._strips.clear()
            self.refresh()

    def _reset(self, cursor: int, center: bool = False) -> None:
        self._strips.clear()
        self._cursor = cursor if self.row_count else -1
        self._lay_out()
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        if self._cursor >= 0:
            self._scroll_to_cursor(center=center)
        self.refresh()
        self._post_highlighted()

    def _lay_out(self) -> None:
        """Where the rows start, for the width there is; the virtual size to match."""
        self._rows.lay_out(self.scrollable_content_region.width, self._painter.prefix_width)
        self.virtual_size = Size(1, self.line_count)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        lines = self.line_count
        self._lay_out()
        if self.line_count != lines and self._cursor >= 0:
            self._scroll_to_cursor(center=True)
        self.refresh()

    # ------------------------------------------------------------- movement

    def move_to_row(self, row: int, step: int = 1, *, center: bool = False) -> None:
        """Put the cursor on ``row`` (clamped; a header moves it on in direction ``step``).

        With ``center``, a row out of view is scrolled to a third of the way down.
        """
        count = self.row_count
        if not count:
            return
        row = max(0, min(row, count - 1))
        target = self._rows.first_article_row(row, step)
        if target < 0:
            target = self._rows.first_article_row(row, -step)
        if target < 0 or target == self._cursor:
            self._scroll_to_cursor(center=center)
            return
        old = self._cursor
        self._cursor = target
        self._refresh_row(old)
        self._refresh_row(target)
        self._scroll_to_cursor(center=center)
        self._post_highlighted()

    def move_article(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) article; False when there is none."""
        if self._cursor < 0:
            return False
        step = 1 if delta > 0 else -1
        target = self._rows.first_article_row(self._cursor + step, step)
        if target < 0:
            return False
        self.move_to_row(target, step)
        return True

    def select_article(self, index: int, *, center: bool = False) -> bool:
        """Put the cursor on article ``index`` if it is shown; False otherwise."""
        row = self._rows.row_of(index)
        if row < 0:
            return False
        self.move_to_row(row, center=center)
        return True

    def _page(self) -> int:
        """Lines a page key moves by."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if self._cursor < 0:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        y = self._rows.scroll_to_show(self._cursor, top, height, center)
        if y is not None:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _post_highlighted(self) -> None:
        self.post_message(self.Highlighted(self, self.highlighted, self.highlighted_hit))

    def action_cursor_down(self) -> None:
        self.move_to_row(self._cursor + 1, 1)

    def action_cursor_up(self) -> None:
        self.move_to_row(self._cursor - 1, -1)

    def action_first(self) -> None:
        self.move_to_row(0, 1)

    def action_last(self) -> None:
        self.move_to_row(self.row_count - 1, -1)

    def action_page_down(self) -> None:
        page = self._page()
        self.scroll_to(y=self.scroll_offset.y + page, animate=False, immediate=True, force=True)
        self.move_to_row(self._rows.row_below(max(self._cursor, 0), page), 1)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_to(
            y=max(0, self.scroll_offset.y - page), animate=False, immediate=True, force=True
        )
        self.move_to_row(self._rows.row_below(max(self._cursor, 0), -page), -1)

    def action_open(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Opened(self, index, self.highlighted_hit))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self._rows.row_at(offset.y + round(self.scroll_offset.y))[0]
        if self._rows.article_at(row) is None:
            return
        self.move_to_row(row)
        if event.chain >= 2:
            self.action_open()

    def _visible_rows(self) -> range:
        """The rows on screen."""
        height = max(1, self.scrollable_content_region.height)
        return self._rows.rows_in(round(self.scroll_offset.y), height)

    def on_snippets_found(self, message: SnippetsFound) -> None:
        self._snippets.found(message)

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        self.refresh()

    def _style(self, name: str, cursor: bool) -> Style:
        """The full Rich style of component ``name`` (on the cursor row when ``cursor``)."""
        key = (self.has_focus, cursor, name)
        style = self._styles.get(key)
        if style is None:
            names = ("timeline--cursor", name) if cursor else (name,)
            if not name:
                names = names[:-1]
            style = self.get_visual_style(*names).rich_style
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width <= 0:
            return Strip.blank(0)
        if not self.row_count:
            if y == 1:
                text = self._painter.message(self._message, width)
                return Strip(text_segments(text, self.app.console), width)
            return Strip.blank(width, self._style("", False))
        row, line = self._rows.row_at(y + round(self.scroll_offset.y))
        if row >= self.row_count:
            return Strip.blank(width, self._style("", False))
        cursor = row == self._cursor
        key = (row, width, cursor, self.has_focus)
        strips = self._strips.get(key)
        if strips is None:
            lines, complete = self._painter.row(
                self._rows, row, width, cursor, self._snippets.snippet
            )
            console = self.app.console
            strips = tuple(Strip(text_segments(text, console), width) for text in lines)
            if complete:  # a row waiting for its snippet is drawn again when it comes
                self._strips[key] = strips
        if line < len(strips):
            return strips[line]
        return Strip.blank(width, self._style("", cursor))

    def _refresh_row(self, row: int) -> None:
        """Draw ``row`` again (its cached strips dropped)."""
        if row < 0 or row >= self.row_count:
            return
        width = self.scrollable_content_region.width
        for cursor in (False, True):
            for focus in (False, True):
                self._strips.discard((row, width, cursor, focus))
        self.refresh_lines(self._rows.top(row), self._rows.lines(row))
