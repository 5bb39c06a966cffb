"""The index's words as the word expansion needs them: frequencies, prefix ranges, neighbours.

tantivy answers these from its term dictionary (:class:`TermDictionary`), but a short prefix is
slow there: ``terms_with_prefix`` counts every term of the range in every segment (a one-letter
prefix of a 100k-article index: 60k terms, ~90 ms; two letters ~20 ms). So a
:class:`Vocabulary` — every term, sorted, with its frequency — is made once from the dictionary
(one walk: ~5 s at a million terms, in the background) and then answers in microseconds by
bisection. Until it is made, the dictionary is asked directly; the words of documents added
since are told to it (:meth:`Vocabulary.with_words`), so a prefix of a word that came with a
file the folder follower indexed finds it at once.
"""

from __future__ import annotations

import bisect
import copy
import heapq
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence

import tantivy

from .normalize import words_of

__all__ = ["TermDictionary", "Vocabulary", "document_words"]

_TEXT_FIELDS = ("hi", "lo")
_END = "\U0010ffff"
#: Prefixes this short get their most frequent completions worked out with the vocabulary.
_SHORT = 2


def document_words(texts: Sequence[str], into: Counter[str] | None = None) -> Counter[str]:
    """The terms of one document's folded field texts (``index_text``), each counted once a
    field, as the term dictionary counts them; counted into ``into`` if given (adding a
    document's Counter to another is a Python loop: 40% of the time at 0.4 ms a document)."""
    words: Counter[str] = Counter() if into is None else into
    for text in texts:
        words.update(set(words_of(text)))
    return words


class Vocabulary:
    """Every term of the title and body fields with its document frequency, sorted; and the
    terms of documents added since it was made (``new``: a small sorted list of its own)."""

    def __init__(self, terms: list[str], counts: array, top: int) -> None:
        self.terms = terms
        self.counts = counts
        self._top_size = top
        self._top: dict[str, list[int]] = {}
        for length in range(1, _SHORT + 1):
            self._index_short(length)
        self._new: list[str] = []
        self._new_counts: list[int] = []

    @classmethod
    def build(cls, searcher: tantivy.Searcher, top: int) -> Vocabulary:
        """Walk the term dictionary of ``searcher`` (seconds at a million terms)."""
        merged: dict[str, int] = {}
        for field in _TEXT_FIELDS:
            for term, count in searcher.terms_with_prefix(field, ""):
                merged[term] = merged.get(term, 0) + count
        terms = sorted(merged)
        return cls(terms, array("I", map(merged.__getitem__, terms)), top)

    def _index_short(self, length: int) -> None:
        terms, position = self.terms, 0
        while position < len(terms):
            prefix = terms[position][:length]
            stop = bisect.bisect_left(terms, prefix + _END, position)
            if len(prefix) == length and stop - position > self._top_size:
                self._top[prefix] = self._most_frequent(position, stop)
            position = stop

    def _most_frequent(self, start: int, stop: int) -> list[int]:
        return heapq.nlargest(self._top_size, range(start, stop), key=self.counts.__getitem__)

    def with_words(self, words: Mapping[str, int]) -> Vocabulary:
        """This vocabulary with the terms of documents added since (``words``: term → how
        many); a term it already holds keeps its count. The big sorted list is shared, not
        copied: ~1 ms for a thousand new files."""
        added = dict(zip(self._new, self._new_counts, strict=True))
        for word, count in words.items():
            if self._count(word) is None:
                added[word] = added.get(word, 0) + count
        grown = copy.copy(self)
        grown._new = sorted(added)
        grown._new_counts = [added[word] for word in grown._new]
        return grown

    def _count(self, term: str) -> int | None:
        position = bisect.bisect_left(self.terms, term)
        if position < len(self.terms) and self.terms[position] == term:
            return self.counts[position]
        return None

    def count(self, term: str) -> int | None:
        """How many documents hold ``term`` (title and body counted apart), None if unknown."""
        known = self._count(term)
        if known is None and self._new:
            position = bisect.bisect_left(self._new, term)
            if position < len(self._new) and self._new[position] == term:
                return self._new_counts[position]
        return known

    def range(self, prefix: str) -> tuple[int, int]:
        start = bisect.bisect_left(self.terms, prefix)
        return start, bisect.bisect_left(self.terms, prefix + _END, start)

    def _new_range(self, prefix: str) -> tuple[int, int]:
        start = bisect.bisect_left(self._new, prefix)
        return start, bisect.bisect_left(self._new, prefix + _END, start)

    def exists(self, prefix: str) -> bool:
        """Whether some term starts with ``prefix``."""
        start, stop = self.range(prefix)
        if stop > start:
            return True
        start, stop = self._new_range(prefix)
        return stop > start

    def candidates(self, prefix: str) -> tuple[Sequence[str], Sequence[int]]:
        """Terms starting with ``prefix`` and their frequencies, as two parallel sequences."""
        start, stop = self.range(prefix)
        terms, counts = self.terms[start:stop], self.counts[start:stop]
        new_start, new_stop = self._new_range(prefix)
        if new_stop == new_start:
            return terms, counts
        return (
            [*terms, *self._new[new_start:new_stop]],
            [*counts, *self._new_counts[new_start:new_stop]],
        )

    def prefixed(self, prefix: str, limit: int | None) -> dict[str, int]:
        start, stop = self.range(prefix)
        terms, counts = self.terms, self.counts
        if limit is None or stop - start <= limit:
            found = dict(zip(terms[start:stop], counts[start:stop], strict=True))
        else:
            chosen = self._top.get(prefix)
            if chosen is None or len(chosen) < limit:
                chosen = self._most_frequent(start, stop)
            found = {terms[i]: counts[i] for i in chosen[:limit]}
        new_start, new_stop = self._new_range(prefix)
        if new_stop > new_start:
            new = self._new[new_start:new_stop]
            found.update(zip(new, self._new_counts[new_start:new_stop], strict=True))
            if limit is not None and len(found) > limit:
                found = dict(heapq.nlargest(limit, found.items(), key=lambda item: item[1]))
        return found


