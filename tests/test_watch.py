"""Following the folders (issue 16): files dropped, rewritten and deleted in a temporary folder
reach the library, and each batch says what changed. Every test waits on the follower's reports
(a queue, with a time limit only for when something is wrong), never on the clock."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.library import Library
from newsreader.library import poll as poll_module
from newsreader.library.poll import polling_reason
from newsreader.library.scan import changes_at
from newsreader.library.watch import Batch, follow

TEXT = """ date 2026-03-0{day}Новость номер {word} о переговорах

Касым-Жомарт Токаев провёл встречу, передает Kazpravda.kz. Речь шла о {word}.
"""
#: Only for when something is wrong: a report that never comes.
PATIENCE = 30.0


def write(path: Path, word: str, day: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXT.format(word=word, day=day), encoding="utf-8")
    return path


class Reports:
    """The batches the follower reports, in order."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Batch] = queue.Queue()
        self.seen: list[Batch] = []

    def until(self, done: Callable[[Batch], bool]) -> list[Batch]:
        """The batches up to the first one ``done`` accepts (all of them)."""
        batches = []
        while True:
            try:
                batch = self.queue.get(timeout=PATIENCE)
            except queue.Empty:
                raise AssertionError(f"no such report; got {batches}") from None
            batches.append(batch)
            self.seen.append(batch)
            if done(batch):
                return batches

    def added(self, count: int) -> list[Batch]:
        total = 0

        def enough(batch: Batch) -> bool:
            nonlocal total
            total += batch.added
            return total >= count

        return self.until(enough)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    write(folder / "first.txt", "нефти")
    return folder


