"""The search's vocabulary (every word of the index, for prefixes and near spellings) learns
the words of files added while the reader runs, without being made again."""

from __future__ import annotations

from pathlib import Path

from newsreader.library import Library
from newsreader.search.terms import Vocabulary, document_words

from .test_library import titles, write

ZEBRA = "Новость номер зебровод о переговорах"


def followed_library(tmp_path: Path) -> tuple[Library, Path]:
    """A library whose vocabulary is made, as the reader's is once it is up to date."""
    news = tmp_path / "news"
    for number, word in enumerate(["нефти", "газе", "уране"]):
        write(news / f"{number}.txt", word, day=number + 1)
    library = Library.open([news], tmp_path / "cache")
    library.update()
    library.prepare()
    return library, news


def test_a_new_word_is_found_by_its_prefix_and_a_typo(tmp_path: Path) -> None:
    library, news = followed_library(tmp_path)
    assert titles(library, "зебро") == []
    write(news / "new.txt", "зебровод", day=5)
    library.update(paths=[str(news / "new.txt")])  # as the folder follower asks
    assert titles(library, "зебровод") == [ZEBRA]
    assert titles(library, "зебро") == [ZEBRA]  # typed so far
    assert titles(library, "зеброволд") == [ZEBRA]  # one letter too many
    assert titles(library, "zebrovod") == [ZEBRA]  # from a Latin keyboard
    library.close()


def test_words_added_while_the_vocabulary_is_made_are_kept(tmp_path: Path, monkeypatch) -> None:
    library, news = followed_library(tmp_path)
    build = Vocabulary.build

    def build_while_a_file_lands(searcher, top):  # the follower commits during prepare()
        made = build(searcher, top)
        write(news / "new.txt", "зебровод", day=5)
        library.update(paths=[str(news / "new.txt")])
        return made

    monkeypatch.setattr(Vocabulary, "build", staticmethod(build_while_a_file_lands))
    library.prepare()
    assert titles(library, "зебро") == [ZEBRA]
    library.close()


def test_learned_words_join_the_prefix_ranges_with_their_counts() -> None:
    vocabulary = Vocabulary(["газ", "газе", "нефть"], _counts([5, 2, 1]), top=2)
    grown = vocabulary.with_words(document_words(["газета газ", "газета нефтяник"]))
    assert grown.prefixed("газ", None) == {"газ": 5, "газе": 2, "газета": 2}
    assert grown.prefixed("газ", 2) == {"газ": 5, "газе": 2}  # the most frequent
    assert grown.exists("нефтя") and not vocabulary.exists("нефтя")
    assert grown.count("нефтяник") == 1 and grown.count("газ") == 5  # known counts kept
    assert list(grown.candidates("неф")[0]) == ["нефть", "нефтяник"]
    assert vocabulary.prefixed("газ", None) == {"газ": 5, "газе": 2}  # the original unchanged


def _counts(values: list[int]):
    from array import array

    return array("I", values)
