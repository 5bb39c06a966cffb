"""The library's timeline as files come and go: a commit of a few puts them in their places (not
the whole timeline sorted again), in the order a fresh start sorts; and it says what came and
went (:meth:`Library.changes_since`), for a reader that lays out only that."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.library import Library
from newsreader.library import headers as headers_module

TEXT = """ date 2026-03-{day:02d}Новость {word} о переговорах

Касым-Жомарт Токаев провёл встречу, передает Kazpravda.kz. Речь шла о {word}.
"""


def write(path: Path, word: str, day: int) -> Path:
    path.write_text(TEXT.format(word=word, day=day), encoding="utf-8")
    return path


@pytest.fixture
def merging(monkeypatch) -> None:
    """Every commit merges what changed into the timeline (a small library would sort it)."""
    monkeypatch.setattr(headers_module, "MERGE_AT", 1)


def as_sorted(library: Library, cache: Path) -> list[tuple[int, str]]:
    """The timeline a fresh start reads and sorts from the store, as keys and paths."""
    fresh = Library.open(list(library.roots), cache)
    try:
        return [(key, a.path) for key, a in zip(fresh.keys, fresh.articles, strict=True)]
    finally:
        fresh.close()


def shown(library: Library) -> list[tuple[int, str]]:
    return [(key, a.path) for key, a in zip(library.keys, library.articles, strict=True)]


def test_files_that_come_change_and_go_take_their_places_in_the_timeline(
    tmp_path: Path, merging
) -> None:
    news, cache = tmp_path / "news", tmp_path / "cache"
    news.mkdir()
    for number in range(12):  # four days, three articles each (in the order of their paths)
        write(news / f"{number:02d}.txt", f"тема{number}", day=2 + 2 * (number % 4))
    library = Library.open([news], cache)
    library.update()
    steps = [
        lambda: write(news / "20.txt", "новая", day=4),  # into a day there is, among three
        lambda: write(news / "21.txt", "новейшая", day=20),  # a new day, on top
        lambda: write(news / "22.txt", "средняя", day=5),  # a new day between two
        lambda: write(news / "03.txt", "переписанная", day=1),  # changed: to a new last day
        lambda: (news / "01.txt").unlink(),  # gone
        lambda: [(news / f"{n:02d}.txt").unlink() for n in (2, 6, 10)],  # a whole day gone
    ]
    for step in steps:
        before = library.articles
        step()
        report = library.update(full=True)
        assert report
        assert shown(library) == as_sorted(library, cache)
        change = library.changes_since(before)
        assert change is not None and change.after is library.articles
        # The articles that are not the same objects as before (a changed one: both).
        now = {id(a): a.path for a in library.articles}
        then = {id(a): a.path for a in before}
        assert sorted(a.path for a in change.added) == sorted(now[i] for i in now.keys() - then)
        assert sorted(a.path for a in change.removed) == sorted(then[i] for i in then.keys() - now)
    library.close()


def test_what_came_and_went_adds_up_over_several_commits(tmp_path: Path, merging) -> None:
    news, cache = tmp_path / "news", tmp_path / "cache"
    news.mkdir()
    for number in range(6):
        write(news / f"{number}.txt", f"тема{number}", day=number + 1)
    library = Library.open([news], cache)
    library.update()
    start = library.articles
    assert library.changes_since(start) == type(library.changes_since(start))(start, start)
    write(news / "new.txt", "новая", day=9)
    library.update()
    write(news / "new.txt", "новая переписанная", day=10)  # came, then changed
    write(news / "brief.txt", "краткая", day=8)  # came, then went
    library.update(full=True)
    (news / "brief.txt").unlink()
    (news / "0.txt").unlink()  # was there, went
    library.update()
    change = library.changes_since(start)
    assert change is not None and change.before is start and change.after is library.articles
    assert [a.title for a in change.added] == ["Новость новая переписанная о переговорах"]
    assert [a.path for a in change.removed] == [str(news / "0.txt")]
    assert library.changes_since(list(start)) is None  # not a timeline it had: not known
    library.close()
