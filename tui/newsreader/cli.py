"""Command line: ``newsreader [PATH ...]`` opens the reader; ``--list``/``--search`` print."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, locations
from .article import Article
from .config import load_config
from .corpus import PathProblem, check_paths, repaired_files, seed_paths
from .corpus.sanitize import json_safe, terminal_safe
from .export import article_record, tsv_line
from .state import Marks, State

if TYPE_CHECKING:
    from rich.text import Text

    from .library import Library
    from .library.watch import Batch
    from .search import Hit

EXIT_OK, EXIT_NO_ARTICLES, EXIT_USAGE = 0, 1, 2
#: On a terminal, listings longer than this are aligned columns rather than a Rich table.
PLAIN_LISTING_ROWS = 2000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="A keyboard-first terminal reader for folders of scraped news articles "
        "(Russian and Kazakh). With no PATH, opens the embedded seed corpus.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=Path, help="article files or folders (*.txt)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="print the timeline and exit")
    mode.add_argument("--search", metavar="QUERY", help="print the articles QUERY finds and exit")
    mode.add_argument(
        "--paths",
        dest="show_paths",
        action="store_true",
        help="print where config, data and cache live, and exit",
    )
    parser.add_argument("--json", action="store_true", help="with --list/--search: print JSON")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep read marks and stars in DIR (default: $NEWSREADER_DATA_DIR, else the user "
        "data dir)",
    )
    parser.add_argument(
        "--limit",
        metavar="N",
        type=_positive,
        help="with --list/--search: print only the first N (newest, or best, first)",
    )
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="check every file for changes (by default only folders whose mtime moved are "
        "listed again)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="rebuild the library: parse and index every file again",
    )
    following = parser.add_mutually_exclusive_group()
    following.add_argument(
        "--watch",
        dest="watch",
        action="store_const",
        const=True,
        help="with --search: then keep running, and print each new article that matches as it "
        "lands (JSON lines with --json), until interrupted",
    )
    following.add_argument(
        "--no-watch",
        dest="watch",
        action="store_const",
        const=False,
        help="the reader does not follow the folders (files that land, change or go show at "
        "the next launch); as `watch = false` in the config",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return value


def _error(message: str) -> None:
    print(f"newsreader: {terminal_safe(message)}", file=sys.stderr)


def _print_plain(articles: Sequence[Article]) -> None:
    """Aligned columns for a long listing on a terminal (a Rich table of 100k rows takes
    minutes to lay out)."""
    sources = [terminal_safe(article.source or "—") for article in articles]
    source_width = max(map(len, sources))
    write = sys.stdout.write
    write(f"{'published':<26}  {'source':<{source_width}}  lang  title\n")
    for article, source in zip(articles, sources, strict=True):
        published = article.published.display() if article.published else "undated"
        write(f"{published:<26}  {source:<{source_width}}  {terminal_safe(article.lang):<4}  ")
        write(terminal_safe(article.title) + "\n")


def _print_tsv(articles: Iterable[Article]) -> None:
    """One tab-separated line per article (:data:`~newsreader.export.TSV_COLUMNS`), whatever
    their number: the output for pipes and scripts."""
    sys.stdout.writelines(map(tsv_line, articles))


def _open_library(args: argparse.Namespace, paths: list[Path]) -> Library:
    """The library of ``paths``, brought up to date (progress on stderr if it is a terminal)."""
    from .library import Library

    library = Library.open(paths, rebuild=args.no_cache)
    if args.json or not sys.stderr.isatty():
        library.update(full=args.rescan)
        return library
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("Reading articles", total=None)
        library.update(
            full=args.rescan,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    return library


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


Spans = Sequence[tuple[int, int]]


def print_articles(articles: Sequence[Article], title_spans: Sequence[Spans] = ()) -> None:
    """The listing of ``--list``/``--search``: a table to read on a terminal (aligned columns
    past :data:`PLAIN_LISTING_ROWS`); anywhere else one tab-separated line per article, the
    same at 10 rows and at 100,000."""
    if not sys.stdout.isatty():
        _print_tsv(articles)
    elif len(articles) > PLAIN_LISTING_ROWS:
        _print_plain(articles)
    else:
        print_table(articles, title_spans)


def print_table(articles: Sequence[Article], title_spans: Sequence[Spans] = ()) -> None:
    """Articles as a Rich table: date, source, lang, title (text never read as markup, every
    field terminal-safe), the matches in the titles highlighted."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("published", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", overflow="fold")
    for row, article in enumerate(articles):
        table.add_row(
            Text(article.published.display() if article.published else "undated"),
            Text(terminal_safe(article.source or "—")),
            Text(terminal_safe(article.lang)),
            _highlighted(article.title, title_spans[row] if row < len(title_spans) else ()),
        )
    Console().print(table)


