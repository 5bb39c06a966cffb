"""The command line's options: ``newsreader --help``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__

__all__ = ["build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``newsreader [PATH ...] [options]``."""
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="A keyboard-first terminal reader for folders of scraped news articles "
        "(Russian and Kazakh). With no PATH, opens the embedded seed corpus.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=Path, help="article files or folders (*.txt)"
    )
    _add_modes(parser)
    _add_settings(parser)
    _add_following(parser)
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _add_modes(parser: argparse.ArgumentParser) -> None:
    """--list, --search or --paths (none of them: the reader)."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="print the timeline and exit")
    mode.add_argument("--search", metavar="QUERY", help="print the articles QUERY finds and exit")
    mode.add_argument(
        "--paths",
        dest="show_paths",
        action="store_true",
        help="print where config, data and cache live, and exit",
    )


def _add_settings(parser: argparse.ArgumentParser) -> None:
    """How a listing is printed, where the marks live, how the library is brought up to date."""
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


def _add_following(parser: argparse.ArgumentParser) -> None:
    """--watch (with --search) and --no-watch (the reader)."""
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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return value
