"""The clauses of a query that choose without scoring: filters (``source:``, ``date:``,
``lang:``, ``tag:``, ``author:``) and the reader's marks (``is:read``, ``is:starred``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import tantivy

from .expand import words_match
from .normalize import WORD_RE, fold
from .query import LANGUAGES, Filter, Query
from .romanize import cyrillic_to_latin
from .schema import SCHEMA

__all__ = ["Clause", "Marks", "all_of", "const", "filter_clauses", "filter_query", "flag_clauses"]

MUST, SHOULD, NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
Clause = tuple[tantivy.Occur, Any]
#: Every value a field holds in the index.
Values = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Marks:
    """The reader's marks, for ``is:read``/``is:unread``/``is:starred``: article ids."""

    read: Collection[str] = frozenset()
    starred: Collection[str] = frozenset()


def const(query: tantivy.Query, score: float) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, score)


def all_of(clauses: list[tuple[tantivy.Occur, tantivy.Query]]) -> tantivy.Query:
    if not any(occur != NOT for occur, _ in clauses):
        clauses = [(MUST, const(tantivy.Query.all_query(), 0.0)), *clauses]
    return tantivy.Query.boolean_query(clauses)


def filter_query(flt: Filter, values: Values) -> tantivy.Query:
    """The documents ``flt`` names (``values(field)``: every value the index holds there)."""
    if flt.key == "date":
        low = None if flt.start is None else flt.start.toordinal()
        high = None if flt.end is None else flt.end.toordinal()
        return tantivy.Query.range_query(
            SCHEMA, "day", tantivy.FieldType.Integer, low, high, use_inverted_index=True
        )
    value = fold(" ".join(flt.value.split()))
    if flt.key == "lang":
        return tantivy.Query.term_query(SCHEMA, "lang", LANGUAGES.get(value, value))
    if flt.key == "source":
        wanted = [value.replace(" ", "")]
        if not value.isascii():
            wanted += cyrillic_to_latin(wanted[0])
        names = [n for n in values("source") if any(w in n for w in wanted)]
        return tantivy.Query.term_set_query(SCHEMA, "source", names)
    field = "tag" if flt.key == "tag" else "author"
    words = WORD_RE.findall(value)
    names = [n for n in values(field) if words_match(words, WORD_RE.findall(n))]
    return tantivy.Query.term_set_query(SCHEMA, field, names)


def filter_clauses(filters: tuple[Filter, ...], values: Values) -> list[Clause]:
    """Required or prohibited clauses that score nothing: one filter key's values are
    alternatives (but every ``tag:``), a negated filter excludes."""
    clauses: list[Clause] = []
    groups: dict[tuple[str, bool], list[tantivy.Query]] = {}
    for flt in filters:
        groups.setdefault((flt.key, flt.negated), []).append(filter_query(flt, values))
    for (key, negated), parts in groups.items():
        if negated or key == "tag":
            clauses += [(NOT if negated else MUST, const(p, 0.0)) for p in parts]
        else:
            either = tantivy.Query.boolean_query([(SHOULD, p) for p in parts])
            clauses.append((MUST, const(either, 0.0)))
    return clauses


def flag_clauses(query: Query, marks: Marks) -> list[Clause]:
    """The clauses of the query's ``is:`` flags (``is:read``, ``-is:starred`` …)."""
    sets = {"read": marks.read, "starred": marks.starred}
    clauses: list[Clause] = []
    for flag, negated in [(f, False) for f in query.flags] + [
        (f, True) for f in query.negated_flags
    ]:
        if flag == "unread":
            flag, negated = "read", not negated
        if flag not in sets:
            continue
        ids = tantivy.Query.term_set_query(SCHEMA, "id", list(sets[flag]))
        clauses.append((NOT if negated else MUST, const(ids, 0.0)))
    return clauses
