"""The reader follows its folder while it runs (issue 16): files dropped, rewritten and
deleted show in the timeline and the search with no key pressed. The test waits on the app
(until what it shows changes), not on the clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from newsreader.config import Config
from newsreader.library import Library
from newsreader.ui.app import NewsReaderApp, make_app

from .helpers import copy_seeds, notices
from .test_ui import SIZE, settle

NEW = """Новость о запуске спутника KazSat-9

Астана, 3 декабря — Казахстан запустил спутник связи KazSat-9, передает Kazinform.
"""


async def until(app: NewsReaderApp, pilot: Pilot, shown: Callable[[], bool]) -> None:
    """Let the app run until ``shown()`` (30 s at most: a failure, not a hang)."""
    for _ in range(600):
        await pilot.pause(0.05)
        if shown():
            await settle(app, pilot)
            return
    raise AssertionError("the change never showed")


async def test_files_dropped_rewritten_and_deleted_show_without_a_key(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, config=Config(), preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"kazsat")
        await settle(app, pilot)
        assert app.timeline.displayed() == []
        (corpus / "new.txt").write_text(NEW, encoding="utf-8")
        await until(app, pilot, lambda: len(app.articles) == 6)
        await until(app, pilot, lambda: len(app.timeline.displayed()) == 1)
        (shown,) = app.timeline.displayed()  # the query typed ran again and finds it
        assert app.articles[shown].title == "Новость о запуске спутника KazSat-9"
        assert app.search_bar.value == "kazsat"
        assert not app.marks.is_read(app.articles[shown].id)  # new articles are unread
        assert any(n.lines[-1] == "1 new article" for n in await notices(pilot))
        (corpus / "new.txt").write_text(NEW.replace("KazSat-9", "KazSat-10"), encoding="utf-8")
        await until(app, pilot, lambda: any(a.title.endswith("-10") for a in app.articles))
        assert len(app.articles) == 6
        (corpus / "new.txt").unlink()
        await until(app, pilot, lambda: len(app.articles) == 5)
        assert app.timeline.displayed() == []
    app.close_library()


async def test_no_watch_in_the_config_leaves_the_folder_alone(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, config=Config(watch=False), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not [w for w in app.workers if w.name == "follow folders"]
    app.close_library()


async def test_a_file_landing_keeps_the_article_highlighted_and_the_counts_right(
    tmp_path: Path,
) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, config=Config(), preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "m")  # the third article, read
        await settle(app, pilot)
        read = app.articles[app.timeline.highlighted]
        assert "4 unread · 0 starred │ 5 articles" in app.status.corpus_text
        newest = NEW.replace("3 декабря", "9 марта 2026")  # after every seed: on top
        (corpus / "new.txt").write_text(newest, encoding="utf-8")
        await until(app, pilot, lambda: len(app.articles) == 6)
        assert app.articles[0].title == "Новость о запуске спутника KazSat-9"
        assert app.articles[app.timeline.highlighted] is read  # one lower, still highlighted
        assert "5 unread · 0 starred │ 6 articles" in app.status.corpus_text
        assert app.timeline.displayed() == list(range(6))
        Path(read.path).unlink()  # the article read goes: so does its mark from the count
        await until(app, pilot, lambda: len(app.articles) == 5)
        assert "5 unread · 0 starred │ 5 articles" in app.status.corpus_text
    app.close_library()
