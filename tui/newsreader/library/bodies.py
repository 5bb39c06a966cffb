"""Articles' bodies, read from their files when shown and the last few kept."""

from __future__ import annotations

import threading
from collections import OrderedDict

from ..article import Article
from ..corpus import load_file

__all__ = ["Bodies"]


class Bodies:
    """The body of each article shown, read from its file; the last ``kept`` in memory."""

    def __init__(self, kept: int) -> None:
        self._kept = kept
        self._lock = threading.Lock()
        self._bodies: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def get(self, article: Article) -> tuple[str, ...]:
        """``article``'s body paragraphs, read from its file (``()`` if it is gone)."""
        with self._lock:
            cached = self._bodies.get(article.path)
            if cached is not None:
                self._bodies.move_to_end(article.path)
                return cached
        if article.body:
            return article.body
        loaded = load_file(article.path)
        body = loaded.body if isinstance(loaded, Article) else ()
        with self._lock:
            self._bodies[article.path] = body
            if len(self._bodies) > self._kept:
                self._bodies.popitem(last=False)
        return body

    def forget(self, path: str) -> None:
        """The file at ``path`` is gone or holds another article."""
        with self._lock:
            self._bodies.pop(path, None)