def _highlighted(title: str, spans: Spans) -> Text:
    """``title`` made terminal-safe piece by piece, so that the matches stay where they are."""
    from rich.text import Text

    text = Text()
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(title))
        if start >= end:
            continue
        text.append(terminal_safe(title[at:start]))
        text.append(terminal_safe(title[start:end]), style="bold reverse")
        at = end
    text.append(terminal_safe(title[at:]))
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.watch and args.search is None:
        _error("--watch needs --search (see newsreader --help)")
        return EXIT_USAGE
    if not (args.list or args.search is not None):
        # Not a listing: the reader would start (into a pipe, perhaps) and ignore the option.
        for flag, given in (("--json", args.json), ("--limit", args.limit is not None)):
            if given:
                _error(f"{flag} needs --list or --search (see newsreader --help)")
                return EXIT_USAGE
        if not args.show_paths and not (sys.stdin.isatty() and sys.stdout.isatty()):
            _error("the reader needs a terminal; to print the articles use --list or --search")
            return EXIT_USAGE
    try:
        return _run(args)
    except BrokenPipeError:  # `newsreader --list | head`: the reader went away, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.show_paths:
        for line in locations.describe_lines(data=args.data_dir):
            print(line)
        return EXIT_OK
    interactive = not (args.list or args.search is not None)
    config = load_config(known_bindings=_binding_ids() if interactive else None)
    for warning in config.warnings:
        _error(warning)
    if args.watch is False:  # the reader reads it from the config
        config = dataclasses.replace(config, watch=False)
    paths = list(args.paths) or list(config.paths) or seed_paths()
    try:
        check_paths(paths)
    except PathProblem as problem:
        _error(str(problem))
        return EXIT_USAGE
    state = State.open(locations.state_db(args.data_dir))
    for warning in state.pop_warnings():
        _error(warning)
    if interactive:
        try:
            # The reader opens the library itself, after its first frame (reading 100k
            # headers takes ~0.4 s), and closes it.
            from .library import Library
            from .ui.app import run_reader

            def opener() -> Library:
                return Library.open(paths, rebuild=args.no_cache)

            return run_reader(paths, state=state, config=config, open_library=opener)
        finally:
            state.close()
            for warning in state.pop_warnings():  # said at the last write ("not saved")
                _error(warning)
    import sqlite3

    from .library import LibraryError

    try:
        library = _open_library(args, paths)
    except (LibraryError, OSError, sqlite3.Error, ValueError) as error:
        _error(f"cannot use the library of {', '.join(map(str, paths))}: {error}")
        state.close()
        return EXIT_USAGE
    try:
        for warning in library.warnings:
            _error(warning)
        for skipped in library.skipped:
            _error(f"skipped {skipped}")
        marks = Marks.load(state)
        if args.watch:
            return _search_and_watch(library, args.search, args.json, marks, args.limit)
        if not len(library):
            _error("no articles found in " + ", ".join(str(p) for p in paths))
            if args.json:
                _print_json([])
            return EXIT_NO_ARTICLES
        if args.search is not None:
            return _search(library, args.search, args.json, marks, args.limit)
        articles = library.articles if args.limit is None else library.newest(args.limit)
        _say_repaired(articles)
        if args.json:
            _print_json([_record(library.complete(article), marks) for article in articles])
        else:
            print_articles(articles)
        return EXIT_OK
    finally:
        state.close()
        library.close()


def _binding_ids() -> frozenset[str] | None:
    try:
        from .ui.bindings import binding_ids
    except ImportError:
        return None
    return binding_ids()


