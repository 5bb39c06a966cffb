"""The read marks and stars while the reader runs: the one owner of them below the UI.

:class:`Marks` holds every id the :class:`~newsreader.state.State` has marked (other corpora's
too), how many of the corpus's articles are read and starred, and writes each change through to
the state at once, in one transaction (a ``kill -9`` loses at most the change in flight). The
reader's screen and the command line both ask it; a search's ``is:read``/``is:unread``/
``is:starred`` takes its :meth:`Marks.for_search`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..search import Marks as SearchMarks
    from .state import State


class Marks:
    """The read and starred article ids, written through to ``state``; ``corpus``: the ids of
    the articles the counts are of (see :meth:`set_corpus`).

    ``read`` and ``starred`` become the marks' own: :meth:`load` reads them from the state.
    Not thread-safe: one thread changes them (the reader's event loop).
    """

    def __init__(
        self,
        state: State,
        read: set[str] | None = None,
        starred: set[str] | None = None,
        corpus: Iterable[str] = (),
    ) -> None:
        self._state = state
        self._read: set[str] = read if read is not None else set()
        self._starred: set[str] = starred if starred is not None else set()
        self._corpus: set[str] = set()
        self._read_count = self._starred_count = 0
        self.set_corpus(corpus)

    @classmethod
    def load(cls, state: State, corpus: Iterable[str] = ()) -> Marks:
        """The marks ``state`` holds (one query per table), counted among ``corpus``."""
        return cls(state, state.read_ids(), state.starred_ids(), corpus)

    # -- the corpus and its counts ----------------------------------------------------------

    def set_corpus(self, article_ids: Iterable[str]) -> None:
        """Count among these articles from now on (the corpus as its files are now)."""
        self._corpus = set(article_ids)
        self._read_count = len(self._corpus & self._read)
        self._starred_count = len(self._corpus & self._starred)

    def change_corpus(self, *, added: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
        """The corpus counted among changed: the articles ``removed`` went, then ``added``
        came (a changed article is in both). The cost is theirs, not the corpus's."""
        corpus = self._corpus
        for article_id in removed:
            if article_id in corpus:
                corpus.discard(article_id)
                self._read_count -= article_id in self._read
                self._starred_count -= article_id in self._starred
        for article_id in added:
            if article_id not in corpus:
                corpus.add(article_id)
                self._read_count += article_id in self._read
                self._starred_count += article_id in self._starred

    @property
    def read_count(self) -> int:
        """How many of the corpus's articles are read."""
        return self._read_count

    @property
    def starred_count(self) -> int:
        """How many of the corpus's articles are starred."""
        return self._starred_count

    # -- asking ------------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        """Whether the article is read."""
        return article_id in self._read

    def is_starred(self, article_id: str) -> bool:
        """Whether the article is starred."""
        return article_id in self._starred

    @property
    def read(self) -> Collection[str]:
        """Every read id, live (it changes with the marks): for looking up, not for keeping."""
        return self._read

    @property
    def starred(self) -> Collection[str]:
        """Every starred id, live, as :attr:`read`."""
        return self._starred

    def for_search(self) -> SearchMarks:
        """The marks as they are now, for a search's ``is:`` flags (copied: a search may run in
        another thread while they change)."""
        from ..search import Marks as SearchMarks  # the search engine loads when a search runs

        return SearchMarks(read=frozenset(self._read), starred=frozenset(self._starred))

    # -- changing (each change saved at once) -------------------------------------------------

    def set_read(self, article_id: str, read: bool = True) -> bool:
        """Mark the article read (or unread) and save it; False if it was already."""
        if not self._change(self._read, article_id, read):
            return False
        self._read_count += self._step(article_id, read)
        self._state.set_read(article_id, read)
        return True

    def set_starred(self, article_id: str, starred: bool = True) -> bool:
        """Star (or unstar) the article and save it; False if it was already."""
        if not self._change(self._starred, article_id, starred):
            return False
        self._starred_count += self._step(article_id, starred)
        self._state.set_starred(article_id, starred)
        return True

    def set_read_many(self, article_ids: Iterable[str], read: bool = True) -> list[str]:
        """Mark many articles read (or unread), saved in one transaction; the ids that changed."""
        changed = [i for i in dict.fromkeys(article_ids) if self._change(self._read, i, read)]
        if changed:
            self._read_count += sum(self._step(article_id, read) for article_id in changed)
            self._state.set_read_many(changed, read)
        return changed

    @staticmethod
    def _change(ids: set[str], article_id: str, present: bool) -> bool:
        if (article_id in ids) == present:
            return False
        if present:
            ids.add(article_id)
        else:
            ids.discard(article_id)
        return True

    def _step(self, article_id: str, present: bool) -> int:
        """How a count moves when the article's mark comes (or goes)."""
        if article_id not in self._corpus:
            return 0
        return 1 if present else -1
