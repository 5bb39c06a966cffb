"""Load a corpus: find ``*.txt`` files under the given paths, decode and parse them."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .article import Article
from .cache import ParseCache
from .decode import UndecodableError, decode_bytes
from .parser import parse_article

#: Files larger than this are not news articles (a log, a dump): skipped, never read whole.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400
_CHUNK = 256

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not loaded, and why (one line for the user)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


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
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"


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


def find_files(paths: Iterable[Path], skipped: list[Skipped]) -> list[Path]:
    """Every ``*.txt`` file under ``paths`` (files named directly are taken whatever their name).

    Folders are walked recursively, following symlinks but visiting each real folder once, so
    a symlink loop ends. The result is sorted and free of duplicates.
    """
    found: dict[str, Path] = {}
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError as error:
            skipped.append(Skipped(str(folder), f"cannot open folder: {error.strerror}"))
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            return
        seen_dirs.add(key)
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            skipped.append(Skipped(str(folder), f"cannot list folder: {error.strerror}"))
            return
        for entry in entries:
            try:
                if entry.is_dir():
                    yield from walk(Path(entry.path))
                elif entry.name.lower().endswith(".txt") and entry.is_file():
                    yield Path(entry.path)
            except OSError as error:
                skipped.append(Skipped(entry.path, f"cannot read: {error.strerror}"))

    for path in paths:
        files = walk(path) if path.is_dir() else iter([path])
        for file in files:
            found.setdefault(os.path.abspath(file), Path(os.path.abspath(file)))
    return [found[key] for key in sorted(found)]


def load_file(path: Path) -> Article | Skipped:
    """Read, decode and parse one file; a problem becomes a :class:`Skipped` with the reason."""
    return _load_file(path)[0]


def _load_file(path: Path) -> tuple[Article | Skipped, int, int]:
    """:func:`load_file` plus the size and mtime_ns read (-1 when the file could not be read)."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            stamp = (info.st_size, info.st_mtime_ns)
            if not stat.S_ISREG(info.st_mode):
                return Skipped(name, "not a regular file"), *stamp
            if info.st_size > MAX_FILE_BYTES:
                size = info.st_size / 1024 / 1024
                return Skipped(name, f"too large for an article ({size:.0f} MB)"), *stamp
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Skipped(name, f"cannot read: {error.strerror or error}"), -1, -1
    if not data:
        return Skipped(name, "empty file"), *stamp
    try:
        text, _encoding = decode_bytes(data)
    except UndecodableError as error:
        return Skipped(name, str(error)), *stamp
    article = parse_article(text, name)
    if not article.body and article.title_derived and not article.captions:
        return Skipped(name, "no text (blank file)"), *stamp
    return article, *stamp


def _load_chunk(paths: Sequence[Path]) -> list[tuple[Article | Skipped, int, int]]:
    return [_load_file(path) for path in paths]


def _load_all(
    files: Sequence[Path], progress: Progress | None, done: int = 0, total: int | None = None
) -> Iterator[tuple[Article | Skipped, int, int]]:
    """Load ``files`` (in a process pool when there are many), reporting progress."""
    total = len(files) + done if total is None else total
    if len(files) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        for path in files:
            yield _load_file(path)
            done += 1
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)
        return
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        for results in pool.map(_load_chunk, chunks):
            yield from results
            done += len(results)
            if progress:
                progress(done, total)


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
    ordered = sorted(articles.values(), key=Article.timeline_key)
    return LoadResult(tuple(ordered), tuple(skipped), files_seen)


def load_corpus(
    paths: Sequence[Path], progress: Progress | None = None, *, cache: ParseCache | None = None
) -> LoadResult:
    """Load every article under ``paths`` (files or folders). Never raises for a bad file.

    With a ``cache``, files whose path, size and mtime are unchanged are not parsed again;
    new and changed files are parsed and stored in it, removed ones dropped. Saving the cache
    is left to the caller (it takes a while: do it after showing the corpus).
    """
    skipped: list[Skipped] = []
    files = find_files(paths, skipped)
    if cache is None:
        results = (result for result, _size, _mtime in _load_all(files, progress))
        return build_corpus(results, skipped, len(files))
    stats: dict[str, tuple[int, int]] = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError as error:
            skipped.append(Skipped(str(path), f"cannot read: {error.strerror or error}"))
            continue
        stats[str(path)] = (info.st_size, info.st_mtime_ns)
    diff = cache.diff(stats, bodies=True)
    loaded: list[Article | Skipped] = list(diff.fresh.values())
    loaded += [Skipped(path, reason) for path, reason in diff.skipped.items()]
    to_parse = [Path(path) for path in diff.to_parse]
    if progress and loaded:
        progress(len(loaded), len(stats))
    for result, size, mtime_ns in _load_all(to_parse, progress, len(loaded), len(stats)):
        if isinstance(result, Article):
            cache.store(result.path, size, mtime_ns, result)
        elif size >= 0:  # a file that holds no article stays skipped until it changes
            cache.store_skip(result.path, size, mtime_ns, result.reason)
        loaded.append(result)
    cache.retain(stats.keys())
    loaded.sort(key=lambda result: result.path)  # the same duplicate wins, cached or not
    return build_corpus(loaded, skipped, len(files))
