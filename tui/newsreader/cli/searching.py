"""``--search QUERY``: the hits, best first; with ``--watch``, then each new one as it lands."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..library.watch import follow
from .output import (
    EXIT_NO_ARTICLES,
    EXIT_OK,
    error,
    hit_json,
    print_articles,
    print_json,
    print_json_line,
    print_one,
    say_repaired,
)
from .signals import StopSignals

if TYPE_CHECKING:
    from ..library import Library
    from ..library.watch import Batch
    from ..search import Hit, SearchResult
    from ..state import Marks

__all__ = ["search", "search_and_watch"]

#: After Ctrl+C, how long the follower may take to end (an update stops between two files).
JOIN_SECONDS = 30


def search(library: Library, query: str, as_json: bool, marks: Marks, limit: int | None) -> int:
    """Print the articles ``query`` finds, best first (``is:unread``/``is:starred`` too);
    :data:`EXIT_NO_ARTICLES` when there are none."""
    result, hits = _first_hits(library, query, marks, limit)
    if as_json:
        print_json([hit_json(library, hit, marks) for hit in hits])
    elif hits:
        print_articles([hit.article for hit in hits], [hit.title_spans for hit in hits])
    if not hits:
        error(f"nothing matches {query!r} ({result.total} articles searched)")
        return EXIT_NO_ARTICLES
    if not as_json:
        print(_counted(result, hits), file=sys.stderr)
    return EXIT_OK


def search_and_watch(
    library: Library, query: str, as_json: bool, marks: Marks, limit: int | None
) -> int:
    """``--search QUERY --watch``: the hits, then each new article that matches as it lands
    (a file added, or changed into a new article), until Ctrl+C or SIGTERM: exit 0. With
    ``--json``, one JSON object per line throughout."""
    result, hits = _first_hits(library, query, marks, limit)
    if as_json:
        for hit in hits:
            print_json_line(hit_json(library, hit, marks))
    elif hits:
        print_articles([hit.article for hit in hits], [hit.title_spans for hit in hits])
    with StopSignals() as stopping:  # before "Ctrl+C stops" is said
        print(f"{_counted(result, hits)}; watching for new ones (Ctrl+C stops)", file=sys.stderr)
        sys.stdout.flush()
        printer = _Printer(library, query, as_json, marks, stopping)
        printer.printed.update(hit.article.id for hit in hits)
        _follow(library, printer, stopping)
    if printer.gone:
        raise BrokenPipeError
    return EXIT_OK


def _first_hits(
    library: Library, query: str, marks: Marks, limit: int | None
) -> tuple[SearchResult, list[Hit]]:
    """The search's result and its first ``limit`` hits; what is wrong with the query and the
    damaged files among the hits said on stderr."""
    result = library.search(query, marks=marks.for_search())
    for problem in result.query.problems:
        error(problem)
    hits = result.hits[:limit]
    say_repaired([hit.article for hit in hits])
    return result, hits


def _counted(result: SearchResult, hits: list[Hit]) -> str:
    shown = f"{len(hits)} shown, " if len(hits) < result.count else ""
    return f"{shown}{result.count} of {result.total} articles"


class _Printer:
    """Called with each batch the follower reports: prints the new articles that match (an
    article already printed is not printed again); when the reading end went away, stops."""

    def __init__(
        self, library: Library, query: str, as_json: bool, marks: Marks, stopping: StopSignals
    ) -> None:
        self.library, self.query, self.as_json, self.marks = library, query, as_json, marks
        self.search_marks = marks.for_search()
        self.stopping = stopping
        #: The ids of the articles printed.
        self.printed: set[str] = set()
        #: Whether stdout's reading end went away.
        self.gone = False

    def __call__(self, batch: Batch) -> None:
        for problem in batch.problems:
            error(problem)
        for skipped in batch.failed:
            error(f"skipped {skipped}")
        fresh = set(batch.keys)
        if not fresh:
            return
        found = self.library.search(self.query, marks=self.search_marks)
        new = [found.hits[i] for i, key in enumerate(found.hits.indices()) if key in fresh]
        try:
            for hit in new:
                if hit.article.id in self.printed:  # the same text again (a file touched, moved)
                    continue
                self.printed.add(hit.article.id)
                say_repaired([hit.article])
                if self.as_json:
                    print_json_line(hit_json(self.library, hit, self.marks))
                else:
                    print_one(hit.article)
            sys.stdout.flush()
        except BrokenPipeError:  # the reading end went away: stop, as `--list | head` does
            self.gone = True
            self.stopping.stop()


def _follow(library: Library, on_batch: Callable[[Batch], None], stopping: StopSignals) -> None:
    """Follow the library's folders in a thread until ``stopping`` wakes (Ctrl+C, SIGTERM, or
    the reading end gone), then wait for the thread (the library is closed after)."""
    stop = threading.Event()

    def following() -> None:
        try:
            follow(library, stop, on_batch)
        finally:  # it ends only when stopped; if it ever did otherwise, nothing would wake us
            stopping.stop()

    follower = threading.Thread(target=following, name="newsreader-watch", daemon=True)
    follower.start()
    stopping.wait()
    stop.set()
    follower.join(timeout=JOIN_SECONDS)
