"""Titles for "Go to article…": as typed, from Latin letters, with a typo."""

from __future__ import annotations

from newsreader.search.titles import fold_titles, match_titles

TITLES = [
    "Маулен Әшімбаев встретился с советником",
    "Тоқаев провёл встречу",
    "Совет Маулена",
    "Ничего общего",
    "Касым-Жомарт Токаев принял посла",
]


def test_substrings_first_then_fuzzy() -> None:
    titles = fold_titles(TITLES)
    found = match_titles(titles, "МАУЛЕН")
    assert [m.index for m in found[:2]] == [0, 2]
    assert (found[0].start, found[0].end) == (0, 6)
    typo = match_titles(titles, "ашимбаефф")  # no substring: fuzzy finds it
    assert typo and typo[0].index == 0
    assert match_titles(titles, "   ") == []


def test_latin_letters_find_both_scripts_and_both_spellings() -> None:
    """Issue 15: Ctrl+G found nothing for ``tokaev``, the search 11."""
    titles = fold_titles(TITLES)
    tokaev = match_titles(titles, "tokaev")
    assert {m.index for m in tokaev} == {1, 4}
    assert TITLES[1][tokaev[0].start : tokaev[0].end] == "Тоқаев"  # the span fits the title
    assert [m.index for m in match_titles(titles, "ashimbaev")] == [0]
    assert match_titles(titles, "kassym-jomart")[0].index == 4
    assert match_titles(titles, "zzzz") == []
