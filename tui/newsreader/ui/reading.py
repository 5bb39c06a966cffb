"""What the viewer shows: the highlighted article once the highlight rests (a preview, which
does not mark it read), the article opened (Enter, J/K, the palette, a search's first hit), its
body read from its file by the library and a few kept. A mixin of the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..search.titles import fold_titles
from .timeline import Timeline

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..article import Article
    from ..library import Reading
    from .search_bar import SearchBar
    from .viewer import Viewer


class ArticleReading:
    """The article in the viewer: previewed, opened, completed with its body."""

    if TYPE_CHECKING:  # provided by the app
        articles: Sequence[Article]
        library: Reading | None
        loaded: bool
        timeline: Timeline
        viewer: Viewer
        search_bar: SearchBar

        @property
        def _shutting_down(self) -> bool: ...
        def set_timer(self, delay: float, callback: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def _leave_article(self) -> None: ...
        def _update_viewer_title(self) -> None: ...
        def _schedule_position_save(self) -> None: ...
        def _set_read(self, index: int, read: bool) -> None: ...
        def _recall_scroll(self, article_id: str) -> None: ...
        def _set_query(self, query: str) -> None: ...

    def _start_reading(self, preview_delay: float) -> None:
        """Nothing shown yet; ``preview_delay``: seconds the highlight must rest."""
        self._preview_delay = preview_delay
        self._preview_timer: Timer | None = None
        #: The article in the viewer, and whether it was opened (not just previewed).
        self._shown_index: int | None = None
        self._shown_opened = False
        #: The titles folded for "Go to article…", and for which corpus.
        self._folded: tuple[int, list[str]] | None = None

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        if self._shutting_down:
            return
        if message.index is None:
            self._cancel_preview()
            if self.loaded and self.articles:
                self._leave_article()
                self.viewer.show_message(
                    "No matches." if self.timeline.searching else "No article selected."
                )
                self._update_viewer_title()
            return
        self._schedule_position_save()
        if self._preview_delay <= 0 or self.viewer.article is None:
            self.flush_preview()
            return
        if self._preview_timer is not None:
            self._preview_timer.reset()
        else:
            self._preview_timer = self.set_timer(self._preview_delay, self.flush_preview)

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def flush_preview(self) -> None:
        """Show the highlighted article now (the debounce timer calls this too).

        A preview does not mark the article read: opening it does.
        """
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if self._shutting_down:
            return
        index = self.timeline.highlighted
        if index is not None:
            self._show(index, self.timeline.highlighted_hit)

    def _show(self, index: int, hit: Any | None, *, opened: bool = False) -> None:
        article = self.article_with_body(index)
        if index != self._shown_index:
            self._leave_article()
        if hit is None:
            self.viewer.show(article)
        else:
            self.viewer.show(
                article,
                title_spans=hit.title_spans,
                body_spans=hit.body_spans,
            )
        new = index != self._shown_index
        self._shown_index = index
        if opened:
            self._shown_opened = True
            if self.loaded:  # marks wait for the whole corpus (and the state's marks)
                self._set_read(index, True)
        if (new or opened) and not self.viewer.highlights_matches:
            self._recall_scroll(article.id)  # previewed too; a search hit shows its first match
        self._update_viewer_title()

    def article_with_body(self, index: int) -> Article:
        """Article ``index`` with its body: the timeline's articles have none, and the viewer
        asks the library for the one it shows (read from its file)."""
        article = self.articles[index]
        if article.body or self.library is None:
            return article
        return self.library.complete(article)

    def _body_of(self, article: Article) -> Sequence[str]:
        """An article's body paragraphs (read from its file when the library holds it
        without): for the timeline's snippets, in a worker thread."""
        library = self.library
        if article.body or library is None:
            return article.body
        return library.complete(article).body

    def on_timeline_opened(self, message: Timeline.Opened) -> None:
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        timeline = self.timeline
        index = timeline.highlighted
        if index is None:
            if timeline.searching:
                self.notify("No matches", severity="warning", timeout=2, markup=False)
            return
        self._cancel_preview()
        self._show(index, timeline.highlighted_hit, opened=True)
        self.viewer.focus()
        self.viewer.jump_to_first_match()

    def action_step_article(self, delta: int) -> None:
        """J/K: open the next or previous article of the timeline (focus stays put)."""
        timeline = self.timeline
        if timeline.move_article(delta) and timeline.highlighted is not None:
            self._cancel_preview()
            self._show(timeline.highlighted, timeline.highlighted_hit, opened=True)
            self.viewer.jump_to_first_match()

    def goto_article(self, index: int) -> None:
        """Open article ``index`` (from the command palette), leaving a search if need be."""
        timeline = self.timeline
        if not timeline.select_article(index):
            self.search_bar.value = ""
            self._set_query("")
            timeline.select_article(index)
        self._open_highlighted()

    def first_shown_articles(self, limit: int) -> list[int]:
        """The first ``limit`` articles of the timeline as shown now."""
        timeline = self.timeline
        found: list[int] = []
        row = 0
        while len(found) < limit and row < timeline.row_count:
            index = timeline.article_at(row)
            if index is not None:
                found.append(index)
            row += 1
        return found

    async def folded_titles(self) -> list[str]:
        """Folded titles for "Go to article…", computed once per corpus in a thread."""
        articles = self.articles
        if self._folded is None or self._folded[0] != id(articles):
            folded = await asyncio.to_thread(lambda: fold_titles([a.title for a in articles]))
            self._folded = (id(articles), folded)
        return self._folded[1]
