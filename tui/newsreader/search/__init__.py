"""Search for a reader of Russian and Kazakh news: cross-script, inflections, typos, filters.

tantivy holds the index (:mod:`.schema`); what makes the search ours sits on top of it. No
Textual here: the UI searches in a worker thread, the CLI directly. ::

    from newsreader.search import SearchIndex

    index = SearchIndex.build(articles)             # in memory; the library keeps one on disk
    result = index.search("tokaev source:zakon")    # on every keystroke
    for hit in result.hits:                         # best first, fetched as they are read
        hit.index, hit.article, hit.score, hit.title_spans, hit.body_spans

* :mod:`.normalize` — one folded form per word (case, ``ё``, Kazakh letters, Latin look-alikes);
* :mod:`.romanize` — Latin → Cyrillic readings of query words, scheme by scheme;
* :mod:`.stem` — which index words are inflections of a query word;
* :mod:`.query` — the query language (words, ``word~``, ``"phrases"``, ``-exclusions``,
  ``key:value``);
* :mod:`.expand` — a query word expanded to the index terms it matches (exact, inflected, typo);
* :mod:`.engine` — the tantivy query for a parsed query, and ranking;
* :mod:`.filters` — the clauses that choose without scoring (filters, ``is:`` marks);
* :mod:`.pages` — hits a page at a time, as they are read;
* :mod:`.results` — hits, created lazily, with the spans to highlight;
* :mod:`.schema` — the tantivy fields of an article's document.
"""

from __future__ import annotations

from .engine import Marks, SearchIndex
from .query import Filter, Query, parse_query
from .results import Hit, HitList, SearchResult
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Filter",
    "Hit",
    "HitList",
    "Marks",
    "Query",
    "SearchIndex",
    "SearchResult",
    "parse_query",
]
