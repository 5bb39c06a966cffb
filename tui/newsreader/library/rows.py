"""How the library's SQLite file holds a path and an article's header: a path that is not UTF-8
as the blob of its bytes, a header as one ``marshal`` blob (see :mod:`.store`)."""

from __future__ import annotations

import marshal

from ..article import Article, article_from_row, article_to_row, timeline_rank

__all__ = ["article_row", "db_text", "duplicate_reason", "header_of", "py_text"]


def db_text(text: str) -> str | bytes:
    """``text`` as SQLite can hold it: a path that is not UTF-8 (``os.fsdecode`` kept its bytes
    as lone surrogates, which SQLite refuses) goes in as the blob of its exact bytes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")
    return text


def py_text(value: str | bytes) -> str:
    """Back from :func:`db_text`: the same string, byte for byte."""
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


def article_row(key: int, article: Article) -> tuple[object, ...]:
    """The ``articles`` row of ``article``: its header (all but the body) as one blob."""
    fields = article_to_row(article)
    header = marshal.dumps((*fields[:10], (), *fields[11:]))  # all but the body
    return (key, article.id, db_text(article.path), timeline_rank(article), header)


def header_of(row: tuple[int, bytes]) -> tuple[int, Article]:
    """Back from :func:`article_row`: (key, the article without its body)."""
    return row[0], article_from_row(marshal.loads(row[1]))


def duplicate_reason(path: str) -> str:
    """Why a file holds no article of its own: the one at ``path`` has the same text."""
    return f"duplicate of {path} (same text)"
