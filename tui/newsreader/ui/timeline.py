"""The timeline: a Line-API list of articles under day headers, or of ranked search hits.

It draws only the rows on screen (``render_line``), caching the rendered strips, so 100,000
articles paint as fast as five. Styles come from ``COMPONENT_CLASSES``, so themes apply.
Each row starts with the article's marks: ``●`` unread, ``★`` starred (see :meth:`set_marks`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..article import Article
from . import bindings
from .model import DayGroups, safe, text_segments

_NO_TIME = "  –  "
UNREAD_MARK = "●"
STAR_MARK = "★"


#: How many search hits :meth:`Timeline.select_article` looks through.
_SELECT_SCAN = 5000


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
        "timeline--cursor",
        "timeline--message",
    }

    DEFAULT_CSS = """
    Timeline {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
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

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._articles: Sequence[Article] = ()
        self._groups = DayGroups.empty()
        self._hits: Sequence[Any] | None = None
        self._cursor = -1
        self._message = "Loading articles…"
        self._source_width = 12
        self._read: Collection[str] = ()
        self._starred: Collection[str] = ()
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)
        self._styles: dict[tuple[bool, bool, str], Style] = {}

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
        self._source_width = max(6, min(source_width, 16))
        self._message = message
        self._reset(self._first_article_row(0, 1))

    def show_timeline(self, keep: int | None = None) -> None:
        """Leave search mode; the cursor goes to article ``keep`` when given, else the top."""
        self._hits = None
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
        self._reset(0 if hits else -1)

    def set_marks(self, read: Collection[str], starred: Collection[str]) -> None:
        """Where to look up the marks: the ids of read and of starred articles.

        The collections are kept, not copied: after changing one, call :meth:`refresh_article`.
        """
        self._read = read
        self._starred = starred
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
            self.refresh_line(row)

    def set_message(self, message: str) -> None:
        """The text shown when there are no rows (loading, no articles, no matches)."""
        self._message = message
        if not self.row_count:
            self._strips.clear()
            self.refresh()

    def _reset(self, cursor: int, center: bool = False) -> None:
        self._strips.clear()
        self._cursor = cursor if self.row_count else -1
        self.virtual_size = Size(1, self.row_count)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        if self._cursor >= 0:
            self._scroll_to_cursor(center=center)
        self.refresh()
        self._post_highlighted()

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
        self.refresh_line(old)
        self.refresh_line(target)
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
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        row = self._cursor
        if row < 0:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if center and not top <= row < top + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)
            return
        # Keep the day header above the first article of a day in view too.
        first = row - 1 if row > 0 and self.article_at(row - 1) is None else row
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True, force=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True, force=True)

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
        self.move_to_row(self._cursor + page, 1)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_to(
            y=max(0, self.scroll_offset.y - page), animate=False, immediate=True, force=True
        )
        self.move_to_row(self._cursor - page, -1)

    def action_open(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Opened(self, index, self.highlighted_hit))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_offset.y)
        if self.article_at(row) is None:
            return
        self.move_to_row(row)
        if event.chain >= 2:
            self.action_open()

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
        row = y + round(self.scroll_offset.y)
        if width <= 0:
            return Strip.blank(0)
        if not self.row_count:
            if y == 1:
                text = Text(" " + self._message, style=self._style("timeline--message", False))
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(text_segments(text, self.app.console), width)
            return Strip.blank(width, self._style("", False))
        if row >= self.row_count:
            return Strip.blank(width, self._style("", False))
        cursor = row == self._cursor
        key = (row, width, cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            text = self._render_row(row, width, cursor)
            strip = Strip(text_segments(text, self.app.console), width)
            self._strips[key] = strip
        return strip

    def refresh_line(self, y: int) -> None:
        if y >= 0:
            for cursor in (False, True):
                for focus in (False, True):
                    self._strips.discard((y, self.scrollable_content_region.width, cursor, focus))
            super().refresh_line(y)

    def _render_row(self, row: int, width: int, cursor: bool) -> Text:
        style = self._style
        index = self.article_at(row)
        if index is None:
            header = self._groups.headers[-self._groups.rows[row] - 1]
            text = Text(" ", style=style("", False), end="")
            text.append(header.label, style("timeline--day", False))
            noun = "article" if header.count == 1 else "articles"
            text.append(f" · {header.count:,} {noun}", style("timeline--day-count", False))
            text.truncate(width, overflow="ellipsis", pad=True)
            return text
        article = self._articles[index]
        hit = self.hit_at(row)
        text = Text(" ", style=style("", cursor), end="")
        if article.id in self._read:
            text.append(" ")
        else:
            text.append(UNREAD_MARK, style("timeline--unread", cursor))
        if article.id in self._starred:
            text.append(STAR_MARK, style("timeline--star", cursor))
        else:
            text.append(" ")
        text.append(" ")
        published = article.published
        if hit is None:
            if published is None or published.time is None:
                stamp = _NO_TIME
            else:
                stamp = f"{published.time.hour:02d}:{published.time.minute:02d}"
        else:
            stamp = "undated   " if published is None else published.date.isoformat()
        # On the cursor row every column takes the cursor's colours (readable on any theme),
        # except the language badge and the matches.
        plain = "" if cursor else None
        text.append(stamp, style("timeline--time" if plain is None else plain, cursor))
        text.append(" ")
        source_width = self._source_width
        if width < 40:
            source_width = 0
        elif width < 60:
            source_width = min(source_width, 10)
        if source_width:
            source = safe(article.source or "—")
            if len(source) > source_width:
                source = source[: source_width - 1] + "…"
            text.append(
                source.ljust(source_width),
                style("timeline--source" if plain is None else plain, cursor),
            )
            text.append(" ")
        badge = "timeline--lang-kk" if article.lang == "kk" else "timeline--lang"
        text.append(f" {safe(article.lang)[:2]:2} ", style(badge, cursor))
        text.append(" ")
        start = len(text)
        title = safe(article.title)
        spans = [
            (span_start, span_end)
            for span_start, span_end in (getattr(hit, "title_spans", ()) if hit else ())
            if 0 <= span_start < span_end <= len(title)
        ]
        # A match past the cut: show the title from shortly before it, after an ellipsis.
        room = width - text.cell_len
        if spans and spans[0][1] >= room and room > 12:
            skip = max(0, spans[0][0] - room // 4)
            space = title.rfind(" ", 0, skip + 1)
            skip = space + 1 if space > 0 else skip
            title = "…" + title[skip:]
            spans = [(a - skip + 1, b - skip + 1) for a, b in spans if a >= skip]
        text.append(title, style("timeline--title" if plain is None else plain, cursor))
        if spans:
            match = style("timeline--match", cursor)
            for span_start, span_end in spans:
                text.stylize(match, start + span_start, start + span_end)
        text.truncate(width, overflow="ellipsis", pad=True)
        return text
