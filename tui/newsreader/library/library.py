"""One corpus opened for reading: its articles, its tantivy index, and their freshness.

A corpus is the set of folders (and files) opened; its library lives in a directory of its own
under the cache dir (:func:`library_dir`): ``articles.sqlite`` (:mod:`.store`) and ``index/``
(tantivy). Both are brought up to date file by file (:meth:`Library.update`): a new file costs
its own parse and index, a changed one replaces its document, a removed one's is deleted. The
work is committed every few seconds, so a process killed during a cold build keeps what was done
and the next one carries on from there.

The reader and the command line both use it; neither knows SQLite or tantivy. ::

    library = Library.open([Path("~/news")])
    library.update()                       # quick: folders' mtimes; full=True: every file
    library.articles                       # the timeline: newest first, undated last (no bodies)
    library.search("tokaev", limit=20)     # hits, best first
    library.body(article)                  # read from the file when shown
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import tantivy

from ..article import Article
from ..corpus import Skipped
from ..corpus.parser import PARSER_VERSION
from ..search import Marks, Query, SearchIndex, SearchResult
from ..search.related import Related, newest_first
from ..search.schema import SCHEMA_VERSION, open_index
from .bodies import Bodies
from .headers import Headers, TimelineChange
from .place import library_dir
from .scan import KnownAt, changes_at, find_changes
from .store import STORE_VERSION, ArticleStore, FileRow
from .update import (
    Clock,
    KnownFiles,
    Progress,
    Update,
    UpdatePass,
    delete_orphans,
    save_folders,
)

__all__ = ["Library", "LibraryError", "TimelineChange", "Update", "library_dir"]

#: Work is committed (index, then store) this often while updating, in seconds: the first
#: time soon (a first load shows what is committed), then less often (each commit makes a
#: segment for the index to merge).
FIRST_COMMIT_SECONDS = 0.8
COMMIT_SECONDS = 3.0
#: The index writer's memory budget, shared by its threads; its threads (two: once the files
#: are parsed, indexing what is left uses both cores; one left a core idle for ~20 s at 100k).
WRITER_HEAP = 192_000_000
WRITER_THREADS = 2
_BODIES_KEPT = 64
#: An update with this many files to read (a cold build) lists them all first — headers only,
#: committed as they come, so the timeline is whole in a fraction of the time — then indexes
#: them (what is indexed is searchable as it is committed).
LIST_FIRST = 2000


class LibraryError(Exception):
    """The library's folder cannot be used (not writable, locked, unreadable)."""


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is not a database or is corrupt (not: locked, read-only)."""
    text = str(error).lower()
    return (
        "not a database" in text
        or "malformed" in text
        or not isinstance(error, sqlite3.OperationalError)
    )


class Library:
    """One corpus opened for reading. Use :meth:`open`; close with :meth:`close`.

    Searching and reading articles are safe from any thread while one thread updates.
    """

    def __init__(self, roots: Sequence[Path], directory: Path, *, rebuild: bool = False) -> None:
        self.roots = tuple(roots)
        self.directory = directory
        self.warnings: list[str] = []
        directory.mkdir(parents=True, exist_ok=True)
        try:
            self.store = ArticleStore(directory / "articles.sqlite")
            versions = self.store.meta("versions")
        except sqlite3.DatabaseError as error:
            if not _damaged(error):  # locked, read-only, unreadable: say so, delete nothing
                raise LibraryError(f"cannot use the library in {directory}: {error}") from error
            # Damaged: it is a cache, made again from the files.
            self.warnings.append(f"the library was damaged ({error}); reading every file again")
            for name in ("articles.sqlite", "articles.sqlite-wal", "articles.sqlite-shm"):
                (directory / name).unlink(missing_ok=True)
            self.store = ArticleStore(directory / "articles.sqlite")
            versions = None
            rebuild = True
        try:
            self._index = open_index(directory / "index")
        except ValueError as error:  # a damaged index: made again from the files
            self.warnings.append(f"the search index was damaged ({error}); indexing again")
            rebuild = True
        versions_now = f"parser {PARSER_VERSION}, index {SCHEMA_VERSION}, store {STORE_VERSION}"
        self._versions = versions_now
        if rebuild or versions != versions_now:
            self.store.clear()
            shutil.rmtree(directory / "index", ignore_errors=True)
            self.store.set_meta("versions", versions_now)
            self.store.commit()
            self._index = open_index(directory / "index")
        self._writer: tantivy.IndexWriter | None = None
        self._recheck = False
        self._writer_error = ""
        self._lock = threading.RLock()
        self._update_lock = threading.Lock()
        self._headers = Headers(self.store, self._lock)  # read on first use
        self._bodies = Bodies(_BODIES_KEPT)
        self.skipped: tuple[Skipped, ...] = self._skipped()
        self.engine = SearchIndex(self._index, self.article_of, self.body)

    @classmethod
    def open(
        cls, roots: Sequence[Path], cache: Path | None = None, *, rebuild: bool = False
    ) -> Library:
        """The library of ``roots``, as last saved (call :meth:`update` to catch up)."""
        return cls(roots, library_dir(roots, cache), rebuild=rebuild)

    # ---------------------------------------------------------------- articles
    def _skipped(self) -> tuple[Skipped, ...]:
        return tuple(Skipped(path, reason) for path, reason in self.store.skips())

    @property
    def articles(self) -> tuple[Article, ...]:
        """The timeline: every article (without its body), newest first, undated last."""
        self._headers.load()
        return self._headers.articles

    @property
    def keys(self) -> tuple[int, ...]:
        """The key of each article of :attr:`articles`, in the same order."""
        self._headers.load()
        return self._headers.keys

    def newest(self, limit: int) -> tuple[Article, ...]:
        """The first ``limit`` articles of :attr:`articles`, without reading all the headers."""
        if self._headers.loaded:
            return self._headers.articles[:limit]
        return tuple(article for _, article in self.store.newest(limit))

    def __len__(self) -> int:
        return len(self._headers.articles) if self._headers.loaded else self.store.count()

    def article_of(self, key: int) -> Article:
        """The article (no body) of ``key``."""
        return self._headers.article(key)

    def changes_since(self, articles: Sequence[Article]) -> TimelineChange | None:
        """What came and went from ``articles`` (an :attr:`articles` of before) to now
        (``None``: not known; lay the timeline out whole)."""
        return self._headers.changes_since(articles)

    def body(self, article: Article) -> tuple[str, ...]:
        """``article``'s body paragraphs, read from its file (``()`` if it is gone)."""
        return self._bodies.complete(article).body

    def complete(self, article: Article) -> Article:
        """``article`` with its body (the last few kept: the same object when asked again)."""
        return self._bodies.complete(article)

    # ---------------------------------------------------------------- search
    def search(
        self,
        query: str | Query,
        order: str = "rank",
        marks: Marks | None = None,
        *,
        positions: bool = False,
    ) -> SearchResult:
        """The articles ``query`` finds (see :meth:`SearchIndex.search`). A hit's ``index`` is
        the article's key, or with ``positions`` its place in :attr:`articles`."""
        if not positions:
            return self.engine.search(query, order=order, marks=marks)
        # Hits point into the timeline as it is now, whatever commits come after.
        self._headers.load()
        with self._lock:
            timeline, where = self._headers.articles, self._headers.positions()
        gone = Article(id="", path="", title="(no longer in the library)")

        def article_of(key: int) -> Article:
            position = where.get(key)
            return gone if position is None else timeline[position]

        result = self.engine.search(
            query, order=order, marks=marks, index_of=where.get, article_of=article_of
        )
        return dataclasses.replace(result, timeline=timeline)

    def related(self, article: Article, limit: int = 50) -> list[Related]:
        """The other coverage of ``article``'s story, in either language (see
        :mod:`..search.related`): the ``limit`` closest articles, newest first; few or none
        when nothing is close. ~20 ms at 100k articles once :meth:`prepare` is done (twice
        that before); safe from any thread."""
        return newest_first(self.engine.related(article, limit))

    def prepare(self) -> None:
        """Background upkeep after an update (~5 s at 100k articles): the search's vocabulary
        of the index as it is now (searches work without it, slower on short words), and the
        headers' snapshot in the store, if the articles changed (the next start reads it in
        one go)."""
        self.engine.prepare()
        with self._update_lock:
            self._headers.save_snapshot()

    # ---------------------------------------------------------------- freshness
    @property
    def writable(self) -> bool:
        """Whether this process can update the library (one writer at a time)."""
        return self._open_writer() is not None

    def _open_writer(self) -> tantivy.IndexWriter | None:
        if self._writer is None:
            try:
                self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
            except ValueError as error:  # another process holds the index's lock, mostly
                self._writer_error = str(error)
                return None
            self._check_index(self._writer)
        elif self._recheck:  # an update failed after the index committed: agree again
            self._recheck = False
            self._check_index(self._writer)
        return self._writer

    def _check_index(self, writer: tantivy.IndexWriter) -> None:
        """Make the index agree with the store (we hold the writer: nobody else writes).

        Documents past the store's last key were added by a run killed before its store
        commit: deleted (their files are still new to the store, and are indexed again). If
        the counts still differ (the index folder was lost or damaged), every file is read
        again."""
        if delete_orphans(self._index, writer, self.store):
            self.engine.reload()
        if self._index.searcher().num_docs != self.store.indexed_count():
            self.warnings.append(
                "the search index did not match the library; reading every file again"
            )
            writer.delete_all_documents()
            writer.commit()
            self.store.clear()
            self.store.set_meta("versions", self._versions)
            self.store.commit()
            self.engine.reload()
            self._headers.forget_all()

    def update(
        self,
        *,
        full: bool = False,
        progress: Progress | None = None,
        committed: Callable[[], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        listed: Callable[[], None] | None = None,
        paths: Iterable[str] | None = None,
    ) -> Update:
        """Bring the library up to date with the files (see :mod:`.scan` for quick and full);
        with ``paths``, only with those files or folders (:func:`.scan.changes_at`).

        ``progress(done, total)`` follows the reading (of the listing, then of the indexing);
        ``committed()`` is called after each commit (the timeline and the search then show
        what was done); ``should_stop()`` is asked between files. With ``listed``, many files
        to read are listed first (:data:`LIST_FIRST`) and ``listed()`` is called once they all
        are: the timeline is whole, the search follows as the indexing goes.
        """
        with self._update_lock:
            return self._update(full, progress, committed, should_stop, listed, paths)

    def _update(
        self,
        full: bool,
        progress: Progress | None,
        committed: Callable[[], None] | None,
        should_stop: Callable[[], bool] | None,
        listed: Callable[[], None] | None = None,
        paths: Iterable[str] | None = None,
    ) -> Update:
        writer = self._open_writer()  # first: it checks that the index and the store agree
        known: Mapping[str, FileRow] = KnownFiles(self.store)  # read if a folder moved (0.3 s)
        if paths is not None:  # a watcher's: rows looked up one by one
            known = KnownAt(self.store.file, self.store.files)
            changes = changes_at(self.roots, paths, known)
        else:
            changes = find_changes(self.roots, known, self.store.folders(), full=full)
        report = Update(full=changes.full, skipped=list(changes.problems))
        stranded = self.store.stranded_duplicates()  # their first copy went in a killed run
        pending = bool(self.store.pending())  # listed, not indexed yet (a run was stopped)
        if writer is None and (changes or stranded):
            message = (
                "the files changed, but another newsreader holds this library "
                f"({self._writer_error}): showing it as it was"
            )
            if message not in self.warnings:
                self.warnings.append(message)
        if writer is None or not (changes or stranded or pending):
            if not changes:
                save_folders(self.store, changes)
                self.store.commit()
            return report
        try:
            work = self._pass(writer, report, progress, committed, should_stop)
            work.run(changes, known, stranded, listed, LIST_FIRST)
        except BaseException:
            # Nothing half done stays: the index and the store go back to their last commit,
            # and the headers are read again when next asked for.
            with contextlib.suppress(Exception):
                writer.rollback()
            self.store.rollback()
            self._recheck = True  # the index may hold a commit the store lost
            self._headers.forget_all()
            raise
        return report

    def _pass(
        self,
        writer: tantivy.IndexWriter,
        report: Update,
        progress: Progress | None,
        committed: Callable[[], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> UpdatePass:
        """The work of one update, committing as it goes."""

        # The new documents' words, for the search's vocabulary (once it is made: the first
        # build's words are in it anyway, and counting them would cost seconds at 100k).
        words: Counter[str] | None = Counter() if self.engine.learns else None

        def commit() -> None:
            self._commit(writer, committed, words)

        def skipped() -> None:
            self.skipped = self._skipped()

        return UpdatePass(
            writer,
            self.store,
            self._headers,
            self._bodies,
            report,
            commit=commit,
            clock=Clock(commit, FIRST_COMMIT_SECONDS, COMMIT_SECONDS),
            skipped=skipped,
            progress=progress,
            should_stop=should_stop or (lambda: False),
            words=words,
        )

    def _commit(
        self,
        writer: tantivy.IndexWriter,
        committed: Callable[[], None] | None,
        words: Counter[str] | None,
    ) -> None:
        """Index first, then the store: a store row always has its document (a document
        without a row, after a kill, is deleted when its key is given out again)."""
        writer.commit()
        self.store.commit()
        self.engine.reload()
        if words:
            self.engine.learn(words)
            words.clear()
        if self._headers.loaded and self._headers.order_stale:
            self._headers.reorder()
        if committed is not None:
            committed()

    def close(self) -> None:
        """Release the writer's lock (after an update still running has stopped).

        A merge of index segments still running is abandoned, not waited for: it would hold
        a command up by seconds (measured: +100 files at 20k, 4.2 s against 0.9 s). What
        was committed stays; the merge is done again by a later writer, in the background.
        """
        with self._update_lock:
            self._writer = None  # dropping it stops its merges and releases the lock
            self.store.close()
