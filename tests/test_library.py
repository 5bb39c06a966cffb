"""The library: one corpus on disk, kept fresh file by file, shared by the reader and the CLI."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import tantivy

from newsreader.library import Library, library_dir
from newsreader.library import library as library_module
from newsreader.library import update as update_module
from newsreader.library.ingest import Parsed

from .conftest import SEEDS
from .helpers import python_output

TEXT = """ date 2026-03-0{day}Новость номер {word} о переговорах

Касым-Жомарт Токаев провёл встречу, передает Kazpravda.kz. Речь шла о {word}.
"""


def write(path: Path, word: str, day: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXT.format(word=word, day=day), encoding="utf-8")
    return path


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files parsed, in order, as the update takes them (to check what it costs): a spy
    on :func:`~newsreader.library.ingest.parse_files` where the update calls it."""
    names: list[str] = []
    real = update_module.parse_files

    def counting(files: Sequence[str]) -> Iterator[Parsed]:
        for name, item in zip(files, real(files), strict=True):
            names.append(Path(name).name)
            yield item

    monkeypatch.setattr(update_module, "parse_files", counting)
    return names


def titles(library: Library, query: str) -> list[str]:
    return [hit.article.title for hit in library.search(query).hits]


def test_first_update_reads_everything_and_the_second_nothing(tmp_path: Path, parsed) -> None:
    news = tmp_path / "news"
    for number, word in enumerate(["нефти", "газе", "уране"]):
        write(news / f"{number}.txt", word, day=number + 1)
    library = Library.open([news], tmp_path / "cache")
    report = library.update()
    assert (report.added, report.changed, report.removed, report.full) == (3, 0, 0, True)
    assert [a.title for a in library.articles] == [
        "Новость номер уране о переговорах",
        "Новость номер газе о переговорах",
        "Новость номер нефти о переговорах",
    ]
    library.close()
    parsed.clear()
    again = Library.open([news], tmp_path / "cache")
    assert len(again) == 3 and titles(again, "газ") == ["Новость номер газе о переговорах"]
    assert not again.update() and not again.update(full=True)
    assert parsed == []  # nothing parsed again, nothing re-indexed
    again.close()


def test_added_changed_and_removed_files_cost_only_themselves(tmp_path: Path, parsed) -> None:
    news = tmp_path / "news"
    for number in range(5):
        write(news / "old" / f"{number}.txt", f"тема{number}")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    parsed.clear()
    write(news / "new" / "5.txt", "алюминии")  # a new folder
    write(news / "old" / "6.txt", "меди")  # a new file in a known folder
    (news / "old" / "0.txt").unlink()
    report = library.update()  # quick: the folders' mtimes
    assert (report.added, report.removed, report.full) == (2, 1, False)
    assert sorted(parsed) == ["5.txt", "6.txt"]
    assert titles(library, "алюминий") == ["Новость номер алюминии о переговорах"]
    assert titles(library, "тема0") == []
    # Rewritten in place: the folder's mtime does not move, so only a full check sees it.
    parsed.clear()
    target = news / "old" / "1.txt"
    folder_mtime = os.stat(news / "old").st_mtime_ns
    write(target, "золоте")
    os.utime(news / "old", ns=(folder_mtime, folder_mtime))
    assert not library.update()
    report = library.update(full=True)
    assert (report.added, report.changed, report.removed) == (0, 1, 0)
    assert parsed == ["1.txt"]
    assert titles(library, "золото") == ["Новость номер золоте о переговорах"]
    assert titles(library, "тема1") == []
    assert len(library.articles) == 6
    library.close()


def test_a_removed_folder_takes_its_articles_with_it(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "a" / "1.txt", "нефти")
    write(news / "b" / "c" / "2.txt", "газе")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    shutil.rmtree(news / "b")
    report = library.update()
    assert report.removed == 1
    assert [a.title for a in library.articles] == ["Новость номер нефти о переговорах"]
    library.close()


def test_duplicates_are_skipped_until_the_first_copy_goes(tmp_path: Path) -> None:
    news = tmp_path / "news"
    first = write(news / "a.txt", "нефти")
    shutil.copy(first, news / "b.txt")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    assert len(library.articles) == 1
    assert [s.reason for s in library.skipped] == [f"duplicate of {first} (same text)"]
    first.unlink()
    library.update()
    assert [a.path for a in library.articles] == [str(news / "b.txt")]
    assert library.skipped == ()
    assert len(library.search("нефть").hits) == 1
    library.close()


