"""Hits a page at a time, as they are read: by score (newer first among equal scores) or in
timeline order; a page of a timeline-ordered search with words scored apart."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import tantivy

from .filters import MUST, const
from .schema import SCHEMA, recency_factor

__all__ = ["PAGE_FIRST", "PAGE_MAX", "fetch_page", "hit_pages"]

#: Hits fetched by the first page; each following page is twice as large, up to ``PAGE_MAX``.
PAGE_FIRST, PAGE_MAX = 64, 8192


def fetch_page(
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    ranked: bool,
    offset: int,
    size: int,
    count: bool = False,
) -> tantivy.SearchResult:
    """One page of hits: by score (newer first among equals), or in timeline order."""
    if ranked:
        return searcher.search(
            query, limit=size, offset=offset, count=count, weight_by_field="recency"
        )
    return searcher.search(
        query,
        limit=size,
        offset=offset,
        count=count,
        order_by_field="rank",
        order=tantivy.Order.Asc,
    )


def hit_pages(
    searcher: tantivy.Searcher,
    query: tantivy.Query,
    ranked: bool,
    scored: bool,
    first: list[tuple[Any, tantivy.DocAddress]],
) -> Iterator[tuple[list[int], list[float]]]:
    """(keys, scores) of the hits, a page at a time (``first`` fetched already), in
    display order."""
    offset, size = 0, PAGE_FIRST
    while True:
        hits = first if offset == 0 else fetch_page(searcher, query, ranked, offset, size).hits
        if not hits:
            return
        addresses = [address for _, address in hits]
        keys = searcher.fast_field_values("key", addresses)
        if ranked:
            factors = searcher.fast_field_values("recency", addresses)
            ranks = searcher.fast_field_values("rank", addresses)
            rows = sorted(
                (-round(score / recency_factor(factor or 0.0), 4), rank or 0, key)
                for (score, _), factor, rank, key in zip(hits, factors, ranks, keys, strict=True)
            )
            yield [row[2] for row in rows], [-row[0] for row in rows]
        elif scored:
            yield list(keys), _scores(searcher, query, keys)  # type: ignore[arg-type]
        else:
            yield list(keys), [0.0] * len(keys)  # type: ignore[arg-type]
        if len(hits) < size:
            return
        offset += size
        size = min(size * 2, PAGE_MAX)


def _scores(searcher: tantivy.Searcher, query: tantivy.Query, keys: Sequence[int]) -> list[float]:
    """The scores of the documents ``keys`` (for hits listed in timeline order)."""
    only = tantivy.Query.term_set_query(SCHEMA, "key", list(keys))
    both = tantivy.Query.boolean_query([(MUST, query), (MUST, const(only, 0.0))])
    hits = searcher.search(both, limit=len(keys), weight_by_field="recency").hits
    found = searcher.fast_field_values("key", [address for _, address in hits])
    factors = searcher.fast_field_values("recency", [address for _, address in hits])
    score_of = {
        key: round(score / recency_factor(factor or 0.0), 4)
        for (score, _), key, factor in zip(hits, found, factors, strict=True)
    }
    return [score_of.get(key, 0.0) for key in keys]
