"""The reader's memory on screen: the read and star marks (held by ``app.marks``, a
:class:`~newsreader.state.Marks`) shown in the timeline's rows, the corpus line and the viewer's
title; how far down each article was read, and the last article and query for the next start.
Every change is written through to the :class:`~newsreader.state.State` at once, on the event
loop, in one small transaction: what the screen shows is on disk. A mixin of the app (``m``,
``s``; the article opened becomes read).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..corpus.sanitize import terminal_safe
from ..state import Marks
from .messages import ScrollRecalled

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..article import Article
    from ..state import Memory, State
    from .timeline import Timeline
    from .viewer import Viewer


class ReadingMemory:
    """The marks, the scroll positions and the last position, kept and written through."""

    if TYPE_CHECKING:  # provided by the app
        state: State
        articles: Sequence[Article]
        loaded: bool
        timeline: Timeline
        viewer: Viewer
        focused: Any
        _corpus_key: str
        _query: str
        _shown_index: int | None
        _shown_opened: bool

        def _set_corpus_line(self) -> None: ...
        def post_message(self, message: Any) -> bool: ...
        def set_timer(self, delay: float, callback: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    def _start_memory(self, position_save_delay: float) -> None:
        """Nothing known yet: the load worker reads the state (:meth:`_take_memory`)."""
        self._position_save_delay = position_save_delay
        self._state_warnings_seen = 0
        self._memory_loaded = False
        #: The read marks and stars, their counts among the corpus's articles.
        self.marks = Marks(self.state)
        self._saved_article: str | None = None
        self._saved_query = ""
        self._position_timer: Timer | None = None
        #: The articles known to have a remembered scroll position.
        self._scroll_saved: set[str] = set()

    # ------------------------------------------------------------------------------ marks

    def _take_memory(self, memory: Memory) -> None:
        self._memory_loaded = True
        self.marks = memory.marks
        self._saved_query = memory.last_query
        if memory.last_article is not None:
            self._saved_article = self.articles[memory.last_article].id

    def _target(self) -> int | None:
        """The article ``m`` and ``s`` act on: the one in the viewer when it has focus, else
        the one highlighted in the timeline."""
        if not self.loaded or not self.articles:
            return None
        if self.focused is self.viewer and self._shown_index is not None:
            return self._shown_index
        return self.timeline.highlighted

    def action_toggle_read(self) -> None:
        index = self._target()
        if index is not None:
            self._set_read(index, not self.marks.is_read(self.articles[index].id))

    def action_toggle_star(self) -> None:
        index = self._target()
        if index is not None:
            self._set_starred(index, not self.marks.is_starred(self.articles[index].id))

    def _set_read(self, index: int, read: bool) -> None:
        if self.marks.set_read(self.articles[index].id, read):
            self._marks_changed(index)

    def _set_starred(self, index: int, starred: bool) -> None:
        if self.marks.set_starred(self.articles[index].id, starred):
            self._marks_changed(index)

    def _marks_refreshed(self) -> None:
        """Many marks changed at once: every row, the counts and the viewer's title again."""
        self._say_state_warnings()
        self.timeline.set_marks(self.marks.read, self.marks.starred)
        self._set_corpus_line()
        if self._shown_index is not None:
            self._update_viewer_title()

    def _marks_changed(self, index: int) -> None:
        """The marks of article ``index`` changed (and were saved): its rows, the counts and
        the viewer's title again."""
        self._say_state_warnings()
        self.timeline.refresh_article(index)
        self._set_corpus_line()
        if index == self._shown_index:
            self._update_viewer_title()

    def _update_viewer_title(self) -> None:
        """``Article · ★ starred · unread``: the marks of the article shown."""
        index = self._shown_index
        title = "Article"
        if index is not None and self.viewer.article is not None:
            article_id = self.articles[index].id
            if self.marks.is_starred(article_id):
                title += " · ★ starred"
            if not self.marks.is_read(article_id):
                title += " · unread"
        self.viewer.border_title = title

    # ---------------------------------------------------------------------- scroll memory

    def _leave_article(self) -> None:
        """The viewer is about to leave its article: remember how far down it was read."""
        index, opened = self._shown_index, self._shown_opened
        self._shown_index, self._shown_opened = None, False
        if index is None or not self._memory_loaded or index >= len(self.articles):
            return
        article_id = self.articles[index].id
        line = self.viewer.top_line
        if line > 0:
            self._scroll_saved.add(article_id)
            self._remember(lambda state: state.set_scroll(article_id, line))
        elif opened and article_id in self._scroll_saved:
            # Opened and read back up to the top: forget the old position.
            self._scroll_saved.discard(article_id)
            self._remember(lambda state: state.set_scroll(article_id, 0))

    def _recall_scroll(self, article_id: str) -> None:
        def recall_scroll(state: State) -> None:
            self.post_message(ScrollRecalled(article_id, state.get_scroll(article_id)))

        self._remember(recall_scroll)

    def on_scroll_recalled(self, message: ScrollRecalled) -> None:
        if message.line <= 0:
            return
        self._scroll_saved.add(message.article_id)
        index = self._shown_index
        viewer = self.viewer
        if (
            index is None
            or self.articles[index].id != message.article_id
            or viewer.top_line > 0  # already scrolled by the user
        ):
            return
        viewer.scroll_to_line(message.line)

    # ------------------------------------------------------------------ writing the state

    def _remember(self, call: Callable[[State], object]) -> None:
        """Run a call on the state now, before the next frame: a mark the screen shows is on
        disk (a kill -9 loses at most the keystroke in flight)."""
        call(self.state)
        self._say_state_warnings()

    def _say_state_warnings(self) -> None:
        """Notify the state's warnings not shown yet (a change could not be saved …)."""
        self._notify_state_warnings(self._new_state_warnings())

    def _new_state_warnings(self) -> list[str]:
        """The state's warnings not shown yet (all of them the first time, even those the
        command line has taken and printed)."""
        warnings = list(self.state.warnings)
        new, self._state_warnings_seen = warnings[self._state_warnings_seen :], len(warnings)
        return new

    def _notify_state_warnings(self, warnings: Sequence[str]) -> None:
        if warnings:
            self.notify(
                "\n".join(map(terminal_safe, warnings)),
                title="Read marks and stars",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _schedule_position_save(self) -> None:
        if self._position_save_delay <= 0:
            self._save_position()
        elif self._position_timer is not None:
            self._position_timer.reset()
        else:
            self._position_timer = self.set_timer(self._position_save_delay, self._save_position)

    def _save_position(self) -> None:
        """Remember the highlighted article and the query for the next start (if changed)."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if not self._memory_loaded:
            return  # not read yet: saving now would forget the last position
        index = self.timeline.highlighted
        if index is not None and index < len(self.articles):
            article_id = self.articles[index].id
            if article_id != self._saved_article:
                self._saved_article = article_id
                self._remember(lambda state: state.set_last_article(article_id))
        query = self._query
        if query != self._saved_query:
            self._saved_query = query
            self._remember(lambda state: state.set_last_query(query, self._corpus_key))
