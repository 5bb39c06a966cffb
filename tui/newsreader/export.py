"""Plain-data views of articles for ``--json`` output and scripts."""

from __future__ import annotations

import os
from typing import Any

from .article import Article


def article_record(article: Article) -> dict[str, Any]:
    """The JSON object for one article (keys in the documented order)."""
    return {
        "id": article.id,
        "path": os.path.abspath(article.path) if article.path else article.path,
        "title": article.title,
        "published": article.published.iso() if article.published else None,
        "source": article.source,
        "author": article.author,
        "lang": article.lang,
        "rubric": article.rubric,
        "tags": list(article.tags),
        "captions": list(article.captions),
        "body": article.body_text,
    }