def test_bad_files_are_remembered_with_their_reason(tmp_path: Path, parsed) -> None:
    news = tmp_path / "news"
    write(news / "good.txt", "нефти")
    (news / "empty.txt").write_bytes(b"")
    library = Library.open([news], tmp_path / "cache")
    report = library.update()
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [("empty.txt", "empty file")]
    library.close()
    parsed.clear()
    again = Library.open([news], tmp_path / "cache")
    assert [(Path(s.path).name, s.reason) for s in again.skipped] == [("empty.txt", "empty file")]
    assert not again.update(full=True) and parsed == []
    again.close()


def test_an_interrupted_first_load_carries_on_where_it_stopped(
    tmp_path: Path, parsed, monkeypatch
) -> None:
    monkeypatch.setattr(library_module, "COMMIT_SECONDS", 0.0)  # commit after every file
    news = tmp_path / "news"
    for number in range(6):
        write(news / f"{number}.txt", f"слово{number}")
    library = Library.open([news], tmp_path / "cache")
    report = library.update(should_stop=lambda: len(parsed) >= 2)
    assert report.interrupted and report.added == 2
    library.close()  # as a reader quitting half-way
    parsed.clear()
    again = Library.open([news], tmp_path / "cache")
    assert len(again) == 2 and len(again.search("слово0").hits) == 1
    report = again.update()
    assert report.added == 4 and sorted(parsed) == [f"{n}.txt" for n in range(2, 6)]
    assert [len(again.search(f"слово{n}").hits) for n in range(6)] == [1] * 6
    again.close()


def test_documents_of_a_run_killed_between_its_two_commits_are_not_found_twice(
    tmp_path: Path,
) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    cache = tmp_path / "cache"
    # kill -9 once the index has committed, before the store does (the store's commit is
    # the fault injected: it kills the process).
    killed = f"""
import os, signal
from pathlib import Path
from newsreader.library import Library
from newsreader.library.store import ArticleStore
library = Library.open([Path({str(news)!r})], Path({str(cache)!r}))
ArticleStore.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)
library.update()
print("not killed")
"""
    assert python_output(killed) == ""
    again = Library.open([news], cache)
    assert len(again) == 0
    again.update()
    assert len(again) == 1 and len(again.search("нефть").hits) == 1
    again.close()


def test_a_new_parser_or_index_version_rebuilds(tmp_path: Path, monkeypatch, parsed) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    library.close()
    monkeypatch.setattr(library_module, "SCHEMA_VERSION", 999)
    parsed.clear()
    again = Library.open([news], tmp_path / "cache")
    assert len(again) == 0
    assert again.update().added == 1 and parsed == ["1.txt"]
    assert len(again.search("нефть").hits) == 1
    again.close()


