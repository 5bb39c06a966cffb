"""Command line: ``newsreader [PATH ...]`` opens the reader; ``--list``/``--search`` print."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, locations
from .article import Article
from .cache import ParseCache, cache_name
from .config import load_config
from .corpus import LoadResult, PathProblem, check_paths, load_corpus, seed_paths
from .export import article_record
from .parser import PARSER_VERSION
from .state import State

EXIT_OK, EXIT_NO_ARTICLES, EXIT_USAGE = 0, 1, 2
#: Listings longer than this are printed as plain columns rather than a Rich table.
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
        "--no-cache", action="store_true", help="parse every file again (ignore the parse cache)"
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _error(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


def _print_plain(articles: Sequence[Article]) -> None:
    source_width = max(len(article.source or "—") for article in articles)
    write = sys.stdout.write
    write(f"{'published':<26}  {'source':<{source_width}}  lang  title\n")
    for article in articles:
        published = article.published.display() if article.published else "undated"
        write(f"{published:<26}  {article.source or '—':<{source_width}}  {article.lang:<4}  ")
        write(article.title + "\n")


def _load(
    paths: list[Path], show_progress: bool, cache: ParseCache | None, bodies: bool
) -> LoadResult:
    if not show_progress:
        return load_corpus(paths, cache=cache, bodies=bodies)
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("Reading articles", total=None)
        return load_corpus(
            paths,
            lambda done, total: bar.update(task, completed=done, total=total),
            cache=cache,
            bodies=bodies,
        )


def _open_cache(
    args: argparse.Namespace, paths: list[Path], *, quiet: bool = False
) -> ParseCache | None:
    """The parse cache of ``paths`` (``None`` with ``--no-cache``); its warnings go to stderr
    unless ``quiet`` (the reader shows them as notifications)."""
    if args.no_cache:
        return None
    cache = ParseCache.open(None, PARSER_VERSION, name=cache_name(paths))
    if not quiet:
        for warning in cache.warnings:
            _error(f"parse cache: {warning}")
    return cache


def _save_cache(cache: ParseCache | None) -> None:
    if cache is not None and cache.dirty:
        known = len(cache.warnings)
        cache.save()
        for warning in cache.warnings[known:]:
            _error(f"parse cache: {warning}")


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def print_table(
    articles: Sequence[Article], title_spans: Sequence[Sequence[tuple[int, int]]] = ()
) -> None:
    """Articles as a Rich table: date, source, lang, title (text never read as markup).

    A long listing is printed as plain aligned columns instead: a Rich table of 100k rows takes
    minutes to lay out.
    """
    if len(articles) > PLAIN_LISTING_ROWS:
        _print_plain(articles)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("published", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", overflow="fold")
    for row, article in enumerate(articles):
        title = Text(article.title)
        for start, end in title_spans[row] if row < len(title_spans) else ():
            title.stylize("bold reverse", start, end)
        table.add_row(
            Text(article.published.display() if article.published else "undated"),
            Text(article.source or "—"),
            Text(article.lang),
            title,
        )
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        return _run(build_parser().parse_args(argv))
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
            from .ui.app import run_reader

            # The reader opens the parse cache itself, after its first frame (opening reads
            # the cache's headers: about half a second at 100k articles), and closes it.
            opener = None if args.no_cache else (lambda: _open_cache(args, paths, quiet=True))
            return run_reader(paths, state=state, config=config, open_cache=opener)
        finally:
            state.close()
    cache = _open_cache(args, paths)
    try:
        needs_bodies = args.json or args.search is not None  # a table shows no body
        result = _load(paths, not args.json and sys.stderr.isatty(), cache, needs_bodies)
        for skipped in result.skipped:
            _error(f"skipped {skipped}")
        if not result.articles:
            _error("no articles found in " + ", ".join(str(p) for p in paths))
            return EXIT_NO_ARTICLES
        _save_cache(cache)
        marks = (state.read_ids(), state.starred_ids())
        if args.search is not None:
            return _search(result, args.search, args.json, marks)
        if args.json:
            _print_json([_record(article, marks) for article in result.articles])
        else:
            print_table(result.articles)
        return EXIT_OK
    finally:
        state.close()
        if cache is not None:
            cache.close()


def _binding_ids() -> frozenset[str] | None:
    try:
        from .ui.bindings import binding_ids
    except ImportError:
        return None
    return binding_ids()


Marks = tuple[set[str], set[str]]


def _record(article: Article, marks: Marks) -> dict[str, Any]:
    record = article_record(article)
    record["read"] = article.id in marks[0]
    record["starred"] = article.id in marks[1]
    return record


def _print_json(records: list[dict[str, Any]]) -> None:
    json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _search(result: LoadResult, query: str, as_json: bool, marks: Marks) -> int:
    """Print the articles ``query`` finds, best first (``is:unread``/``is:starred`` too)."""
    from .search import SearchIndex, parse_query

    parsed = parse_query(query)
    allowed = _flag_filter(parsed.flags, parsed.negated_flags, marks)
    index = SearchIndex.build(result.articles)
    hits = index.search(parsed, order="rank", allowed=allowed).hits
    if as_json:
        records = []
        for hit in hits:
            record = _record(hit.article, marks)
            record["score"] = round(hit.score, 4)
            record["matches"] = {
                "title": [list(span) for span in hit.title_spans],
                "body": [list(span) for span in hit.body_spans],
            }
            records.append(record)
        _print_json(records)
    else:
        print_table([hit.article for hit in hits], [hit.title_spans for hit in hits])
        print(f"{len(hits)} of {len(result.articles)} articles", file=sys.stderr)
    return EXIT_OK


def _flag_filter(
    flags: Sequence[str], negated: Sequence[str], marks: Marks
) -> Callable[[Article], bool] | None:
    """The predicate for ``is:unread``, ``is:read``, ``is:starred`` (and ``-is:…``)."""
    read, starred = marks
    tests: dict[str, Callable[[Article], bool]] = {
        "read": lambda article: article.id in read,
        "unread": lambda article: article.id not in read,
        "starred": lambda article: article.id in starred,
    }
    wanted = [(tests[flag], True) for flag in flags if flag in tests]
    wanted += [(tests[flag], False) for flag in negated if flag in tests]
    if not wanted:
        return None
    return lambda article: all(test(article) is keep for test, keep in wanted)
