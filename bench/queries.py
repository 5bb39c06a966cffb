"""The benchmark queries, and how to type them and hand them to fzf.

The list is the one the search engine's own benchmark (``bench/search_bench.py``) uses, so both
benches report on the same queries.
Each query is typed one character at a time: every prefix is a keystroke and a search.
"""

from __future__ import annotations

import re

#: One query of each kind the issue names: fzf is timed on these first (it rereads the whole
#: corpus per query) and the headless TUI types only these unless asked for all.
FZF_FIRST = ["токаев", "президент казахстана", "source:zakon иран", "тоакев", "khamenei"]


def benchmark_queries() -> list[tuple[str, str]]:
    """The shared query list (``bench.search_bench.QUERIES``)."""
    from bench.search_bench import QUERIES

    return list(QUERIES)


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
