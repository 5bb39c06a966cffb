"""A cache of parsed articles, so an unchanged corpus is not parsed again.

Each entry is keyed by a file's absolute path and checked against the file's size and
``st_mtime_ns``; the whole cache is tied to a parser version (and to the Python that wrote it).
A changed file (size or mtime differs), an added one and a removed one are all noticed
(:meth:`ParseCache.diff`). A damaged, truncated or foreign cache is ignored with a warning and
rebuilt by the next :meth:`ParseCache.save`; nothing here raises for a bad cache file.

The file is built for a fast warm start at 100k articles (~600 MB of text). Materialising every
body as Python strings costs about a second however it is stored, so the file keeps two parts:

* the *headers* (every field but ``body``) in one ``marshal`` blob, loaded at :meth:`open` in a
  couple of hundred milliseconds (:meth:`lookup_header`, :meth:`diff`);
* the *bodies*, one small checksummed blob each (UTF-16, which encodes and decodes faster than
  UTF-8 or marshal and is no bigger for Cyrillic), read on demand through ``mmap``
  (:meth:`body`, :meth:`complete`, :meth:`lookup`): about 10 µs an article.

Layout: ``b"NRPCACHE"``, a little-endian u32 header length, a JSON header (format, parser
version, Python tag, counts, lengths, CRC of the headers), the headers blob, then the bodies.
:meth:`save` writes a temporary file and ``os.replace``\\ s it, so readers only ever see a whole
cache; unchanged bodies are copied file-to-file (``copy_file_range``) rather than decoded.

A ``ParseCache`` may be shared between threads (calls are serialised; a long :meth:`save` does
not block lookups). Typical use by a loader::

    cache = ParseCache.open(None, PARSER_VERSION, name=cache_name(roots))
    stats = {path: (info.st_size, info.st_mtime_ns) for path, info in stat_every_file()}
    diff = cache.diff(stats)              # diff.fresh: unchanged files' articles (no bodies)
    for path in diff.to_parse:            # changed + added
        result = parse(path)              # use the stat taken *before* reading the file
        cache.store(path, *stats[path], result)    # or cache.store_skip(path, ..., reason)
    cache.retain(stats)                   # forget removed files
    cache.save()                          # in a worker: seconds when much changed
    article = cache.complete(header)      # the body, when the viewer opens an article
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import gc
import hashlib
import json
import marshal
import mmap
import os
import struct
import sys
import tempfile
import threading
import types
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import BinaryIO

from . import locations
from .article import Article, Published

CACHE_FORMAT = 1
MAGIC = b"NRPCACHE"
_PREFIX = struct.Struct("<8sI")
_PYTHON_TAG = f"{sys.implementation.cache_tag}/marshal-{marshal.version}"
_COPY_CHUNK = 1 << 20
_UTF16, _MARSHAL = b"U\0", b"M\0"

# A row as stored: (key, size, mtime_ns, body_offset, body_length, body_crc, *fields).
# An article row has the 12 article fields below; a skip row has one: the reason (a str).
_ARTICLE_ROW = 18
_SKIP_ROW = 7

_Row = tuple  # type: ignore[type-arg]

#: The Article fields, in the order rows store them and ``Article(...)`` is called with them.
#: If the model changes, this module must follow (a test checks); until then the cache is off.
ARTICLE_FIELDS = (
    "id", "path", "title", "published", "source", "author", "lang", "rubric", "tags",
    "captions", "body", "title_derived", "extra",
)  # fmt: skip


def _slot_setters() -> tuple[Callable[[Article, object], None], ...] | None:
    """Setters for Article's slots, to build 100k articles at warm start a third faster than
    ``Article(...)`` (whose generated ``__init__`` does nothing else); ``None`` if the model is
    not the one this module was written for (then the cache turns itself off)."""
    if tuple(item.name for item in fields(Article)) != ARTICLE_FIELDS:
        return None
    if hasattr(Article, "__post_init__"):
        return None
    slots = [Article.__dict__.get(name) for name in ARTICLE_FIELDS]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        return None
    return tuple(slot.__set__ for slot in slots)  # type: ignore[union-attr]


_SETTERS = _slot_setters()
_MODEL_OK = _SETTERS is not None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Building 100k small objects triggers many useless collections: hold them off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_name(roots: Iterable[str | os.PathLike[str]]) -> str:
    """A cache file name for a set of corpus roots, so two corpora keep two caches."""
    joined = "\0".join(sorted(os.path.abspath(root) for root in roots))
    return "articles-" + hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class CacheDiff:
    """The corpus on disk compared with the cache.

    ``fresh`` holds the unchanged files' articles (headers only unless ``bodies=True`` was
    asked: see :meth:`ParseCache.complete`), ``skipped`` the unchanged files that hold no article
    (path to the recorded reason). ``changed`` and ``added`` need parsing; ``removed`` are
    cached files no longer present (drop them with :meth:`ParseCache.retain`).
    """

    fresh: dict[str, Article] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def to_parse(self) -> list[str]:
        """Files that must be parsed: changed, then added."""
        return self.changed + self.added


class _Damaged(Exception):
    """The cache file cannot be used; the message says why (for the warning)."""


def _encode_published(published: Published | None) -> tuple[int, int, int | None] | None:
    if published is None:
        return None
    time = published.time
    if time is None:
        micros = -1
    elif time.tzinfo is not None:
        raise ValueError("time with tzinfo")
    else:
        micros = ((time.hour * 60 + time.minute) * 60 + time.second) * 1_000_000
        micros += time.microsecond
    return (published.date.toordinal(), micros, published.utc_offset)


def _encode_body(body: tuple[str, ...]) -> bytes:
    """A body as bytes: UTF-16 paragraphs joined by NUL (fast both ways), else marshal."""
    if not body:
        return b""
    joined = "\0".join(body)
    if joined.count("\0") == len(body) - 1:
        try:
            return _UTF16 + joined.encode("utf-16-le")
        except UnicodeEncodeError:  # a lone surrogate: marshal keeps it exactly
            pass
    return _MARSHAL + marshal.dumps(body)


def _decode_body(blob: bytes) -> tuple[str, ...]:
    """The inverse of :func:`_encode_body`; raises ``ValueError`` for anything else."""
    if not blob:
        return ()
    tag, payload = blob[:2], memoryview(blob)[2:]
    if tag == _UTF16:
        return tuple(codecs.utf_16_le_decode(payload, "strict", True)[0].split("\0"))
    if tag == _MARSHAL:
        body = marshal.loads(payload)
        if type(body) is tuple and all(type(part) is str for part in body):
            return body
    raise ValueError("not a body")


def _decode_time(micros: int) -> dt.time:
    seconds, micro = divmod(micros, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _header_builder() -> Callable[[ParseCache, _Row], Article]:
    """The function that turns a row into an Article without its body (the warm-start loop)."""
    if _SETTERS is None:  # never called: ParseCache.open turns the cache off first

        def disabled(cache: ParseCache, row: _Row) -> Article:
            raise RuntimeError("the parse cache is off: the article model changed")

        return disabled

    (set_id, set_path, set_title, set_published, set_source, set_author, set_lang, set_rubric,
     set_tags, set_captions, set_body, set_title_derived, set_extra) = _SETTERS  # fmt: skip
    new = object.__new__

    def by_slots(cache: ParseCache, row: _Row) -> Article:
        (key, _size, _mtime, _off, _length, _crc, article_id, path, title, published,
         source, author, lang, rubric, tags, captions, title_derived, extra) = row  # fmt: skip
        if published is not None:
            memo = cache._published.get(published)
            if memo is None:
                memo = cache._published[published] = cache._decode_published(published)
            published = memo
        article = new(Article)
        set_id(article, article_id)
        set_path(article, key if path is None else path)
        set_title(article, title)
        set_published(article, published)
        set_source(article, source)
        set_author(article, author)
        set_lang(article, lang)
        set_rubric(article, rubric)
        set_tags(article, tags)
        set_captions(article, captions)
        set_body(article, ())
        set_title_derived(article, title_derived)
        set_extra(article, extra)
        return article

    return by_slots


class ParseCache:
    """Parsed articles keyed by (absolute path, size, mtime_ns); open with :meth:`open`."""

    def __init__(self, path: Path, parser_version: str) -> None:
        self.path = path
        self.parser_version = parser_version
        self.warnings: list[str] = []
        self._lock = threading.RLock()
        self._rows: dict[str, _Row] = {}  # entries read from the file
        self._new: dict[str, tuple[int, int, Article | str]] = {}  # entries stored since
        self._file: BinaryIO | None = None
        self._map: mmap.mmap | None = None
        self._bodies_at = 0
        self._dirty = False
        self._touched: set[str] | None = None  # paths changed while a save is writing
        self._save_lock = threading.Lock()
        self._disabled = False
        # Shared immutable values: one Published per distinct stamp, one date per day, …
        self._published: dict[tuple[int, int, int | None], Published] = {}
        self._days: dict[int, dt.date] = {}
        self._times: dict[int, dt.time] = {}

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        directory: str | os.PathLike[str] | None,
        parser_version: str,
        *,
        name: str = "articles",
    ) -> ParseCache:
        """Load ``<directory>/<name>.cache`` (default directory: the user cache dir).

        Never raises: a missing file gives an empty cache; an unusable one an empty cache and a
        warning. Nothing is created until :meth:`save`.
        """
        folder = Path(directory) if directory is not None else locations.cache_dir()
        cache = cls(folder / f"{name}.cache", parser_version)
        if _MODEL_OK:
            cache._load()
        else:
            cache._disabled = True
            cache._warn("the article model changed; the parse cache is off until it is updated")
        return cache

    def _load(self) -> None:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - kept open for the map
        except (FileNotFoundError, NotADirectoryError):
            return  # no cache yet
        except OSError as error:
            self._warn(f"cannot read ({error.strerror or error}); articles will be parsed again")
            self._dirty = True
            return
        try:
            self._read(handle)
        except _Damaged as problem:
            handle.close()
            self._reset()
            self._warn(f"{problem}; articles will be parsed again and the cache rebuilt")
        except Exception as error:  # a damaged file must never crash the reader
            handle.close()
            self._reset()
            self._warn(
                f"unreadable ({type(error).__name__}: {error}); articles will be parsed again "
                "and the cache rebuilt"
            )

    def _reset(self) -> None:
        self._rows = {}
        self._file = None
        self._map = None
        self._dirty = True

    def _read(self, file: BinaryIO) -> None:
        total = os.fstat(file.fileno()).st_size
        prefix = file.read(_PREFIX.size)
        if len(prefix) < _PREFIX.size:
            raise _Damaged("truncated (no header)")
        magic, header_length = _PREFIX.unpack(prefix)
        if magic != MAGIC:
            raise _Damaged("not a newsreader parse cache")
        if header_length > 1 << 16:
            raise _Damaged("damaged header")
        try:
            header = json.loads(file.read(header_length).decode("utf-8"))
            version = header["format"]
            parser = header["parser"]
            python = header["python"]
            count = int(header["count"])
            headers_length = int(header["headers_length"])
            headers_crc = int(header["headers_crc"])
            bodies_length = int(header["bodies_length"])
            model = header["fields"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise _Damaged("damaged header") from error
        if version != CACHE_FORMAT:
            raise _Damaged(
                f"written in cache format {version} (this newsreader uses {CACHE_FORMAT})"
            )
        if parser != self.parser_version:
            raise _Damaged(
                f"made by parser version {parser} (this newsreader has {self.parser_version})"
            )
        if python != _PYTHON_TAG:
            raise _Damaged(f"written by another Python ({python})")
        if model != list(ARTICLE_FIELDS):
            raise _Damaged("written for another article model")
        bodies_at = _PREFIX.size + header_length + headers_length
        if total != bodies_at + bodies_length:
            raise _Damaged(
                f"truncated or damaged ({total} bytes, expected {bodies_at + bodies_length})"
            )
        blob = file.read(headers_length)
        if len(blob) != headers_length or zlib.crc32(blob) != headers_crc:
            raise _Damaged("damaged (checksum mismatch)")
        with gc_paused():
            rows = marshal.loads(blob)
            del blob
            if type(rows) is not list or len(rows) != count:
                raise _Damaged("damaged (bad entry list)")
            if rows and (
                set(map(type, rows)) != {tuple}
                or not set(map(len, rows)) <= {_ARTICLE_ROW, _SKIP_ROW}
            ):
                raise _Damaged("damaged (bad entry)")
            table = {row[0]: row for row in rows}
        self._rows = table
        self._file = file
        self._bodies_at = bodies_at
        self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if total else None

    def _warn(self, message: str) -> None:
        text = f"{self.path}: {message}"
        if text not in self.warnings:
            self.warnings.append(text)

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return len(self._rows) + len(self._new)  # disjoint: storing a path drops its row

    def __contains__(self, path: object) -> bool:
        with self._lock:
            return path in self._new or path in self._rows

    @property
    def dirty(self) -> bool:
        """True when :meth:`save` has something to write."""
        return self._dirty

    def is_fresh(self, path: str, size: int, mtime_ns: int) -> bool:
        """Whether the cache holds this file at this size and mtime (an article or a skip)."""
        with self._lock:
            entry = self._entry(path)
            return entry is not None and entry[1] == size and entry[2] == mtime_ns

    def lookup(self, path: str, size: int, mtime_ns: int) -> Article | None:
        """The cached article, body included; ``None`` if not cached (or not an article)."""
        with self._lock:
            article = self.lookup_header(path, size, mtime_ns)
            return None if article is None else self.complete(article, key=path)

    def lookup_header(self, path: str, size: int, mtime_ns: int) -> Article | None:
        """Like :meth:`lookup` but cheap: the body may be left empty (see :meth:`complete`)."""
        with self._lock:
            new = self._new.get(path)
            if new is not None:
                if new[0] == size and new[1] == mtime_ns and isinstance(new[2], Article):
                    return new[2]
                return None
            row = self._rows.get(path)
            if row is None or row[1] != size or row[2] != mtime_ns or len(row) != _ARTICLE_ROW:
                return None
            return self._article(row)

    def lookup_skip(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The recorded reason when this file (unchanged) holds no article, else ``None``."""
        with self._lock:
            entry = self._entry(path)
            if entry is None or entry[1] != size or entry[2] != mtime_ns:
                return None
            reason = entry[3] if len(entry) == 4 else entry[6] if len(entry) == _SKIP_ROW else None
            return reason if isinstance(reason, str) else None

    def body(self, path: str) -> tuple[str, ...] | None:
        """The cached body of the file at ``path``; ``None`` if absent or damaged."""
        with self._lock:
            new = self._new.get(path)
            if new is not None:
                return new[2].body if isinstance(new[2], Article) else None
            row = self._rows.get(path)
            if row is None or len(row) != _ARTICLE_ROW:
                return None
            return self._body(row)

    def complete(self, article: Article, *, key: str | None = None) -> Article | None:
        """``article`` with its body read from the cache (keyed by ``key`` or its path).

        An article that already has a body is returned as it is; ``None`` when the body is not
        in the cache or is damaged (parse the file again).
        """
        if article.body:
            return article
        body = self.body(key if key is not None else article.path)
        if body is None:
            return None
        if not body:
            return article
        return Article(
            article.id,
            article.path,
            article.title,
            article.published,
            article.source,
            article.author,
            article.lang,
            article.rubric,
            article.tags,
            article.captions,
            body,
            article.title_derived,
            article.extra,
        )

    def diff(self, stats: Mapping[str, tuple[int, int]], *, bodies: bool = False) -> CacheDiff:
        """Compare the cache with ``stats`` (absolute path -> (size, mtime_ns)) of the corpus.

        Fresh articles come without bodies unless ``bodies`` (slower: ~10 µs an article).
        """
        result = CacheDiff()
        fresh, skipped, added, changed = result.fresh, result.skipped, result.added, result.changed
        with self._lock, gc_paused():
            rows, new, build = self._rows, self._new, _build_header
            known, matched = len(rows) + len(new), 0
            for path, (size, mtime_ns) in stats.items():
                if new and path in new:
                    matched += 1
                    entry = new[path]
                    if entry[0] != size or entry[1] != mtime_ns:
                        changed.append(path)
                    elif isinstance(entry[2], Article):
                        fresh[path] = entry[2]
                    else:
                        skipped[path] = entry[2]
                    continue
                row = rows.get(path)
                if row is None:
                    added.append(path)
                    continue
                matched += 1
                if row[1] != size or row[2] != mtime_ns:
                    changed.append(path)
                elif len(row) == _SKIP_ROW:
                    skipped[path] = row[6]
                elif not bodies:
                    fresh[path] = build(self, row)
                else:
                    article = self.complete(build(self, row), key=path)
                    if article is None:
                        changed.append(path)
                    else:
                        fresh[path] = article
            if known > matched:  # something cached is not on disk any more
                result.removed.extend(path for path in rows if path not in stats)
                result.removed.extend(path for path in new if path not in stats)
        return result

    def stamps(self) -> dict[str, tuple[int, int]]:
        """Every cached file's (size, mtime_ns) as last seen: the corpus as the cache knows it
        (``diff(stamps())`` then gives every entry as fresh, without touching the files)."""
        with self._lock:
            known = {path: (row[1], row[2]) for path, row in self._rows.items()}
            known.update((path, (entry[0], entry[1])) for path, entry in self._new.items())
            return known

    def matches(self, stats: Mapping[str, tuple[int, int]]) -> bool:
        """Whether ``stats`` (see :meth:`diff`) are exactly the files the cache holds, each at
        its cached size and mtime: nothing added, changed or removed (cheap: no articles made)."""
        with self._lock:
            if len(stats) != len(self._rows) + len(self._new):
                return False
            rows, new = self._rows, self._new
            for path, (size, mtime_ns) in stats.items():
                row = rows.get(path)
                if row is not None:
                    if row[1] != size or row[2] != mtime_ns:
                        return False
                    continue
                entry = new.get(path)
                if entry is None or entry[0] != size or entry[1] != mtime_ns:
                    return False
            return True

    def _entry(self, path: str) -> tuple[object, ...] | None:
        """(path, size, mtime_ns, ...) for a new entry or a row, whichever is current."""
        new = self._new.get(path)
        if new is not None:
            return (path, *new)
        return self._rows.get(path)

    def _article(self, row: _Row) -> Article:
        return _build_header(self, row)

    def _decode_published(self, published: tuple[int, int, int | None]) -> Published:
        ordinal, micros, offset = published
        day = self._days.get(ordinal)
        if day is None:
            day = self._days[ordinal] = dt.date.fromordinal(ordinal)
        when = self._times.get(micros)
        if when is None and micros >= 0:
            when = self._times[micros] = _decode_time(micros)
        return Published(day, when, offset)

    def _body(self, row: _Row) -> tuple[str, ...] | None:
        offset, length, crc = row[3], row[4], row[5]
        if length == 0:
            return ()
        if self._map is None:
            return None
        start = self._bodies_at + offset
        blob = self._map[start : start + length]
        if len(blob) != length or zlib.crc32(blob) != crc:
            problem = "checksum mismatch"
        else:
            try:
                return _decode_body(blob)
            except (ValueError, EOFError, TypeError) as error:  # UnicodeError is a ValueError
                problem = str(error)
        self._warn(f"damaged entry for {row[0]} ({problem}); it will be parsed again")
        self._rows.pop(row[0], None)
        self._touch(row[0])
        return None

    # -- writing ---------------------------------------------------------------------------

    def _touch(self, path: str) -> None:
        self._dirty = True
        if self._touched is not None:
            self._touched.add(path)

    def store(self, path: str, size: int, mtime_ns: int, article: Article) -> None:
        """Remember ``article`` as the parse of the file ``path`` (absolute) at size/mtime."""
        if self._disabled:
            return
        with self._lock:
            self._rows.pop(path, None)
            self._new[path] = (size, mtime_ns, article)
            self._touch(path)

    def store_skip(self, path: str, size: int, mtime_ns: int, reason: str) -> None:
        """Remember that the file holds no article (a blank or binary file), and why."""
        if self._disabled:
            return
        with self._lock:
            self._rows.pop(path, None)
            self._new[path] = (size, mtime_ns, str(reason))
            self._touch(path)

    def discard(self, path: str) -> None:
        """Forget one file."""
        with self._lock:
            if self._rows.pop(path, None) is not None or self._new.pop(path, None) is not None:
                self._touch(path)

    def retain(self, paths: Collection[str]) -> int:
        """Forget every file not in ``paths`` (removed from the corpus); returns how many."""
        with self._lock:
            gone = [path for path in self._rows if path not in paths]
            gone += [path for path in self._new if path not in paths]
            for path in gone:
                self._rows.pop(path, None)
                self._new.pop(path, None)
                self._touch(path)
            return len(gone)

    def save(self) -> bool:
        """Write the cache atomically if anything changed; False (and a warning) on failure.

        The slow part runs without blocking readers: lookups and :meth:`body` from other
        threads go on while a save is in progress, and changes made meanwhile are kept.
        """
        with self._save_lock:
            with self._lock:
                if not self._dirty:
                    return True
                rows, new = dict(self._rows), dict(self._new)
                source = (self._file, self._map, self._bodies_at)
                self._touched = set()
                self._dirty = False
            temp: Path | None = None
            handle: BinaryIO | None = None
            try:
                locations.ensure_dir(self.path.parent)
                fd, temp_name = tempfile.mkstemp(
                    dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
                )
                temp = Path(temp_name)
                try:
                    written, bodies_at = _write(fd, self.parser_version, rows, new, source)
                finally:
                    os.close(fd)
                if os.name != "nt":  # open first: the handle stays ours whatever replaces it
                    handle = open(temp, "rb")  # noqa: SIM115 - kept open for the map
                with self._lock:
                    if os.name == "nt":  # Windows cannot replace an open file
                        self._close_file()
                    os.replace(temp, self.path)
                    temp = None
                    if handle is None:
                        handle = open(self.path, "rb")  # noqa: SIM115 - kept open for the map
                    self._adopt(handle, written, bodies_at)
                    handle = None
            except (OSError, ValueError, MemoryError) as error:
                if handle is not None:
                    handle.close()
                if temp is not None:
                    with contextlib.suppress(OSError):
                        temp.unlink()
                reason = error.strerror if isinstance(error, OSError) else None
                with self._lock:
                    self._dirty = True
                    self._touched = None
                    self._warn(f"could not save the parse cache ({reason or error})")
                return False
            return True

    def _adopt(self, handle: BinaryIO, written: dict[str, _Row], bodies_at: int) -> None:
        """Read from the file just written, keeping changes made while it was being written."""
        touched, self._touched = self._touched or set(), None
        for path in touched:
            written.pop(path, None)
        self._close_file()
        size = os.fstat(handle.fileno()).st_size
        self._file = handle
        self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        self._bodies_at = bodies_at
        self._rows = written
        self._new = {path: self._new[path] for path in touched if path in self._new}
        self._dirty = bool(touched)

    def _close_file(self) -> None:
        if self._map is not None:
            with contextlib.suppress(BufferError, ValueError):
                self._map.close()
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        self._map = None
        self._file = None

    def close(self) -> None:
        """Release the file (unsaved changes are dropped; call :meth:`save` first)."""
        with self._lock:
            self._close_file()
            self._rows = {}
            self._new = {}

    def __enter__(self) -> ParseCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_Source = tuple[BinaryIO | None, mmap.mmap | None, int]


