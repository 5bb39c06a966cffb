"""``--search QUERY``: the hits, best first; with ``--watch``, then each new one as it lands."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..library.watch import follow
from ..search import Marks as SearchMarks
from .output import (
    EXIT_NO_ARTICLES,
    EXIT_OK,
    Marks,
    error,
    hit_json,
    print_articles,
    print_json,
    print_json_line,
    print_one,
    say_repaired,
)

if TYPE_CHECKING:
    from ..library import Library
    from ..library.watch import Batch
    from ..search import Hit, SearchResult

__all__ = ["search", "search_and_watch"]


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
    print(f"{_counted(result, hits)}; watching for new ones (Ctrl+C stops)", file=sys.stderr)
    sys.stdout.flush()
    stop, gone = threading.Event(), threading.Event()
    printed = {hit.article.id for hit in hits}
    on_batch = _printer(library, query, as_json, marks, printed, stop, gone)
    _follow_until_stopped(library, stop, on_batch)
    if gone.is_set():
        raise BrokenPipeError
    return EXIT_OK


def _first_hits(
    library: Library, query: str, marks: Marks, limit: int | None
) -> tuple[SearchResult, list[Hit]]:
    """The search's result and its first ``limit`` hits; what is wrong with the query and the
    damaged files among the hits said on stderr."""
    result = library.search(query, marks=SearchMarks(read=marks[0], starred=marks[1]))
    for problem in result.query.problems:
        error(problem)
    hits = result.hits[:limit]
    say_repaired([hit.article for hit in hits])
    return result, hits


def _counted(result: SearchResult, hits: list[Hit]) -> str:
    shown = f"{len(hits)} shown, " if len(hits) < result.count else ""
    return f"{shown}{result.count} of {result.total} articles"


def _printer(
    library: Library,
    query: str,
    as_json: bool,
    marks: Marks,
    printed: set[str],
    stop: threading.Event,
    gone: threading.Event,
) -> Callable[[Batch], None]:
    """What to do with each batch the follower reports: print the new articles that match
    (not an id already ``printed``); set ``gone`` and ``stop`` when the reading end went away."""
    search_marks = SearchMarks(read=marks[0], starred=marks[1])

    def on_batch(batch: Batch) -> None:
        for problem in batch.problems:
            error(problem)
        for skipped in batch.failed:
            error(f"skipped {skipped}")
        fresh = set(batch.keys)
        if not fresh:
            return
        found = library.search(query, marks=search_marks)
        new = [found.hits[i] for i, key in enumerate(found.hits.indices()) if key in fresh]
        try:
            for hit in new:
                if hit.article.id in printed:  # the same text again (a file touched, moved)
                    continue
                printed.add(hit.article.id)
                say_repaired([hit.article])
                if as_json:
                    print_json_line(hit_json(library, hit, marks))
                else:
                    print_one(hit.article)
            sys.stdout.flush()
        except BrokenPipeError:  # the reading end went away: stop, as `--list | head` does
            gone.set()
            stop.set()

    return on_batch


def _follow_until_stopped(
    library: Library, stop: threading.Event, on_batch: Callable[[Batch], None]
) -> None:
    """Follow the library's folders in a thread until ``stop``, Ctrl+C or SIGTERM."""
    follower = threading.Thread(
        target=follow, args=(library, stop, on_batch), name="newsreader-watch", daemon=True
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    follower.start()
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C: quiet too
        follower.join(timeout=30)
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, interrupt)
