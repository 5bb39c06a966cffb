"""Compact storage for the index's two big parts: the vocabulary and the posting lists.

At 100k articles the index holds about a million distinct terms and thirty million (term,
document) pairs; as Python lists of strings and one ``array`` per term that is half a gigabyte.
Packed here:

* :class:`Vocabulary` — all terms in one string (``"\\n"``-separated) plus an offset array; it
  reads like a sorted list of strings (indexing, slicing, ``bisect``);
* :class:`PostingStore` — one field's posting lists. The documents are split into a few *parts*
  of at most ``BLOCK`` (65,536) documents (:func:`partition`), and each part keeps its own
  lists, one after the other in term order, as 16-bit offsets in one ``array('H')``, with an
  ``array('I')`` of where each term's list starts. A part is what one worker process tokenises
  (:mod:`.build`), so its lists are stored as the worker made them. A list holding more than
  one document in ``DENSE`` is kept as a bitset instead (:mod:`.docsets`).
"""

from __future__ import annotations

import bisect
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from itertools import accumulate, chain, compress, repeat
from operator import add, gt, or_, sub
from typing import overload

from .docsets import bits_of

__all__ = ["BLOCK", "DENSE", "PostingStore", "Vocabulary", "partition"]

#: The most documents in one part: a document's offset in its part fits in 16 bits.
BLOCK = 1 << 16
#: A posting list holding more than 1/DENSE of the documents is stored as a bitset.
DENSE = 32
#: The number of parts is a multiple of this (so that two workers get equal shares).
PART_MULTIPLE = 2
_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_FEW = 48


