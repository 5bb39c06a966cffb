"""The library's headers in memory: every article (without its body) by key, and the timeline.

Read from the store on first use (a command-line search needs 20 of them, the timeline all of
them: ~0.4 s at 100k), then kept in step with the store by each update (:mod:`.update`). A
commit of a few articles puts them in their places in the timeline (~1 ms at 100k, where sorting
it all again took 0.2–0.3 s) and says what came and went (:class:`TimelineChange`), so that a
reader following the folders lays out only what changed.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from .. import garbage
from ..article import Article, timeline_rank
from .store import ArticleStore

__all__ = ["Headers", "TimelineChange"]

#: The timeline is merged (not sorted again) when at most 1/MERGE_AT of it came or went.
MERGE_AT = 16
#: How many timelines back :meth:`Headers.changes_since` can tell what changed.
CHANGES_KEPT = 8


@dataclass(frozen=True, slots=True)
class TimelineChange:
    """How the timeline went from ``before`` to ``after`` (both :attr:`Library.articles`): the
    articles that came (new, or the new version of a changed one) and those that went."""

    before: Sequence[Article]
    after: Sequence[Article]
    added: tuple[Article, ...] = ()
    removed: tuple[Article, ...] = ()


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
        # Each key changed since the last reorder, with the article it held then (None: none).
        self._touched: dict[int, Article | None] = {}
        self._changes: deque[TimelineChange] = deque(maxlen=CHANGES_KEPT)

    def load(self) -> None:
        """Read every header (~0.4 s at 100k): the timeline needs them all."""
        with self.lock, garbage.paused():
            if self.loaded:
                return
            pairs, from_snapshot = self._store.articles()
            self.snapshot_stale = not from_snapshot
            self.by_key.update(pairs)
            self.loaded, self.order_stale = True, False
            self._touched.clear()
            self._changes.clear()
            self._sort()

    def reorder(self) -> None:
        """Put the timeline in order again after headers came and went: the few that did
        merged into it, or (many) all of it sorted again."""
        with self.lock:
            self.order_stale = False
            touched, self._touched = self._touched, {}
            before = self.articles
            removed: list[tuple[int, Article]] = []
            added: list[tuple[int, Article]] = []
            for key, old in touched.items():
                new = self.by_key.get(key)
                if new is not old:
                    if old is not None:
                        removed.append((key, old))
                    if new is not None:
                        added.append((key, new))
            if not (added or removed):
                return
            small = len(added) + len(removed) <= len(before) // MERGE_AT
            if not (small and self._merge(removed, added)):
                self._sort()
            self._changes.append(
                TimelineChange(
                    before,
                    self.articles,
                    tuple(article for _, article in added),
                    tuple(article for _, article in removed),
                )
            )

    def _sort(self) -> None:
        """Sort the whole timeline (0.2–0.3 s at 100k)."""
        by_key = self.by_key
        keys = sorted(by_key, key=lambda key: by_key[key].path)
        keys.sort(key=lambda key: timeline_rank(by_key[key]))
        self.keys = tuple(keys)
        self.articles = tuple(by_key[key] for key in keys)
        self._positions = None

    def _merge(
        self, removed: Sequence[tuple[int, Article]], added: Sequence[tuple[int, Article]]
    ) -> bool:
        """Take ``removed`` out of the timeline and put ``added`` in their places (found by
        bisection: the cost is theirs, and copying the tuples); False if one removed is not
        where its place says (the timeline is then sorted again)."""
        keys, articles = self.keys, self.articles
        place = Article.timeline_key
        added = sorted(added, key=lambda pair: place(pair[1]))  # several at one place: in order
        cuts: list[tuple[int, int, int]] = []  # (where, 0: insert added[i] / 1: drop, i)
        for key, article in removed:
            where = bisect_left(articles, place(article), key=place)
            if where >= len(keys) or keys[where] != key:
                return False
            cuts.append((where, 1, 0))
        for i, (_, article) in enumerate(added):
            cuts.append((bisect_left(articles, place(article), key=place), 0, i))
        cuts.sort()
        new_keys: list[int] = []
        new_articles: list[Article] = []
        start = 0
        for where, drop, i in cuts:
            new_keys.extend(keys[start:where])
            new_articles.extend(articles[start:where])
            if drop:
                start = where + 1
            else:
                start = where
                new_keys.append(added[i][0])
                new_articles.append(added[i][1])
        new_keys.extend(keys[start:])
        new_articles.extend(articles[start:])
        self.keys, self.articles = tuple(new_keys), tuple(new_articles)
        self._positions = None
        return True

    def changes_since(self, articles: Sequence[Article]) -> TimelineChange | None:
        """What came and went from the timeline ``articles`` (one :attr:`articles` was) to the
        timeline now; ``None`` if that is not known (too long ago, or not one of them)."""
        with self.lock:
            now = self.articles
            steps = list(self._changes)
        if articles is now:
            return TimelineChange(now, now)
        start = next((i for i, step in enumerate(steps) if step.before is articles), None)
        if start is None or steps[-1].after is not now:
            return None
        added: dict[int, Article] = {}  # by id(): the objects, not their (equal) values
        removed: dict[int, Article] = {}
        for step in steps[start:]:
            for article in step.removed:
                if added.pop(id(article), None) is None:
                    removed[id(article)] = article
            for article in step.added:
                added[id(article)] = article
        return TimelineChange(articles, now, tuple(added.values()), tuple(removed.values()))

    def positions(self) -> dict[int, int]:
        """Where each key is in :attr:`articles`."""
        with self.lock:
            if self._positions is None:
                self._positions = dict(zip(self.keys, range(len(self.keys)), strict=True))
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
                self._touched.setdefault(key, self.by_key.get(key))
                self.by_key[key] = article
                self.snapshot_stale = self.order_stale = True

    def drop(self, key: int) -> Article | None:
        """``key`` holds no article any more; the one it held, if it was in hand."""
        with self.lock:
            self.snapshot_stale = self.order_stale = True
            article = self.by_key.pop(key, None)
            if self.loaded:
                self._touched.setdefault(key, article)
            return article

    def forget_all(self) -> None:
        """Forget every header: they are read again when next asked for."""
        with self.lock:
            self.by_key.clear()
            self._touched.clear()
            self._changes.clear()
            self.loaded = False

    def save_snapshot(self) -> None:
        """Save the headers in one piece in the store if they changed (the next start reads
        them in one go)."""
        if self.loaded and self.snapshot_stale:
            with self.lock:
                pairs = list(self.by_key.items())
            self._store.save_snapshot(self._store.generation(), pairs)
            self.snapshot_stale = False
