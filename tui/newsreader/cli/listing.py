"""``--list`` and ``--search``: the library of the paths opened, brought up to date, printed."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ..corpus import Skipped
from ..library import Library, LibraryError, Update
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
        library, update = _open_library(args, paths)
    except (LibraryError, OSError, sqlite3.Error, ValueError) as problem:
        error(f"cannot use the library of {', '.join(map(str, paths))}: {problem}")
        state.close()
        return EXIT_USAGE
    try:
        for warning in library.warnings:
            error(warning)
        for skipped in _skipped(library, update):
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


def _open_library(args: argparse.Namespace, paths: list[Path]) -> tuple[Library, Update]:
    """The library of ``paths``, brought up to date (progress on stderr if it is a terminal),
    and what the update did."""
    library = Library.open(paths, rebuild=args.no_cache)
    if args.json or not sys.stderr.isatty():
        return library, library.update(full=args.rescan)
    from rich.progress import Progress

    with Progress(transient=True, console=stderr_console()) as bar:
        task = bar.add_task("Reading articles", total=None)
        update = library.update(
            full=args.rescan,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    return library, update


def _skipped(library: Library, update: Update) -> list[Skipped]:
    """The files the library holds no article for (kept with their reason), and what this
    update could not read at all (a broken link, a folder it may not list: not kept)."""
    skipped = list(library.skipped)
    known = {item.path for item in skipped}
    return skipped + [item for item in update.skipped if item.path not in known]


def _list(library: Library, as_json: bool, marks: Marks, limit: int | None) -> int:
    """``--list``: the timeline, newest first (the first ``limit``)."""
    articles = library.articles if limit is None else library.newest(limit)
    say_repaired(articles)
    if as_json:
        print_json([article_json(library.complete(article), marks) for article in articles])
    else:
        print_articles(articles)
    return EXIT_OK
