"""One update of the library: the files that changed on disk, recorded in the store and the
index (a new file costs its own parse and index, a changed one replaces its document, a
removed one's is deleted), committed every few seconds as it goes.

:class:`UpdatePass` does the work once :meth:`Library.update <.library.Library.update>` has
found what changed (:mod:`.scan`) and holds the index writer.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import tantivy

from ..article import Article
from ..corpus import Repaired, Skipped
from ..search.schema import SCHEMA, IndexFields, document
from ..search.terms import document_words
from .bodies import Bodies
from .headers import Headers
from .ingest import Listed, Parsed, list_files, parse_files
from .rows import duplicate_reason
from .scan import Changes
from .store import ArticleStore, FileRow

__all__ = [
    "Clock",
    "KnownFiles",
    "Progress",
    "Update",
    "UpdatePass",
    "delete_orphans",
    "save_folders",
]

Progress = Callable[[int, int], None]
_T = TypeVar("_T")
#: Files to read again in this update (duplicates of a file that changed), with size and mtime.
_Todo = dict[str, tuple[int, int]]


@dataclass(slots=True)
class Update:
    """What one :meth:`Library.update <.library.Library.update>` did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    #: Files that hold no article (with the reason) and folders that could not be read.
    skipped: list[Skipped] = field(default_factory=list)
    #: Files read although a few of their bytes were not text.
    repaired: list[Repaired] = field(default_factory=list)
    #: Whether every file was statted (else only the folders).
    full: bool = False
    #: Whether the update stopped early (``should_stop``); the rest is done next time.
    interrupted: bool = False
    #: The keys of the articles added or changed (their new keys).
    keys: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        """One line for the user: ``"2 new, 1 changed, 3 gone"`` ("" when nothing changed)."""
        counts = ((self.added, "new"), (self.changed, "changed"), (self.removed, "gone"))
        return ", ".join(f"{count:,} {word}" for count, word in counts if count)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 500 == 0 or done == total):
        progress(done, total)


class Clock:
    """Commits every ``every`` seconds while an update goes on (the first after ``first``)."""

    def __init__(self, commit: Callable[[], None], first: float, every: float) -> None:
        self._commit, self._every = commit, every
        self._next = time.monotonic() + min(first, every)

    def tick(self, more: bool) -> None:
        if more and time.monotonic() >= self._next:
            self._commit()
            self._next = time.monotonic() + self._every


class KnownFiles(Mapping[str, FileRow]):
    """The store's record of the files, read on first use."""

    def __init__(self, store: ArticleStore) -> None:
        self._store = store
        self._files: dict[str, FileRow] | None = None

    @property
    def _all(self) -> dict[str, FileRow]:
        if self._files is None:
            self._files = self._store.files()
        return self._files

    def __getitem__(self, path: str) -> FileRow:
        return self._all[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)


def save_folders(store: ArticleStore, changes: Changes) -> None:
    """Record the folders' mtimes (committed with the rest, index first)."""
    if changes.full:
        gone = [path for path in store.folders() if path not in changes.folders]
    else:
        gone = changes.gone_folders
    store.set_folders(changes.folders, gone)


def delete_orphans(index: tantivy.Index, writer: tantivy.IndexWriter, store: ArticleStore) -> bool:
    """Delete the documents the store knows nothing of (True if there were any, committed).

    Documents past the store's last key were added by a run killed before its store commit
    (their files are still new to the store, and are indexed again); so were documents of
    listed articles whose store commit was lost (indexed again later)."""
    orphans = tantivy.Query.range_query(
        SCHEMA, "key", tantivy.FieldType.Integer, store.last_key() + 1, None,
        use_inverted_index=True,
    )  # fmt: skip
    index.reload()  # what is committed now (an update of this process may have)
    pending = list(store.pending().values())
    if pending:
        orphans = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, orphans),
                (tantivy.Occur.Should, tantivy.Query.term_set_query(SCHEMA, "key", pending)),
            ]
        )
    if not index.searcher().search(orphans, limit=1, count=True).count:
        return False
    writer.delete_documents_by_query(orphans)
    writer.commit()
    return True


