"""Every key binding of the reader, with its id: what ``[keys]`` in the config remaps.

The widgets take their ``BINDINGS`` from here, so this module is the one list of binding ids.
It imports only ``textual.binding``: the CLI validates a config with :func:`binding_ids`
without building the app.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding, BindingType

#: App-wide keys that work even in the search bar.
APP: list[BindingType] = [
    Binding("ctrl+q", "quit", "Quit now", show=False, priority=True, id="app.quit"),
    Binding(
        "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command_palette"
    ),
]

#: Keys that work in every pane (but not while typing in the search bar).
READER: list[BindingType] = [
    Binding("slash", "app.focus_search", "Search", id="reader.search"),
    Binding("question_mark", "app.help", "Help", id="reader.help"),
    Binding("q", "app.quit", "Quit", id="reader.quit"),
    Binding("escape", "app.back", "Back", id="reader.back", show=False),
    Binding("tab", "app.cycle_focus(1)", "Next pane", id="reader.next_pane", show=False),
    Binding(
        "shift+tab", "app.cycle_focus(-1)", "Previous pane", id="reader.previous_pane", show=False
    ),
    Binding("ctrl+g", "app.goto_palette", "Go to article…", id="reader.goto", show=False),
    Binding("t", "app.toggle_order", "Sort hits: date/rank", id="reader.sort", show=False),
    Binding("z", "app.toggle_maximize", "Maximise pane", id="reader.maximize", show=False),
    Binding(
        "less_than_sign", "app.resize_list(-1)", "Narrower list", id="reader.narrower", show=False
    ),
    Binding("greater_than_sign", "app.resize_list(1)", "Wider list", id="reader.wider", show=False),
    Binding("J", "app.step_article(1)", "Next article", id="reader.next_article"),
    Binding("K", "app.step_article(-1)", "Previous article", id="reader.previous_article"),
    # The highlighted article in the timeline, the one shown in the viewer.
    Binding("m", "app.toggle_read", "Read/unread", id="article.toggle_read"),
    Binding("s", "app.toggle_star", "Star", id="article.toggle_star"),
    Binding("u", "app.next_unread(1)", "Next unread", id="article.next_unread", show=False),
    Binding(
        "U", "app.next_unread(-1)", "Previous unread", id="article.previous_unread", show=False
    ),
    Binding("y", "app.copy_article", "Copy article", id="article.copy", show=False),
    Binding("Y", "app.copy_path", "Copy path", id="article.copy_path", show=False),
    Binding("o", "app.open_in_pager", "Open in pager", id="article.pager", show=False),
    Binding("r", "app.related", "Other coverage", id="article.related"),
]

TIMELINE: list[BindingType] = [
    Binding("j,down", "cursor_down", "Down", id="timeline.down", show=False),
    Binding("k,up", "cursor_up", "Up", id="timeline.up", show=False),
    Binding("g,home", "first", "First", id="timeline.first", show=False),
    Binding("G,end", "last", "Last", id="timeline.last", show=False),
    Binding("pagedown", "page_down", "Page down", id="timeline.page_down", show=False),
    Binding("pageup", "page_up", "Page up", id="timeline.page_up", show=False),
    Binding("enter", "open", "Open", id="timeline.open"),
]

VIEWER: list[BindingType] = [
    Binding("j,down", "line_down", "Scroll down", id="viewer.down", show=False),
    Binding("k,up", "line_up", "Scroll up", id="viewer.up", show=False),
    Binding("space,pagedown", "page_down", "Page down", id="viewer.page_down", show=False),
    Binding("b,pageup", "page_up", "Page up", id="viewer.page_up", show=False),
    Binding("g,home", "top", "Top", id="viewer.top", show=False),
    Binding("G,end", "bottom", "Bottom", id="viewer.bottom", show=False),
    Binding("n", "next_match", "Next match", id="viewer.next_match"),
    Binding("N", "previous_match", "Previous match", id="viewer.previous_match"),
    Binding("v", "select", "Select text to copy", id="viewer.select", show=False),
]

#: The article's keys while text is selected in it (``v``): they replace :data:`VIEWER`'s. The
#: footer shows the pairs as one key (``j/k``); the help lists each.
SELECTING: list[BindingType] = [
    Binding("y", "copy_selection", "Copy", id="select.copy"),
    Binding("escape,v", "cancel_selection", "Cancel", id="select.cancel"),
    Binding("j,down", "extend_selection(1)", "Line", id="select.down", key_display="j/k"),
    Binding("k,up", "extend_selection(-1)", "Line up", id="select.up", show=False),
    Binding(
        "right_curly_bracket",
        "extend_paragraphs(1)",
        "Paragraph",
        id="select.paragraph_down",
        key_display="}/{",
    ),
    Binding(
        "left_curly_bracket",
        "extend_paragraphs(-1)",
        "Paragraph up",
        id="select.paragraph_up",
        show=False,
    ),
]

SEARCH_BAR: list[BindingType] = [
    Binding("enter", "app.open_from_search", "Open hit", id="search.open"),
    Binding("escape", "app.clear_search", "Clear search", id="search.clear"),
    Binding("down", "app.move_highlight(1)", "Next hit", id="search.down", show=False),
    Binding("up", "app.move_highlight(-1)", "Previous hit", id="search.up", show=False),
]

HELP: list[BindingType] = [
    Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
]

RELATED: list[BindingType] = [
    Binding("escape,q", "dismiss(None)", "Back", id="related.close"),
]

ALL: tuple[list[BindingType], ...] = (
    APP,
    READER,
    TIMELINE,
    VIEWER,
    SELECTING,
    SEARCH_BAR,
    HELP,
    RELATED,
)

#: Where each table's keys work, for messages.
_PLACES: dict[str, list[BindingType]] = {
    "everywhere": APP,
    "the reader": READER,
    "the timeline": TIMELINE,
    "the article": VIEWER,
    "a text selection": SELECTING,
    "the search bar": SEARCH_BAR,
    "the help": HELP,
    "the other coverage": RELATED,
}
#: A focused pane's own keys come before the reader's; the app's keys come first everywhere.
_PANES = ("the timeline", "the article", "a text selection", "the search bar")


def binding_ids() -> frozenset[str]:
    """Every binding id the config's ``[keys]`` table may name (``"article.toggle_star"`` …)."""
    return frozenset(
        binding.id
        for table in ALL
        for binding in table
        if isinstance(binding, Binding) and binding.id is not None
    )


