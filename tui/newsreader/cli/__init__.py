"""Command line: ``newsreader [PATH ...]`` opens the reader; ``--list``/``--search`` print.

* :mod:`.options` — the options (``newsreader --help``);
* :mod:`.listing` — ``--list`` and ``--search``: the library opened, brought up to date, printed;
* :mod:`.searching` — ``--search``, and ``--search --watch`` following the folders;
* :mod:`.signals` — the end of ``--watch``: Ctrl+C or SIGTERM, raising nothing anywhere;
* :mod:`.output` — what is printed (listings, JSON, messages), every field terminal-safe, and
  the exit statuses.

The reader's UI (Textual) is imported only when the reader starts, the library only for a
listing: ``--list``, ``--search``, ``--json`` and ``--paths`` never load Textual.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import locations
from ..config import Config, load_config
from ..corpus import PathProblem, check_paths, seed_paths
from ..state import State
from .options import build_parser
from .output import EXIT_OK, EXIT_USAGE, error, print_articles, print_table

__all__ = ["build_parser", "main", "print_articles", "print_table"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    misuse = _misuse(args)
    if misuse is not None:
        error(misuse)
        return EXIT_USAGE
    try:
        return _run(args)
    except BrokenPipeError:  # `newsreader --list | head`: the reader went away, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _misuse(args: argparse.Namespace) -> str | None:
    """What is wrong with the options given together (a usage error), if anything."""
    if args.watch and args.search is None:
        return "--watch needs --search (see newsreader --help)"
    if args.list or args.search is not None:
        return None
    # Not a listing: the reader would start (into a pipe, perhaps) and ignore the option.
    for flag, given in (("--json", args.json), ("--limit", args.limit is not None)):
        if given:
            return f"{flag} needs --list or --search (see newsreader --help)"
    if not args.show_paths and not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "the reader needs a terminal; to print the articles use --list or --search"
    return None


def _run(args: argparse.Namespace) -> int:
    if args.show_paths:
        for line in locations.describe_lines(data=args.data_dir):
            print(line)
        return EXIT_OK
    interactive = not (args.list or args.search is not None)
    config = load_config(known_bindings=_binding_ids() if interactive else None)
    for warning in config.warnings:
        error(warning)
    if args.watch is False:  # the reader reads it from the config
        config = dataclasses.replace(config, watch=False)
    paths = list(args.paths) or list(config.paths) or seed_paths()
    try:
        check_paths(paths)
    except PathProblem as problem:
        error(str(problem))
        return EXIT_USAGE
    state = State.open(locations.state_db(args.data_dir))
    for warning in state.pop_warnings():
        error(warning)
    if interactive:
        return _read(args, paths, state, config)
    from .listing import print_library

    return print_library(args, paths, state)


def _read(args: argparse.Namespace, paths: list[Path], state: State, config: Config) -> int:
    """Run the reader on ``paths``; closes ``state``."""
    try:
        # The reader opens the library itself, after its first frame (reading 100k
        # headers takes ~0.4 s), and closes it.
        from ..library import Library
        from ..ui.app import run_reader

        def opener() -> Library:
            return Library.open(paths, rebuild=args.no_cache)

        return run_reader(paths, state=state, config=config, open_library=opener)
    finally:
        state.close()
        for warning in state.pop_warnings():  # said at the last write ("not saved")
            error(warning)


def _binding_ids() -> frozenset[str] | None:
    try:
        from ..ui.bindings import binding_ids
    except ImportError:
        return None
    return binding_ids()
