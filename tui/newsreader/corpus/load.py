"""Load a corpus: find ``*.txt`` files under the given paths, read, decode and parse them."""

from __future__ import annotations

import contextlib
import ctypes
import marshal
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from .. import garbage
from ..article import Article, article_from_row, article_to_row, timeline_rank
from .decode import UndecodableError, decode_bytes
from .fileio import NotARegularFile, read_regular_file
from .parser import parse_article

#: Files larger than this are not news articles (a log, a dump): skipped, never read whole.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400
_PR_SET_PDEATHSIG = 1
_CHUNK = 256

Progress = Callable[[int, int], None]
_T = TypeVar("_T")
#: Called with the articles parsed since its last call, while a long load goes on.
Partial = Callable[[list[Article]], None]
#: Files parsed between two calls of a ``partial`` callback.
PARTIAL_EVERY = 2000


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not loaded, and why (one line for the user)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Repaired:
    """A file loaded although damaged (a few bytes not text: shown as U+FFFD), and where."""

    path: str
    damage: str

    def __str__(self) -> str:
        return f"{self.path}: {describe_damage(self.damage)}"


def describe_damage(damage: str) -> str:
    """What decoding repaired, for the user: where bad bytes are, they show as U+FFFD."""
    return f"{damage} (shown as \N{REPLACEMENT CHARACTER})" if "bad byte" in damage else damage


def repaired_files(articles: Iterable[Article]) -> list[Repaired]:
    """The articles whose file had to be repaired to be read, to say so."""
    return [Repaired(a.path, a.repaired) for a in articles if a.repaired is not None]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The articles in timeline order (newest first, undated last) and what was skipped."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    files_seen: int


class PathProblem(Exception):
    """A path given by the user does not exist or cannot be read."""


def seed_dir() -> Path:
    """The embedded seed corpus: inside the installed package, or the checkout's ``seeds/``."""
    packaged = Path(__file__).parents[1] / "seeds"  # newsreader/seeds
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "seeds"


def seed_paths() -> list[Path]:
    """The paths to open when the user names none."""
    return [seed_dir()]


def check_paths(paths: Iterable[Path]) -> None:
    """Raise :class:`PathProblem` naming the first path that is missing or unreadable."""
    for path in paths:
        if not path.exists():
            raise PathProblem(f"{path}: no such file or directory")
        if not os.access(path, os.R_OK) or (path.is_dir() and not os.access(path, os.X_OK)):
            raise PathProblem(f"{path}: permission denied")


def find_files(
    paths: Iterable[Path | str],
    skipped: list[Skipped],
    folders: dict[str, int] | None = None,
) -> dict[str, tuple[int, int]]:
    """Every ``*.txt`` file under ``paths`` with its size and mtime_ns, sorted by path.

    Files named directly are taken whatever their name. Folders are walked (without
    recursion, so depth is no limit), following symlinks but visiting each real folder once, so
    a symlink loop ends. ``folders``, if given, receives every folder walked and its mtime_ns.
    """
    found: dict[str, tuple[int, int]] = {}
    seen_dirs: set[tuple[int, int]] = set()
    for path in paths:
        root = os.path.abspath(path)
        if os.path.isdir(root):
            walk_folders([root], found, skipped, folders, seen_dirs)
            continue
        try:
            info = os.stat(root)
        except OSError as error:
            skipped.append(Skipped(root, f"cannot read: {error.strerror}"))
        else:
            found[root] = (info.st_size, info.st_mtime_ns)
    return {path: found[path] for path in sorted(found)}


