"""``--list`` and ``--search``: the library of the paths opened, brought up to date, printed."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ..library import Library, LibraryError
from ..state import Marks, State
from .output import (
    EXIT_NO_ARTICLES,
    EXIT_OK,
    EXIT_USAGE,
    article_json,
    error,
    print_articles,
    print_json,
    say_repaired,
    stderr_console,
)
from .searching import search, search_and_watch

__all__ = ["print_library"]


def print_library(args: argparse.Namespace, paths: list[Path], state: State) -> int:
    """Print the articles of ``paths`` (``--list``) or those ``--search`` finds (and, with
    ``--watch``, those that land); return the exit status. Closes ``state``."""
    try:
        library = _open_library(args, paths)
    except (LibraryError, OSError, sqlite3.Error, ValueError) as problem:
        error(f"cannot use the library of {', '.join(map(str, paths))}: {problem}")
        state.close()
        return EXIT_USAGE
    try:
        for warning in library.warnings:
            error(warning)
        for skipped in library.skipped:
            error(f"skipped {skipped}")
        marks = Marks.load(state)
        if args.watch:
            return search_and_watch(library, args.search, args.json, marks, args.limit)
        if not len(library):
            error("no articles found in " + ", ".join(str(p) for p in paths))
            if args.json:
                print_json([])
            return EXIT_NO_ARTICLES
        if args.search is not None:
            return search(library, args.search, args.json, marks, args.limit)
        return _list(library, args.json, marks, args.limit)
    finally:
        state.close()
        library.close()


def _open_library(args: argparse.Namespace, paths: list[Path]) -> Library:
    """The library of ``paths``, brought up to date (progress on stderr if it is a terminal)."""
    library = Library.open(paths, rebuild=args.no_cache)
    if args.json or not sys.stderr.isatty():
        library.update(full=args.rescan)
        return library
    from rich.progress import Progress

    with Progress(transient=True, console=stderr_console()) as bar:
        task = bar.add_task("Reading articles", total=None)
        library.update(
            full=args.rescan,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    return library


def _list(library: Library, as_json: bool, marks: Marks, limit: int | None) -> int:
    """``--list``: the timeline, newest first (the first ``limit``)."""
    articles = library.articles if limit is None else library.newest(limit)
    say_repaired(articles)
    if as_json:
        print_json([article_json(library.complete(article), marks) for article in articles])
    else:
        print_articles(articles)
    return EXIT_OK
