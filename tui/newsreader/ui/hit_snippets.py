"""The matched words in context of the search hits on screen (:class:`HitSnippets`).

A hit that matched in the body but not in the title shows the matched words in context
(:mod:`newsreader.search.snippets`). Snippets are made for the rows on screen only, in a thread
worker (a body may have to be read from its file), and drawn when they come.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ..search.snippets import Snippet, hit_snippet

if TYPE_CHECKING:
    from .row_layout import RowLayout
    from .timeline import Timeline

#: A snippet not asked for yet (``None``: asked for, and there is none).
_UNKNOWN: Any = object()


class SnippetsFound(Message, bubble=False):
    """The snippets of some rows of ``hits`` (``None``: that hit has none)."""

    def __init__(self, hits: Sequence[Any], found: dict[int, Snippet | None]) -> None:
        super().__init__()
        self.hits = hits
        self.found = found


class HitSnippets:
    """The snippets of the hits a timeline shows, by row: a row drawn without its snippet asks
    for it; after the frame, those of the rows still on screen are found in a worker, which
    answers the timeline with :class:`SnippetsFound`; those rows are then drawn again."""

    def __init__(
        self,
        timeline: Timeline,
        rows: RowLayout,
        on_screen: Callable[[], range],
        redraw: Callable[[int], None],
    ) -> None:
        self._timeline = timeline
        self._rows = rows
        self._on_screen = on_screen
        self._redraw = redraw
        # Snippets of the search hits shown, by row; rows waiting for one; a worker running.
        self._snippets: dict[int, Snippet | None] = {}
        self._wanted: set[int] = set()
        self._fetching = False
        self._fetch_scheduled = False

    def forget(self) -> None:
        """Other hits are shown (or none): the snippets found are no longer theirs."""
        self._snippets = {}
        self._wanted.clear()

    def snippet(self, row: int) -> tuple[Snippet | None, bool]:
        """The snippet of ``row`` and whether it is known; not known yet, it is asked for
        (found after this frame)."""
        snippet = self._snippets.get(row, _UNKNOWN)
        if snippet is not _UNKNOWN:
            return snippet, True
        self._wanted.add(row)
        if not self._fetching and not self._fetch_scheduled:
            self._fetch_scheduled = True
            self._timeline.call_after_refresh(self._fetch)
        return None, False

    def _fetch(self) -> None:
        self._fetch_scheduled = False
        hits = self._rows.hits
        if self._fetching or hits is None:
            return
        visible = self._on_screen()
        rows = sorted(row for row in self._wanted if row in visible and row not in self._snippets)
        self._wanted.clear()
        if rows:
            self._fetching = True
            self._timeline.run_worker(
                partial(self._find, hits, rows),
                name="snippets",
                group="snippets",
                description=f"snippets of {len(rows)} rows",
                exit_on_error=False,
                thread=True,
            )

    def _find(self, hits: Sequence[Any], rows: list[int]) -> None:
        """Find the snippets of ``rows`` (a body may be read from its file); always answers."""
        found: dict[int, Snippet | None] = {}
        try:
            for row in rows:
                if self._rows.hits is not hits:
                    break  # another search is shown: its rows ask for theirs
                try:
                    found[row] = hit_snippet(hits[row], self._timeline.body_of)
                except Exception:  # a file gone or unreadable: no snippet, the row still shows
                    found[row] = None
        finally:
            self._timeline.post_message(SnippetsFound(hits, found))

    def found(self, message: SnippetsFound) -> None:
        """The worker's answer: draw the rows it found snippets for; find the ones asked since."""
        self._fetching = False
        if message.hits is self._rows.hits:
            self._snippets.update(message.found)
            for row in message.found:
                self._redraw(row)
        if self._wanted:
            self._fetch()
