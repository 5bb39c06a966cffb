"""The reader's one screen and its two panes: the list beside the article on a wide terminal
(:func:`list_width`, moved with ``<``/``>``), one pane at a time on a narrow one,
and ``z`` giving the focused pane the whole screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import BindingType
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widgets import Footer

from . import bindings
from .timeline import Timeline
from .viewer import Viewer

# The list pane's width beside the article.
#: The terminal width from which the two panes show side by side.
SIDE_BY_SIDE = 100
#: The terminal width from which the footer shows the palette's key (Ctrl+P works anyway).
PALETTE_HINT_WIDTH = 80
#: Without a width chosen, a wide terminal gives the list all but this many columns…
READING_COLUMNS = 60
#: …but no less than this share of the terminal…
MIN_LIST_SHARE = 0.48
#: …and no more than this many columns (wider terminals give the article the rest).
MAX_LIST_COLUMNS = 100
#: Neither pane is made narrower than this by the resize keys.
MIN_PANE = 24
#: Columns the resize keys move the border by.
LIST_STEP = 4


def list_width(screen_width: int, share: float | None = None) -> int:
    """The list pane's width on a terminal ``screen_width`` columns wide (side by side).

    ``share``: the share of the terminal chosen with the resize keys; ``None`` gives titles
    the room a wide terminal has (140 columns: 80 for the list, a whole 70-character title on
    one line of a search hit) while the article keeps :data:`READING_COLUMNS`.
    """
    if share is None:
        columns = min(screen_width - READING_COLUMNS, MAX_LIST_COLUMNS)
        width = max(round(screen_width * MIN_LIST_SHARE), columns)
    else:
        width = round(screen_width * share)
    return max(MIN_PANE, min(width, screen_width - MIN_PANE))


class ReaderScreen(Screen[None]):
    """The one screen of the reader; holds the keys that work in every pane."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.READER

    AUTO_FOCUS = "#timeline"

    def on_resize(self, event: Resize) -> None:
        # One pane at a time: a compact footer; narrower still, no palette hint (Ctrl+P works).
        footer = self.query_one(Footer)
        footer.compact = event.size.width < SIDE_BY_SIDE
        footer.show_command_palette = event.size.width >= PALETTE_HINT_WIDTH
        self._lay_out_panes(event.size.width)

    def watch_maximized(self) -> None:
        self._lay_out_panes(self.size.width)

    def _lay_out_panes(self, width: int) -> None:
        app = self.app
        if isinstance(app, PaneLayout):
            app.lay_out_panes(width)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # On a narrow terminal the viewer takes over while it has focus.
        self.set_class(isinstance(event.widget, Viewer), "-reading")
        # Maximised, the pane given focus takes the screen; the search bar gives it back.
        widget = event.widget
        if self.maximized is not None and widget is not self.maximized:
            if isinstance(widget, (Timeline, Viewer)):
                self.maximize(widget, container=False)
            else:
                self.minimize()


class PaneLayout:
    """The list pane's width, chosen or not, and maximising a pane (a mixin of the app)."""

    if TYPE_CHECKING:  # provided by the app
        timeline: Timeline
        viewer: Viewer
        focused: Any
        size: Any

        def notify(self, message: str, **kwargs: Any) -> None: ...

    #: The list pane's share of the terminal chosen with ``<``/``>`` (``None``: not chosen).
    _list_share: float | None = None

    def lay_out_panes(self, width: int) -> None:
        """The list pane's width on a terminal ``width`` columns wide: :func:`.list_width`
        side by side; the style sheet's one pane at a time (narrow) or maximised."""
        reader = self.timeline.screen if self.timeline.is_mounted else None
        side_by_side = width >= SIDE_BY_SIDE and reader is not None and reader.maximized is None
        columns = list_width(width, self._list_share) if side_by_side else None
        styles = self.timeline.styles
        if columns is None:
            if styles.has_rule("width"):
                styles.clear_rule("width")
                self.timeline.refresh(layout=True)
        elif styles.width is None or styles.width.value != columns or not styles.has_rule("width"):
            styles.width = columns

    def action_resize_list(self, delta: int) -> None:
        """``<``/``>``: the list pane narrower or wider by a step (kept for the session)."""
        width = self.size.width
        if width < SIDE_BY_SIDE:
            self.notify(f"One pane at a time below {SIDE_BY_SIDE} columns", timeout=2, markup=False)
            return
        reader = self.timeline.screen
        if reader.maximized is not None:
            reader.minimize()
        now = list_width(width, self._list_share)
        self._list_share = list_width(width, (now + delta * LIST_STEP) / width) / width
        self.lay_out_panes(width)

    def action_toggle_maximize(self) -> None:
        """``z``: the focused pane (else the list) takes the whole screen, or gives it back."""
        reader = self.timeline.screen
        if reader.maximized is not None:
            reader.minimize()
            return
        focused = self.focused
        pane = focused if focused is self.viewer else self.timeline
        reader.maximize(pane, container=False)
        pane.focus()