class UpdatePass:
    """One update's work on the store, the index and the headers in memory, into ``report``.

    ``commit()`` commits what is done (index first, then the store); ``clock`` does it every
    few seconds; ``skipped()`` reads the files skipped again (the library says which).
    """

    def __init__(
        self,
        writer: tantivy.IndexWriter,
        store: ArticleStore,
        headers: Headers,
        bodies: Bodies,
        report: Update,
        *,
        commit: Callable[[], None],
        clock: Clock,
        skipped: Callable[[], None],
        progress: Progress | None,
        should_stop: Callable[[], bool],
        words: Counter[str] | None = None,
    ) -> None:
        self.writer, self.store, self.headers, self.bodies = writer, store, headers, bodies
        self.report = report
        #: The terms of the documents added since the last commit, if the search wants them.
        self.words = words
        self._commit, self._clock, self._skipped = commit, clock, skipped
        self._progress, self._should_stop = progress, should_stop

    def run(
        self,
        changes: Changes,
        known: Mapping[str, FileRow],
        stranded: list[str],
        listed: Callable[[], None] | None,
        list_first: int,
    ) -> None:
        """Apply ``changes``; with ``listed`` and ``list_first`` files or more to read, list
        them all first (:meth:`_list_all`), then index them."""
        # Removed files first: a duplicate of one of them now holds the article.
        for path in changes.removed:
            if self.forget(path, changes.to_parse):
                self.report.removed += 1
        for path in stranded:
            self.requeue(path, changes.to_parse)
        todo: _Todo = changes.to_parse
        if listed is not None and len(todo) >= list_first:
            todo = self._list_all(todo, known, listed)
            if self.report.interrupted:
                return
        self._index_pending(todo)
        later: _Todo = {}
        while todo and not self.report.interrupted:  # then the duplicates of changed files
            names = sorted(todo)
            self._each(
                parse_files(names),
                len(names),
                lambda parsed, later=later: self._take(parsed, known, later),
            )
            todo, later = later, {}
        if not self.report.interrupted:
            save_folders(self.store, changes)
        self._skipped()
        self._commit()

    def _each(self, items: Iterable[_T], total: int, handle: Callable[[_T], None]) -> None:
        """Handle every item (a parsed file), with progress and commits; stop if asked."""
        for done, item in enumerate(items, 1):
            handle(item)
            _tick(self._progress, done, total)
            self._clock.tick(done < total)
            if self._should_stop():
                self.report.interrupted = True
                return

    def _list_all(
        self, todo: _Todo, known: Mapping[str, FileRow], listed: Callable[[], None]
    ) -> _Todo:
        """List the files of ``todo`` (headers only, committed as they come, so the timeline
        is whole soon) and call ``listed()``; the files to read again are returned."""
        later: _Todo = {}
        names = sorted(todo)
        self._each(list_files(names), len(names), lambda item: self._list_one(item, known, later))
        self._skipped()  # what the listing found unreadable, to say so
        self._commit()
        if not self.report.interrupted:
            listed()
        return later

    def _take(self, parsed: Parsed, known: Mapping[str, FileRow], later: _Todo) -> None:
        """Record one parsed file in the store and the index (replacing what it held)."""
        report = self.report
        result, fields, size, mtime_ns = parsed
        path = result.path
        had = self.forget(path, later) if path in known else False
        if isinstance(result, Skipped):
            if size >= 0:  # a file that holds no article stays skipped until it changes
                self.store.put_skip(path, size, mtime_ns, result.reason)
            report.skipped.append(result)
        elif (first := self.store.path_of_id(result.id)) is not None:
            reason = duplicate_reason(first)
            self.store.put_skip(path, size, mtime_ns, reason)
            report.skipped.append(Skipped(path, reason))
        else:
            key = self.store.take_key()
            self._index(key, fields)  # type: ignore[arg-type]
            self.store.put_article(key, size, mtime_ns, result)
            self._added(key, result, had)
            return
        if had:  # an article that is no more (emptied, now a duplicate …)
            report.removed += 1

    def _index(self, key: int, fields: IndexFields) -> None:
        self.writer.add_document(document(key, fields))
        if self.words is not None:
            document_words(fields[:2], into=self.words)

    def _added(self, key: int, article: Article, had: bool) -> None:
        """``key`` holds ``article``, a new one or (``had``) one that replaced its file's."""
        self.headers.keep(key, article)
        if article.repaired is not None:
            self.report.repaired.append(Repaired(article.path, article.repaired))
        self.report.keys.append(key)
        if had:
            self.report.changed += 1
        else:
            self.report.added += 1

    def _list_one(self, item: Listed, known: Mapping[str, FileRow], later: _Todo) -> None:
        """Record one file's header in the store, its document to be indexed (pending)."""
        result, size, mtime_ns = item
        if isinstance(result, Skipped):
            self._take((result, None, size, mtime_ns), known, later)
            return
        path = result.path
        had = self.forget(path, later) if path in known else False
        if (first := self.store.path_of_id(result.id)) is not None:
            reason = duplicate_reason(first)
            self.store.put_skip(path, size, mtime_ns, reason)
            self.report.skipped.append(Skipped(path, reason))
            self.report.removed += had
            return
        key = self.store.take_key()
        self.store.put_article(key, size, mtime_ns, result, pending=True)
        self._added(key, result, had)

    def _index_pending(self, later: _Todo) -> None:
        """Index the articles listed but not indexed (their files read in full); files to
        read again (duplicates of one that changed meanwhile) go to ``later``."""
        report = self.report
        pending = self.store.pending()
        listed_ids = self.store.pending_ids()
        names, total = sorted(pending), len(pending)
        for done, parsed in enumerate(parse_files(names), 1):
            result, fields, size, mtime_ns = parsed
            key = pending[result.path]
            same = not isinstance(result, Skipped) and listed_ids.get(key) == result.id
            if same and fields is not None:
                self._index(key, fields)  # type: ignore[arg-type]
                if self.headers.by_key.get(key) == result:  # as listed (the common case)
                    self.store.set_indexed(key)
                else:
                    self.store.put_article(key, size, mtime_ns, result)
                    self.headers.keep(key, result)
            else:
                # Rewritten, emptied or gone since it was listed: as any changed file (its
                # duplicates are read again); it was counted as new when listed.
                added, changed = report.added, report.changed
                self.forget(result.path, later)
                self._take(parsed, {}, later)
                report.added = added - (0 if report.added > added else 1)
                report.changed = changed
            _tick(self._progress, done, total)
            self._clock.tick(done < total)
            if self._should_stop():
                report.interrupted = True
                return

    def forget(self, path: str, requeue: _Todo) -> bool:
        """Forget the file ``path``: its document, its article (True if it had one). The
        files skipped as duplicates of it are parsed again (added to ``requeue``)."""
        key = self.store.remove_file(path)
        if key is None:
            return False
        self.writer.delete_documents_by_term("key", key)
        article = self.headers.drop(key)
        if article is not None:
            self.bodies.forget(article.path)
        for duplicate in self.store.duplicates_of([path]):
            self.requeue(duplicate, requeue)
        return True

    def requeue(self, path: str, todo: _Todo) -> None:
        """Parse ``path`` again in this update (if it is gone, forget it)."""
        try:
            info = os.stat(path)
        except OSError:
            self.store.remove_file(path)
            return
        todo[path] = (info.st_size, info.st_mtime_ns)