def theme_names() -> frozenset[str]:
    """The theme names the config's ``theme`` may name (Textual's built-in themes)."""
    from textual.theme import BUILTIN_THEMES

    return frozenset(BUILTIN_THEMES)


def keymap_clashes(keymap: Mapping[str, str]) -> list[str]:
    """What a keymap (binding id -> comma-separated keys) breaks, one line each.

    A remapped key another binding of the same place had (Textual gives it to the remapped
    one), the same key remapped twice, or a reader key that a pane's own binding hides there
    (Textual reports none of these reliably). Empty when nothing is remapped.
    """
    from textual.keys import _normalize_key_list

    remapped = {
        binding_id: [key for key in _normalize_key_list(keys).split(",") if key]
        for binding_id, keys in keymap.items()
    }
    keys_at: dict[str, dict[str, list[str]]] = {}
    for place, table in _PLACES.items():
        found: dict[str, list[str]] = {}
        for binding in table:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            keys = remapped.get(binding.id) or [key.strip() for key in binding.key.split(",")]
            for key in keys:
                if binding.id not in found.setdefault(key, []):
                    found[key].append(binding.id)
        keys_at[place] = found

    problems: list[str] = []
    for place, found in keys_at.items():
        for key, ids in found.items():
            moved = [binding_id for binding_id in ids if binding_id in remapped]
            if len(ids) < 2 or not moved:
                continue
            kept = [binding_id for binding_id in ids if binding_id not in remapped]
            if kept:
                problems.append(
                    f"keys: {key!r} is taken by {' and '.join(moved)} from "
                    f"{' and '.join(kept)} in {place}"
                )
            else:
                problems.append(f"keys: {key!r} is given to both {' and '.join(moved)}")
    for pane in _PANES:
        for key, ids in keys_at[pane].items():
            for place in ("everywhere", "the reader"):
                others = keys_at[place].get(key, [])
                if not others or not any(i in remapped for i in (*ids, *others)):
                    continue
                if place == "everywhere":
                    problems.append(
                        f"keys: {key!r} does {' and '.join(others)} everywhere, so "
                        f"{' and '.join(ids)} loses it in {pane}"
                    )
                else:
                    problems.append(
                        f"keys: {key!r} does {' and '.join(ids)} in {pane}, "
                        f"not {' and '.join(others)}"
                    )
    return problems
