"""Articles' bodies, read from their files when shown and the last few kept: the one cache of
bodies (the reader's viewer, its snippets and the CLI's JSON all ask the library for them)."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict

from ..article import Article
from ..corpus import load_file

__all__ = ["Bodies"]


class Bodies:
    """Each article shown, completed with the body read from its file; the last ``kept`` in
    memory, each as one object (asked again, the same: the viewer knows an article by it)."""

    def __init__(self, kept: int) -> None:
        self._kept = kept
        self._lock = threading.Lock()
        #: By path: the header asked for, and the article with its body.
        self._articles: OrderedDict[str, tuple[Article, Article]] = OrderedDict()

    def complete(self, article: Article) -> Article:
        """``article`` with its body paragraphs, read from its file (none if it is gone)."""
        if article.body:
            return article
        path = article.path
        with self._lock:
            cached = self._articles.get(path)
            if cached is not None and cached[0] == article:
                self._articles.move_to_end(path)
                return cached[1]
        loaded = load_file(path)
        full = dataclasses.replace(article, body=loaded.body if isinstance(loaded, Article) else ())
        with self._lock:
            self._articles[path] = (article, full)
            self._articles.move_to_end(path)
            if len(self._articles) > self._kept:
                self._articles.popitem(last=False)
        return full

    def forget(self, path: str) -> None:
        """The file at ``path`` is gone or holds another article."""
        with self._lock:
            self._articles.pop(path, None)