@pytest.fixture
def library(news: Path, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open([news], tmp_path / "cache")
    opened.update()
    yield opened
    opened.close()


@contextlib.contextmanager
def following(library: Library, news: Path, **options: object) -> Iterator[Reports]:
    """The follower running in a thread; once a first file it is told of is in (so it is
    watching), its reports."""
    reports = Reports()
    stop = threading.Event()
    thread = threading.Thread(
        target=follow, args=(library, stop, reports.queue.put), kwargs=options, daemon=True
    )
    thread.start()
    try:
        write(news / "sentinel.txt", "сигнале")
        reports.added(1)
        yield reports
    finally:
        stop.set()
        thread.join(PATIENCE)
    assert not thread.is_alive(), "the follower did not stop"


def titles(library: Library, query: str) -> list[str]:
    return [hit.article.title for hit in library.search(query).hits]


@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_files_added_rewritten_and_deleted_are_followed(
    library: Library, news: Path, poll: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll_module, "SWEEP_SECONDS", 0.5)  # rewrites found within a look
    with following(library, news, poll=poll) as reports:
        path = write(news / "sub" / "second.txt", "газе")
        (batch,) = reports.until(lambda batch: batch.added == 1)
        assert (batch.changed, batch.removed) == (0, 0)
        assert batch.describe() == "1 new article"
        assert titles(library, "газе") == ["Новость номер газе о переговорах"]
        assert [library.article_of(key).path for key in batch.keys] == [str(path)]

        write(path, "уране")  # rewritten in place: its folder's mtime stays
        reports.until(lambda batch: batch.changed == 1)
        assert titles(library, "уране") == ["Новость номер уране о переговорах"]
        assert titles(library, "газе") == []

        path.unlink()
        (batch,) = reports.until(lambda batch: batch.removed == 1)
        assert batch.describe() == "1 removed"
        assert titles(library, "уране") == []
        assert len(library.articles) == 2  # first.txt and the sentinel


def test_a_burst_is_listed_and_searchable_in_a_few_batches(library: Library, news: Path) -> None:
    with following(library, news) as reports:
        for number in range(300):
            write(news / "burst" / f"{number:03}.txt", f"партии{number:03} выборах", day=2)
        batches = reports.added(300)
        assert len(batches) <= 3, [batch.added for batch in batches]
        assert sum(len(batch.keys) for batch in batches) == 300
        assert len(library.articles) == 302
        assert library.search("выборах").count == 300
        assert titles(library, "партии123") == ["Новость номер партии123 выборах о переговорах"]


def test_a_file_written_in_two_parts_is_read_once_complete(library: Library, news: Path) -> None:
    seen = threading.Event()
    path = news / "slow.txt"

    def pending(paths: object) -> None:
        if str(path) in paths:  # type: ignore[operator]
            seen.set()

    head, tail = TEXT.format(word="дожде", day=3).split("\n\n", 1)
    # A long quiet time: the follower must still be waiting when the second part comes.
    with following(library, news, settle=3.0, on_pending=pending) as reports:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(head + "\n\n")
            handle.flush()
            assert seen.wait(PATIENCE), "the half-written file was never seen"
            handle.write(tail)
        (batch,) = reports.until(lambda batch: batch.added or batch.changed or batch.failed)
        assert (batch.added, batch.changed, batch.failed) == (1, 0, ())
        article = library.article_of(batch.keys[0])
        assert "Речь шла о дожде." in " ".join(library.body(article))


def test_a_file_that_fails_to_load_is_named_once(library: Library, news: Path) -> None:
    empty = news / "empty.txt"
    with following(library, news) as reports:
        empty.write_bytes(b"")
        (batch,) = reports.until(lambda batch: bool(batch.failed))
        assert [(s.path, s.reason) for s in batch.failed] == [(str(empty), "empty file")]
        assert batch.describe() == "1 file skipped"

        # Touched again and again, still empty: not named again.
        for _ in range(3):
            empty.write_bytes(b"")
            os.utime(empty)
        write(news / "after.txt", "снеге")
        batches = reports.added(1)
        assert all(not batch.failed for batch in batches)

        # Loaded, then emptied again: named again.
        write(empty, "ветре")
        reports.added(1)
        empty.write_bytes(b"")
        (batch,) = reports.until(lambda batch: bool(batch.failed))
        assert batch.removed == 1
        assert [s.path for s in batch.failed] == [str(empty)]


def test_a_folder_moved_in_and_out(library: Library, news: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "one.txt", "горах")
    write(outside / "deeper" / "two.txt", "горах и реках", day=2)
    with following(library, news) as reports:
        shutil.move(outside, news / "moved")
        reports.added(2)
        assert library.search("горах").count == 2
        shutil.move(news / "moved", tmp_path / "gone")
        reports.until(lambda batch: batch.removed == 2)
        assert library.search("горах").count == 0


def test_a_failed_update_is_said_and_tried_again(
    library: Library, news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = library.update
    failures = []

    def flaky(**options: object):
        if options.get("paths") is not None and not failures:
            failures.append(True)
            raise OSError("disk on fire")
        return real(**options)  # type: ignore[arg-type]

    with following(library, news) as reports:
        monkeypatch.setattr(library, "update", flaky)
        write(news / "later.txt", "огне")
        batches = reports.added(1)
        problems = [problem for batch in batches for problem in batch.problems]
        assert problems == ["could not bring the library up to date: disk on fire"]
        assert titles(library, "огне") == ["Новость номер огне о переговорах"]


def test_a_stop_ends_it_between_events(library: Library, news: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(library, stop, lambda batch: None))
    thread.start()
    stop.set()
    thread.join(PATIENCE)
    assert not thread.is_alive()


def test_a_network_file_system_is_polled(monkeypatch: pytest.MonkeyPatch) -> None:
    mounts = [("/", "ext4"), ("/mnt/share", "nfs4"), ("/mnt/share/local", "ext4")]
    monkeypatch.setattr(poll_module, "_mounts", lambda: mounts)
    assert polling_reason(["/mnt/share/news"]) == "/mnt/share/news is on nfs4"
    assert polling_reason(["/home/me/news", "/mnt/share/local/news"]) is None
    monkeypatch.setattr(poll_module, "_mounts", lambda: [("/media/phone", "fuse.sshfs")])
    assert polling_reason(["/media/phone/news"]) == "/media/phone/news is on fuse.sshfs"


def test_changes_at_looks_only_at_the_paths_named(library: Library, news: Path) -> None:
    known = library.store.files()
    new = write(news / "new.txt", "морях")
    write(news / "unnamed.txt", "реках")  # new too, but not named: not looked at
    (news / "note.md").write_text("not an article", encoding="utf-8")
    folder = news / "folder"
    write(folder / "inner.txt", "озерах")
    changes = changes_at(
        [news], [str(new), str(news / "note.md"), str(folder), "/elsewhere/x.txt"], known
    )
    assert sorted(changes.to_parse) == [str(folder / "inner.txt"), str(new)]
    assert changes.removed == []

    (news / "first.txt").unlink()
    changes = changes_at([news], [str(news / "first.txt")], known)
    assert changes.removed == [str(news / "first.txt")]
    assert changes.to_parse == {}
