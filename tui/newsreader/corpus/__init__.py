"""Files and folders → articles: finding, reading, decoding and parsing scraped news pages.

* :mod:`.load` — files and folders → articles (walking, reading, skips with reasons, workers);
* :mod:`.fileio` — reading a file only if it is one (no waiting on a FIFO);
* :mod:`.decode` — bytes → text (BOMs, UTF-8 even if damaged in a few bytes, cp1251 vs KOI8-R);
* :mod:`.sanitize` — control characters, escape sequences, odd spaces; terminal-safe text;
* :mod:`.parser` — text → :class:`~newsreader.article.Article` (pure), with :mod:`.dates` (date
  shapes), :mod:`.headline` (the lines at the top of a page; headline scoring), :mod:`.bylines`
  (the fields taken out of a page), :mod:`.sources` (the outlet's clues, weighed),
  :mod:`.outlets` (the outlet registry, ``data/outlets.toml``) and :mod:`.letters`.

No Textual here, nothing from the library or the search: they build on this.
"""

from __future__ import annotations

from .load import (
    MAX_FILE_BYTES,
    PARALLEL_THRESHOLD,
    PARTIAL_EVERY,
    LoadResult,
    Partial,
    PathProblem,
    Progress,
    Repaired,
    Skipped,
    build_corpus,
    check_paths,
    describe_damage,
    find_files,
    in_workers,
    load_corpus,
    load_file,
    load_file_stamped,
    repaired_files,
    seed_dir,
    seed_paths,
    subfolders,
    walk_folders,
)

__all__ = [
    "MAX_FILE_BYTES",
    "PARALLEL_THRESHOLD",
    "PARTIAL_EVERY",
    "LoadResult",
    "Partial",
    "PathProblem",
    "Progress",
    "Repaired",
    "Skipped",
    "build_corpus",
    "check_paths",
    "describe_damage",
    "find_files",
    "in_workers",
    "load_corpus",
    "load_file",
    "load_file_stamped",
    "repaired_files",
    "seed_dir",
    "seed_paths",
    "subfolders",
    "walk_folders",
]
