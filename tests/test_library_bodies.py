"""An article's body: read from its file when it is shown, the last few kept, once."""

from __future__ import annotations

from pathlib import Path

from newsreader.library import Library

from .test_library import write


def test_an_article_asked_again_is_the_same_until_its_file_changes(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "1.txt", "нефти")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    (article,) = library.articles
    shown = library.complete(article)
    assert "нефти" in shown.body[0]
    # Asked again (the viewer, the snippets): the same article, not its file read again.
    (news / "1.txt").write_text("overwritten without an update", encoding="utf-8")
    assert library.complete(article) is shown
    assert library.body(article) == shown.body
    write(news / "1.txt", "газе")  # rewritten, and the library told
    library.update(paths=[str(news / "1.txt")])
    (article,) = library.articles
    assert "газе" in library.complete(article).body[0]
    library.close()


def test_only_the_last_few_are_kept(tmp_path: Path) -> None:
    news = tmp_path / "news"
    for number in range(70):
        write(news / f"{number}.txt", f"слово{number}")
    library = Library.open([news], tmp_path / "cache")
    library.update()
    first, *rest = library.articles
    kept = library.complete(first)
    for article in rest:
        library.complete(article)
    assert library.complete(first) is not kept  # read again: it had been let go
    assert library.complete(first) == kept
    library.close()
