"""Files read, parsed and folded for the index, in worker processes when there are many.

A worker returns, for each file, the article without its body (the body is read from the file
when shown) and the folded texts of its index document (:func:`~newsreader.search.schema.
index_fields`): parsing and folding are the costly parts, so both run in parallel; what comes
back is small, as marshalled plain tuples.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..article import Article, article_from_row, article_to_row
from ..corpus import Skipped, in_workers, load_file_stamped
from ..search.schema import IndexFields, index_fields

__all__ = ["Listed", "Parsed", "list_files", "parse_files"]

#: One file: its article (no body) and document fields, or why it holds none; its size and
#: mtime_ns as read (-1 when it could not be read).
Parsed = tuple["Article | Skipped", "IndexFields | None", int, int]


def _parse(name: str) -> Parsed:
    result, size, mtime_ns = load_file_stamped(name)
    if isinstance(result, Skipped):
        return result, None, size, mtime_ns
    fields = index_fields(result)
    return replace(result, body=()), fields, size, mtime_ns


def _parse_chunk(names: Sequence[str]) -> bytes:
    rows: list[tuple[object, ...]] = []
    for name in names:
        result, fields, size, mtime_ns = _parse(name)
        if isinstance(result, Skipped):
            rows.append((result.path, result.reason, size, mtime_ns))
        else:
            rows.append((article_to_row(result), fields, size, mtime_ns))
    return marshal.dumps(rows)


def _unpack(blob: bytes) -> list[Parsed]:
    parsed: list[Parsed] = []
    for row in marshal.loads(blob):
        if isinstance(row[0], str):
            parsed.append((Skipped(row[0], row[1]), None, row[2], row[3]))
        else:
            parsed.append((article_from_row(row[0]), row[1], row[2], row[3]))
    return parsed


def parse_files(names: Sequence[str]) -> Iterator[Parsed]:
    """Parse ``names``, in order (in a pool of processes when there are many)."""
    return in_workers(names, _parse, _parse_chunk, _unpack)


#: One file listed: its article without the body (no index document yet), or why it holds
#: none; its size and mtime_ns.
Listed = tuple["Article | Skipped", int, int]


def _list(name: str) -> Listed:
    result, size, mtime_ns = load_file_stamped(name)
    return (result if isinstance(result, Skipped) else replace(result, body=())), size, mtime_ns


def _list_chunk(names: Sequence[str]) -> bytes:
    rows: list[tuple[object, ...]] = []
    for name in names:
        result, size, mtime_ns = _list(name)
        if isinstance(result, Skipped):
            rows.append((result.path, result.reason, size, mtime_ns))
        else:
            rows.append((article_to_row(result), None, size, mtime_ns))
    return marshal.dumps(rows)


def _unpack_listed(blob: bytes) -> list[Listed]:
    return [(result, size, mtime_ns) for result, _, size, mtime_ns in _unpack(blob)]


def list_files(names: Sequence[str]) -> Iterator[Listed]:
    """The headers of ``names``, in order (in a pool of processes when there are many)."""
    return in_workers(names, _list, _list_chunk, _unpack_listed)
