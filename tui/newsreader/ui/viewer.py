"""The article viewer: title, meta line, tags, captions and body, wrapped and scrollable.

A Line-API widget: the article is wrapped once per width into lines of Rich ``Text`` built
from plain strings, never markup (:mod:`.article_lines`), and only the lines on screen become
strips. Knowing which line each match starts on lets n/N scroll straight to it. ``v`` selects
lines to copy with the keyboard (:mod:`.viewer_selection`): while a selection is made the keys
of :data:`.bindings.SELECTING` take the place of the viewer's own.
"""

from __future__ import annotations

from typing import ClassVar

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..article import Article
from ..corpus.sanitize import terminal_safe
from . import bindings
from .article_lines import BLANK, ArticleLayout, BodySpans, TitleSpans, article_lines
from .model import text_segments
from .viewer_selection import SelectingText


class Viewer(SelectingText, ScrollView, can_focus=True):
    """Shows one article; highlights search matches and jumps between them; selects lines of it
    to copy."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.VIEWER

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "viewer--title",
        "viewer--meta",
        "viewer--tags",
        "viewer--caption",
        "viewer--body",
        "viewer--match",
        "viewer--match-current",
        "viewer--path",
        "viewer--message",
        "viewer--warning",
        "viewer--selection",
    }

    DEFAULT_CSS = """
    Viewer {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 1;
        & > .viewer--title { color: $text-primary; text-style: bold; }
        & > .viewer--meta { color: $text-muted; }
        & > .viewer--tags { color: $text-accent; }
        & > .viewer--caption { color: $text-muted; text-style: italic; }
        & > .viewer--body { color: $text; }
        & > .viewer--match { background: $warning-muted; color: $text-warning; text-style: bold; }
        & > .viewer--match-current { background: $warning; color: $background; text-style: bold; }
        & > .viewer--path { color: $text-disabled; }
        & > .viewer--message { color: $text-muted; text-style: italic; }
        & > .viewer--warning { color: $text-warning; }
        & > .viewer--selection { background: $screen-selection-background; }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._article: Article | None = None
        self._title_spans: TitleSpans = ()
        self._body_spans: BodySpans = ()
        self._message = "Loading articles…"
        self._lines: list[Text] = []
        self._matches: list[int] = []
        self._current_match = -1
        self._jump_pending = False
        self._line_pending: int | None = None
        self._laid_out_for: tuple[int, bool] | None = None
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(256)
        self._layout = ArticleLayout([], [], [], [])
        self._init_selection()

    # ----------------------------------------------------------------- api

    @property
    def article(self) -> Article | None:
        """The article shown, or ``None`` when a message is shown."""
        return self._article

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        """Index of the match last jumped to (-1: none yet)."""
        return self._current_match

    @property
    def highlights_matches(self) -> bool:
        """True when the article is shown with search matches highlighted."""
        return bool(self._title_spans or self._body_spans)

    @property
    def top_line(self) -> int:
        """The line at the top of the view (what is remembered per article)."""
        return round(self.scroll_offset.y)

    @property
    def text_lines(self) -> list[str]:
        """The laid-out lines as plain text (for tests and tools)."""
        return [line.plain for line in self._lines]

    def show(
        self,
        article: Article,
        *,
        title_spans: TitleSpans = (),
        body_spans: BodySpans = (),
    ) -> None:
        """Show ``article`` from its top, with search matches highlighted."""
        title_spans, body_spans = tuple(title_spans), tuple(body_spans)
        if (
            article is self._article
            and title_spans == self._title_spans
            and body_spans == self._body_spans
        ):
            return
        had_matches = self.highlights_matches
        self._article = article
        self._title_spans = title_spans
        self._body_spans = body_spans
        self._current_match = -1
        self._jump_pending = False
        self._line_pending = None
        self._select(None)
        self._invalidate()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._bindings_may_have_changed(had_matches)

    def show_message(self, message: str) -> None:
        """Show a line of text instead of an article (loading, no articles…)."""
        had_matches = self.highlights_matches
        self._article = None
        self._title_spans = self._body_spans = ()
        self._message = terminal_safe(message)
        self._current_match = -1
        self._jump_pending = False
        self._line_pending = None
        self._select(None)
        self._invalidate()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._bindings_may_have_changed(had_matches)

    def _bindings_may_have_changed(self, had_matches: bool) -> None:
        """n/N are offered only while matches are highlighted: tell the footer if that changed.

        Only then: every refresh makes the footer rebuild its keys (tens of milliseconds),
        which on each j/k or keystroke would be most of the cost of showing an article.
        """
        if self.highlights_matches != had_matches:
            self.refresh_bindings()

    def jump_to_first_match(self) -> None:
        """Scroll to the first match below the title, if it is out of view.

        A viewer not shown yet (narrow terminal) does it when it gets its size.
        """
        self._jump_pending = True
        self._try_jump()

    def _try_jump(self) -> None:
        height = self.scrollable_content_region.height
        if not self._jump_pending or height <= 0 or self._wrap_width() <= 0:
            return
        self._jump_pending = False
        self._layout_now()
        if not self._matches:
            return
        body = [i for i, y in enumerate(self._matches) if y > 0]
        if body and self._matches[body[0]] >= height:
            # After a refresh, once the new virtual size allows scrolling that far.
            article = self._article
            self.call_after_refresh(
                lambda: self._goto_match(body[0]) if self._article is article else None
            )

    def scroll_to_line(self, line: int) -> None:
        """Put ``line`` at the top of the view (a remembered position).

        A viewer not shown yet (narrow terminal) does it when it gets its size.
        """
        self._line_pending = max(0, line)
        self._try_scroll_to_line()

    def _try_scroll_to_line(self) -> None:
        line = self._line_pending
        if line is None or self.scrollable_content_region.height <= 0 or self._wrap_width() <= 0:
            return
        self._line_pending = None
        self._layout_now()
        article = self._article

        def scroll() -> None:
            if self._article is article:
                self.scroll_to(y=line, animate=False, immediate=True, force=True)

        # After a refresh, once the new virtual size allows scrolling that far.
        self.call_after_refresh(scroll)

    # -------------------------------------------------------------- actions

    def action_line_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_line_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def action_next_match(self) -> None:
        if self._matches:
            self._goto_match((self._current_match + 1) % len(self._matches))

    def action_previous_match(self) -> None:
        if self._matches:
            current = self._current_match if self._current_match >= 0 else 0
            self._goto_match((current - 1) % len(self._matches))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match"):
            return bool(self._title_spans or self._body_spans)
        return True

    def _goto_match(self, number: int) -> None:
        self._current_match = number
        self._invalidate()
        self._layout_now()
        if not self._matches:
            return
        y = self._matches[number]
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True, force=True)
        self._update_subtitle()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        """``3 lines selected · match 2 of 5 · 40%``: the lines selected, the match shown, and how
        far down the article the view reaches (when it does not show the whole article)."""
        parts = []
        if self.selected_lines:
            size = self.selection_size
            parts.append(f"{size} line{'s' if size != 1 else ''} selected")
        if self._matches and self._current_match >= 0:
            parts.append(f"match {self._current_match + 1} of {len(self._matches)}")
        total, height = len(self._lines), self.scrollable_content_region.height
        if self.article is not None and 0 < height < total:
            seen = min(total, self.top_line + height)
            parts.append(f"{seen * 100 // total}%")
        subtitle = " · ".join(parts)
        if subtitle != self.border_subtitle:
            self.border_subtitle = subtitle

    # --------------------------------------------------------------- layout

    def _invalidate(self) -> None:
        self._laid_out_for = None
        self._strips.clear()
        self._layout_now()
        self._update_subtitle()
        self.refresh()

    def _wrap_width(self) -> int:
        """Text width, the same whether or not the scrollbar shows (so layout is stable)."""
        region = self.scrollable_content_region.width
        scrollbar = self.styles.scrollbar_size_vertical
        if not self.show_vertical_scrollbar:
            region -= scrollbar
        return region

    def _layout_now(self) -> None:
        width = self._wrap_width()
        if width <= 0:
            return  # not laid out yet (or hidden): done on the first render
        key = (width, self.has_focus)
        if self._laid_out_for == key:
            return
        self._laid_out_for = key
        self._strips.clear()
        self._layout = self._build_lines(width)
        self._lines, self._matches = self._layout.lines, self._layout.matches
        self._selection_relaid()
        self.virtual_size = Size(width, len(self._lines))
        self._update_subtitle()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._laid_out_for = None
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._layout_now()
        self._try_jump()
        self._try_scroll_to_line()
        self._update_subtitle()

    def _style(self, name: str) -> Style:
        return self.get_visual_style(name).rich_style

    def _build_lines(self, width: int) -> ArticleLayout:
        article = self._article
        if article is None:  # wrapped as a paragraph is; nothing in it to select
            message = Text(self._message, style=self._style("viewer--message"))
            lines = list(message.divide(divide_line(self._message, width, fold=True)))
            return ArticleLayout(lines, [], [], [BLANK] * len(lines))
        return article_lines(
            article,
            width,
            self._style,
            title_spans=self._title_spans,
            body_spans=self._body_spans,
            current_match=self._current_match,
        )

    # ------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        self._layout_now()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_offset.y)
        base = self.rich_style
        if row >= len(self._lines) or width <= 0:
            return Strip.blank(max(0, width), base)
        key = (row, width, row in self.selected_lines)
        strip = self._strips.get(key)
        if strip is None:
            line = self._lines[row]
            segments = text_segments(line, self.app.console)
            strip = Strip(segments, cell_len(line.plain)).crop_extend(0, width, base)
            if key[2]:
                selected = self._style("viewer--selection")
                strip = Strip(Segment.apply_style(strip, post_style=selected), strip.cell_length)
            self._strips[key] = strip
        return strip