def walk_folders(
    todo: list[str],
    found: dict[str, tuple[int, int]],
    skipped: list[Skipped],
    folders: dict[str, int] | None = None,
    seen_dirs: set[tuple[int, int]] | None = None,
    recursive: bool = True,
) -> None:
    """Add the ``*.txt`` files of the folders ``todo`` (and below, if ``recursive``) to
    ``found``; problems to ``skipped``; each folder's mtime_ns to ``folders``."""
    seen = set() if seen_dirs is None else seen_dirs
    while todo:
        folder = todo.pop()
        try:
            info = os.stat(folder)
        except OSError as error:
            skipped.append(Skipped(folder, f"cannot open folder: {error.strerror}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            skipped.append(Skipped(folder, f"cannot list folder: {error.strerror}"))
            continue
        if folders is not None:
            folders[folder] = info.st_mtime_ns
        for entry in entries:
            try:
                if entry.is_dir():
                    if recursive:
                        todo.append(entry.path)
                elif entry.name.lower().endswith(".txt"):  # a FIFO too: skipped, with why
                    stat_ = entry.stat()
                    found[entry.path] = (stat_.st_size, stat_.st_mtime_ns)
            except OSError as error:
                skipped.append(Skipped(entry.path, f"cannot read: {error.strerror}"))


def subfolders(folder: str) -> list[str]:
    """The folders directly inside ``folder`` (none if it cannot be listed)."""
    try:
        with os.scandir(folder) as scan:
            return [entry.path for entry in scan if entry.is_dir()]
    except OSError:
        return []


def load_file(path: str | Path) -> Article | Skipped:
    """Read, decode and parse one file; a problem becomes a :class:`Skipped` with the reason."""
    return load_file_stamped(str(path))[0]


_Result = tuple["Article | Skipped", int, int]


def load_file_stamped(name: str) -> _Result:
    """:func:`load_file` plus the size and mtime_ns read (-1 when the file could not be read)."""
    try:
        data, info = read_regular_file(name, MAX_FILE_BYTES)
    except NotARegularFile:
        reason = "not a regular file (a FIFO, a device or a socket)"
        try:  # remembered as skipped until it changes, like any file that holds no article
            info = os.stat(name)
        except OSError:
            return Skipped(name, reason), -1, -1
        return Skipped(name, reason), info.st_size, info.st_mtime_ns
    except OSError as error:
        return Skipped(name, f"cannot read: {error.strerror or error}"), -1, -1
    stamp = (info.st_size, info.st_mtime_ns)
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / 1024 / 1024
        return Skipped(name, f"too large for an article (over {size:.0f} MB)"), *stamp
    if not data:
        return Skipped(name, "empty file"), *stamp
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as error:
        return Skipped(name, str(error)), *stamp
    article = parse_article(text, name)
    if not article.body and article.title_derived and not article.captions:
        return Skipped(name, "no text (blank file)"), *stamp
    if "(" in encoding:  # "utf-8 (2 bad byte sequences, the first at byte 812)"
        article = replace(article, repaired=encoding[encoding.index("(") + 1 :].rstrip(")"))
    return article, *stamp


def _load_chunk(names: Sequence[str]) -> bytes:
    """Load files in a worker; results travel back as marshalled plain tuples (fast)."""
    rows: list[tuple[object, ...]] = []
    for name in names:
        result, size, mtime_ns = load_file_stamped(name)
        if isinstance(result, Skipped):
            rows.append((result.path, result.reason, size, mtime_ns))
        else:
            rows.append((*article_to_row(result), size, mtime_ns))
    return marshal.dumps(rows)


def _unpack_chunk(blob: bytes) -> list[_Result]:
    results: list[_Result] = []
    for row in marshal.loads(blob):
        if len(row) == 4:
            results.append((Skipped(row[0], row[1]), row[2], row[3]))
        else:
            results.append((article_from_row(row[:-2]), row[-2], row[-1]))
    return results


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it ends (killed, say), not after the
    work queued for it (Linux's parent-death signal; elsewhere the pool's own end)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent went before the signal was asked for
        os._exit(1)


def in_workers(
    names: Sequence[str],
    one: Callable[[str], _T],
    chunk: Callable[[Sequence[str]], bytes],
    unpack: Callable[[bytes], list[_T]],
) -> Iterator[_T]:
    """``one(name)`` for each of ``names``, in order: here for a few, else in a process pool,
    ``chunk`` doing a run of names in a worker and sending the results back as bytes
    (marshalled plain tuples: fast) that ``unpack`` turns back into results."""
    if len(names) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        yield from map(one, names)
        return
    chunks = [names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK)]
    with ProcessPoolExecutor(
        max_workers=os.cpu_count(), initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        for blob in pool.map(chunk, chunks):
            yield from unpack(blob)


def _load_all(files: Sequence[str], progress: Progress | None) -> Iterator[_Result]:
    """Load ``files`` (in a process pool when there are many), reporting progress."""
    total = len(files)
    for done, result in enumerate(
        in_workers(files, load_file_stamped, _load_chunk, _unpack_chunk), 1
    ):
        yield result
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)


def _path_of(article: Article) -> str:
    return article.path


def build_corpus(
    results: Iterable[Article | Skipped], skipped: list[Skipped], files_seen: int
) -> LoadResult:
    """Drop duplicates (same text), sort newest first, and collect what was skipped."""
    articles: dict[str, Article] = {}
    for result in results:
        if isinstance(result, Skipped):
            skipped.append(result)
        elif result.id in articles:
            first = articles[result.id].path
            skipped.append(Skipped(result.path, f"duplicate of {first} (same text)"))
        else:
            articles[result.id] = result
    ordered = sorted(articles.values(), key=_path_of)  # nearly sorted already: fast
    ordered.sort(key=timeline_rank)  # stable: the same order as sorting by timeline_key
    return LoadResult(tuple(ordered), tuple(skipped), files_seen)


def load_corpus(
    paths: Sequence[Path],
    progress: Progress | None = None,
    *,
    partial: Partial | None = None,
) -> LoadResult:
    """Load every article under ``paths`` (files or folders) into memory, with its body.
    Never raises for a bad file. ``partial`` is given the articles as they are parsed, every
    :data:`PARTIAL_EVERY` files. (The reader and the CLI keep a corpus in a library instead:
    :mod:`newsreader.library`.)
    """
    skipped: list[Skipped] = []
    stats = find_files(paths, skipped)
    with garbage.paused():
        loaded = _load_all(list(stats), progress)
        results = (result for result, _size, _mtime in _reporting(loaded, partial))
        return build_corpus(results, skipped, len(stats))


def _reporting(results: Iterable[_Result], partial: Partial | None) -> Iterator[_Result]:
    """``results`` as they come, handing their articles to ``partial`` now and then."""
    if partial is None:
        yield from results
        return
    batch: list[Article] = []
    for count, item in enumerate(results, 1):
        if isinstance(item[0], Article):
            batch.append(item[0])
        if count % PARTIAL_EVERY == 0 and batch:
            partial(batch)
            batch = []
        yield item