def _record(article: Article, marks: Marks) -> dict[str, Any]:
    record = article_record(article)
    record["read"] = marks.is_read(article.id)
    record["starred"] = marks.is_starred(article.id)
    return record


def _print_json(records: list[dict[str, Any]]) -> None:
    sys.stdout.write(json_safe(json.dumps(records, ensure_ascii=False, indent=2)))
    sys.stdout.write("\n")


def _say_repaired(articles: Sequence[Article]) -> None:
    """Name the files of ``articles`` that were read although damaged (bad bytes as U+FFFD)."""
    for repaired in repaired_files(articles):
        _error(f"repaired {repaired}")


def _search(library: Library, query: str, as_json: bool, marks: Marks, limit: int | None) -> int:
    """Print the articles ``query`` finds, best first (``is:unread``/``is:starred`` too);
    :data:`EXIT_NO_ARTICLES` when there are none."""
    result = library.search(query, marks=marks.for_search())
    for problem in result.query.problems:
        _error(problem)
    hits = result.hits[:limit]
    _say_repaired([hit.article for hit in hits])
    if as_json:
        _print_json([_hit_record(library, hit, marks) for hit in hits])
    elif hits:
        print_articles([hit.article for hit in hits], [hit.title_spans for hit in hits])
    if not hits:
        _error(f"nothing matches {query!r} ({result.total} articles searched)")
        return EXIT_NO_ARTICLES
    if not as_json:
        shown = f"{len(hits)} shown, " if len(hits) < result.count else ""
        print(f"{shown}{result.count} of {result.total} articles", file=sys.stderr)
    return EXIT_OK


def _hit_record(library: Library, hit: Hit, marks: Marks) -> dict[str, Any]:
    record = _record(library.complete(hit.article), marks)
    record["score"] = round(hit.score, 4)
    record["matches"] = {
        "title": [list(span) for span in hit.title_spans],
        "body": [list(span) for span in hit.body_spans],
    }
    return record


def _search_and_watch(
    library: Library, query: str, as_json: bool, marks: Marks, limit: int | None
) -> int:
    """``--search QUERY --watch``: the hits, then each new article that matches as it lands
    (a file added, or changed into a new article), until Ctrl+C or SIGTERM: exit 0. With
    ``--json``, one JSON object per line throughout."""
    import signal
    import threading

    from .library.watch import follow

    search_marks = marks.for_search()
    result = library.search(query, marks=search_marks)
    for problem in result.query.problems:
        _error(problem)
    hits = result.hits[:limit]
    _say_repaired([hit.article for hit in hits])
    if as_json:
        for hit in hits:
            _print_json_line(_hit_record(library, hit, marks))
    elif hits:
        print_articles([hit.article for hit in hits], [hit.title_spans for hit in hits])
    shown = f"{len(hits)} shown, " if len(hits) < result.count else ""
    counted = f"{shown}{result.count} of {result.total} articles"
    print(f"{counted}; watching for new ones (Ctrl+C stops)", file=sys.stderr)
    sys.stdout.flush()
    printed = {hit.article.id for hit in hits}
    stop, gone = threading.Event(), threading.Event()

    def on_batch(batch: Batch) -> None:
        for problem in batch.problems:
            _error(problem)
        for skipped in batch.failed:
            _error(f"skipped {skipped}")
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
                _say_repaired([hit.article])
                if as_json:
                    _print_json_line(_hit_record(library, hit, marks))
                else:
                    _print_one(hit.article)
            sys.stdout.flush()
        except BrokenPipeError:  # the reading end went away: stop, as `--list | head` does
            gone.set()
            stop.set()

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
    if gone.is_set():
        raise BrokenPipeError
    return EXIT_OK


def _print_json_line(record: dict[str, Any]) -> None:
    sys.stdout.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")


def _print_one(article: Article) -> None:
    """One new article as it lands: a tab-separated line, or on a terminal the columns of a
    long listing (date, source, lang, title)."""
    if not sys.stdout.isatty():
        _print_tsv([article])
        return
    published = article.published.display() if article.published else "undated"
    source, lang = terminal_safe(article.source or "—"), terminal_safe(article.lang)
    sys.stdout.write(f"{published:<26}  {source}  {lang:<4}  {terminal_safe(article.title)}\n")
