"""The help screen: every key binding, read from the live bindings (so remaps show), and the
search syntax."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..search.query import SYNTAX
from . import bindings

#: (section title, the nodes whose bindings it lists, or the bindings themselves)
Section = tuple[str, Iterable[DOMNode | BindingsMap]]


def binding_rows(app: App, nodes: Iterable[DOMNode | BindingsMap]) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for each binding with an id, keys merged per id.

    Reads each node's bindings with the app's keymap applied, as Textual does when it
    dispatches a key, so a remapped key shows as remapped. Every key is listed, also those the
    footer shows as one (``j/k``).
    """
    keymap = getattr(app, "_keymap", {})
    rows: dict[str, tuple[list[str], str]] = {}
    for node in nodes:
        table = (node if isinstance(node, BindingsMap) else node._bindings).copy()
        if keymap:
            table.apply_keymap(keymap)
        for _key, binding in table:
            if binding.id is None or binding.system:
                continue
            keys, _description = rows.setdefault(binding.id, ([], binding.description))
            display = app.get_key_display(replace(binding, key_display=None))
            if display not in keys:
                keys.append(display)
    return [(", ".join(keys), description, id_) for id_, (keys, description) in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Lists the keys by where they work. Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.HELP

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: Iterable[Section]) -> None:
        super().__init__()
        self._sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Esc closes"
            yield Static(self._table(), id="help-table")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def _table(self) -> Table:
        # The binding ids (what a keymap remaps) only when there is room for them.
        show_ids = self.app.size.width >= 80
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        if show_ids:
            table.add_column(no_wrap=True)
        muted = "dim"
        for title, nodes in self._sections:
            rows = binding_rows(self.app, nodes)
            if not rows:
                continue
            if table.row_count:
                table.add_row()
            table.add_row(Text(title, style="bold underline"))
            for keys, description, binding_id in rows:
                cells = [Text(keys, style="bold"), Text(description)]
                if show_ids:
                    cells.append(Text(binding_id, muted))
                table.add_row(*cells)
        table.add_row()
        table.add_row(Text("Search syntax", style="bold underline"))
        for example, meaning in SYNTAX:
            table.add_row(Text(example, style="bold"), Text(meaning))
        return table
