"""What the reader does with articles beyond reading them: copy, open in a pager, the next
unread, every shown one marked read (and undone), the other coverage of the story. A mixin of
the app: the actions bound in :mod:`.bindings` and offered in the palette."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import work

from ..corpus.sanitize import terminal_safe
from ..export import article_text
from .related_screen import RelatedScreen

if TYPE_CHECKING:
    from ..article import Article
    from ..library import Reading
    from ..state import Marks
    from .timeline import Timeline

#: The pager when ``$PAGER`` is not set (``-R`` keeps less's colours off our plain text).
DEFAULT_PAGER = "less"


class ArticleCommands:
    """Actions on the article in reach (the one shown in the viewer when it has focus, else
    the highlighted one) and on the articles shown."""

    if TYPE_CHECKING:  # provided by the app
        articles: Sequence[Article]
        library: Reading | None
        timeline: Timeline
        marks: Marks

        def _target(self) -> int | None: ...
        def article_with_body(self, index: int) -> Article: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def copy_to_clipboard(self, text: str) -> None: ...
        def suspend(self) -> Any: ...
        def refresh(self, **kwargs: Any) -> Any: ...
        def _marks_refreshed(self) -> None: ...
        def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...
        def push_screen(self, screen: Any, callback: Any = None) -> Any: ...
        def goto_article(self, index: int) -> None: ...

    _undo_read: list[str] | None = None
    _positions: tuple[int, dict[str, int]] | None = None

    # ---------------------------------------------------------------- copy

    def action_copy_article(self) -> None:
        """``y``: the article (title, date, outlet, text) to the terminal's clipboard."""
        index = self._target()
        if index is None:
            return
        text = article_text(self.article_with_body(index))
        self.copy_to_clipboard(text)
        self.notify(f"Copied the article ({len(text):,} characters)", title="Clipboard")

    def action_copy_path(self) -> None:
        """``Y``: the article's file path to the terminal's clipboard."""
        index = self._target()
        if index is None:
            return
        path = os.path.abspath(self.articles[index].path)
        self.copy_to_clipboard(path)
        self.notify(terminal_safe(path), title="Copied the path", markup=False)

    # ---------------------------------------------------------------- pager

    def action_open_in_pager(self) -> None:
        """``o``: the article in ``$PAGER`` (``less`` if unset), the reader suspended."""
        index = self._target()
        if index is None:
            return
        text = article_text(self.article_with_body(index))
        command = shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER)
        try:
            with self.suspend():
                subprocess.run(command, input=text, text=True, check=False)
        except FileNotFoundError:
            self.notify(
                f"{terminal_safe(command[0])} not found: set $PAGER", severity="error", markup=False
            )
        except Exception as error:  # SuspendNotSupported (no terminal), OSError …
            self.notify(f"Cannot open a pager here: {error}", severity="error", markup=False)
        self.refresh(repaint=True, layout=True)

    # ---------------------------------------------------------------- unread

    def action_next_unread(self, step: int) -> None:
        """``u``/``U``: highlight the next (previous) unread article of those shown."""
        shown = self.timeline.displayed()
        if not shown:
            return
        current = self.timeline.highlighted
        start = shown.index(current) if current in shown else (-1 if step > 0 else len(shown))
        marks, articles = self.marks, self.articles
        position = start + step
        while 0 <= position < len(shown):
            if not marks.is_read(articles[shown[position]].id):
                self.timeline.select_article(shown[position], center=True)
                return
            position += step
        where = "below" if step > 0 else "above"
        self.notify(f"No unread article {where}", timeout=3)

    # ---------------------------------------------------------------- mark all

    def action_mark_shown_read(self) -> None:
        """Mark every article shown (the timeline, or a search's hits) read; undoable."""
        articles = self.articles
        newly = self._change_read([articles[i].id for i in self.timeline.displayed()], True)
        if not newly:
            self.notify("Every article shown is read already", timeout=3)
            return
        self._undo_read = newly
        count = len(newly)
        self.notify(
            f"Marked {count:,} article{'s' if count != 1 else ''} read. "
            "Undo: Ctrl+P → Undo mark all read",
            title="Marked read",
            timeout=10,
        )

    def action_undo_mark_shown_read(self) -> None:
        """Undo the last "mark all shown as read"."""
        ids, self._undo_read = self._undo_read, None
        if not ids:
            self.notify("Nothing to undo", timeout=3)
            return
        self._change_read(ids, False)
        self.notify(f"{len(ids):,} marked unread again", title="Undone", timeout=5)

    def _change_read(self, ids: list[str], read: bool) -> list[str]:
        """Mark the articles read (or unread), saved at once; the ids that changed."""
        changed = self.marks.set_read_many(ids, read)
        if changed:
            self._marks_refreshed()
        return changed

    # ---------------------------------------------------------------- related

    def action_related(self) -> None:
        """``r``: the other articles about the same story (other outlets, the other language)."""
        index = self._target()
        if index is None or self.library is None:
            return
        self._find_related(self.library, self.articles, index)

    # A description: without one Textual makes it from repr() of the arguments, 100k articles.
    @work(
        thread=True,
        exclusive=True,
        group="related",
        exit_on_error=False,
        name="related",
        description="related",
    )
    def _find_related(self, library: Reading, articles: Sequence[Article], index: int) -> None:
        about = articles[index]
        try:
            found = library.related(about)
        except Exception as error:  # the index went away (a rebuild): say so, keep reading
            self.call_from_thread(
                self.notify, f"Cannot look for other coverage now: {error}", severity="warning"
            )
            return
        positions = self._positions_of(articles)
        pairs = [
            (positions[item.article.id], item.article)
            for item in found
            if item.article.id in positions
        ]
        self.call_from_thread(self._show_related, about, pairs)

    def _positions_of(self, articles: Sequence[Article]) -> dict[str, int]:
        """Each article's position by id, made once per corpus shown (in a worker)."""
        cached = self._positions
        if cached is None or cached[0] != id(articles):
            cached = self._positions = (id(articles), {a.id: i for i, a in enumerate(articles)})
        return cached[1]

    def _show_related(self, about: Article, pairs: list[tuple[int, Article]]) -> None:
        by_index = dict(pairs)

        def chosen(index: int | None) -> None:
            if index is None or index not in by_index:
                return
            # The corpus may have been refreshed meanwhile: find the article by its id.
            now = self._positions_of(self.articles).get(by_index[index].id)
            if now is not None:
                self.goto_article(now)

        self.push_screen(RelatedScreen(about, pairs), chosen)
