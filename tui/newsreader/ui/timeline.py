"""The timeline: a Line-API list of articles under day headers, or of ranked search hits.

It draws only the lines on screen (``render_line``), caching the rendered strips, so 100,000
articles paint as fast as five. Styles come from ``COMPONENT_CLASSES``, so themes apply.
Each row starts with the article's marks: ``●`` unread, ``★`` starred (see :meth:`set_marks`).

A row is one or two lines. In the timeline a title longer than its column wraps onto a second
line when the pane is wide (:data:`WRAP_WIDTH`); where each row starts is worked out once per
width and corpus (an array of line numbers, ~20 ms for 100,000 articles), so a line on screen
finds its row by bisection. A search hit is always two lines: its title across the pane, then
its date, outlet and language, and for a hit that matched in the body but not in the title the
matched words in context (:mod:`newsreader.search.snippets`). Snippets are made for the rows
on screen only, in a thread worker (a body may have to be read from its file), and drawn when
they come.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..article import Article
from ..search.snippets import Snippet, hit_snippet
from . import bindings
from .model import DayGroups, text_segments
from .rows import RowPainter

#: How many search hits :meth:`Timeline.select_article` looks through.
_SELECT_SCAN = 5000
#: Lines of a search hit: the title, then the date, outlet and the snippet.
HIT_LINES = 2
#: Titles wrap onto a second line in a timeline at least this many columns wide.
WRAP_WIDTH = 70
#: A snippet not asked for yet (``None``: asked for, and there is none).
_UNKNOWN: Any = object()


class Timeline(ScrollView, can_focus=True):
    """Newest first under day headers; in search mode, the hits in ranked order."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.TIMELINE

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--unread",
        "timeline--star",
        "timeline--day",
        "timeline--day-count",
        "timeline--time",
        "timeline--source",
        "timeline--lang",
        "timeline--lang-kk",
        "timeline--title",
        "timeline--match",
        "timeline--snippet",
        "timeline--cursor",
        "timeline--message",
    }

    DEFAULT_CSS = """
    Timeline {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .timeline--unread { color: $text-accent; text-style: bold; }
        & > .timeline--star { color: $text-warning; text-style: bold; }
        & > .timeline--day { color: $text-accent; text-style: bold; }
        & > .timeline--day-count { color: $text-muted; }
        & > .timeline--time { color: $text-muted; }
        & > .timeline--source { color: $text-secondary; }
        & > .timeline--lang { background: $primary-muted; color: $text; }
        & > .timeline--lang-kk { background: $success-muted; color: $text; }
        & > .timeline--title { color: $text; }
        & > .timeline--match { background: $warning-muted; color: $text-warning; text-style: bold; }
        & > .timeline--snippet { color: $text-muted; }
        & > .timeline--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .timeline--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .timeline--message { color: $text-muted; text-style: italic; }
    }
    """

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

    class SnippetsFound(Message, bubble=False):
        """The snippets of some rows of ``hits`` (``None``: that hit has none)."""

        def __init__(self, hits: Sequence[Any], found: dict[int, Snippet | None]) -> None:
            super().__init__()
            self.hits = hits
            self.found = found

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._articles: Sequence[Article] = ()
        self._groups = DayGroups.empty()
        self._hits: Sequence[Any] | None = None
        self._cursor = -1
        self._message = "Loading articles…"
        self._strips: LRUCache[tuple[int, int, bool, bool], tuple[Strip, ...]] = LRUCache(1024)
        self._styles: dict[tuple[bool, bool, str], Style] = {}
        self._painter = RowPainter(self._style)
        # Where each row of the timeline starts (``None``: one line per row), and for what.
        self._starts: array | None = None
        self._wrapped: tuple[DayGroups, int, array] | None = None
        # Snippets of the search hits shown, by row; rows waiting for one; a worker running.
        self._snippets: dict[int, Snippet | None] = {}
        self._wanted: set[int] = set()
        self._fetching = False
        self._fetch_scheduled = False
        #: The body paragraphs of an article (called in a thread worker, for snippets).
        self.body_of: Callable[[Article], Sequence[str]] = lambda article: article.body

    # ----------------------------------------------------------------- data

    @property
    def articles(self) -> Sequence[Article]:
        return self._articles

    @property
    def searching(self) -> bool:
        """True when the timeline shows search hits rather than the full timeline."""
        return self._hits is not None

    @property
    def row_count(self) -> int:
        return len(self._hits) if self._hits is not None else len(self._groups.rows)

    @property
    def line_count(self) -> int:
        """Lines of all the rows (a row is one or two lines)."""
        if self._hits is not None:
            return HIT_LINES * len(self._hits)
        starts = self._starts
        return starts[-1] if starts is not None else len(self._groups.rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def article_at(self, row: int) -> int | None:
        """The article index shown on ``row`` (``None`` for a header or past the end)."""
        if row < 0 or row >= self.row_count:
            return None
        if self._hits is not None:
            return self._hits[row].index
        value = self._groups.rows[row]
        return value if value >= 0 else None

    def hit_at(self, row: int) -> Any | None:
        if self._hits is None or not 0 <= row < len(self._hits):
            return None
        return self._hits[row]

    @property
    def highlighted(self) -> int | None:
        """The article index under the cursor."""
        return self.article_at(self._cursor)

    @property
    def highlighted_hit(self) -> Any | None:
        return self.hit_at(self._cursor)

    def displayed(self) -> list[int]:
        """Article indices in display order (headers left out). O(rows): for tests and tools."""
        if self._hits is not None:
            return self._hit_indices()
        return [value for value in self._groups.rows if value >= 0]

    def _hit_indices(self) -> list[int]:
        hits = self._hits or ()
        indices = getattr(hits, "indices", None)  # the engine's HitList: without making hits
        return list(indices()) if callable(indices) else [hit.index for hit in hits]

    def set_articles(
        self,
        articles: Sequence[Article],
        groups: DayGroups,
        *,
        source_width: int = 12,
        message: str = "No articles",
    ) -> None:
        """Show the full timeline of ``articles`` (laid out in ``groups``), cursor at the top."""
        self._articles = articles
        self._groups = groups
        self._hits = None
        self._painter.source_width = max(6, min(source_width, 16))
        self._message = message
        self._reset(self._first_article_row(0, 1))

    def show_timeline(self, keep: int | None = None) -> None:
        """Leave search mode; the cursor goes to article ``keep`` when given, else the top."""
        self._hits = None
        self._forget_snippets()
        row = -1
        if keep is not None and 0 <= keep < len(self._groups.article_rows):
            row = self._groups.article_rows[keep]
        if row < 0:
            row = self._first_article_row(0, 1)
        self._reset(row, center=True)

    def show_hits(self, hits: Sequence[Any], message: str = "No matches") -> None:
        """Show search hits in the order given (ranked), cursor on the first."""
        self._hits = hits
        self._message = message
        self._forget_snippets()
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
        stale = [key for key in list(self._strips.keys()) if self.article_at(key[0]) == index]
        for key in stale:
            self._strips.discard(key)
        rows = {key[0] for key in stale}
        if self._hits is None and 0 <= index < len(self._groups.article_rows):
            rows.add(self._groups.article_rows[index])
        elif self.article_at(self._cursor) == index:
            rows.add(self._cursor)
        for row in rows:
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

    # --------------------------------------------------------------- layout

    def _lay_out(self) -> None:
        """Where the rows start, for the width there is; the virtual size to match."""
        self._starts = self._timeline_starts(self.scrollable_content_region.width)
        self.virtual_size = Size(1, self.line_count)

    def _timeline_starts(self, width: int) -> array | None:
        """The first line of every timeline row and the end of the last (``None``: a line
        per row), made again only when the rows or the room for titles changed."""
        groups = self._groups
        if width < WRAP_WIDTH or not groups.rows:
            return None
        room = width - self._painter.prefix_width(width)
        made = self._wrapped
        if made is not None and made[0] is groups and made[1] == room:
            return made[2]
        long = [len(article.title) > room for article in self._articles]
        heights = (1 if value < 0 else 1 + long[value] for value in groups.rows)
        starts = array("q", accumulate(heights, initial=0))
        self._wrapped = (groups, room, starts)
        return starts

    def _row_top(self, row: int) -> int:
        """The first line of ``row``."""
        if self._hits is not None:
            return HIT_LINES * row
        starts = self._starts
        return starts[row] if starts is not None else row

    def _row_lines(self, row: int) -> int:
        """How many lines ``row`` takes."""
        if self._hits is not None:
            return HIT_LINES
        starts = self._starts
        return starts[row + 1] - starts[row] if starts is not None else 1

    def _row_at(self, line: int) -> tuple[int, int]:
        """The row on ``line``, and which of its lines that is."""
        if self._hits is not None:
            return divmod(line, HIT_LINES)
        starts = self._starts
        if starts is None:
            return line, 0
        row = bisect_right(starts, line) - 1
        return row, line - starts[row]

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        lines = self.line_count
        self._lay_out()
        if self.line_count != lines and self._cursor >= 0:
            self._scroll_to_cursor(center=True)
        self.refresh()

    # ------------------------------------------------------------- movement

    def _first_article_row(self, row: int, step: int) -> int:
        """From ``row`` going ``step`` (+1/-1), the first row holding an article, or -1."""
        count = self.row_count
        while 0 <= row < count:
            if self.article_at(row) is not None:
                return row
            row += step
        return -1

    def move_to_row(self, row: int, step: int = 1, *, center: bool = False) -> None:
        """Put the cursor on ``row`` (clamped; a header moves it on in direction ``step``).

        With ``center``, a row out of view is scrolled to a third of the way down.
        """
        count = self.row_count
        if not count:
            return
        row = max(0, min(row, count - 1))
        target = self._first_article_row(row, step)
        if target < 0:
            target = self._first_article_row(row, -step)
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
        target = self._first_article_row(self._cursor + step, step)
        if target < 0:
            return False
        self.move_to_row(target, step)
        return True

    def select_article(self, index: int, *, center: bool = False) -> bool:
        """Put the cursor on article ``index`` if it is shown; False otherwise."""
        if self._hits is not None:  # among the first hits only (each one read is made)
            hits = self._hits
            row = next(
                (r for r in range(min(len(hits), _SELECT_SCAN)) if hits[r].index == index), -1
            )
        elif 0 <= index < len(self._groups.article_rows):
            row = self._groups.article_rows[index]
        else:
            row = -1
        if row < 0:
            return False
        self.move_to_row(row, center=center)
        return True

    def _page(self) -> int:
        """Lines a page key moves by."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        row = self._cursor
        if row < 0:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        first = self._row_top(row)
        end = first + self._row_lines(row)
        if center and not (top <= first and end <= top + height):
            self.scroll_to(y=max(0, first - height // 3), animate=False, immediate=True, force=True)
            return
        # Keep the day header above the first article of a day in view too.
        if row > 0 and self.article_at(row - 1) is None:
            first = self._row_top(row - 1)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True, force=True)
        elif end > top + height:
            self.scroll_to(y=end - height, animate=False, immediate=True, force=True)

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

    def _row_paged(self, lines: int) -> int:
        """The row ``lines`` lines below (or above) the cursor's first line."""
        line = self._row_top(max(self._cursor, 0)) + lines
        return self._row_at(max(0, min(line, self.line_count - 1)))[0] if self.row_count else 0

    def action_page_down(self) -> None:
        page = self._page()
        self.scroll_to(y=self.scroll_offset.y + page, animate=False, immediate=True, force=True)
        self.move_to_row(self._row_paged(page), 1)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_to(
            y=max(0, self.scroll_offset.y - page), animate=False, immediate=True, force=True
        )
        self.move_to_row(self._row_paged(-page), -1)

    def action_open(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Opened(self, index, self.highlighted_hit))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self._row_at(offset.y + round(self.scroll_offset.y))[0]
        if self.article_at(row) is None:
            return
        self.move_to_row(row)
        if event.chain >= 2:
            self.action_open()

    # ------------------------------------------------------------- snippets

    def _forget_snippets(self) -> None:
        self._snippets = {}
        self._wanted.clear()

    def _want_snippet(self, row: int) -> None:
        """Row ``row`` is drawn without its snippet: find it after this frame."""
        self._wanted.add(row)
        if not self._fetching and not self._fetch_scheduled:
            self._fetch_scheduled = True
            self.call_after_refresh(self._fetch_snippets)

    def _visible_rows(self) -> range:
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        return range(self._row_at(top)[0], self._row_at(top + height - 1)[0] + 1)

    def _fetch_snippets(self) -> None:
        self._fetch_scheduled = False
        hits = self._hits
        if self._fetching or hits is None:
            return
        visible = self._visible_rows()
        rows = sorted(row for row in self._wanted if row in visible and row not in self._snippets)
        self._wanted.clear()
        if rows:
            self._fetching = True
            self._find_snippets(hits, rows)

    @work(thread=True, group="snippets", exit_on_error=False, name="snippets")
    def _find_snippets(self, hits: Sequence[Any], rows: list[int]) -> None:
        """Find the snippets of ``rows`` (a body may be read from its file); always answers."""
        found: dict[int, Snippet | None] = {}
        try:
            for row in rows:
                if self._hits is not hits:
                    break  # another search is shown: its rows ask for theirs
                try:
                    found[row] = hit_snippet(hits[row], self.body_of)
                except Exception:  # a file gone or unreadable: no snippet, the row still shows
                    found[row] = None
        finally:
            self.post_message(self.SnippetsFound(hits, found))

    def on_timeline_snippets_found(self, message: SnippetsFound) -> None:
        self._fetching = False
        if message.hits is self._hits:
            self._snippets.update(message.found)
            for row in message.found:
                self._refresh_row(row)
        if self._wanted:
            self._fetch_snippets()

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
                text = Text(" " + self._message, style=self._style("timeline--message", False))
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(text_segments(text, self.app.console), width)
            return Strip.blank(width, self._style("", False))
        row, line = self._row_at(y + round(self.scroll_offset.y))
        if row >= self.row_count:
            return Strip.blank(width, self._style("", False))
        cursor = row == self._cursor
        key = (row, width, cursor, self.has_focus)
        strips = self._strips.get(key)
        if strips is None:
            lines, complete = self._render_lines(row, width, cursor)
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
        self.refresh_lines(self._row_top(row), self._row_lines(row))

    def _render_row(self, row: int, width: int, cursor: bool) -> Text:
        """The text of ``row``, its lines joined by newlines (for tests and tools)."""
        return Text("\n").join(self._render_lines(row, width, cursor)[0])

    def _render_lines(self, row: int, width: int, cursor: bool) -> tuple[list[Text], bool]:
        """The lines of ``row``, and whether they are final (not waiting for a snippet)."""
        index = self.article_at(row)
        painter = self._painter
        if index is None:
            return [painter.header(self._groups.headers[-self._groups.rows[row] - 1], width)], True
        if self._hits is None:
            article = self._articles[index]
            return painter.article(article, width, cursor, self._row_lines(row)), True
        hit = self._hits[row]
        snippet, complete = None, True
        if not hit.title_spans:  # matched in the body only: the words in context, once found
            snippet = self._snippets.get(row, _UNKNOWN)
            if snippet is _UNKNOWN:
                self._want_snippet(row)
                snippet, complete = None, False
        return painter.hit(hit, self._articles[index], width, cursor, snippet), complete
