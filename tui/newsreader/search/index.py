"""The search index: built once per corpus, queried on every keystroke.

Layout (arrays, dicts, strings and ints only, so it pickles to a disk cache as it is):

* documents are numbered in timeline order (newest first, undated last), so a date range is a
  contiguous run of numbers and, among equal scores, lower numbers are newer; ``order`` maps
  them back to positions in the sequence given to :meth:`SearchIndex.build`;
* ``vocab``: every distinct term (see :mod:`.normalize`), sorted, so that a prefix is a range
  found by bisection; ``endings``: the same terms spelt backwards, sorted (a suffix is a
  range); ``hi``/``lo``: for each term, the documents whose title and metadata (source, author,
  rubric, tags) / body, captions and page furniture hold it (:mod:`.store`);
* ``grams[length][bigram]``: the terms (of 7+ letters) holding a bigram, for the typo search;
* outlets, languages, tags and authors with their documents; the date of every document.

Building (:meth:`SearchIndex.build`) tokenises a large corpus in worker processes
(:mod:`.build`); at 100k articles (~600 MB of text) it takes ~27 s on two cores, ~50 s on one.
:meth:`SearchIndex.save` writes the index to one file and :meth:`SearchIndex.load` reads it back
for the same articles in ~0.2 s (:mod:`.saved`), even for articles held without their bodies:
searching needs none, except to check a ``"phrase"`` and for ``Hit.body_spans``, which read a
body through the ``body_loader`` given.

A query word is *expanded* to the terms it matches, each with a class: exact; inflected (a
prefix completion, or the word's stem plus valid endings, :mod:`.stem`); typo (1 edit from 5
letters, 2 from 9, a swap of neighbours counting as one: rapidfuzz's OSA distance). Typo
candidates come from splitting the word into parts one of which must survive intact (a
vocabulary prefix range, a suffix range, or for two edits a run of letters found through
bigrams), then checked in C; the nearest terms to a misspelling are mostly other misspellings,
so neighbours are ranked by distance and document frequency and the best kept. Expansions are
cached (LRU): the UI re-runs the query on each keystroke and only the last word changes.

Each word gives one bitset per (field, class) level. Results are ranked by summing over the
query's words the word's rarity (idf) times the weight of its best level in the document — on
whole bitsets, one per distinct score — and hits are made only as they are read.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import heapq
import math
import os
import pickle
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import saved
from .build import GRAM_MAX, GRAM_MIN, Lists, body_text, own_body
from .build import BodyOf as BodyLoader
from .docsets import Postings, bits_of, docs_of, span, union
from .normalize import (
    WORD_RE,
    cyrillic_to_latin,
    fold,
    is_latin,
    latin_variants,
    phrase_matches,
    phrase_pattern,
)
from .query import Filter, Query, parse_query
from .results import Highlighter, HitList, SearchResult
from .stem import MAX_TAIL, MIN_STEM, is_inflection, stem_candidates
from .store import DENSE, Vocabulary, partition

if TYPE_CHECKING:
    from ..article import Article

__all__ = ["INDEX_VERSION", "SearchIndex"]

#: The version of the index's layout and meaning: saved indexes of another version are ignored.
#: Bump whenever what :meth:`SearchIndex.build` makes changes.
INDEX_VERSION = 1
#: What a saved index holds (its state without the articles).
_STATE = frozenset(
    {
        "size", "order", "dates", "sources", "langs", "authors", "tags", "lo", "hi", "df",
        "vocab", "top_prefix", "grams", "endings", "ending_ids",
    }
)  # fmt: skip

# --- Tunables ----------------------------------------------------------------------------
#: Field weights: title and metadata (``HI``) above body (``LO``).
HI, LO = 0, 1
FIELD_WEIGHT = (3.0, 1.0)
#: Match classes and their weights: exact above inflected (or prefix) above typo.
EXACT, INFLECTED, TYPO, TYPO_WEAK = 0, 1, 2, 3
CLASS_WEIGHT = (1.0, 0.7, 0.45, 0.25)
#: At most this many completions of a prefix are searched (the most frequent ones).
PREFIX_CAP = 96
#: At most this many typo neighbours per query word (ranked by similarity and frequency).
TYPO_CAP = 24
#: Typo neighbours whose inflections are added too.
TYPO_INFLECT = 6
#: At most this many Cyrillic spellings of a Latin query word are searched (those in the corpus).
LATIN_FORMS = 4
#: The shortest query word that tolerates a typo; from ``TYPO_TWO`` letters on, two.
TYPO_ONE, TYPO_TWO = 5, 9
#: Stem ranges longer than this are not scanned for inflections (a 4-letter stem of a very
#: common root; its prefix completions already cover it).
STEM_SCAN_CAP = 4000
#: Query-word expansions and filter results kept (LRU).
CACHE_SIZE = 512
#: The most distinct scores kept while ranking (scores are coarsened beyond).
MAX_GROUPS = 256
_END = "\U0010ffff"
_UNSEEN: Any = object()
_UNDATED = 1 << 30

Progress = Callable[[int, int], None]

_LANG_ALIASES = {
    "ru": "ru",
    "rus": "ru",
    "russian": "ru",
    "ру": "ru",
    "рус": "ru",
    "русский": "ru",
    "орыс": "ru",
    "kk": "kk",
    "kz": "kk",
    "kaz": "kk",
    "kazakh": "kk",
    "қаз": "kk",
    "каз": "kk",
    "казахский": "kk",
    "қазақ": "kk",
    "казак": "kk",
    "кк": "kk",
}


@dataclass(frozen=True, slots=True)
class _Word:
    """A query word resolved against the index."""

    #: (weight, documents) from the best level down; a document is in one level only.
    levels: tuple[tuple[float, int], ...]
    #: Every document the word matches.
    docs: int
    #: The terms it matched (for highlighting).
    terms: frozenset[str]

    @property
    def count(self) -> int:
        return self.docs.bit_count()


def _compacted(index: SearchIndex) -> SearchIndex:
    """The same index with its parts copied into fresh memory, and the build's leftovers freed.

    Building allocates and frees millions of small objects (tokens, terms, counters). The few
    thousand small objects the index keeps end up scattered among them and pin the allocator's
    arenas when the rest is freed: the process would keep about twice the index's own size.
    Copying each part through pickle, one at a time (the peak grows by the largest part only),
    packs them together and lets the emptied arenas go back to the system.
    """
    state = index.__dict__
    for name in list(state):
        if name in ("articles", "_body_loader"):
            continue
        blob = pickle.dumps(state[name], protocol=pickle.HIGHEST_PROTOCOL)
        state[name] = None
        state[name] = pickle.loads(blob)
        del blob
    index._init_transient()
    try:  # glibc keeps freed heap pages unless asked
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return index


def _prefix_ranges(vocab: list[str], length: int) -> Iterator[tuple[str, int, int]]:
    """Each distinct ``length``-letter prefix of the sorted ``vocab`` and its range."""
    position, count = 0, len(vocab)
    while position < count:
        prefix = vocab[position][:length]
        if len(prefix) < length:
            position += 1
            continue
        stop = bisect.bisect_left(vocab, prefix + _END, position)
        yield prefix, position, stop
        position = stop


def _by_value(
    size: int, written: list[str], ids: array, docs: Iterable[int], clean: Callable[[str], str]
) -> dict[str, Postings]:
    """Documents by cleaned value (``written[ids[i]]`` is document ``docs[i]``'s value)."""
    grouped: dict[str, list[int]] = {}
    group_of: dict[int, list[int] | None] = {}  # value → its group (each value cleaned once)
    for doc, value in zip(docs, ids, strict=True):
        group = group_of.get(value, _UNSEEN)
        if group is _UNSEEN:
            name = written[value]
            group = group_of[value] = grouped.setdefault(clean(name), []) if name else None
        if group is not None:
            group.append(doc)
    return {name: _compact(group, size) for name, group in grouped.items()}


def _compact(docs: list[int], size: int) -> Postings:
    return bits_of(docs, size) if len(docs) * DENSE > size else array("I", docs)


class SearchIndex:
    """A searchable corpus. Build with :meth:`build`; query with :meth:`search`.

    :meth:`search` may be called from several threads at once: the index is read-only after
    building and its caches are locked.
    """

    # ----------------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        progress: Progress | None = None,
        *,
        body_loader: BodyLoader | None = None,
    ) -> SearchIndex:
        """Index ``articles``. ``progress(done, total)`` is called as articles are indexed.

        ``body_loader(article)``, if given, returns an article's body paragraphs (for articles
        held without their bodies); it is kept for phrase checks and ``Hit.body_spans``.
        Large corpora are tokenised in worker processes (:mod:`.build`).
        """
        arts = tuple(articles)
        size = len(arts)
        # Building makes millions of objects and no cycles: without the collector's passes
        # over everything alive (the corpus included), the parent's share takes half the time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            index = _compacted(cls._build(arts, progress, body_loader))
        finally:
            if enabled:
                gc.enable()
        if progress is not None:
            progress(size, size)
        return index

    @classmethod
    def _build(
        cls, arts: tuple[Article, ...], progress: Progress | None, body_loader: BodyLoader | None
    ) -> SearchIndex:
        size = len(arts)
        order = array("I", sorted(range(size), key=lambda i: (arts[i].timeline_key(), i)))
        index = cls.__new__(cls)
        index.articles = arts
        index.size = size
        index.order = None if order == array("I", range(size)) else order
        index._body_loader = body_loader
        bounds = partition(size)
        lists = Lists(
            arts,
            index.order,
            bounds,
            progress,
            body_loader or own_body,
            meanwhile=index._index_metadata,  # while workers tokenise
        )
        try:
            index.lo, index.hi = lists.stores()  # while workers make the tables
            index.df = array("I", map(add, index.lo.counts(), index.hi.counts()))
            index.vocab = Vocabulary(lists.vocab)
            index._index_prefixes(lists.vocab)
            index.grams, backwards, index.ending_ids = lists.tables()
        finally:
            lists.close()
        # The vocabulary spelt backwards, sorted, for the suffix lookups of the typo search.
        index.endings = Vocabulary(backwards)
        return index

    def _index_metadata(self) -> None:
        """Outlets, languages, authors and tags with their documents; every document's date."""
        # Per-document values are kept as numbers, keyed by the articles' own strings, and
        # folded once per distinct value.
        size, arts, order = self.size, self.articles, self.order
        values: dict[str, int] = {}  # a source, language, tag or author as written → number
        value_id = values.setdefault
        sources, langs, authors = array("I"), array("I"), array("I")
        tag_docs, tag_ids = array("I"), array("I")
        dates = array("i")
        for doc in range(size):
            art = arts[doc if order is None else order[doc]]
            sources.append(value_id(art.source or "", len(values)))
            langs.append(value_id(art.lang or "", len(values)))
            authors.append(value_id(art.author or "", len(values)))
            for tag in art.tags:
                tag_docs.append(doc)
                tag_ids.append(value_id(tag, len(values)))
            dates.append(-art.published.date.toordinal() if art.published else _UNDATED)
        self.dates = dates
        written = list(values)
        plain_fold = fold.__wrapped__
        self.sources = _by_value(size, written, sources, range(size), plain_fold)
        self.langs = _by_value(size, written, langs, range(size), str.casefold)
        self.authors = _by_value(
            size, written, authors, range(size), lambda a: plain_fold(" ".join(a.split()))
        )
        self.tags = _by_value(
            size, written, tag_ids, tag_docs, lambda t: plain_fold(t.strip().lstrip("#"))
        )

    def _index_prefixes(self, vocab: list[str]) -> None:
        """The most frequent completions of very short prefixes, which have huge ranges."""
        self.top_prefix = {}
        for length, cap in ((1, PREFIX_CAP), (2, 8 * PREFIX_CAP)):
            for prefix, start, stop in _prefix_ranges(vocab, length):
                if stop - start > cap:
                    self.top_prefix[prefix] = self._top(start, stop)

    # ----------------------------------------------------------------------- on disk
    @staticmethod
    def fingerprint(articles: Sequence[Article], salt: str = "") -> str:
        """A digest of the corpus an index is for: the articles' ids in order, the index version
        and ``salt`` (pass the parser version: a new parser may read the same text otherwise).

        32 hex digits; ~15 ms at 100k articles. Article ids hash the articles' text, so a
        changed, added, removed or reordered article changes it.
        """
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{INDEX_VERSION}\0{len(articles)}\0{salt}\0".encode())
        digest.update("\x1f".join([article.id for article in articles]).encode("utf-8", "replace"))
        return digest.hexdigest()

    def save(self, path: str | os.PathLike[str], *, salt: str = "") -> None:
        """Write the index to ``path`` (atomically: a temporary file, then ``os.replace``).

        The articles are not saved, only the fingerprint of their ids (see :meth:`load`).
        Raises ``OSError`` when the file cannot be written. ~0.4 s and ~150 MB at 100k articles.
        """
        state = self.__getstate__()
        state.pop("articles", None)
        saved.write(path, state, INDEX_VERSION, self.fingerprint(self.articles, salt))

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        articles: Sequence[Article],
        body_loader: BodyLoader | None = None,
        *,
        salt: str = "",
    ) -> SearchIndex | None:
        """The index saved at ``path`` for exactly these ``articles`` (the same articles in the
        same order as given to :meth:`build`), or ``None`` if the file is missing, damaged, from
        another version, or for another corpus (:meth:`fingerprint`). Never raises.

        The articles may be held without their bodies (headers from the parse cache): searching
        needs none, except for ``"phrase"`` checks and ``Hit.body_spans``, which read an
        article's body paragraphs through ``body_loader(article)`` when it is given (else
        ``article.body``); it should return ``()`` for a body it cannot find.
        """
        try:
            arts = tuple(articles)
            state = saved.read(path, INDEX_VERSION, cls.fingerprint(arts, salt))
            if state is None or state.get("size") != len(arts) or set(state) != _STATE:
                return None
            index = cls.__new__(cls)
            index.__dict__.update(state)
            index.articles = arts
            index._body_loader = body_loader
            index._init_transient()
            return index
        except Exception:
            return None

    def _init_transient(self) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._all = span(0, self.size)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle support: the index without its caches, lock and body loader."""
        state = dict(self.__dict__)
        for name in ("_lock", "_cache", "_all", "_body_loader"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._body_loader = None
        self._init_transient()

    def __len__(self) -> int:
        return self.size

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

    def _range(self, prefix: str) -> tuple[int, int]:
        """The ``vocab`` positions of the terms starting with ``prefix``."""
        vocab = self.vocab
        start = bisect.bisect_left(vocab, prefix)
        return start, bisect.bisect_left(vocab, prefix + _END, start)

    def _top(self, start: int, stop: int) -> array:
        """The ``PREFIX_CAP`` most frequent terms in ``vocab[start:stop]``."""
        return array("I", heapq.nlargest(PREFIX_CAP, range(start, stop), key=self.df.__getitem__))

    def _lookup(self, term: str) -> int | None:
        vocab = self.vocab
        i = bisect.bisect_left(vocab, term)
        return i if i < len(vocab) and vocab[i] == term else None

    def _completions(self, prefix: str) -> Sequence[int]:
        """Terms starting with ``prefix`` (the most frequent ``PREFIX_CAP`` if more)."""
        top = self.top_prefix.get(prefix)
        if top is not None:
            return top
        start, stop = self._range(prefix)
        if stop - start <= PREFIX_CAP:
            return range(start, stop)
        return self._top(start, stop)

    def _inflections(self, term: str) -> list[int]:
        """Terms that are a stem of ``term`` plus valid endings (``ирана`` → ``иранды`` …)."""
        return self._cached(("inflections", term), lambda: self._find_inflections(term))

    def _find_inflections(self, term: str) -> list[int]:
        vocab = self.vocab
        found = []
        for stem in stem_candidates(term):
            start, stop = self._range(stem)
            if stop - start > STEM_SCAN_CAP:
                continue
            cut = len(stem)
            limit = cut + MAX_TAIL
            for tid, word in zip(range(start, stop), vocab[start:stop], strict=True):
                if len(word) <= limit and (len(word) == cut or is_inflection(word[cut:])):
                    found.append(tid)
        return found

    def _typos(self, term: str) -> list[tuple[int, int]]:
        """(term id, distance) of the terms within the typo budget of ``term``."""
        length = len(term)
        budget = 2 if length >= TYPO_TWO else 1
        # Cut the word into budget + 1 parts with one letter left out between neighbours: an
        # edit (a swap of neighbours included) then damages at most one part, so one part
        # survives intact. The first part is then a prefix of the term (a range of the sorted
        # vocabulary), the last a suffix (a range of the vocabulary sorted backwards), a middle
        # one a run of letters (the terms holding its two rarest bigrams). Candidates are then
        # checked with the OSA distance, in C.
        if budget == 1:
            cut = (length - 1) // 2
            first, last, middle = term[:cut], term[cut + 1 :], ""
        else:
            side = max(2, (length - 5) // 3)
            first, last = term[:side], term[length - side :]
            middle = term[side + 1 : length - side - 1]
        found: dict[int, int] = {}
        extract = process.extract
        start, stop = self._range(first)
        for _, d, i in extract(
            term, self.vocab[start:stop], scorer=OSA.distance, score_cutoff=budget, limit=None
        ):
            found[start + i] = d
        backwards = last[::-1]
        start = bisect.bisect_left(self.endings, backwards)
        stop = bisect.bisect_left(self.endings, backwards + _END, start)
        ending_ids = self.ending_ids
        for _, d, i in extract(
            term[::-1],
            self.endings[start:stop],
            scorer=OSA.distance,
            score_cutoff=budget,
            limit=None,
        ):
            found[ending_ids[start + i]] = d
        if middle:
            found.update(self._typos_around(term, middle, budget))
        found.pop(self._lookup(term), None)
        return [(tid, d) for tid, d in found.items() if d]

    def _typos_around(self, term: str, middle: str, budget: int) -> dict[int, int]:
        """Typo neighbours of ``term`` that keep its ``middle`` letters."""
        length = len(term)
        lengths = range(max(GRAM_MIN, length - budget), min(GRAM_MAX, length + budget) + 1)
        lists = []
        for gram in {middle[i : i + 2] for i in range(len(middle) - 1)}:
            postings = [
                posting
                for other in lengths
                if (table := self.grams.get(other)) and (posting := table.get(gram))
            ]
            lists.append((sum(map(len, postings)), postings))
        lists.sort(key=lambda item: item[0])
        holding = set(chain.from_iterable(lists[0][1]))
        if len(lists) > 1:
            holding.intersection_update(chain.from_iterable(lists[1][1]))
        tids = sorted(holding)
        words = self.vocab.take(tids)
        return {
            tids[i]: d
            for _, d, i in process.extract(
                term, words, scorer=OSA.distance, score_cutoff=budget, limit=None
            )
        }

    # ----------------------------------------------------------------------- words
    def _word(self, raw: str, typos: bool = True) -> _Word:
        term = fold(raw)
        return self._cached(("word", term, typos), lambda: self._expand(term, typos))

    def _expand(self, term: str, typos: bool) -> _Word:
        classes: dict[int, int] = {}

        def add(tids: Sequence[int] | list[int], cls: int) -> None:
            for tid in tids:
                if classes.get(tid, 99) > cls:
                    classes[tid] = cls

        forms = [term]
        if is_latin(term):
            vocab = self.vocab
            for variant in latin_variants(term):
                start = bisect.bisect_left(vocab, variant)
                if start < len(vocab) and vocab[start].startswith(variant[:5]):
                    forms.append(variant)
                    if len(forms) > LATIN_FORMS:
                        break
        for rank, form in enumerate(forms):
            exact = self._lookup(form)
            if exact is not None:
                add((exact,), EXACT)
            add(self._completions(form), INFLECTED)
            if len(form) >= TYPO_ONE and form.isalpha():  # 12345 is no typo of 12346
                add(self._inflections(form), INFLECTED)
                if typos and rank < 3:
                    self._add_typos(form, add)
        return self._levels(classes)

    def _add_typos(self, form: str, add: Callable[[Sequence[int], int], None]) -> None:
        found = self._typos(form)
        if not found:
            return
        df = self.df
        # Similarity and frequency: a misspelling's nearest terms are mostly other misspellings.
        found.sort(key=lambda item: (item[1] - math.log1p(df[item[0]]) / 4, item[0]))
        found = found[:TYPO_CAP]
        best = max(df[tid] for tid, _ in found)
        strong = [tid for tid, d in found if d == 1 and df[tid] * 8 >= best]
        weak = [tid for tid, d in found if not (d == 1 and df[tid] * 8 >= best)]
        add(strong, TYPO)
        add(weak, TYPO_WEAK)
        for tid, _ in found[:TYPO_INFLECT]:
            add(self._inflections(self.vocab[tid]), TYPO if tid in strong else TYPO_WEAK)

    def _levels(self, classes: dict[int, int]) -> _Word:
        by_class: dict[int, list[int]] = {}
        for tid, cls in classes.items():
            by_class.setdefault(cls, []).append(tid)
        ranked = sorted(
            ((field, cls) for field in (HI, LO) for cls in by_class),
            key=lambda level: -FIELD_WEIGHT[level[0]] * CLASS_WEIGHT[level[1]],
        )
        seen = 0
        levels = []
        for field, cls in ranked:
            store = self.hi if field == HI else self.lo
            bits = store.union(by_class[cls]) & ~seen
            if bits:
                levels.append((FIELD_WEIGHT[field] * CLASS_WEIGHT[cls], bits))
                seen |= bits
        vocab = self.vocab
        return _Word(tuple(levels), seen, frozenset(vocab[tid] for tid in classes))

    # ----------------------------------------------------------------------- phrases
    def _phrase_candidates(self, terms: tuple[str, ...]) -> int:
        bits = self._all
        for term in terms:
            tid = self._lookup(term)
            if tid is None:
                return 0
            bits &= self.hi.union((tid,)) | self.lo.union((tid,))
            if not bits:
                return 0
        return bits

    def _phrase(self, terms: tuple[str, ...], within: int) -> tuple[int, int]:
        """Documents of ``within`` with the phrase in (title/metadata, body), checked in text."""
        if len(terms) == 1:
            tid = self._lookup(terms[0])
            if tid is None:
                return 0, 0
            hi = self.hi.union((tid,)) & within
            return hi, self.lo.union((tid,)) & within & ~hi
        key = ("phrase", terms)
        with self._lock:
            state = self._cache.get(key)
        if state is None:
            state = [self._phrase_candidates(terms), 0, 0, 0]  # candidates, checked, hi, lo
        candidates, checked, hi, lo = state
        todo = candidates & within & ~checked
        if todo:
            pattern = phrase_pattern(terms)
            body_of = self._body_loader or own_body
            new_hi, new_lo = [], []
            for doc in docs_of(todo):
                art = self._article(doc)
                meta = "\n".join([art.title, art.source or "", art.author or "", *art.tags])
                if next(phrase_matches(pattern, meta), None):
                    new_hi.append(doc)
                elif next(phrase_matches(pattern, body_text(art, body_of(art))), None):
                    new_lo.append(doc)
            hi |= bits_of(new_hi, self.size)
            lo |= bits_of(new_lo, self.size)
            checked |= todo
            with self._lock:
                self._cache[key] = [candidates, checked, hi, lo]
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return hi & within, lo & within

    # ----------------------------------------------------------------------- filters
    def _filter(self, flt: Filter) -> int:
        key = ("filter", flt.key, flt.value, flt.start, flt.end)
        return self._cached(key, lambda: self._compute_filter(flt))

    def _compute_filter(self, flt: Filter) -> int:
        size = self.size
        if flt.key == "date":
            low = -_UNDATED if flt.end is None else -flt.end.toordinal()
            high = _UNDATED - 1 if flt.start is None else -flt.start.toordinal()
            start = bisect.bisect_left(self.dates, low)
            return span(start, bisect.bisect_right(self.dates, high, start))
        value = fold(" ".join(flt.value.split()))
        if flt.key == "lang":
            lang = _LANG_ALIASES.get(value, value)
            return union((self.langs.get(lang, 0),), size)
        if flt.key == "source":
            wanted = [value.replace(" ", "")]
            if not value.isascii():
                wanted += cyrillic_to_latin(wanted[0])
            names = [name for name in self.sources if any(w in name for w in wanted)]
            return union((self.sources[n] for n in names), size)
        table = self.tags if flt.key == "tag" else self.authors
        words = WORD_RE.findall(value)
        names = [name for name in table if _words_match(words, WORD_RE.findall(name))]
        return union((table[n] for n in names), size)

    def _filters(self, filters: tuple[Filter, ...]) -> int:
        bits = self._all
        groups: dict[tuple[str, bool], list[int]] = {}
        for flt in filters:
            groups.setdefault((flt.key, flt.negated), []).append(self._filter(flt))
        for (key, negated), parts in groups.items():
            if negated:
                for part in parts:
                    bits &= ~part
            elif key == "tag":
                for part in parts:
                    bits &= part
            else:
                any_of = 0
                for part in parts:
                    any_of |= part
                bits &= any_of
        return bits

    # ----------------------------------------------------------------------- search
    def _article(self, doc: int) -> Article:
        return self.articles[doc if self.order is None else self.order[doc]]

    def _external(self, docs: list[int]) -> list[int]:
        if self.order is None:
            return docs
        order = self.order
        return [order[d] for d in docs]

    def search(
        self,
        query: str | Query,
        order: str = "rank",
        allowed: Callable[[Article], bool] | None = None,
    ) -> SearchResult:
        """Find the articles matching ``query`` (text in the query language, or parsed).

        ``order="rank"``: best first, ties newest first; ``order="timeline"``: the order of
        the sequence given to :meth:`build`. ``allowed``, if given, must accept an article for
        it to be listed (for ``is:unread`` and the like, which the index does not know).
        """
        if order not in ("rank", "timeline"):
            raise ValueError(f"order must be 'rank' or 'timeline', not {order!r}")
        parsed = parse_query(query) if isinstance(query, str) else query
        matched = self._filters(parsed.filters) if parsed.filters else self._all
        words = [self._word(word) for word in parsed.words]
        for word in words:
            matched &= word.docs
        for word in parsed.excluded_words:
            if matched:
                matched &= ~self._word(word, typos=False).docs
        phrases: list[tuple[tuple[str, ...], int, int]] = []
        for raw in parsed.phrases:
            terms = tuple(fold(t) for t in raw)
            hi, lo = self._phrase(terms, matched)
            matched &= hi | lo
            phrases.append((terms, hi, lo))
        for raw in parsed.excluded_phrases:
            if matched:
                hi, lo = self._phrase(tuple(fold(t) for t in raw), matched)
                matched &= ~(hi | lo)
        if allowed is not None and matched:
            keep = [d for d in docs_of(matched) if allowed(self._article(d))]
            matched = bits_of(keep, self.size)

        highlighter = Highlighter(
            frozenset().union(*(word.terms for word in words)),
            tuple(phrase_pattern(terms) for terms, _, _ in phrases),
        )
        ranked = parsed.has_terms and order == "rank"
        if not parsed.has_terms:
            leaves = [(0.0, matched)] if matched else []
        else:
            scored = [(w.levels, w.count) for w in words]
            scored += [(((3.0, hi), (1.0, lo)), (hi | lo).bit_count()) for _, hi, lo in phrases]
            leaves = self._rank(matched, scored)
        total = matched.bit_count()
        chunks = self._ranked_chunks(leaves) if ranked else self._timeline_chunks(matched, leaves)
        hits = HitList(total, chunks, self._article_at, highlighter, self._body_loader)
        return SearchResult(hits, self.size, parsed, "rank" if ranked else order)

    def _ranked_chunks(
        self, leaves: list[tuple[float, int]]
    ) -> Iterator[tuple[list[int], list[float]]]:
        """(article indices, scores), best first, a few thousand at a time."""
        for score, bits in leaves:
            for start, docs in _windows(bits):
                external = self._external(_shifted(docs, start))
                yield external, [score] * len(external)

    def _timeline_chunks(
        self, matched: int, leaves: list[tuple[float, int]]
    ) -> Iterator[tuple[list[int], list[float]]]:
        """(article indices, scores) in the order of the sequence given to :meth:`build`."""
        if self.order is not None:  # that order is not the timeline: sort it all
            docs = docs_of(matched)
            score_of: dict[int, float] = {}
            for score, bits in leaves:
                score_of.update(dict.fromkeys(docs_of(bits), score))
            pairs = sorted(zip(self._external(docs), map(score_of.__getitem__, docs), strict=True))
            yield [index for index, _ in pairs], [score for _, score in pairs]
            return
        for start, docs in _windows(matched):
            if len(leaves) == 1:
                scores = [leaves[0][0]] * len(docs)
            else:
                score_of = {}
                for score, bits in leaves:
                    part = (bits >> start) & _WINDOW_MASK
                    if part:
                        score_of.update(dict.fromkeys(docs_of(part), score))
                scores = list(map(score_of.__getitem__, docs))
            yield _shifted(docs, start), scores

    def _article_at(self, index: int) -> Article:
        return self.articles[index]

    def _rank(
        self, matched: int, scored: list[tuple[tuple[tuple[float, int], ...], int]]
    ) -> list[tuple[float, int]]:
        """Split ``matched`` into (score, documents), best first."""
        leaves: dict[float, int] = {0.0: matched} if matched else {}
        step = 1e-9
        for levels, df in scored:
            idf = math.log1p(self.size / max(df, 1))
            following: dict[float, int] = {}
            for base, bits in leaves.items():
                for weight, level in levels:
                    part = bits & level
                    if part:
                        score = round((base + idf * weight) / step) * step
                        following[score] = following.get(score, 0) | part
            leaves = following
            while len(leaves) > MAX_GROUPS:
                step *= 10
                coarse: dict[float, int] = {}
                for score, bits in leaves.items():
                    key = round(score / step) * step
                    coarse[key] = coarse.get(key, 0) | bits
                leaves = coarse
        return sorted(leaves.items(), key=lambda kv: -kv[0])


_WINDOW = 4096
_WINDOW_MASK = (1 << _WINDOW) - 1


def _windows(bits: int) -> Iterator[tuple[int, list[int]]]:
    """(start, documents - start) of ``bits``, in windows of ``_WINDOW`` documents."""
    if bits.bit_count() <= _WINDOW:
        if bits:
            yield 0, docs_of(bits)
        return
    for start in range(0, bits.bit_length(), _WINDOW):
        part = (bits >> start) & _WINDOW_MASK
        if part:
            yield start, docs_of(part)


def _shifted(docs: list[int], start: int) -> list[int]:
    return list(map(add, docs, repeat(start))) if start else docs


def _words_match(wanted: list[str], words: list[str]) -> bool:
    """True when every wanted word starts (or is an inflection of) some word of ``words``."""
    for want in wanted:
        forms = [want]
        if is_latin(want):
            forms += latin_variants(want, limit=6)
        if not any(
            word.startswith(form) or _inflects(form, word) for form in forms for word in words
        ):
            return False
    return True


def _inflects(form: str, word: str) -> bool:
    if len(form) < MIN_STEM + 1:
        return False
    for stem in stem_candidates(form):
        if word.startswith(stem) and (len(word) == len(stem) or is_inflection(word[len(stem) :])):
            return True
    return False
