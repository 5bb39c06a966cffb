"""The read marks and stars while the reader runs (:class:`newsreader.state.Marks`): their counts
among the corpus's articles, each change saved at once, and what a search's ``is:`` sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsreader.article import Article, Published
from newsreader.library import MemoryLibrary
from newsreader.state import Marks, State, recall


def art(identifier: str, title: str = "") -> Article:
    return Article(
        id=identifier,
        path=f"/c/{identifier}.txt",
        title=title or f"Title {identifier}",
        published=Published(dt.date(2026, 3, 1)),
        body=("Text.",),
    )


def counts(marks: Marks) -> tuple[int, int]:
    return marks.read_count, marks.starred_count


def test_the_counts_are_of_the_corpus_through_every_change() -> None:
    state = State.in_memory()
    state.set_read("elsewhere")  # another corpus's article: not counted
    state.set_starred("b")
    marks = Marks.load(state, ["a", "b", "c"])
    assert counts(marks) == (0, 1)
    assert marks.set_read("a") is True
    assert marks.set_read("a") is False  # already read: nothing changes
    assert counts(marks) == (1, 1)
    assert marks.set_read("elsewhere", False) and marks.set_read("gone")
    assert counts(marks) == (1, 1)  # marks outside the corpus change no count
    assert marks.set_read_many(["a", "b", "c", "c"]) == ["b", "c"]
    assert counts(marks) == (3, 1)
    assert marks.set_starred("c") and not marks.set_starred("c")
    assert counts(marks) == (3, 2)
    marks.set_corpus(["a", "d", "gone"])  # the folder changed: b and c went, d and gone came
    assert counts(marks) == (2, 0)
    assert marks.set_read_many(["a", "b", "d"], read=False) == ["a", "b"]
    assert counts(marks) == (1, 0)  # b is no longer in the corpus, d was never read
    assert marks.set_starred("d") and marks.set_starred("b", False)
    assert counts(marks) == (1, 1)
    assert [i for i in "abcd" if marks.is_read(i)] == ["c"]
    assert [i for i in "abcd" if marks.is_starred(i)] == ["c", "d"]


def test_marks_given_to_the_owner_are_counted_as_they_are() -> None:
    marks = Marks(State.in_memory(), {"a", "x"}, {"b"}, corpus=["a", "b", "c"])
    assert counts(marks) == (1, 1)
    assert set(marks.read) == {"a", "x"} and set(marks.starred) == {"b"}
    assert counts(Marks(State.in_memory())) == (0, 0)


def test_each_change_is_saved_at_once(tmp_path: Path) -> None:
    """Durability: another state opened on the file sees each mark as soon as it is made."""
    db = tmp_path / "state.db"

    def saved() -> tuple[set[str], set[str]]:
        with State.open(db) as other:
            return other.read_ids(), other.starred_ids()

    with State.open(db) as state:
        marks = Marks.load(state, ["a", "b", "c"])
        marks.set_read("a")
        assert saved() == ({"a"}, set())
        marks.set_starred("b")
        assert saved() == ({"a"}, {"b"})
        marks.set_read_many(["b", "c"])
        assert saved() == ({"a", "b", "c"}, {"b"})
        marks.set_read("a", False)
        marks.set_starred("b", False)
        assert saved() == ({"b", "c"}, set())
        marks.set_read_many(["b", "c"], read=False)
        assert saved() == (set(), set())


def test_a_search_s_is_flags_see_the_marks_as_they_were_asked_for() -> None:
    articles = [art(i, f"Apples {i}") for i in "abcd"]
    library = MemoryLibrary(articles)
    marks = Marks.load(State.in_memory(), [a.id for a in articles])
    marks.set_read_many(["a", "b"])
    marks.set_starred("b")
    marks.set_starred("c")

    def found(query: str, asked: object) -> list[str]:
        return sorted(hit.article.id for hit in library.search(query, marks=asked).hits)

    now = marks.for_search()
    assert found("is:unread", now) == ["c", "d"]
    assert found("is:read", now) == ["a", "b"]
    assert found("is:starred", now) == ["b", "c"]
    assert found("apples is:starred -is:read", now) == ["c"]
    assert found("-is:unread -is:starred", now) == ["a"]
    marks.set_read("d")  # a search already running keeps the marks it was given
    assert found("is:unread", now) == ["c", "d"]
    assert found("is:unread", marks.for_search()) == ["c"]


def test_recall_counts_this_corpus_and_finds_the_last_article() -> None:
    arts = [art(str(i)) for i in range(4)]
    state = State.in_memory()
    for identifier in ("1", "3", "elsewhere"):
        state.set_read(identifier)
    state.set_starred("2")
    state.set_last_article("2")
    state.set_last_query("иран is:unread", "news")
    memory = recall(state, arts, "news")
    assert counts(memory.marks) == (2, 1)
    assert [a.id for a in arts if memory.marks.is_read(a.id)] == ["1", "3"]
    assert memory.marks.is_read("elsewhere")  # every mark the state holds, counted or not
    assert memory.last_article == 2
    assert memory.last_query == "иран is:unread"
    assert recall(state, arts, "other corpus").last_query == ""
    state.set_last_article("gone")
    assert recall(state, arts).last_article is None


def test_a_corpus_changed_by_what_came_and_went_counts_as_the_corpus_set_anew() -> None:
    state = State.in_memory()
    for identifier in ("a", "b", "x"):
        state.set_read(identifier)
    state.set_starred("b")
    state.set_starred("c")
    marks = Marks.load(state, ["a", "b", "c", "d"])
    assert counts(marks) == (2, 2)
    # b went (read, starred), c changed in place (same id), x came (read), y came (unmarked),
    # and "gone" was never in the corpus.
    marks.change_corpus(added=["c", "x", "y"], removed=["b", "c", "gone"])
    assert counts(marks) == (2, 1)
    again = Marks.load(state, ["a", "c", "d", "x", "y"])
    assert counts(again) == counts(marks)
    assert marks.set_read("c") and counts(marks) == (3, 1)  # c is in the corpus still
    assert marks.set_read("b", False) and counts(marks) == (3, 1)  # b is not any more
