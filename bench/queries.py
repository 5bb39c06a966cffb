"""The benchmark queries, and how to type them and hand them to fzf.

The list is the one the search engine's own benchmark (``bench/search_bench.py``) uses, so both
benches report on the same queries; if it cannot be imported, the same list is used from here.
Each query is typed one character at a time: every prefix is a keystroke and a search.
"""

from __future__ import annotations

import re

#: (kind, query): single words, two words, a filter plus a word, typos, Latin-keyboard queries.
FALLBACK_QUERIES: list[tuple[str, str]] = [
    ("word", "токаев"),
    ("word", "палестина"),
    ("word", "эвакуация"),
    ("two words", "президент казахстана"),
    ("two words", "трамп хаменеи"),
    ("filter+word", "source:zakon иран"),
    ("filter+word", "lang:kk тоқаев"),
    ("filter+word", "date:2025-01..2025-06 министр"),
    ("typo", "тоакев"),
    ("typo", "хамнеи"),
    ("typo", "пелестина"),
    ("latin", "khamenei"),
    ("latin", "tokayev"),
    ("phrase", '"ближнем востоке"'),
    ("exclude", "министр -бакаев"),
]
#: One query of each kind the issue names: fzf is timed on these first (it rereads the whole
#: corpus per query) and the headless TUI types only these unless asked for all.
FZF_FIRST = ["токаев", "президент казахстана", "source:zakon иран", "тоакев", "khamenei"]


def benchmark_queries() -> list[tuple[str, str]]:
    """The shared query list (from ``bench.search_bench`` when it imports)."""
    try:
        from bench.search_bench import QUERIES
    except Exception:  # a colleague's module: any failure means "use ours"
        return list(FALLBACK_QUERIES)
    if not QUERIES or not all(isinstance(q, tuple) and len(q) == 2 for q in QUERIES):
        return list(FALLBACK_QUERIES)
    return [(str(kind), str(query)) for kind, query in QUERIES]


def keystrokes(query: str) -> list[str]:
    """What the search bar holds after each key typed: every prefix of ``query``."""
    return [query[:end] for end in range(1, len(query) + 1)]


_FILTER = re.compile(r"^(?P<key>[a-z]+):(?P<value>\S+)$")
_PHRASE = re.compile(r'"([^"]+)"')


def fzf_query(query: str) -> str:
    """``query`` in fzf's syntax, as near as it goes.

    Filters become their value (the fzf lines start with the date and the outlet), date ranges
    are dropped, ``"a b"`` becomes the exact term ``'a\\ b``, ``-word`` becomes ``!word``.
    """
    query = _PHRASE.sub(lambda m: "'" + m.group(1).replace(" ", "\\ "), query)
    terms = []
    for term in re.split(r"(?<!\\)\s+", query.strip()):
        match = _FILTER.match(term)
        if match:
            if match["key"] in ("date", "lang"):
                continue
            term = match["value"]
        elif term.startswith("-") and len(term) > 1:
            term = "!" + term[1:]
        terms.append(term)
    return " ".join(terms)