class TermDictionary:
    """One searcher's view of the index's words (summed over the title and body fields); a
    :class:`Vocabulary`, if given, answers the range questions."""

    def __init__(self, searcher: tantivy.Searcher, vocabulary: Vocabulary | None = None) -> None:
        self._searcher = searcher
        self.vocabulary = vocabulary
        self.size = searcher.num_docs

    def df(self, term: str) -> int:
        """How many documents hold ``term`` (in the title and in the body: counted twice)."""
        return sum(self._searcher.doc_freq(field, term) for field in _TEXT_FIELDS)

    def prefixed(self, prefix: str, limit: int | None = None) -> dict[str, int]:
        """Terms starting with ``prefix`` and their frequencies (the ``limit`` most frequent)."""
        if self.vocabulary is not None:
            return self.vocabulary.prefixed(prefix, limit)
        found: dict[str, int] = {}
        for field in _TEXT_FIELDS:
            for term, count in self._searcher.terms_with_prefix(field, prefix, limit=limit):
                found[term] = found.get(term, 0) + count
        if limit is not None and len(found) > limit:
            found = dict(sorted(found.items(), key=lambda item: -item[1])[:limit])
        return found

    def candidates(self, prefix: str) -> tuple[Sequence[str], Sequence[int]]:
        """Terms starting with ``prefix`` and their frequencies, as two parallel sequences."""
        if self.vocabulary is not None:
            return self.vocabulary.candidates(prefix)
        found = self.prefixed(prefix)
        return list(found), list(found.values())

    def exists_prefix(self, prefix: str) -> bool:
        if self.vocabulary is not None:
            return self.vocabulary.exists(prefix)
        return any(self._searcher.terms_with_prefix(f, prefix, limit=1) for f in _TEXT_FIELDS)
