"""Searching a tantivy index the way our readers search: the query language, expansion, ranking.

:class:`SearchIndex` wraps a tantivy index whose documents :mod:`.schema` describes. A query is
parsed (:mod:`.query`), each word expanded to the terms it matches (:mod:`.expand`), and the
whole turned into one tantivy query:

* a word is the *best* of its levels (a disjunction-max of constant scores): field weight (title
  and metadata 3, body 1) × class weight (exact 1, inflected 0.7, typo 0.2, weak typo 0.1) ×
  the word's rarity (idf), so an exact or inflected match anywhere outranks a typo anywhere;
  words and phrases are required and their scores summed;
* ``"phrases"`` are tantivy phrase queries on the folded words (positions are indexed);
* filters are required clauses that score nothing; exclusions are prohibited clauses.

Among equal scores the newer article comes first: tantivy multiplies each score by a factor just
above 1 that grows with the day (the ``recency`` field), and each page of hits is put in exact
order (score, then timeline) in Python. Hits are fetched a page at a time as they are read, so a
query that matches 100k articles costs little more than one that matches ten.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import tantivy

from .distinctive import Story, outlet_words, story_groups, word_forms
from .expand import (
    EXACT,
    INFLECTED,
    PREFIX_CAP,
    TYPO,
    TYPO_CAP,
    TYPO_WEAK,
    Expansion,
    expand,
)
from .filters import MUST, NOT, Clause, Marks, all_of, const, filter_clauses, flag_clauses
from .normalize import WORD_RE, fold, phrase_pattern
from .pages import PAGE_FIRST, fetch_page, hit_pages
from .query import Query, parse_query
from .related import Related, articles_of, find_related
from .results import Highlighter, HitList, SearchResult
from .schema import SCHEMA, document, index_fields, open_index
from .terms import TermDictionary, Vocabulary

if TYPE_CHECKING:
    from ..article import Article

__all__ = ["Marks", "SearchIndex"]

FIELD_WEIGHT = {"hi": 3.0, "lo": 1.0}
#: Class dominates field: a typo in a title (3 × 0.2) weighs less than an inflection in a body.
#: A query finding at most this many articles has its words checked for a near spelling at
#: least ``NEARBY_RATIO`` times as common (:attr:`SearchResult.nearby`).
NEARBY_BELOW, NEARBY_RATIO = 20, 20
CLASS_WEIGHT = {EXACT: 1.0, INFLECTED: 0.7, TYPO: 0.2, TYPO_WEAK: 0.1}
#: Expansions and filter values kept per index version (LRU).
CACHE_SIZE = 512

Progress = Callable[[int, int], None]
BodyOf = Callable[["Article"], Sequence[str]]


class SearchIndex:
    """A searchable set of articles: a tantivy index and a way from its keys to articles.

    ``article_of(key)`` gives the article a document's ``key`` stands for; ``body_of(article)``
    its body paragraphs, for articles held without them (for ``Hit.body_spans``). Searching is
    safe from several threads; call :meth:`reload` after the index changed on disk.
    """

    def __init__(
        self,
        index: tantivy.Index,
        article_of: Callable[[int], Article],
        body_of: BodyOf | None = None,
    ) -> None:
        self.index = index
        self._article_of = article_of
        self._body_of = body_of
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._vocabulary: Vocabulary | None = None
        #: Words told by :meth:`learn` while :meth:`prepare` reads the index.
        self._learned: Counter[str] = Counter()
        self._preparing = False
        self.reload()

    # ----------------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        progress: Progress | None = None,
        *,
        body_loader: BodyOf | None = None,
    ) -> SearchIndex:
        """An index in memory of ``articles``; a hit's ``index`` is its position in them."""
        arts = tuple(articles)
        index = open_index(None)
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        for number, article in enumerate(arts):
            body = body_loader(article) if body_loader is not None else None
            writer.add_document(document(number, index_fields(article, body)))
            if progress is not None and (number + 1) % 1000 == 0:
                progress(number + 1, len(arts))
        writer.commit()
        writer.wait_merging_threads()
        if progress is not None:
            progress(len(arts), len(arts))
        return cls(index, arts.__getitem__, body_loader)

    def reload(self) -> None:
        """See the index as last committed (drops the caches). The vocabulary, if made, is
        kept until :meth:`prepare` makes it again (it lacks only the newest words)."""
        self.index.reload()
        searcher = self.index.searcher()
        with self._lock:
            self._searcher = searcher
            self._words = TermDictionary(searcher, self._vocabulary)
            self._cache.clear()

    @property
    def learns(self) -> bool:
        """Whether :meth:`learn` is worth calling: the vocabulary is made (or being made)."""
        return self._vocabulary is not None or self._preparing

    def learn(self, words: Mapping[str, int]) -> None:
        """Take the words of documents just added (:func:`.terms.document_words`, after the
        :meth:`reload` that shows them) into the vocabulary: their prefixes and near
        spellings find them without waiting for the next :meth:`prepare`."""
        if not words:
            return
        with self._lock:
            if self._preparing:
                self._learned.update(words)
            vocabulary = self._vocabulary
        if vocabulary is None:
            return
        grown = vocabulary.with_words(words)  # ~0.1 s for a burst: searches go on meanwhile
        with self._lock:
            if self._vocabulary is vocabulary:  # else made again since, with these words
                self._vocabulary = grown
                self._words = TermDictionary(self._searcher, grown)
                self._cache.clear()

    def prepare(self) -> None:
        """Make the vocabulary of the index as it is now (seconds at 100k articles: call it in
        the background); searches as you type need it to stay within a few milliseconds."""
        with self._lock:
            searcher = self._searcher
            self._learned.clear()  # in ``searcher`` already
            self._preparing = True
        try:
            vocabulary = Vocabulary.build(searcher, PREFIX_CAP)
        except BaseException:
            self._preparing = False
            raise
        with self._lock:
            self._preparing = False
            if self._learned:  # documents added while the index was read
                vocabulary = vocabulary.with_words(self._learned)
                self._learned.clear()
            self._vocabulary = vocabulary
            self._words = TermDictionary(self._searcher, vocabulary)
            self._cache.clear()

    def __len__(self) -> int:
        return self._searcher.num_docs

    # ----------------------------------------------------------------------- helpers
    def _cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def _expansion(self, raw: str, typos: bool | None = None) -> Expansion:
        term = fold(raw)
        words = self._words
        return self._cached(("word", term, typos), lambda: expand(term, words, typos))

    def _idf(self, df: int) -> float:
        return math.log1p(max(len(self), 1) / max(df, 1))

    def _word_query(self, word: Expansion, phrase: tuple[str, ...] = ()) -> tantivy.Query | None:
        """The best of the word's levels (and of ``phrase``, its parts as words in a row)."""
        idf = self._idf(word.df)
        levels = [self._phrase_query(phrase)] if phrase else []
        for cls in (EXACT, INFLECTED, TYPO, TYPO_WEAK):
            terms = word.terms(cls)
            if not terms:
                continue
            for field in ("hi", "lo"):
                query = tantivy.Query.term_set_query(SCHEMA, field, terms)
                levels.append(const(query, FIELD_WEIGHT[field] * CLASS_WEIGHT[cls] * idf))
        for form, edits in word.fuzzy:
            for field in ("hi", "lo"):
                query = tantivy.Query.fuzzy_term_query(SCHEMA, field, form, distance=edits)
                levels.append(const(query, FIELD_WEIGHT[field] * CLASS_WEIGHT[TYPO_WEAK] * idf))
        if not levels:
            return None
        return tantivy.Query.disjunction_max_query(levels)

    def _phrase_query(self, terms: tuple[str, ...]) -> tantivy.Query:
        idf = self._idf(min((self._words.df(t) for t in terms), default=1))
        parts = []
        for field in ("hi", "lo"):
            if len(terms) == 1:
                query = tantivy.Query.term_query(SCHEMA, field, terms[0])
            else:
                query = tantivy.Query.phrase_query(SCHEMA, field, list(terms))
            parts.append(const(query, FIELD_WEIGHT[field] * idf))
        return tantivy.Query.disjunction_max_query(parts)

    def _values(self, field: str) -> list[str]:
        """Every value a filter field holds."""
        searcher = self._searcher
        return self._cached(
            ("values", field), lambda: [t for t, _ in searcher.terms_with_prefix(field, "")]
        )

    # ----------------------------------------------------------------------- search
    def search(
        self,
        query: str | Query,
        order: str = "rank",
        marks: Marks | None = None,
        index_of: Callable[[int], int] | None = None,
        article_of: Callable[[int], Article] | None = None,
    ) -> SearchResult:
        """Find the articles matching ``query`` (text in the query language, or parsed).

        ``order="rank"``: best first, ties newest first; ``order="timeline"``: newest first.
        ``marks`` applies ``is:`` flags. A hit's ``index`` is its key, or ``index_of(key)`` if
        given.
        """
        if order not in ("rank", "timeline"):
            raise ValueError(f"order must be 'rank' or 'timeline', not {order!r}")
        parsed = parse_query(query) if isinstance(query, str) else query
        searcher = self._searcher
        clauses = filter_clauses(parsed.filters, self._values)
        if marks is not None:
            clauses += flag_clauses(parsed, marks)
        text, highlighter, nothing = self._text_clauses(parsed)
        full = tantivy.Query.empty_query() if nothing else all_of(clauses + text)
        ranked = parsed.has_terms and order == "rank"
        first = fetch_page(searcher, full, ranked, 0, PAGE_FIRST, count=True)
        total = first.count or 0
        pages = hit_pages(searcher, full, ranked, parsed.has_terms, first.hits)
        article_of = article_of or self._article_of
        hits = HitList(total, pages, article_of, highlighter, self._body_of, index_of)
        nearby = self._nearby(parsed) if total <= NEARBY_BELOW and not nothing else ()
        return SearchResult(hits, len(self), parsed, "rank" if ranked else order, nearby=nearby)

    def _text_clauses(self, parsed: Query) -> tuple[list[Clause], Highlighter, bool]:
        """The clauses of the query's words and phrases, what to highlight in the hits, and
        whether a word matches nothing (then the query finds nothing)."""
        clauses: list[Clause] = []
        found_terms: set[str] = set()
        fuzzy: list[tuple[str, int]] = []
        nothing = False
        phrases = [tuple(fold(t) for t in raw) for raw in parsed.phrases]
        spans_of = list(phrases)
        for raw in parsed.words:
            word = self._expansion(raw, True if raw in parsed.typo_words else None)
            parts = _apostrophe_parts(raw)
            word_query = self._word_query(word, parts)
            if word_query is None:
                nothing = True
                break
            clauses.append((MUST, word_query))
            found_terms.update(word.classes)
            fuzzy += word.fuzzy
            if parts:
                spans_of.append(parts)
        for raw in parsed.excluded_words:
            excluded = self._word_query(self._expansion(raw, False), _apostrophe_parts(raw))
            if excluded is not None:
                clauses.append((NOT, excluded))
        clauses += [(MUST, self._phrase_query(terms)) for terms in phrases]
        for raw in parsed.excluded_phrases:
            clauses.append((NOT, self._phrase_query(tuple(fold(t) for t in raw))))
        highlighter = Highlighter(
            frozenset(found_terms), tuple(phrase_pattern(t) for t in spans_of), tuple(fuzzy)
        )
        return clauses, highlighter, nothing

    def related(
        self, article: Article, limit: int = 50, body: Sequence[str] | None = None
    ) -> list[Related]:
        """The other coverage of ``article``'s story, closest first (:mod:`.related`); not the
        article itself nor a copy of it. ``body``: its paragraphs, if held without them."""
        if body is None and not article.body and self._body_of is not None:
            body = self._body_of(article)
        story, words, searcher = Story.of(article, body), self._words, self._searcher

        def forms(term: str) -> tuple[tuple[str, ...], int]:
            return self._cached(("forms", term), lambda: word_forms(term, words))

        outlets = self._cached(("outlets",), lambda: outlet_words(self._values("source")))
        groups = story_groups(story, words, forms, outlets)
        found = find_related(searcher, story, groups, self._values("lang"), limit + 8)
        return articles_of(article, found, self._article_of)[:limit]

    def _nearby(self, parsed: Query) -> tuple[str, ...]:
        """Words of a query that finds little which have a far commoner near spelling: a
        misspelling the corpus holds too (``тоакев`` beside ``токаев``)."""
        nearby = []
        for raw in parsed.words:
            if raw in parsed.typo_words:
                continue
            plain = self._expansion(raw)
            if not plain.classes or any(cls >= TYPO for cls in plain.classes.values()):
                continue  # not found as typed: its typos are searched already
            wide = self._expansion(raw, True)
            typos = [term for term, cls in wide.classes.items() if cls >= TYPO]
            best = max((self._words.df(term) for term in typos[:TYPO_CAP]), default=0)
            if best >= NEARBY_RATIO * max(plain.df, 1):
                nearby.append(f"{raw}~")
        return tuple(nearby)


def _apostrophe_parts(raw: str) -> tuple[str, ...]:
    """The words of a Latin query word with apostrophes: it may be Kazakh Latin (``s'ahar``) or
    ``O'Brien``, so it also matches its parts in a row."""
    return tuple(fold(part) for part in WORD_RE.findall(raw)) if "'" in raw else ()
