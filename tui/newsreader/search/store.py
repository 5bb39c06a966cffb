"""Compact storage for the index's two big parts: the vocabulary and the posting lists.

At 100k articles the index holds about a million distinct terms and fifty million (term,
document) pairs; as Python lists of strings and one ``array`` per term that is half a gigabyte.
Packed here:

* :class:`Vocabulary` — all terms in one string (``"\\n"``-separated) plus an offset array; it
  reads like a sorted list of strings (indexing, slicing, ``bisect``);
* :class:`PostingStore` — one field's posting lists: documents are split into blocks of 65,536,
  and each (term, block) list is stored as 16-bit offsets inside one shared ``array('H')``; a
  list denser than one document in ``DENSE`` is kept as a bitset instead (:mod:`.docsets`).
"""

from __future__ import annotations

import bisect
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import reduce
from itertools import chain, repeat
from operator import or_, sub
from typing import overload

from .docsets import bits_of

__all__ = ["BLOCK", "DENSE", "PostingStore", "Vocabulary"]

#: Documents per block: a document's offset in its block fits in 16 bits.
BLOCK = 1 << 16
#: A posting list holding more than 1/DENSE of the documents is stored as a bitset.
DENSE = 32
_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_FEW = 48


def _split(splits: list[array], block: int, term: int, length: int) -> int:
    """Where ``block`` ends in term ``term``'s list of ``length`` documents."""
    if block == len(splits):
        return length
    ends = splits[block]
    return ends[term] if term < len(ends) else 0


class Vocabulary(Sequence[str]):
    """Sorted terms packed in one string. ``vocab[i]``, ``vocab[i:j]``, ``len``, ``bisect``."""

    __slots__ = ("offsets", "text")

    def __init__(self, terms: Iterable[str]) -> None:
        terms = list(terms)
        self.text = "\n".join(terms) + "\n"
        offsets = array("I", [0])
        position = 0
        for term in terms:
            position += len(term) + 1
            offsets.append(position)
        self.offsets = offsets

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
    """The posting lists of one field, by term id, for documents ``0 … size - 1``."""

    __slots__ = ("blocks", "dense", "docs", "offsets", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.blocks = max(1, -(-size // BLOCK))
        self.docs = array("H")
        self.offsets = array("I", [0])
        self.dense: dict[int, int] = {}

    def __getstate__(self) -> tuple:
        return self.size, self.blocks, self.docs, self.offsets, self.dense

    def __setstate__(self, state: tuple) -> None:
        self.size, self.blocks, self.docs, self.offsets, self.dense = state

    @classmethod
    def from_blocks(
        cls, size: int, postings: list[array], splits: list[array], order: Sequence[int]
    ) -> PostingStore:
        """Pack per-term ``array('H')`` lists built block by block, in the term ``order``.

        ``postings[t]`` holds term ``t``'s documents as offsets in their block, block after
        block; ``splits[b][t]`` is how many of them fall in blocks ``0 … b`` (a term first seen
        later is missing from the shorter ``splits``). Each list is freed once packed.
        """
        store = cls(size)
        blocks = store.blocks
        dense_ids = {t for t in order if len(postings[t]) * DENSE > size}
        total = sum(len(postings[t]) for t in order if t not in dense_ids)
        docs = store.docs = array("H", [0]) * total
        offsets = store.offsets = array("I", [0]) * (len(order) * blocks + 1)
        cursor = 0
        slot = 0
        for new, old in enumerate(order):
            posting = postings[old]
            postings[old] = None  # type: ignore[call-overload]
            if old in dense_ids:
                bits = 0
                start = 0
                for block in range(blocks):
                    stop = _split(splits, block, old, len(posting))
                    if stop > start:
                        bits |= bits_of(posting[start:stop], BLOCK) << (block * BLOCK)
                    start = stop
                store.dense[new] = bits
                for _ in range(blocks):
                    slot += 1
                    offsets[slot] = cursor
                continue
            docs[cursor : cursor + len(posting)] = posting
            for block in range(blocks):
                slot += 1
                offsets[slot] = cursor + _split(splits, block, old, len(posting))
            cursor += len(posting)
        return store

    def append(self, posting: Sequence[int] | None) -> None:
        """Add the next term's sorted document numbers (``None``: no documents)."""
        blocks = self.blocks
        if posting and len(posting) * DENSE > self.size:
            self.dense[(len(self.offsets) - 1) // blocks] = bits_of(posting, self.size)
            posting = None
        if not posting:
            self.offsets.extend(repeat(len(self.docs), blocks))
            return
        docs = self.docs
        if blocks == 1:
            docs.extend(iter(posting))
            self.offsets.append(len(docs))
            return
        start = 0
        for block in range(blocks):
            stop = bisect.bisect_left(posting, (block + 1) * BLOCK, start)
            if stop > start:
                base = block * BLOCK
                docs.extend(map(sub, posting[start:stop], repeat(base)))
            self.offsets.append(len(docs))
            start = stop

    def count(self, tid: int) -> int:
        """How many documents hold term ``tid``."""
        bits = self.dense.get(tid)
        if bits is not None:
            return bits.bit_count()
        first = tid * self.blocks
        return self.offsets[first + self.blocks] - self.offsets[first]

    def counts(self) -> array:
        """How many documents hold each term, by term id."""
        offsets, blocks = self.offsets, self.blocks
        counts = array("I", map(sub, offsets[blocks::blocks], offsets[:-1:blocks]))
        for tid, bits in self.dense.items():
            counts[tid] = bits.bit_count()
        return counts

    def union(self, tids: Iterable[int]) -> int:
        """The bitset of the documents holding any of ``tids``."""
        dense = self.dense
        offsets = self.offsets
        blocks = self.blocks
        bits = 0
        spans: list[list[tuple[int, int]]] = [[] for _ in range(blocks)]
        for tid in tids:
            found = dense.get(tid)
            if found is not None:
                bits |= found
                continue
            first = tid * blocks
            for block in range(blocks):
                start, stop = offsets[first + block], offsets[first + block + 1]
                if stop > start:
                    spans[block].append((start, stop))
        docs = self.docs
        for block, ranges in enumerate(spans):
            if not ranges:
                continue
            base = block * BLOCK
            if sum(stop - start for start, stop in ranges) <= _FEW:
                members = chain.from_iterable(docs[start:stop] for start, stop in ranges)
                bits |= reduce(or_, (1 << (base + d) for d in members), 0)
                continue
            flags = bytearray(min(BLOCK, self.size - base))
            setter = flags.__setitem__
            for start, stop in ranges:
                deque(map(setter, docs[start:stop], repeat(1)), 0)
            bits |= int(flags.translate(_TO_ASCII)[::-1], 2) << base
        return bits
