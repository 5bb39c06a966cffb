"""Plain-data views of articles for ``--json`` and tab-separated output, and scripts."""

from __future__ import annotations

import os
from typing import Any

from .article import Article
from .corpus.sanitize import terminal_safe

#: The columns of a tab-separated line (``--list``/``--search`` when stdout is not a terminal).
TSV_COLUMNS = ("published", "source", "lang", "title", "path")


def _absolute(path: str) -> str:
    return os.path.abspath(path) if path else path


def article_record(article: Article) -> dict[str, Any]:
    """The JSON object for one article (keys in the documented order)."""
    return {
        "id": article.id,
        "path": _absolute(article.path),
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


def tsv_field(text: str) -> str:
    """``text`` as one tab-separated field: a backslash doubled, then every character a
    terminal may act on — tab and line breaks included — as a visible escape (``\\x09``,
    ``\\x0a``, ``\\u202e``; :func:`terminal_safe`), so a field never holds a tab or a newline."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return terminal_safe(text)


def tsv_line(article: Article) -> str:
    """One article as a line of :data:`TSV_COLUMNS` (a missing value is an empty field),
    ending with a newline."""
    published = article.published
    return (
        "\t".join(
            tsv_field(value)
            for value in (
                published.iso() if published is not None else "",
                article.source or "",
                article.lang,
                article.title,
                _absolute(article.path),
            )
        )
        + "\n"
    )


def article_text(article: Article) -> str:
    """The article as plain text to copy or page through: the title, a line of date, outlet
    and author, the tags, then the captions and paragraphs, and the file's path."""
    published = article.published.display() if article.published else "undated"
    meta = " · ".join(part for part in (published, article.source, article.author) if part)
    parts = [article.title, meta]
    if article.tags:
        parts.append("  ".join("#" + tag.lstrip("#") for tag in article.tags))
    parts.extend(article.captions)
    parts.extend(article.body)
    parts.append(_absolute(article.path))
    return "\n\n".join(parts) + "\n"
