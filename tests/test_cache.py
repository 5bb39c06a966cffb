"""The parse cache: round trips, invalidation, damaged files, atomic and incremental saves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader import cache as cache_module
from newsreader.article import Article, Published, article_id
from newsreader.cache import MAGIC, CacheDiff, ParseCache, cache_name


def make(number: int, path: str | None = None, **changes: object) -> Article:
    body = tuple(f"Абзац {part} статьи {number}: Тоқаев и Иран." for part in range(3))
    fields: dict[str, object] = {
        "id": article_id("\n".join(body)),
        "path": path if path is not None else f"/corpus/{number:05d}.txt",
        "title": f"Заголовок {number}",
        "published": Published(dt.date(2026, 3, 1 + number % 28), dt.time(12, number % 60), 300),
        "source": "Kazpravda.kz",
        "author": "Н. Байбулин" if number % 2 else None,
        "lang": "kk" if number % 3 == 0 else "ru",
        "rubric": "Политика",
        "tags": ("Казахстан", "Иран"),
        "captions": ("Фото: Сенат",),
        "body": body,
        "title_derived": bool(number % 5 == 0),
        "extra": ("Дата публикации",),
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def header_of(article: Article) -> Article:
    return dataclasses.replace(article, body=())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def saved(folder: Path, articles: list[Article], version: str = "1") -> Path:
    cache = ParseCache.open(folder, version)
    for number, article in enumerate(articles):
        cache.store(article.path, 1000 + number, 10**18 + number, article)
    assert cache.save() and cache.warnings == []
    cache.close()
    return cache.path


def key(article: Article, number: int) -> tuple[str, int, int]:
    return article.path, 1000 + number, 10**18 + number


# -- round trips -----------------------------------------------------------------------------


def test_round_trip_keeps_every_field(folder: Path) -> None:
    articles = [make(number) for number in range(20)]
    saved(folder, articles)
    with ParseCache.open(folder, "1") as cache:
        assert cache.warnings == [] and len(cache) == 20
        for number, article in enumerate(articles):
            assert cache.lookup(*key(article, number)) == article
            assert cache.lookup_header(*key(article, number)) == header_of(article)
            assert cache.body(article.path) == article.body
            assert cache.complete(header_of(article)) == article
            assert cache.is_fresh(*key(article, number))


def test_published_variants_round_trip(folder: Path) -> None:
    variants = [
        None,
        Published(dt.date(2025, 12, 31)),
        Published(dt.date(2026, 1, 1), dt.time(0, 0)),
        Published(dt.date(2026, 1, 1), dt.time(23, 59, 58, 123456), -210),
        Published(dt.date(1, 1, 1), dt.time(7, 5), 0),
    ]
    articles = [make(number, published=value) for number, value in enumerate(variants)]
    saved(folder, articles)
    with ParseCache.open(folder, "1") as cache:
        for number, article in enumerate(articles):
            assert cache.lookup(*key(article, number)) == article


@pytest.mark.parametrize(
    "body",
    [
        (),
        ("",),
        ("", ""),
        ("one paragraph",),
        ("a\x00b", "c"),  # a NUL inside a paragraph: stored another way
        ("lone \ud800 surrogate",),
        ("emoji 🇰🇿 and 𝔘",),
        ("строка\nс переводом", "ещё"),
    ],
)
def test_bodies_round_trip_exactly(folder: Path, body: tuple[str, ...]) -> None:
    article = make(1, body=body)
    saved(folder, [article])
    with ParseCache.open(folder, "1") as cache:
        assert cache.lookup(*key(article, 0)) == article
        assert cache.body(article.path) == body


def test_article_path_may_differ_from_the_key(folder: Path) -> None:
    article = make(1, path="relative/name.txt")
    cache = ParseCache.open(folder, "1")
    cache.store("/abs/name.txt", 1, 2, article)
    cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert cache.lookup("/abs/name.txt", 1, 2) == article
        assert cache.lookup("relative/name.txt", 1, 2) is None


def test_seed_articles_round_trip(folder: Path, seeds: dict[str, Article]) -> None:
    articles = list(seeds.values())
    saved(folder, articles)
    with ParseCache.open(folder, "1") as cache:
        for number, article in enumerate(articles):
            assert cache.lookup(*key(article, number)) == article


def test_skipped_files_are_remembered(folder: Path) -> None:
    cache = ParseCache.open(folder, "1")
    cache.store_skip("/c/blank.txt", 0, 5, "empty file")
    cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert cache.lookup_skip("/c/blank.txt", 0, 5) == "empty file"
        assert cache.lookup_skip("/c/blank.txt", 1, 5) is None
        assert cache.lookup("/c/blank.txt", 0, 5) is None
        assert cache.is_fresh("/c/blank.txt", 0, 5)
        assert cache.diff({"/c/blank.txt": (0, 5)}).skipped == {"/c/blank.txt": "empty file"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.builds(
            Article,
            id=st.text(min_size=1, max_size=16),
            path=st.text(max_size=20),
            title=st.text(max_size=30),
            published=st.none()
            | st.builds(
                Published,
                st.dates(),
                st.none() | st.times(),
                st.none() | st.integers(-900, 900),
            ),
            source=st.none() | st.text(max_size=10),
            author=st.none() | st.text(max_size=10),
            lang=st.sampled_from(["ru", "kk"]),
            rubric=st.none() | st.text(max_size=10),
            tags=st.lists(st.text(max_size=8), max_size=3).map(tuple),
            captions=st.lists(st.text(max_size=8), max_size=2).map(tuple),
            body=st.lists(st.text(max_size=40), max_size=4).map(tuple),
            title_derived=st.booleans(),
            extra=st.lists(st.text(max_size=8), max_size=2).map(tuple),
        ),
        max_size=6,
    )
)
def test_any_articles_round_trip(tmp_path_factory: pytest.TempPathFactory, articles) -> None:
    folder = tmp_path_factory.mktemp("cache")
    cache = ParseCache.open(folder, "1")
    for number, article in enumerate(articles):
        cache.store(f"/p/{number}", number, number, article)
    assert cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert cache.warnings == []
        for number, article in enumerate(articles):
            assert cache.lookup(f"/p/{number}", number, number) == article


# -- invalidation ----------------------------------------------------------------------------


def corpus_stats(root: Path) -> dict[str, tuple[int, int]]:
    stats = {}
    for path in sorted(root.glob("*.txt")):
        info = path.stat()
        stats[str(path)] = (info.st_size, info.st_mtime_ns)
    return stats


def test_changed_added_and_removed_files_are_noticed(tmp_path: Path, folder: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for number in range(5):
        (root / f"{number}.txt").write_text(f"article {number}", encoding="utf-8")

    def parse_all(cache: ParseCache, paths: list[str], stats: dict[str, tuple[int, int]]) -> None:
        for path in paths:
            cache.store(path, *stats[path], make(int(Path(path).stem), path=path))

    stats = corpus_stats(root)
    cache = ParseCache.open(folder, "1")
    first = cache.diff(stats)
    assert sorted(first.added) == sorted(stats) and not first.fresh
    parse_all(cache, first.to_parse, stats)
    cache.save()
    cache.close()

    (root / "0.txt").write_text("article 0, now longer", encoding="utf-8")  # size changes
    same_size = root / "1.txt"
    info = same_size.stat()
    os.utime(same_size, ns=(info.st_atime_ns, info.st_mtime_ns + 1))  # only mtime changes
    (root / "2.txt").unlink()
    (root / "9.txt").write_text("article 9", encoding="utf-8")
    stats = corpus_stats(root)

    cache = ParseCache.open(folder, "1")
    diff = cache.diff(stats)
    assert sorted(diff.changed) == [str(root / "0.txt"), str(root / "1.txt")]
    assert diff.added == [str(root / "9.txt")]
    assert diff.removed == [str(root / "2.txt")]
    assert sorted(diff.fresh) == [str(root / "3.txt"), str(root / "4.txt")]
    assert diff.fresh[str(root / "3.txt")] == header_of(make(3, path=str(root / "3.txt")))
    parse_all(cache, diff.to_parse, stats)
    assert cache.retain(stats) == 1
    cache.save()
    cache.close()

    with ParseCache.open(folder, "1") as cache:
        again = cache.diff(stats, bodies=True)
        assert again == CacheDiff(fresh=again.fresh)
        assert sorted(again.fresh) == sorted(stats)
        assert again.fresh[str(root / "9.txt")] == make(9, path=str(root / "9.txt"))


def test_entries_stored_this_session_count_in_the_diff(folder: Path) -> None:
    cache = ParseCache.open(folder, "1")
    article = make(1)
    cache.store(article.path, 1, 2, article)
    cache.store_skip("/c/skip.txt", 3, 4, "binary file")
    diff = cache.diff({article.path: (1, 2), "/c/skip.txt": (3, 4), "/c/new.txt": (5, 6)})
    assert diff.fresh == {article.path: article}
    assert diff.skipped == {"/c/skip.txt": "binary file"}
    assert diff.added == ["/c/new.txt"]
    assert cache.diff({article.path: (1, 3)}).changed == [article.path]
    cache.discard(article.path)
    assert article.path not in cache and len(cache) == 1


def test_parser_version_bump_rebuilds(folder: Path) -> None:
    article = make(1)
    saved(folder, [article], version="1")
    with ParseCache.open(folder, "2") as cache:
        assert len(cache) == 0 and cache.lookup(*key(article, 0)) is None
        (warning,) = cache.warnings
        assert str(cache.path) in warning and "parser version 1" in warning and "2" in warning
        assert cache.dirty
        cache.store(*key(article, 0), article)
        assert cache.save()
    with ParseCache.open(folder, "2") as cache:
        assert cache.warnings == [] and cache.lookup(*key(article, 0)) == article


# -- damaged caches --------------------------------------------------------------------------


def _rewrite_header(path: Path, **changes: object) -> None:
    data = path.read_bytes()
    (length,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(data[start : start + length])
    header.update(changes)
    encoded = json.dumps(header).encode()
    path.write_bytes(data[: len(MAGIC)] + struct.pack("<I", len(encoded)) + encoded
                     + data[start + length :])  # fmt: skip


DAMAGE = {
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(len(data)),
    "wrong magic": lambda data: b"NOTACACH" + data[8:],
    "cut in the header": lambda data: data[:20],
    "cut in the headers": lambda data: data[: len(data) // 3],
    "cut in the bodies": lambda data: data[:-10],
    "one byte longer": lambda data: data + b"\0",
    "huge header length": lambda data: data[:8] + struct.pack("<I", 2**31) + data[12:],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_ignored_with_a_warning(folder: Path, damage: str) -> None:
    articles = [make(number) for number in range(30)]
    path = saved(folder, articles)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    cache = ParseCache.open(folder, "1")
    assert len(cache) == 0 and cache.lookup(*key(articles[0], 0)) is None
    (warning,) = cache.warnings
    assert warning.startswith(f"{path}: ") and "parsed again" in warning
    cache.store(*key(articles[0], 0), articles[0])
    assert cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert cache.warnings == [] and len(cache) == 1


def test_every_truncation_is_caught(folder: Path) -> None:
    path = saved(folder, [make(number) for number in range(3)])
    data = path.read_bytes()
    for end in range(0, len(data), max(1, len(data) // 97)):
        path.write_bytes(data[:end])
        with ParseCache.open(folder, "1") as cache:
            assert len(cache) == 0 and len(cache.warnings) == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"format": 999}, "cache format 999"),
        ({"python": "cpython-27/marshal-0"}, "another Python"),
        ({"headers_crc": 1}, "checksum"),
        ({"count": "many"}, "damaged header"),
        ({"fields": ["id", "path"]}, "another article model"),
    ],
)
def test_foreign_header_is_ignored(folder: Path, changes: dict, words: str) -> None:
    path = saved(folder, [make(1)])
    _rewrite_header(path, **changes)
    with ParseCache.open(folder, "1") as cache:
        assert len(cache) == 0
        assert words in cache.warnings[0]


def test_damaged_body_is_parsed_again(folder: Path) -> None:
    articles = [make(number) for number in range(3)]
    path = saved(folder, articles)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF  # inside the last body
    path.write_bytes(bytes(data))
    with ParseCache.open(folder, "1") as cache:
        assert cache.warnings == []
        damaged = next(
            (number, article)
            for number, article in enumerate(articles)
            if cache.lookup(*key(article, number)) is None
        )
        assert len(cache.warnings) == 1 and damaged[1].path in cache.warnings[0]
        assert cache.complete(header_of(damaged[1])) is None
        others = [pair for pair in enumerate(articles) if pair[0] != damaged[0]]
        assert all(cache.lookup(*key(article, number)) == article for number, article in others)
        assert cache.dirty


def test_unreadable_cache_file(folder: Path) -> None:
    (folder / "articles.cache").mkdir(parents=True)  # a folder where the file should be
    cache = ParseCache.open(folder, "1")
    assert len(cache) == 0 and "cannot read" in cache.warnings[0]


# -- saving ----------------------------------------------------------------------------------


def test_nothing_is_written_until_needed(folder: Path) -> None:
    cache = ParseCache.open(folder, "1")
    assert not cache.dirty and cache.save()
    assert not folder.exists()


def test_save_is_atomic_and_leaves_no_temporary_files(folder: Path) -> None:
    saved(folder, [make(number) for number in range(5)])
    cache = ParseCache.open(folder, "1")
    cache.store("/x.txt", 1, 1, make(7))
    assert cache.save()
    assert [path.name for path in folder.iterdir()] == ["articles.cache"]
    cache.close()


def test_failed_save_warns_and_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ParseCache.open(blocker / "cache", "1")
    cache.store("/x.txt", 1, 1, make(1))
    assert cache.save() is False
    assert "could not save" in cache.warnings[0]
    assert cache.dirty and cache.lookup("/x.txt", 1, 1) == make(1)


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_incremental_saves_keep_unchanged_bodies(folder: Path, monkeypatch, kernel_copy) -> None:
    if not kernel_copy:
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    articles = [make(number) for number in range(40)]
    saved(folder, articles)
    cache = ParseCache.open(folder, "1")
    cache.discard(articles[3].path)
    replacement = make(100, path=articles[10].path)
    cache.store(articles[10].path, 5, 5, replacement)
    cache.store("/new.txt", 6, 6, make(101, path="/new.txt"))
    assert cache.save()
    # Still readable from the new file in this session, and after reopening.
    assert cache.lookup(*key(articles[20], 20)) == articles[20]
    cache.store("/newer.txt", 7, 7, make(102, path="/newer.txt"))
    assert cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert cache.warnings == [] and len(cache) == 41
        for number, article in enumerate(articles):
            if number not in (3, 10):
                assert cache.lookup(*key(article, number)) == article
        assert cache.lookup(articles[3].path, 1003, 10**18 + 3) is None
        assert cache.lookup(articles[10].path, 5, 5) == replacement
        assert cache.lookup("/new.txt", 6, 6) == make(101, path="/new.txt")
        assert cache.lookup("/newer.txt", 7, 7) == make(102, path="/newer.txt")


def test_changes_made_while_saving_are_kept(folder: Path, monkeypatch) -> None:
    articles = [make(number) for number in range(4)]
    saved(folder, articles)
    cache = ParseCache.open(folder, "1")
    cache.store("/a.txt", 1, 1, make(50, path="/a.txt"))
    real_write = cache_module._write

    def write_while_another_thread_changes_things(*args, **kwargs):
        cache.store("/b.txt", 2, 2, make(51, path="/b.txt"))  # what a loader thread might do
        cache.discard(articles[0].path)
        cache.store(articles[1].path, 9, 9, make(52, path=articles[1].path))
        return real_write(*args, **kwargs)

    monkeypatch.setattr(cache_module, "_write", write_while_another_thread_changes_things)
    assert cache.save()
    monkeypatch.undo()
    assert cache.dirty  # the changes made meanwhile still need saving
    assert cache.lookup("/b.txt", 2, 2) == make(51, path="/b.txt")
    assert cache.lookup(*key(articles[0], 0)) is None
    assert cache.lookup(articles[1].path, 9, 9) == make(52, path=articles[1].path)
    assert cache.lookup("/a.txt", 1, 1) == make(50, path="/a.txt")
    assert cache.save()
    cache.close()
    with ParseCache.open(folder, "1") as cache:
        assert len(cache) == 5
        assert cache.lookup("/b.txt", 2, 2) == make(51, path="/b.txt")
        assert cache.lookup(*key(articles[0], 0)) is None
        assert cache.lookup(articles[1].path, 9, 9) == make(52, path=articles[1].path)
        assert cache.lookup(*key(articles[2], 2)) == articles[2]


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot replace an open file")
def test_a_reader_survives_another_instance_saving(folder: Path) -> None:
    articles = [make(number) for number in range(5)]
    saved(folder, articles)
    reader = ParseCache.open(folder, "1")
    writer = ParseCache.open(folder, "1")
    writer.retain([])
    writer.store("/other.txt", 1, 1, make(9, path="/other.txt"))
    assert writer.save()
    writer.close()
    assert reader.lookup(*key(articles[4], 4)) == articles[4]  # still the file it opened
    reader.close()
    with ParseCache.open(folder, "1") as cache:
        assert len(cache) == 1


def test_default_folder_and_names(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "k"))
    cache = ParseCache.open(None, "1", name=cache_name(["/b", "/a"]))
    assert cache.path.parent == tmp_path / "k"
    assert cache_name(["/a", "/b"]) == cache_name(["/b", "/a"]) != cache_name(["/a"])
    assert cache.path.name == cache_name(["/a", "/b"]) + ".cache"


def test_article_model_matches_the_cache_layout() -> None:
    names = tuple(item.name for item in dataclasses.fields(Article))
    assert names == cache_module.ARTICLE_FIELDS, "update newsreader.cache for the new model"
    assert cache_module._MODEL_OK, "Article must keep slots=True and no __post_init__"


def test_a_changed_article_model_turns_the_cache_off(folder: Path, monkeypatch) -> None:
    saved(folder, [make(1)])
    monkeypatch.setattr(cache_module, "_MODEL_OK", False)
    cache = ParseCache.open(folder, "1")
    assert len(cache) == 0 and "article model changed" in cache.warnings[0]
    cache.store("/x.txt", 1, 1, make(2))
    assert len(cache) == 0 and cache.save()
