"""Command line: ``newsreader [PATH ...]`` opens the reader; ``--list``/``--search`` print."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .article import Article
from .corpus import LoadResult, PathProblem, check_paths, load_corpus, seed_paths
from .export import article_record

EXIT_OK, EXIT_NO_ARTICLES, EXIT_USAGE = 0, 1, 2


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
    parser.add_argument("--json", action="store_true", help="with --list/--search: print JSON")
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _error(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


def _load(paths: list[Path], show_progress: bool) -> LoadResult:
    if not show_progress:
        return load_corpus(paths)
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("Reading articles", total=None)
        return load_corpus(paths, lambda done, total: bar.update(task, completed=done, total=total))


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def print_table(
    articles: Sequence[Article], title_spans: Sequence[Sequence[tuple[int, int]]] = ()
) -> None:
    """Articles as a Rich table: date, source, lang, title (text never read as markup)."""
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
    paths = list(args.paths) or seed_paths()
    try:
        check_paths(paths)
    except PathProblem as problem:
        _error(str(problem))
        return EXIT_USAGE
    if not (args.list or args.search is not None):
        from .ui.app import run_reader

        return run_reader(paths)
    result = _load(paths, show_progress=not args.json and sys.stderr.isatty())
    for skipped in result.skipped:
        _error(f"skipped {skipped}")
    if not result.articles:
        _error("no articles found in " + ", ".join(str(p) for p in paths))
        return EXIT_NO_ARTICLES
    if args.search is not None:
        return _search(result, args.search, args.json)
    if args.json:
        _print_json([article_record(article) for article in result.articles])
    else:
        print_table(result.articles)
    return EXIT_OK


def _print_json(records: list[dict[str, Any]]) -> None:
    json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _search(result: LoadResult, query: str, as_json: bool) -> int:
    """Print the articles ``query`` finds, best first."""
    from .search import SearchIndex

    hits = SearchIndex.build(result.articles).search(query, order="rank").hits
    if as_json:
        records = []
        for hit in hits:
            record = article_record(hit.article)
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
