"""The search bar: a one-line input whose every keystroke re-runs the query."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class SearchBar(Input):
    """Typing here searches; Enter opens a hit, Esc clears and goes back to the timeline.

    Printable keys are text here (``q``, ``j``, ``/``…): the reader's one-letter bindings do
    not fire while the bar has focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.open_from_search", "Open hit", id="search.open"),
        Binding("escape", "app.clear_search", "Clear search", id="search.clear"),
        Binding("down", "app.move_highlight(1)", "Next hit", id="search.down", show=False),
        Binding("up", "app.move_highlight(-1)", "Previous hit", id="search.up", show=False),
    ]

    DEFAULT_CSS = """
    SearchBar {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search (/): words, source:…, lang:kk …",
            id=id,
            compact=True,
            select_on_focus=False,
        )
