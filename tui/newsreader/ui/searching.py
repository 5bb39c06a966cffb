"""Running the query typed: every change of it starts an exclusive thread worker, whose
results come back as a message; a result for an older query (``generation``), or made for
another timeline than the one shown, is dropped (run again). A mixin of the app, which routes
the search bar's changes here; the count beside the search bar follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work

from .messages import SearchDone, SearchFailed
from .status import Count, count_line

if TYPE_CHECKING:
    from ..article import Article
    from ..library import Reading
    from ..search import Marks as SearchMarks
    from ..state import Marks
    from .status import StatusLine
    from .timeline import Timeline

#: Hits whose title spans the search worker computes (a screenful and then some).
_SPANS_AHEAD = 64
#: A search made for a timeline newer than the one shown runs again after this long (seconds),
#: unless the newer timeline is shown first (which runs it again at once).
_STALE_SEARCH_RETRY = 0.5


class SearchRunning:
    """The query typed, the search of it running, and its results shown in the timeline."""

    if TYPE_CHECKING:  # provided by the app
        articles: Sequence[Article]
        index: Reading | None
        loaded: bool
        timeline: Timeline
        status: StatusLine
        workers: Any
        _indexing: bool
        marks: Marks

        @property
        def _shutting_down(self) -> bool: ...
        def _schedule_position_save(self) -> None: ...
        def _open_highlighted(self) -> None: ...
        def post_message(self, message: Any) -> bool: ...
        def set_timer(self, delay: float, callback: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def _remember(self, call: Any) -> None: ...

    _query = ""
    #: Each change of the query (or of the corpus searched) is a new generation; the results
    #: on screen are of ``_shown_generation``.
    _generation = 0
    _shown_generation = 0
    _result_total = 0
    _result_note = ""
    _order = "rank"  # hits best first, or "timeline": newest first
    #: Enter typed before the results came: open the first hit when they do.
    _open_pending = False
    #: The article the next results keep highlighted (a refresh, the last run's position).
    _restore_article: int | None = None

    def _search_again(self) -> None:
        """Run the query again (on a corpus that grew or changed, in another order)."""
        self._generation += 1
        self._start_search()

    def _set_query(self, query: str) -> None:
        if query == self._query:
            return
        self._query = query
        self._generation += 1
        self._open_pending = False
        self._restore_article = None
        self._schedule_position_save()
        if not query.strip():
            self.workers.cancel_group(self, "search")
            timeline = self.timeline
            if timeline.searching:
                timeline.show_timeline(keep=timeline.highlighted)
            self._shown_generation = self._generation
            self._update_count()
            return
        self._start_search()
        self._update_count()

    def _start_search(self) -> None:
        if self.index is None:
            return
        query = self._query
        # The marks as they are now, for is: (copied: the worker reads them).
        marks = self.marks.for_search() if "is:" in query.casefold() else None
        self._search(self.index, query, marks, self._generation, self._order)

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        name="search",
        description="search",
    )
    def _search(
        self, index: Reading, query: str, marks: SearchMarks | None, generation: int, order: str
    ) -> None:
        from textual.worker import get_current_worker

        from ..search import parse_query

        try:
            parsed = parse_query(query)
            note = "; ".join(parsed.problems)
            result = index.search(parsed, order=order, marks=marks, positions=True)
            if order == "timeline" and parsed.has_terms:
                note = "; ".join(part for part in ("newest first", note) if part)
        except Exception as error:  # a query the engine rejects
            self.post_message(SearchFailed(generation, query, f"{error}"))
            return
        # Hits are made lazily: make the first screenful (and their title spans) here, in the
        # thread, and the body spans of the top hit, which the viewer shows first. The other
        # hits are made as the timeline shows them.
        worker = get_current_worker()
        hits = result.hits
        for position in range(min(len(hits), _SPANS_AHEAD)):
            if worker.is_cancelled:
                return
            hits[position].title_spans  # noqa: B018 - computed and cached on first read
        if len(hits) and not worker.is_cancelled:
            hits[0].body_spans  # noqa: B018 - computed and cached on first read
        nearby = result.nearby
        if nearby and not note:  # few found, and a near spelling is far commoner
            note = "more with " + " ".join(nearby)
        if not worker.is_cancelled:
            self.post_message(SearchDone(generation, query, result, note))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation or self._shutting_down:
            return  # typed on since: a newer search is on its way
        timeline = message.result.timeline
        if timeline is not None and timeline is not self.articles:
            # Made for a newer timeline than the one shown (the load goes on): the corpus
            # message that shows it runs the search again; in case none comes, so does a timer.
            generation = self._generation
            self.set_timer(_STALE_SEARCH_RETRY, lambda: self._retry_search(generation))
            return
        result = message.result
        self._shown_generation = message.generation
        self._result_total = len(result.hits)
        self._result_note = message.note
        self.timeline.show_hits(result.hits, message=f"No matches for {message.query.strip()}")
        restore, self._restore_article = self._restore_article, None
        if restore is not None:
            self.timeline.select_article(restore, center=True)
        self._update_count()
        if self._open_pending:
            self._open_pending = False
            self._open_highlighted()

    def _retry_search(self, generation: int) -> None:
        if generation == self._generation and not self._shutting_down:
            self._search_again()

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.generation != self._generation:
            return
        self._shown_generation = message.generation
        self._open_pending = False
        self.status.set_count(f"bad query: {message.error}")

    def _update_count(self) -> None:
        count = Count(
            total=len(self.articles),
            loaded=self.loaded,
            indexing=self._indexing,
            query=self._query,
            searchable=self.index is not None,
            searching=self._shown_generation != self._generation,
            hits=self._result_total,
            note=self._result_note,
        )
        self.status.set_count(count_line(count))

    def action_open_from_search(self) -> None:
        """Enter in the search bar: open the highlighted hit (once the results are in)."""
        if not self._query.strip() or self._shown_generation == self._generation:
            self._open_highlighted()
        else:
            self._open_pending = True

    def action_toggle_order(self) -> None:
        """``t``: hits newest first, or best first again (kept for the next start)."""
        self._order = "rank" if self._order == "timeline" else "timeline"
        order = self._order
        self._remember(lambda state: state.set_preference("order", order))
        words = "newest first" if order == "timeline" else "best first"
        self.notify(f"Search hits {words}", timeout=3)
        if self._query.strip() and self.index is not None:
            self._search_again()
