"""Other coverage of an article's story: the articles about the same event, found in the index.

An article's distinctive words (:mod:`.distinctive`: names, places, numbers, rarer words, each
with its inflections in either language) make one tantivy query, each group of forms a constant
weight (a long article does not win by repeating a word); the article itself and its exact
copies (the same ``id``) are left out. Each language is searched apart, so that a Kazakh version
is not crowded out by Russian articles that share a few common words. Then:

* a document is related when it holds at least :data:`MIN_SHARED` groups worth at least
  :data:`MIN_SHARE` of the article's own weight, times a factor for the distance in days (an
  event is covered within days; the same words ten years apart are another story; an undated
  article gets :data:`UNDATED`);
* in the other language, of the weight its documents can hold at all (names and loanwords
  cross, most words do not; never less than :data:`REACH_FLOOR` of the whole), and one of the
  groups it holds must be a name or a number: common words alone meet across languages by
  chance (``билеты``/``билеттер``);
* its score, to rank by, is halfway between that share and the share of all the article's
  words: an article in the same language can share more, and what it shares says more.

Few or none rather than noise: a list is empty when nothing is close. The caller takes the best
``limit`` and shows them newest first (:func:`newest_first`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tantivy

from ..article import timeline_rank
from .distinctive import Group, Story
from .normalize import fold
from .schema import SCHEMA

if TYPE_CHECKING:
    from ..article import Article

__all__ = [
    "MIN_SHARE",
    "MIN_SHARED",
    "Related",
    "RelatedHit",
    "articles_of",
    "find_related",
    "is_copy",
    "newest_first",
]

#: A related article holds at least this many of the groups …
MIN_SHARED = 2
#: … worth at least this share of the article's own weight (after the distance in days).
MIN_SHARE = 0.15
#: Articles this many days apart or fewer are equally close; beyond, the score is multiplied by
#: ``DAYS_HALF / (DAYS_HALF + extra days)`` (halved a month further on, a tenth a year on).
DAYS_SAME, DAYS_HALF = 3, 30
#: The factor when either article is undated (the words alone must say more).
UNDATED = 0.8
#: Documents of each language looked at (at least; more if more are asked for).
MIN_CANDIDATES = 32
#: A document in another language than the article's is weighed against the article's words
#: that documents in its language hold, or this share of all of them if that is more.
REACH_FLOOR = 0.35


@dataclass(frozen=True, slots=True)
class RelatedHit:
    """One document about the same story."""

    key: int
    #: How close: 0–1, the share of the article's weight it holds (see the module), times the
    #: factor for the distance in days.
    score: float
    #: The article's words it holds (one per group, as the article spells them, folded).
    shared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Related:
    """An article about the same story, for the reader: ``article`` (date, outlet and language
    on it), ``score`` and ``shared`` as in :class:`RelatedHit`."""

    article: Article
    score: float
    shared: tuple[str, ...]


def newest_first(found: Iterable[Related]) -> list[Related]:
    """``found`` in timeline order: newest first, undated last."""
    return sorted(found, key=lambda item: (timeline_rank(item.article), item.article.path))


def is_copy(article: Article, other: Article) -> bool:
    """Whether ``other`` is ``article`` again: the same text (id), or the same outlet's page
    with the same title (saved twice, the scraper's date line apart)."""
    if other.id == article.id:
        return True
    folded = fold.__wrapped__  # not cached: titles are not words
    return (
        bool(article.source)
        and folded(other.source or "") == folded(article.source or "")
        and folded(other.title) == folded(article.title)
    )


def articles_of(
    article: Article, found: Iterable[RelatedHit], article_of: Callable[[int], Article]
) -> list[Related]:
    """The articles of ``found``, but copies of ``article`` and those no longer there."""
    kept = []
    for hit in found:
        try:
            other = article_of(hit.key)
        except KeyError:  # removed since the search
            continue
        if not is_copy(article, other):
            kept.append(Related(other, hit.score, hit.shared))
    return kept


_Q, _SHOULD, _MUST, _NOT = (
    tantivy.Query,
    tantivy.Occur.Should,
    tantivy.Occur.Must,
    tantivy.Occur.MustNot,
)


def _any_of(queries: Iterable[tantivy.Query]) -> tantivy.Query:
    # A boolean of term queries: a term-set query costs ~0.2 ms more each (an automaton is made).
    return _Q.boolean_query([(_SHOULD, query) for query in queries])


def _group_query(group: Group) -> tantivy.Query:
    terms = [
        _Q.term_query(SCHEMA, field, form) for form in sorted(group.forms) for field in ("hi", "lo")
    ]
    return _Q.const_score_query(_any_of(terms), group.weight)


def _day_factor(day: int | None, other: int | None) -> float:
    if day is None or other is None or other < 0:
        return UNDATED
    extra = abs(day - other) - DAYS_SAME
    return 1.0 if extra <= 0 else DAYS_HALF / (DAYS_HALF + extra)


@dataclass(slots=True)
class _Candidate:
    key: int
    lang: str
    score: float
    day: int | None
    shared: tuple[int, ...] = ()


def find_related(
    searcher: tantivy.Searcher,
    story: Story,
    groups: Sequence[Group],
    languages: Iterable[str],
    limit: int,
) -> list[RelatedHit]:
    """The documents about ``story`` (``groups``: from :func:`story_groups`), best first, at
    most ``limit``; each of ``languages`` (the index's ``lang`` values) is searched apart."""
    if not groups or limit <= 0:
        return []
    queries = [_group_query(group) for group in groups]
    query = _any_of(queries)
    names = [query for group, query in zip(groups, queries, strict=True) if group.name]
    # In another language only documents holding a name or a number can be related (below):
    # requiring one makes tantivy walk the names' postings, not every group's.
    crossing = None
    if names:
        must = _Q.const_score_query(_any_of(names), 0.0)
        crossing = _Q.boolean_query([(_MUST, must), *((_SHOULD, part) for part in queries)])
    candidates: list[_Candidate] = []
    wanted = max(limit, MIN_CANDIDATES)
    for lang in languages:
        if lang == story.lang:
            candidates += _candidates(searcher, query, story.id, lang, wanted)
        elif crossing is not None:
            candidates += _candidates(searcher, crossing, story.id, lang, wanted)
    own = sum(group.weight for group in groups)
    # Those that cannot reach the share whatever they hold are not looked at further.
    candidates = [
        candidate
        for candidate in candidates
        if candidate.score >= MIN_SHARE * own * (1 if candidate.lang == story.lang else REACH_FLOOR)
    ]
    if not candidates:
        return []
    _find_shared(searcher, queries, candidates)
    reach: dict[str, set[int]] = {}  # the groups each language's candidates hold
    for candidate in candidates:
        reach.setdefault(candidate.lang, set()).update(candidate.shared)
    found = []
    for candidate in candidates:
        if len(candidate.shared) < MIN_SHARED:
            continue
        if candidate.lang != story.lang and not any(groups[i].name for i in candidate.shared):
            continue  # across languages, common words alone meet by chance
        # The other language can hold only some of the article's words: its documents are
        # weighed against those (never less than a share of the whole).
        reachable = sum(groups[i].weight for i in reach[candidate.lang])
        whole = max(reachable, REACH_FLOOR * own) if candidate.lang != story.lang else own
        factor = _day_factor(story.day, candidate.day)
        if candidate.score / whole * factor >= MIN_SHARE:
            # Ranked halfway between that share and the share of all the article's words: in
            # the same language, more of them can be shared, and are stronger evidence.
            share = (candidate.score / whole + candidate.score / own) / 2 * factor
            words = tuple(groups[i].word for i in candidate.shared)
            found.append(RelatedHit(candidate.key, round(min(share, 1.0), 4), words))
    found.sort(key=lambda hit: (-hit.score, hit.key))
    return found[:limit]


def _candidates(
    searcher: tantivy.Searcher, query: tantivy.Query, story_id: str, lang: str, wanted: int
) -> list[_Candidate]:
    """The best ``wanted`` documents in ``lang`` for ``query``, but the story's own."""
    in_lang = _Q.const_score_query(_Q.term_query(SCHEMA, "lang", lang), 0.0)
    same = _Q.term_query(SCHEMA, "id", story_id)
    full = _Q.boolean_query([(_MUST, query), (_MUST, in_lang), (_NOT, same)])
    hits = searcher.search(full, limit=wanted, count=False).hits
    addresses = [address for _, address in hits]
    keys = searcher.fast_field_values("key", addresses)
    days = searcher.fast_field_values("day", addresses)
    return [
        _Candidate(key, lang, score, day)  # type: ignore[arg-type]
        for (score, _), key, day in zip(hits, keys, days, strict=True)
        if key is not None
    ]


def _find_shared(
    searcher: tantivy.Searcher, queries: Sequence[tantivy.Query], candidates: list[_Candidate]
) -> None:
    """Which groups each candidate holds (one small query per group, on the candidates)."""
    by_key = {candidate.key: candidate for candidate in candidates}
    among = _Q.const_score_query(_any_of(_Q.term_query(SCHEMA, "key", key) for key in by_key), 0.0)
    held: dict[int, list[int]] = {key: [] for key in by_key}
    for number, query in enumerate(queries):
        both = _Q.boolean_query([(_MUST, query), (_MUST, among)])
        hits = searcher.search(both, limit=len(by_key), count=False).hits
        for key in searcher.fast_field_values("key", [address for _, address in hits]):
            held[key].append(number)  # type: ignore[index]
    for key, numbers in held.items():
        by_key[key].shared = tuple(numbers)