def test_bodies_are_read_from_the_files_when_asked(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    (article,) = library.articles
    assert article.body == ()  # headers only in memory
    (paragraph,) = library.complete(article).body
    assert paragraph.startswith("Касым-Жомарт Токаев провёл встречу")
    (hit,) = library.search("нефть").hits
    start = paragraph.index("нефти")
    assert hit.body_spans == ((0, start, start + 5),)
    library.close()


def test_each_set_of_folders_has_its_own_library(tmp_path: Path) -> None:
    assert library_dir([tmp_path / "a"]) != library_dir([tmp_path / "b"])
    assert library_dir([tmp_path / "a", tmp_path / "b"]) == library_dir(
        [tmp_path / "b", tmp_path / "a"]
    )


def test_a_second_process_reads_the_library_while_the_first_writes(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    writer = Library.open([news], tmp_path / "cache")
    writer.update()
    assert writer.writable
    write(news / "2.txt", "газе")
    reader = Library.open([news], tmp_path / "cache")
    assert not reader.update()  # the writer holds the index: shown as it is, with a warning
    assert reader.warnings and len(reader) == 1
    assert len(reader.search("нефть").hits) == 1
    reader.close()
    writer.close()


def test_the_seeds_open_as_a_library(tmp_path: Path) -> None:
    library = Library.open([SEEDS], tmp_path / "cache")
    library.update()
    assert [Path(a.path).name[:3] for a in library.articles] == ["000", "003", "001", "004", "002"]
    assert sorted(Path(h.article.path).name[:3] for h in library.search("tokaev").hits) == [
        "000",
        "002",
        "004",
    ]
    library.close()


def test_a_file_named_directly_is_checked_by_itself(tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", "нефти")
    library = Library.open([one], tmp_path / "cache")
    assert library.update().added == 1
    write(one, "газе", day=2)
    assert library.update().changed == 1  # no folder to look at: its own stat
    assert [a.title for a in library.articles] == ["Новость номер газе о переговорах"]
    one.unlink()
    report = library.update()
    assert report.removed == 1 and len(library) == 0
    assert [s.reason for s in report.skipped] == ["cannot read: No such file or directory"]
    library.close()


def test_the_headers_snapshot_is_used_only_while_it_is_current(tmp_path: Path) -> None:
    news = tmp_path / "news"
    for number in range(3):
        write(news / f"{number}.txt", f"слово{number}", day=number + 1)
    library = Library.open([news], tmp_path / "cache")
    library.update()
    titles_before = [a.title for a in library.articles]
    library.prepare()  # the snapshot is made
    library.close()
    again = Library.open([news], tmp_path / "cache")
    pairs, from_snapshot = again.store.articles()
    assert from_snapshot and [a.title for a in again.articles] == titles_before
    write(news / "3.txt", "слово3", day=4)
    again.update()  # the articles changed: the snapshot is out of date
    again.close()
    third = Library.open([news], tmp_path / "cache")
    pairs, from_snapshot = third.store.articles()
    assert not from_snapshot and len(pairs) == 4
    assert third.articles[0].title == "Новость номер слово3 о переговорах"
    third.prepare()
    third.close()
    fourth = Library.open([news], tmp_path / "cache")
    assert fourth.store.articles()[1] and len(fourth.articles) == 4
    assert fourth.articles == third.articles
    fourth.close()


def test_an_article_emptied_in_place_counts_as_gone(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    target = write(news / "2.txt", "газе")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    target.write_bytes(b"")
    report = library.update(full=True)
    assert report and report.removed == 1  # the reader's timeline must follow
    assert [a.title for a in library.articles] == ["Новость номер нефти о переговорах"]
    library.close()


def test_when_the_first_copy_changes_its_duplicate_holds_the_text(tmp_path: Path) -> None:
    news = tmp_path / "news"
    first = write(news / "a.txt", "нефти")
    shutil.copy(first, news / "b.txt")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    write(first, "газе", day=2)
    library.update(full=True)
    assert sorted(Path(a.path).name for a in library.articles) == ["a.txt", "b.txt"]
    assert library.skipped == ()
    assert len(library.search("нефть").hits) == 1 and len(library.search("газ").hits) == 1
    library.close()


def test_keys_are_never_given_twice(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    last = write(news / "2.txt", "газе")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    keys = set(library.keys)
    last.unlink()
    library.update()
    write(news / "3.txt", "уране")
    library.update()
    (new,) = set(library.keys) - keys
    assert new > max(keys)  # a hit made before the removal cannot show the new article
    library.close()


def test_a_lost_index_is_noticed_and_made_again(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    library.close()
    shutil.rmtree(library.directory / "index")  # a cache cleaner, say
    again = Library.open([news], tmp_path / "cache")
    report = again.update()
    assert report.added == 1 and any("did not match" in w for w in again.warnings)
    assert len(again.search("нефть").hits) == 1
    again.close()


def test_a_failure_during_an_update_leaves_nothing_half_done(tmp_path: Path, monkeypatch) -> None:
    news = tmp_path / "news"
    for number in range(4):
        write(news / f"{number}.txt", f"слово{number}")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    write(news / "4.txt", "слово4")
    (news / "0.txt").unlink()
    real = update_module.parse_files

    def failing(files: Sequence[str]) -> Iterator[Parsed]:
        raise MemoryError("out of memory")  # the fault injected: parsing fails

    monkeypatch.setattr(update_module, "parse_files", failing)
    with pytest.raises(MemoryError):
        library.update()
    assert len(library.articles) == 4  # as before the update
    assert len(library.search("слово0").hits) == 1
    monkeypatch.setattr(update_module, "parse_files", real)
    report = library.update()
    assert (report.added, report.removed) == (1, 1)
    assert [len(library.search(f"слово{n}").hits) for n in range(5)] == [0, 1, 1, 1, 1]
    library.close()


def test_the_newest_articles_come_without_reading_every_header(tmp_path: Path, monkeypatch) -> None:
    library = Library.open([SEEDS], tmp_path / "cache")
    library.update()
    library.close()
    again = Library.open([SEEDS], tmp_path / "cache")
    read_all = []  # each time the store was asked for every header
    real = again.store.articles
    monkeypatch.setattr(again.store, "articles", lambda: read_all.append(1) or real())
    newest = again.newest(3)
    assert read_all == []  # only three headers read
    assert newest == again.articles[:3]
    assert read_all == [1]  # the timeline needs them all
    assert again.newest(10) == again.articles  # all five, undated last
    again.close()


# ------------------------------------------------- a cold build: listed first, then indexed


def _real_articles(folder: Path) -> Path:
    """Seeds and labelled real articles: 59 files, each a different article."""
    folder.mkdir(exist_ok=True)
    data = Path(__file__).parent / "data"
    for source in [*SEEDS.glob("*.txt"), *data.glob("*/raw/*.txt")]:
        shutil.copy(source, folder / f"{source.parent.parent.name}-{source.name}")
    return folder


@pytest.fixture
def lists_first(monkeypatch) -> None:
    """Updates of more than 10 files list them all before indexing them (a cold build)."""
    monkeypatch.setattr(library_module, "LIST_FIRST", 10)


def test_a_cold_build_lists_every_file_before_indexing_them(tmp_path: Path, lists_first) -> None:
    news = _real_articles(tmp_path / "news")
    files = len(list(news.glob("*.txt")))
    library = Library.open([news], tmp_path / "cache")
    at_listing: dict[str, object] = {}

    def listed() -> None:
        at_listing["articles"] = len(library.articles)
        at_listing["found"] = len(library.search("tokaev").hits)
        at_listing["pending"] = len(library.store.pending())

    report = library.update(listed=listed)
    assert report.added == files
    # When listed, the timeline is whole and nothing is searchable yet …
    assert at_listing == {"articles": files, "found": 0, "pending": files}
    # … and at the end, everything is indexed and found.
    assert library.store.pending() == {}
    assert len(library.search("tokaev").hits) >= 10
    full = {a.path: a for a in (library.complete(a) for a in library.articles)}
    for article in library.articles:  # the timeline shows what the full parse found
        assert article.title == full[article.path].title
        assert article.published == full[article.path].published
    library.close()


def test_a_build_stopped_after_listing_is_indexed_by_the_next_update(
    tmp_path: Path, lists_first
) -> None:
    news = _real_articles(tmp_path / "news")
    library = Library.open([news], tmp_path / "cache")
    stop = {"now": False}

    def listed() -> None:
        stop["now"] = True  # the user quits as soon as the timeline is whole

    report = library.update(listed=listed, should_stop=lambda: stop["now"])
    assert report.interrupted
    library.close()

    again = Library.open([news], tmp_path / "cache")
    assert len(again.articles) == report.added  # the listing was kept
    waiting = len(again.store.pending())
    assert waiting >= report.added - 2  # stopped right after listing: hardly any indexed
    again.update()  # no file changed: the pending ones are indexed
    assert again.store.pending() == {}
    assert len(again.search("tokaev").hits) >= 10
    again.close()


def test_a_file_rewritten_between_listing_and_indexing_frees_its_duplicate(
    tmp_path: Path, lists_first
) -> None:
    news = _real_articles(tmp_path / "news")
    first = sorted(news.glob("*.txt"))[0]
    copy = news / "zz-copy.txt"
    shutil.copy(first, copy)  # the same text twice: the copy is a duplicate when listed
    library = Library.open([news], tmp_path / "cache")

    def listed() -> None:
        write(first, "урановой")  # the first copy is rewritten before it is indexed
        os.utime(first, ns=(10**18, 10**18))

    library.update(listed=listed)
    paths = {article.path for article in library.articles}
    assert {str(first), str(copy)} <= paths  # the old text now lives in the copy
    assert titles(library, "урановой") == ["Новость номер урановой о переговорах"]
    library.close()


def test_a_failed_store_commit_while_indexing_leaves_index_and_store_agreeing(
    tmp_path: Path, monkeypatch, lists_first
) -> None:
    from newsreader.library import store as store_module

    monkeypatch.setattr(library_module, "FIRST_COMMIT_SECONDS", 0)
    monkeypatch.setattr(library_module, "COMMIT_SECONDS", 0)
    news = tmp_path / "news"
    news.mkdir()
    _real_articles(news)
    state = {"listed": False, "commits": 0}
    real = store_module.ArticleStore.commit

    def commit(self) -> None:
        if state["listed"]:
            state["commits"] += 1
            if state["commits"] == 3:  # the index committed, the store cannot (disk full)
                raise OSError("disk full")
        real(self)

    monkeypatch.setattr(store_module.ArticleStore, "commit", commit)
    library = Library.open([news], tmp_path / "cache")
    with pytest.raises(OSError):
        library.update(listed=lambda: state.update(listed=True))
    library.update()  # the same process carries on
    hits = [hit.index for hit in library.search("tokaev").hits]
    assert len(hits) == len(set(hits))  # no article found twice
    on_disk = tantivy.Index.open(str(library.directory / "index"))
    assert on_disk.searcher().num_docs == library.store.count()  # no document left over
    library.close()
    again = Library.open([news], tmp_path / "cache")
    again.update()
    assert again.warnings == []  # nothing to rebuild
    again.close()


def test_file_and_folder_names_that_are_not_utf8_are_kept_byte_exact(tmp_path: Path) -> None:
    """Issue 14: a name that is not UTF-8 (here Latin-1 bytes) made the library unusable."""
    news = os.fsdecode(os.fsencode(tmp_path) + b"/\xe9t\xe9")  # a folder named in Latin-1
    folder = Path(news)
    write(folder / os.fsdecode(b"caf\xe9.txt"), "нефти")
    first = write(folder / "first.txt", "газе")
    shutil.copy(first, folder / os.fsdecode(b"copy\xff.txt"))
    library = Library.open([folder], tmp_path / "cache")
    library.update()
    by_word = {a.title.split()[2]: a for a in library.articles}
    assert os.fsencode(by_word["нефти"].path) == os.fsencode(folder) + b"/caf\xe9.txt"
    assert library.complete(by_word["нефти"]).body[0].endswith("Речь шла о нефти.")
    (skip,) = library.skipped
    pair = {os.fsencode(skip.path), os.fsencode(by_word["газе"].path)}
    assert pair == {os.fsencode(first), os.fsencode(folder) + b"/copy\xff.txt"}
    assert skip.reason == f"duplicate of {by_word['газе'].path} (same text)"
    assert len(library.search("нефть").hits) == 1
    library.close()
    again = Library.open([folder], tmp_path / "cache")  # the store gives the names back
    report = again.update()
    assert (report.added, report.removed) == (0, 0)
    Path(by_word["газе"].path).unlink()  # the other copy takes over
    again.update()
    (now,) = (a for a in again.articles if "газе" in a.title)
    assert now.path == skip.path
    assert again.skipped == ()
    again.close()


def test_a_damaged_file_is_read_and_its_damage_kept_with_the_article(tmp_path: Path) -> None:
    news = tmp_path / "news"
    damaged = write(news / "1.txt", "нефти")
    data = damaged.read_bytes()
    cut = data.index("нефти".encode())  # a stray byte between two letters
    damaged.write_bytes(data[:cut] + b"\xab" + data[cut:])
    library = Library.open([news], tmp_path / "cache")
    report = library.update()
    (repaired,) = report.repaired
    assert repaired.path == str(damaged) and f"at byte {cut}" in repaired.damage
    library.close()
    again = Library.open([news], tmp_path / "cache")  # warm: from the store, not the file
    (article,) = again.articles
    assert article.repaired == repaired.damage
    assert again.update().repaired == []  # said once, when the file is read
    again.close()


def test_a_build_killed_mid_save_leaves_nothing_behind_after_the_next_run(tmp_path: Path) -> None:
    """Issue 14, part 6: kill -9 in the middle of a build (after the index's third commit, its
    segments half merged) — the next run finishes the library and what the killed one wrote
    and no longer needs is gone: every file of the index is one the index uses."""
    news = tmp_path / "news"
    for number in range(60):
        write(news / f"{number}.txt", f"слово{number}", day=1 + number % 9)
    cache = tmp_path / "cache"
    killed = f"""
import os, signal
from pathlib import Path
from newsreader.library import Library, library as library_module
from newsreader.library.store import ArticleStore
library_module.COMMIT_SECONDS = 0.0
commits = 0
real = ArticleStore.commit
def commit(self):
    global commits
    commits += 1
    if commits == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real(self)
ArticleStore.commit = commit
Library.open([Path({str(news)!r})], Path({str(cache)!r})).update()
print("not killed")
"""
    assert python_output(killed) == ""
    library = Library.open([news], cache)
    library.update()
    assert len(library) == 60
    assert len(library.search("токаев").hits) == 60  # each article once in the index
    library.close()
    (index,) = cache.rglob("index")
    meta = json.loads((index / "meta.json").read_text())
    used = {segment["segment_id"].replace("-", "") for segment in meta["segments"]}
    left = [p.name for p in index.iterdir() if p.name.split(".")[0] not in used]
    assert sorted(left) == [
        ".managed.json",
        ".tantivy-meta.lock",
        ".tantivy-writer.lock",
        "meta.json",
    ]
    store = index.parent
    assert {p.name for p in store.iterdir()} <= {
        "index",
        "articles.sqlite",
        "articles.sqlite-wal",
        "articles.sqlite-shm",
    }


def test_folders_nested_1200_deep_are_walked_without_recursion(tmp_path: Path) -> None:
    news = tmp_path / "news"
    deep = str(news)
    for _ in range(1200):  # deeper than Python's recursion limit (os.makedirs recurses)
        deep = os.path.join(deep, "d")
        os.makedirs(deep)
    write(Path(deep) / "1.txt", "нефти")
    library = Library.open([news], tmp_path / "cache")
    assert library.update().added == 1
    write(Path(deep) / "2.txt", "газе")  # the quick check (folders' mtimes) finds it too
    assert library.update().added == 1
    assert len(library.search("газ").hits) == 1
    library.close()
    for name in ("1.txt", "2.txt"):  # pytest's clean-up (shutil.rmtree) would recurse
        os.remove(os.path.join(deep, name))
    while deep != str(news):
        os.rmdir(deep)
        deep = os.path.dirname(deep)


def test_a_fifo_in_the_folder_or_named_as_the_path_is_skipped_with_its_reason(
    tmp_path: Path,
) -> None:
    """Issue 14, part 6: a FIFO named .txt was ignored without a word in a folder, and named
    as the PATH gave only "no articles found"; opening one must not hang (a subprocess)."""
    news = tmp_path / "news"
    write(news / "good.txt", "нефти")
    os.mkfifo(news / "pipe.txt")
    os.mkfifo(tmp_path / "named.txt")
    code = f"""
from pathlib import Path
from newsreader.library import Library
for roots in ([Path({str(news)!r})], [Path({str(tmp_path / "named.txt")!r})]):
    library = Library.open(roots, Path({str(tmp_path)!r}) / ("cache" + str(len(roots[0].name))))
    library.update()
    print(len(library.articles), [str(skip) for skip in library.skipped])
    library.close()
"""
    reason = "not a regular file (a FIFO, a device or a socket)"
    assert python_output(code).splitlines() == [
        f"1 ['{news / 'pipe.txt'}: {reason}']",
        f"0 ['{tmp_path / 'named.txt'}: {reason}']",
    ]


def test_a_stray_nul_no_longer_skips_a_file_and_is_said(tmp_path: Path) -> None:
    news = tmp_path / "news"
    path = write(news / "1.txt", "нефти")
    data = path.read_bytes()
    cut = data.index("Касым".encode())
    path.write_bytes(data[:cut] + b"\x00" + data[cut:])
    library = Library.open([news], tmp_path / "cache")
    report = library.update()
    assert library.skipped == () and len(library.search("нефть").hits) == 1
    (repaired,) = report.repaired
    assert repaired.damage == f"1 NUL dropped, the first at byte {cut}"
    library.close()


def test_an_update_says_what_it_did_in_one_line() -> None:
    from newsreader.library import Update

    assert Update(added=1200, removed=1).describe() == "1,200 new, 1 gone"
    assert Update(changed=2).describe() == "2 changed" and Update().describe() == ""
