"""What the tantivy index holds for each article, and how an index is opened.

One document per article, keyed by an integer the owner chooses (``key``: the library's row for
the article, or its position in a list):

* ``hi`` — title and metadata (source, author, rubric, tags); ``lo`` — body, captions and page
  furniture. Both hold text folded by :func:`.normalize.index_text` and are split into words by
  tantivy's simple tokenizer (runs of letters and digits), with positions, for phrases;
* ``source``, ``lang``, ``tag``, ``author``, ``id`` — whole values (folded), for filters and for
  read marks; ``day`` — the publication day (ordinal; absent when undated), for ``date:``;
* ``rank`` — the timeline position as one int (:func:`~newsreader.article.timeline_rank`), to
  list in timeline order; ``recency`` — a factor just above 1 that grows with the day, which
  multiplies the score so that among equal matches the newer comes first.

Documents are made in two steps so that the costly one can run in worker processes:
:func:`index_fields` (plain strings and ints, picklable) and :func:`document`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import tantivy

from ..article import timeline_rank
from .normalize import fold, index_text

if TYPE_CHECKING:
    from ..article import Article

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "IndexFields",
    "body_text",
    "document",
    "index_fields",
    "meta_text",
    "open_index",
]

#: Bump when the fields or what goes into them change: an index of another version is rebuilt.
SCHEMA_VERSION = 4
#: The tokenizer of the text fields (registered on every index opened).
TOKENIZER = "newsreader"
#: Days from this one on get a recency bonus (before it, none).
_EPOCH = 711858  # 1950-01-01
#: The largest recency bonus (relative): below the differences between match levels, and a
#: day's step (2.5e-7) still above the float32 scores' resolution.
_RECENCY_SPAN = 0.01
_DAYS_SPAN = 40_000


def _build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("key", indexed=True, fast=True)
    builder.add_text_field("hi", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("lo", tokenizer_name=TOKENIZER, index_option="position")
    for name in ("id", "source", "lang", "tag", "author"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_integer_field("rank", fast=True)
    builder.add_float_field("recency", fast=True)
    return builder.build()


SCHEMA = _build_schema()
_ANALYZER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()


def open_index(path: str | os.PathLike[str] | None) -> tantivy.Index:
    """The index at ``path`` (a folder, created if needed), or a new one in memory (``None``)."""
    if path is None:
        index = tantivy.Index(SCHEMA)
    else:
        os.makedirs(path, exist_ok=True)
        index = tantivy.Index(SCHEMA, path=os.fspath(path), reuse=True)
    index.register_tokenizer(TOKENIZER, _ANALYZER)
    return index


def meta_text(article: Article) -> str:
    """The title and metadata of ``article`` as one text (the ``hi`` field)."""
    title, source, author, rubric = article.title, article.source, article.author, article.rubric
    return "\n".join([title, source or "", author or "", rubric or "", *article.tags])


def body_text(article: Article, body: Sequence[str]) -> str:
    """The body (``body``: its paragraphs), captions and page furniture as one text."""
    return "\n".join(chain(body, article.captions, article.extra))


#: What a document is made of: plain values, cheap to send between processes.
IndexFields = tuple[str, str, str, tuple[str, ...], str | None, str | None, str, str, int, int]


def index_fields(article: Article, body: Sequence[str] | None = None) -> IndexFields:
    """The folded texts and values of ``article``'s document (``body``: its paragraphs, if
    the article is held without them). The costly part of indexing: run it in workers."""
    hi = index_text(meta_text(article))
    lo = index_text(body_text(article, article.body if body is None else body))
    tags = tuple(fold.__wrapped__(tag.strip().lstrip("#")) for tag in article.tags)
    source = fold.__wrapped__(article.source) if article.source else None
    author = fold.__wrapped__(" ".join(article.author.split())) if article.author else None
    day = article.published.date.toordinal() if article.published else -1
    return (hi, lo, article.id, tags, source, author, article.lang, "", day, timeline_rank(article))


def _recency(day: int) -> float:
    """The value tantivy turns into the score factor ``log2(2 + value)``: from 1 to 1.004."""
    share = min(max(day - _EPOCH, 0), _DAYS_SPAN) / _DAYS_SPAN
    return 2.0 ** (1.0 + _RECENCY_SPAN * share) - 2.0


def recency_factor(value: float) -> float:
    """The factor a document's score was multiplied by (see :func:`_recency`)."""
    return math.log2(2.0 + value)


def document(key: int, fields: IndexFields) -> tantivy.Document:
    """The tantivy document for the article numbered ``key``."""
    hi, lo, aid, tags, source, author, lang, _spare, day, rank = fields
    doc = tantivy.Document()
    doc.add_integer("key", key)
    doc.add_text("hi", hi)
    doc.add_text("lo", lo)
    doc.add_text("id", aid)
    doc.add_text("lang", lang)
    for tag in tags:
        doc.add_text("tag", tag)
    if source:
        doc.add_text("source", source)
    if author:
        doc.add_text("author", author)
    if day >= 0:
        doc.add_integer("day", day)
    doc.add_integer("rank", rank)
    doc.add_float("recency", _recency(day if day >= 0 else 0))
    return doc
