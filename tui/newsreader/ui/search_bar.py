"""The search bar: a one-line input whose every keystroke re-runs the query."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from . import bindings


class SearchBar(Input):
    """Typing here searches; Enter opens a hit, Esc clears and goes back to the timeline.

    Printable keys are text here (``q``, ``j``, ``/``…): the reader's one-letter bindings do
    not fire while the bar has focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings.SEARCH_BAR

    DEFAULT_CSS = """
    SearchBar {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search (/): words, source:…, lang:kk, is:unread, is:starred …",
            id=id,
            compact=True,
            select_on_focus=False,
        )
