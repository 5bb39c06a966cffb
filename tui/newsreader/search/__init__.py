"""Search for a reader of Russian and Kazakh news: cross-script, inflections, typos, filters.

No Textual here: the UI runs :meth:`SearchIndex.search` in a worker thread, the CLI calls it
directly. ::

    from newsreader.search import SearchIndex, parse_query

    index = SearchIndex.build(articles)             # once per corpus (worker processes)
    result = index.search("tokaev source:zakon")    # on every keystroke
    for hit in result.hits:                         # best first
        hit.index, hit.article, hit.score, hit.title_spans, hit.body_spans

    index.save(path)                                # the next start reads it back:
    index = SearchIndex.load(path, articles, body_loader)   # None: build again

``SearchIndex.fingerprint(articles)`` names the corpus an index file is for (the ids of the
articles in order); ``load`` checks it, and everything else, and never raises.

* :mod:`.normalize` — one folded form per word (case, ``ё``, Kazakh letters, Latin look-alikes)
  and Latin → Cyrillic transliteration of query words;
* :mod:`.stem` — which corpus words are inflections of a query word;
* :mod:`.query` — the query language (words, ``"phrases"``, ``-exclusions``, ``key:value``);
* :mod:`.index` — the index and the matching and ranking;
* :mod:`.results` — hits, created lazily, with the spans to highlight;
* :mod:`.build` — tokenising in worker processes, the vocabulary tables;
* :mod:`.store` — the packed vocabulary and posting lists; :mod:`.saved` — the index file;
* :mod:`.docsets` — sets of documents as integers.
"""

from __future__ import annotations

from .index import INDEX_VERSION, SearchIndex
from .query import Filter, Query, parse_query
from .results import Hit, HitList, SearchResult

__all__ = [
    "INDEX_VERSION",
    "Filter",
    "Hit",
    "HitList",
    "Query",
    "SearchIndex",
    "SearchResult",
    "parse_query",
]