def _write(
    fd: int,
    parser_version: str,
    rows: dict[str, _Row],
    new: dict[str, tuple[int, int, Article | str]],
    source: _Source,
) -> tuple[dict[str, _Row], int]:
    """Write a whole cache to ``fd``; returns the rows as written and where bodies start."""
    interned: dict[object, object] = {}

    def same(value: object) -> object:
        # Repeated strings and tuples (sources, tags, captions) are stored once in the file.
        return None if value is None else interned.setdefault(value, value)

    out: list[_Row] = []
    copies: list[tuple[int, int]] = []  # (old offset, length) runs to copy, in order
    fresh: list[bytes] = []
    offset = 0
    for key, row in rows.items():
        length = row[4]
        out.append((key, row[1], row[2], offset if length else 0, *row[4:]))
        if length:
            if copies and copies[-1][0] + copies[-1][1] == row[3]:
                copies[-1] = (copies[-1][0], copies[-1][1] + length)
            else:
                copies.append((row[3], length))
            offset += length
    for key, (size, mtime_ns, value) in new.items():
        if isinstance(value, str):
            out.append((key, size, mtime_ns, 0, 0, 0, value))
            continue
        try:
            published = _encode_published(value.published)
        except ValueError:
            continue  # not representable: simply parsed again next time
        blob = _encode_body(value.body)
        out.append(
            (
                key, size, mtime_ns, offset if blob else 0, len(blob), zlib.crc32(blob),
                value.id, None if value.path == key else value.path, value.title,
                same(published), same(value.source), same(value.author), same(value.lang),
                same(value.rubric), same(tuple(same(tag) for tag in value.tags)),
                same(tuple(same(text) for text in value.captions)), value.title_derived,
                same(tuple(same(text) for text in value.extra)),
            )
        )  # fmt: skip
        if blob:
            fresh.append(blob)
            offset += len(blob)
    headers = marshal.dumps(out)
    header = json.dumps(
        {
            "format": CACHE_FORMAT,
            "parser": parser_version,
            "python": _PYTHON_TAG,
            "fields": ARTICLE_FIELDS,
            "count": len(out),
            "headers_length": len(headers),
            "headers_crc": zlib.crc32(headers),
            "bodies_length": offset,
        }
    ).encode("utf-8")
    _write_all(fd, _PREFIX.pack(MAGIC, len(header)) + header)
    _write_all(fd, headers)
    bodies_at = _PREFIX.size + len(header) + len(headers)
    del headers
    _copy_bodies(fd, copies, source)
    batch: list[bytes] = []
    batched = 0
    for blob in fresh:
        batch.append(blob)
        batched += len(blob)
        if batched >= _COPY_CHUNK:
            _write_all(fd, b"".join(batch))
            batch, batched = [], 0
    if batch:
        _write_all(fd, b"".join(batch))
    return {row[0]: row for row in out}, bodies_at


def _copy_bodies(fd: int, runs: list[tuple[int, int]], source: _Source) -> None:
    """Copy unchanged bodies from the current cache file, in the kernel when it can."""
    if not runs:
        return
    file, mapped, bodies_at = source
    if file is None or mapped is None or mapped.closed:
        raise ValueError("the old parse cache file was closed")
    source_fd = file.fileno()
    fast = hasattr(os, "copy_file_range")
    for start, length in runs:
        position = bodies_at + start
        left = length
        while fast and left:
            try:
                done = os.copy_file_range(source_fd, fd, left, position)
            except OSError:
                done = 0
            if done <= 0:
                fast = False
                break
            position += done
            left -= done
        while left:
            chunk = mapped[position : position + min(left, _COPY_CHUNK)]
            if not chunk:
                raise ValueError("the old parse cache file shrank while being copied")
            _write_all(fd, chunk)
            position += len(chunk)
            left -= len(chunk)


_build_header = _header_builder()
