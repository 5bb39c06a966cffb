"""Where the library of a set of folders lives: one folder per set, named by its key."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .. import locations

__all__ = ["corpus_key", "library_dir"]


def corpus_key(roots: Iterable[str | os.PathLike[str]]) -> str:
    """A short name for the set of ``roots`` (their order and spelling aside): its library's
    folder, and what the reader files its memory of that corpus under."""
    joined = "\0".join(sorted(os.path.abspath(root) for root in roots))
    return hashlib.blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def library_dir(roots: Iterable[str | os.PathLike[str]], cache: Path | None = None) -> Path:
    """The directory of the library of ``roots`` (the same set of roots, the same library)."""
    return (cache or locations.cache_dir()) / "libraries" / corpus_key(roots)
