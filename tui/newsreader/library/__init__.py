"""One corpus opened for reading, shared by the reader and the command line (no Textual here).

* :mod:`.library` — :class:`Library`: the articles, the search index and their freshness;
* :mod:`.update` — one update's work (:class:`Update` says what it did); :mod:`.headers` — the
  articles' headers in memory and the timeline; :mod:`.bodies` — bodies read when shown;
* :mod:`.store` — the SQLite file of headers, files and folders (:mod:`.rows`: how a path and a
  header are held there);
* :mod:`.scan` — what changed on disk (quick: folders' mtimes; full: every file);
* :mod:`.ingest` — files parsed and folded for the index, in worker processes;
* :mod:`.reading` — what the reader asks of a corpus, and a corpus held in memory;
* :mod:`.watch` — :func:`follow`: the library follows its folders as files land, change and go
  (in a thread), reporting each :class:`Batch`; :mod:`.settle` — when a file is read;
  :mod:`.poll` — looking, where no events come.
"""

from __future__ import annotations

from .headers import TimelineChange
from .library import Library, LibraryError
from .place import corpus_key, library_dir
from .reading import MemoryLibrary, Reading, Searcher
from .update import Update
from .watch import Batch, follow

__all__ = [
    "Batch",
    "Library",
    "LibraryError",
    "MemoryLibrary",
    "Reading",
    "Searcher",
    "TimelineChange",
    "Update",
    "corpus_key",
    "follow",
    "library_dir",
]
