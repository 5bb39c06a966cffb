"""The benchmark queries, and how to type them and hand them to fzf.

Both benches (``python -m bench`` and ``bench/search_bench.py``) report on these queries. Each
is typed one character at a time: every prefix is a keystroke and a search.
"""

from __future__ import annotations

import re

#: (kind, query): one or more of each kind of query the reader is meant to answer.
QUERIES: list[tuple[str, str]] = [
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

#: One query of each main kind: the headless TUI types only these (unless asked for all), and
#: fzf is timed on these first (it rereads the whole corpus per query).
FZF_FIRST = ["токаев", "президент казахстана", "source:zakon иран", "тоакев", "khamenei"]

#: The word the command-line figures search for (``newsreader --search`` and ``rg -c -i``).
CLI_QUERY = "токаев"


def benchmark_queries() -> list[tuple[str, str]]:
    """The shared query list, as (kind, query)."""
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