def partition(size: int) -> tuple[int, ...]:
    """Part boundaries for ``size`` documents: ``(0, …, size)``, parts of equal size.

    As few parts as fit ``BLOCK`` documents each, rounded up to a multiple of
    ``PART_MULTIPLE`` (one part for a single document or none).
    """
    if size <= 1:
        return (0, size)
    per = BLOCK * PART_MULTIPLE
    count = -(-size // per) * PART_MULTIPLE
    return tuple(size * i // count for i in range(count + 1))


class Vocabulary(Sequence[str]):
    """Sorted terms packed in one string. ``vocab[i]``, ``vocab[i:j]``, ``len``, ``bisect``."""

    __slots__ = ("offsets", "text")

    def __init__(self, terms: Iterable[str]) -> None:
        terms = terms if isinstance(terms, list) else list(terms)
        self.text = "\n".join(terms) + "\n"
        self.offsets = array("I", accumulate(map(add, map(len, terms), repeat(1)), initial=0))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        offsets = self.offsets
        if isinstance(index, slice):
            start, stop, step = index.indices(len(offsets) - 1)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if stop <= start:
                return []
            return self.text[offsets[start] : offsets[stop] - 1].split("\n")
        if index < 0:
            index += len(offsets) - 1
        return self.text[offsets[index] : offsets[index + 1] - 1]

    def take(self, indices: Iterable[int]) -> list[str]:
        """The terms at ``indices`` (faster than indexing one by one)."""
        text, offsets = self.text, self.offsets
        return [text[offsets[i] : offsets[i + 1] - 1] for i in indices]

    def __iter__(self) -> Iterator[str]:
        return iter(self.text[:-1].split("\n")) if len(self) else iter(())

    def __getstate__(self) -> tuple[str, array]:
        return self.text, self.offsets

    def __setstate__(self, state: tuple[str, array]) -> None:
        self.text, self.offsets = state


class PostingStore:
    """The posting lists of one field, by term id, for documents ``0 … size - 1``.

    Part ``p`` holds documents ``bounds[p] … bounds[p + 1] - 1``: term ``t``'s documents
    there are ``bounds[p] + docs[p][offsets[p][t] : offsets[p][t + 1]]``, unless ``t`` is in
    ``dense`` (its bitset, over all documents).
    """

    __slots__ = ("bounds", "dense", "docs", "offsets", "size")

    def __init__(self, size: int, bounds: Sequence[int] | None = None) -> None:
        self.size = size
        self.bounds = tuple(partition(size) if bounds is None else bounds)
        parts = len(self.bounds) - 1
        self.docs = [array("H") for _ in range(parts)]
        self.offsets = [array("I", [0]) for _ in range(parts)]
        self.dense: dict[int, int] = {}

    def __getstate__(self) -> tuple:
        return self.size, self.bounds, self.docs, self.offsets, self.dense

    def __setstate__(self, state: tuple) -> None:
        self.size, self.bounds, self.docs, self.offsets, self.dense = state

    @property
    def blocks(self) -> int:
        """How many parts the documents are split into."""
        return len(self.docs)

    @classmethod
    def from_parts(
        cls,
        size: int,
        bounds: Sequence[int],
        counts: list[array],
        docs: list[array],
        bits: list[dict[int, int]] | None = None,
    ) -> PostingStore:
        """The store of lists made part by part (:mod:`.build`).

        ``counts[p][t]`` is how many documents of part ``p`` hold term ``t`` (same length for
        every part: the vocabulary's); ``docs[p]`` holds them, as offsets in the part, term after
        term; ``bits[p]``, if given, has some terms' lists as bitsets over the part (used for
        the dense ones). ``counts`` and ``docs`` are consumed (dense lists are cut out).
        """
        store = cls(size, bounds)
        totals = reduce(lambda a, b: array("I", map(add, a, b)), counts)
        # len(list) * DENSE > size, for integers: len(list) > size // DENSE.
        dense_ids = list(compress(range(len(totals)), map(gt, totals, repeat(size // DENSE))))
        dense = dict.fromkeys(dense_ids, 0)
        for part, (part_counts, part_docs) in enumerate(zip(counts, docs, strict=True)):
            base, stop = bounds[part], bounds[part + 1]
            known = bits[part] if bits is not None else {}
            if dense_ids:
                starts = array("I", accumulate(part_counts, initial=0))
                kept = array("H")
                step = kept.itemsize
                with memoryview(part_docs).cast("B") as view:  # copy the runs between them
                    previous = 0
                    for tid in dense_ids:
                        start, end = starts[tid], starts[tid + 1]
                        if end > start:
                            found = known.get(tid)
                            if found is None:
                                found = bits_of(part_docs[start:end], stop - base)
                            dense[tid] |= found << base
                            kept.frombytes(view[previous * step : start * step])
                            previous = end
                        part_counts[tid] = 0
                    kept.frombytes(view[previous * step :])
                part_docs = kept
            store.docs[part] = part_docs
            store.offsets[part] = array("I", accumulate(part_counts, initial=0))
        store.dense = dense
        return store

    def append(self, posting: Sequence[int] | None) -> None:
        """Add the next term's sorted document numbers (``None``: no documents)."""
        if posting and len(posting) * DENSE > self.size:
            self.dense[len(self.offsets[0]) - 1] = bits_of(posting, self.size)
            posting = None
        bounds = self.bounds
        start = 0
        for part, (docs, offsets) in enumerate(zip(self.docs, self.offsets, strict=True)):
            if posting:
                stop = bisect.bisect_left(posting, bounds[part + 1], start)
                if stop > start:
                    docs.extend(map(sub, posting[start:stop], repeat(bounds[part])))
                start = stop
            offsets.append(len(docs))

    def count(self, tid: int) -> int:
        """How many documents hold term ``tid``."""
        bits = self.dense.get(tid)
        if bits is not None:
            return bits.bit_count()
        return sum(offsets[tid + 1] - offsets[tid] for offsets in self.offsets)

    def counts(self) -> array:
        """How many documents hold each term, by term id."""
        counts = reduce(
            lambda a, b: array("I", map(add, a, b)),
            (array("I", map(sub, offsets[1:], offsets[:-1])) for offsets in self.offsets),
        )
        for tid, bits in self.dense.items():
            counts[tid] = bits.bit_count()
        return counts

    def union(self, tids: Iterable[int]) -> int:
        """The bitset of the documents holding any of ``tids``."""
        dense = self.dense
        every = self.offsets
        bits = 0
        spans: list[list[tuple[int, int]]] = [[] for _ in every]
        for tid in tids:
            found = dense.get(tid)
            if found is not None:
                bits |= found
                continue
            for ranges, offsets in zip(spans, every, strict=True):
                start, stop = offsets[tid], offsets[tid + 1]
                if stop > start:
                    ranges.append((start, stop))
        bounds = self.bounds
        for part, ranges in enumerate(spans):
            if not ranges:
                continue
            docs = self.docs[part]
            base = bounds[part]
            if sum(stop - start for start, stop in ranges) <= _FEW:
                members = chain.from_iterable(docs[start:stop] for start, stop in ranges)
                bits |= reduce(or_, (1 << (base + d) for d in members), 0)
                continue
            flags = bytearray(bounds[part + 1] - base)
            setter = flags.__setitem__
            for start, stop in ranges:
                deque(map(setter, docs[start:stop], repeat(1)), 0)
            bits |= int(flags.translate(_TO_ASCII)[::-1], 2) << base
        return bits
