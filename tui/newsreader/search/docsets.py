"""Sets of documents as Python integers (bit ``d`` set = document ``d`` in the set).

Union, intersection and difference of two such sets, and counting them, run in C at memory
speed (a few microseconds for 100k documents), which keeps broad queries (``т``, ``lang:ru``)
as fast as narrow ones. A posting list is stored either as an ``array('I')`` of document
numbers or as such an integer, whichever is smaller; :func:`union` accepts both.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from functools import reduce
from itertools import chain, compress, repeat
from operator import or_

__all__ = ["Postings", "bits_of", "docs_of", "span", "union"]

#: A posting list: sorted document numbers, or a bitset.
Postings = array | int

_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
#: Below this many documents, setting bits one by one beats going through a byte map.
_FEW = 48


def bits_of(docs: Iterable[int], size: int) -> int:
    """The bitset of ``docs`` (each ``< size``)."""
    if not isinstance(docs, (list, tuple, array)):
        docs = list(docs)
    if len(docs) <= _FEW:
        return reduce(or_, (1 << d for d in docs), 0)
    flags = bytearray(size)
    for _ in map(flags.__setitem__, docs, repeat(1)):
        pass
    return int(flags.translate(_TO_ASCII)[::-1], 2)


def union(postings: Iterable[Postings], size: int) -> int:
    """The bitset of every document in any of ``postings``."""
    bits = 0
    arrays: list[array] = []
    for posting in postings:
        if isinstance(posting, int):
            bits |= posting
        elif posting:
            arrays.append(posting)
    if arrays:
        if len(arrays) == 1 or sum(map(len, arrays)) <= _FEW:
            bits |= bits_of(chain.from_iterable(arrays), size)
        else:
            flags = bytearray(size)
            for docs in arrays:
                for _ in map(flags.__setitem__, docs, repeat(1)):
                    pass
            bits |= int(flags.translate(_TO_ASCII)[::-1], 2)
    return bits


def docs_of(bits: int) -> list[int]:
    """The documents in ``bits``, ascending."""
    if not bits:
        return []
    flags = bin(bits)[:1:-1].encode("ascii").translate(_TO_FLAGS)
    return list(compress(range(len(flags)), flags))


def span(start: int, stop: int) -> int:
    """The bitset of documents ``start`` … ``stop - 1``."""
    if stop <= start:
        return 0
    return ((1 << (stop - start)) - 1) << start


def count(postings: Postings) -> int:
    """How many documents a posting list holds."""
    return postings.bit_count() if isinstance(postings, int) else len(postings)
