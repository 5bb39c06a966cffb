"""The library's headers in memory: every article (without its body) by key, and the timeline.

Read from the store on first use (a command-line search needs 20 of them, the timeline all of
them: ~0.4 s at 100k), then kept in step with the store by each update (:mod:`.update`).
"""

from __future__ import annotations

import threading

from .. import garbage
from ..article import Article, timeline_rank
from .store import ArticleStore

__all__ = ["Headers"]


class Headers:
    """The headers read and their order, newest first and undated last.

    ``lock`` (the library's) guards them: searching and reading from any thread while one
    thread updates.
    """

    def __init__(self, store: ArticleStore, lock: threading.RLock) -> None:
        self._store = store
        self.lock = lock
        self.by_key: dict[int, Article] = {}
        self.loaded = False  # every header read (until then, only those asked for)
        self.snapshot_stale = False  # the store's snapshot of the headers is out of date
        self.order_stale = False  # a header was added, changed or removed since reorder()
        self.keys: tuple[int, ...] = ()
        self.articles: tuple[Article, ...] = ()
        self._positions: dict[int, int] | None = None

    def load(self) -> None:
        """Read every header (~0.4 s at 100k): the timeline needs them all."""
        with self.lock, garbage.paused():
            if self.loaded:
                return
            pairs, from_snapshot = self._store.articles()
            self.snapshot_stale = not from_snapshot
            self.by_key.update(pairs)
            self.loaded = True
            self.reorder()

    def reorder(self) -> None:
        """Put the timeline in order again (after headers came and went)."""
        with self.lock:
            self.order_stale = False
            by_key = self.by_key
            keys = sorted(by_key, key=lambda key: by_key[key].path)
            keys.sort(key=lambda key: timeline_rank(by_key[key]))
            self.keys = tuple(keys)
            self.articles = tuple(by_key[key] for key in keys)
            self._positions = None

    def positions(self) -> dict[int, int]:
        """Where each key is in :attr:`articles`."""
        with self.lock:
            if self._positions is None:
                self._positions = {key: i for i, key in enumerate(self.keys)}
            return self._positions

    def article(self, key: int) -> Article:
        """The article (no body) of ``key``, read from the store if it is not in hand."""
        article = self.by_key.get(key)
        if article is None:
            article = self._store.article(key)
            if article is None:
                raise KeyError(key)
            if not self.loaded:
                with self.lock:
                    self.by_key.setdefault(key, article)
        return article

    def keep(self, key: int, article: Article) -> None:
        """The headers read (if they are) follow the store: ``key`` now holds ``article``."""
        if self.loaded:
            with self.lock:
                self.by_key[key] = article
                self.snapshot_stale = self.order_stale = True

    def drop(self, key: int) -> Article | None:
        """``key`` holds no article any more; the one it held, if it was in hand."""
        with self.lock:
            self.snapshot_stale = self.order_stale = True
            return self.by_key.pop(key, None)

    def forget_all(self) -> None:
        """Forget every header: they are read again when next asked for."""
        with self.lock:
            self.by_key.clear()
            self.loaded = False

    def save_snapshot(self) -> None:
        """Save the headers in one piece in the store if they changed (the next start reads
        them in one go)."""
        if self.loaded and self.snapshot_stale:
            with self.lock:
                pairs = list(self.by_key.items())
            self._store.save_snapshot(self._store.generation(), pairs)
            self.snapshot_stale = False
