"""The reader's memory in the UI: read marks, stars, restore, scroll, config, warnings.

Driven headless with Pilot; waits on the app (``settle``), never on the clock. A State on a
``tmp_path`` database is reopened after the app exits to check what was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsreader.config import load_config, parse_config
from newsreader.library import Library, library_dir
from newsreader.state import State
from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.bindings import binding_ids, keymap_clashes, theme_names
from newsreader.ui.rows import STAR_MARK, UNREAD_MARK

from .helpers import copy_seeds, notices
from .test_state_recovery import FullDisk, on_disk
from .test_ui import (
    SIZE,
    article,
    fake_factory,
    rows_drawn,
    settle,
    small_corpus,
    timeline_lines,
)


def marks(app: NewsReaderApp, index: int) -> str:
    """The two mark cells of article ``index``'s timeline row on screen: unread dot, star."""
    title = app.articles[index].title
    return next(line for line in timeline_lines(app.timeline) if title in line)[1:3]


def header(app: NewsReaderApp) -> str:
    return app.status.corpus_text


def reader(state: State | None = None, **options) -> NewsReaderApp:
    options.setdefault("articles", small_corpus())
    options.setdefault("engine", fake_factory)
    options.setdefault("preview_delay", 0)
    options.setdefault("position_save_delay", 0)
    return make_app(state=state, **options)


def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


# ------------------------------------------------------------- read marks


async def test_opening_marks_read_and_previewing_does_not() -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert marks(app, 0) == f"{UNREAD_MARK} "
        assert "5 unread · 0 starred" in header(app)
        assert app.viewer.border_title == "Article · unread"
        await pilot.press("j", "j")  # previews 1 and 2
        await settle(app, pilot)
        assert app.viewer.article.id == app.articles[2].id
        assert all(marks(app, i)[0] == UNREAD_MARK for i in range(5))
        await pilot.press("enter")
        await settle(app, pilot)
        assert marks(app, 2) == "  "
        assert "4 unread" in header(app)
        assert app.viewer.border_title == "Article"
        await pilot.press("J")  # opens 3
        await settle(app, pilot)
        assert app.viewer.article.id == app.articles[3].id
        assert marks(app, 3)[0] == " "
        assert "3 unread" in header(app)
        assert app.state.read_ids() == {app.articles[2].id, app.articles[3].id}


async def test_m_toggles_read_in_the_timeline_and_in_the_viewer() -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")  # the highlighted article, from the timeline
        await settle(app, pilot)
        assert marks(app, 0)[0] == " "
        assert app.focused is app.timeline
        await pilot.press("m")
        await settle(app, pilot)
        assert marks(app, 0)[0] == UNREAD_MARK
        await pilot.press("enter")  # read
        await settle(app, pilot)
        assert marks(app, 0)[0] == " "
        await pilot.press("m")  # the article shown, from the viewer: unread again
        await settle(app, pilot)
        assert app.focused is app.viewer
        assert marks(app, 0)[0] == UNREAD_MARK
        assert app.viewer.border_title == "Article · unread"
        assert "5 unread" in header(app)
        assert app.state.read_ids() == set()


async def test_a_toggle_redraws_only_the_rows_of_that_article(monkeypatch) -> None:
    drawn = rows_drawn(monkeypatch)
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert set(drawn) == {art.id for art in app.articles}
        drawn.clear()
        app.timeline.refresh_article(0)
        await pilot.pause()
        assert set(drawn) == {app.articles[0].id}  # the other rows come from the cache


async def test_s_stars_from_timeline_and_viewer_and_persists(tmp_path: Path) -> None:
    state = State.open(db(tmp_path))
    app = reader(state)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")  # star article 0 from the timeline
        await settle(app, pilot)
        assert marks(app, 0) == f"{UNREAD_MARK}{STAR_MARK}"
        assert "1 starred" in header(app)
        await pilot.press("j", "enter", "s")  # open 1 and star it from the viewer
        await settle(app, pilot)
        assert app.focused is app.viewer
        assert marks(app, 1) == f" {STAR_MARK}"
        assert app.viewer.border_title == "Article · ★ starred"
        assert "2 starred" in header(app)
        await pilot.press("K", "s")  # open 0 (viewer focused) and unstar it
        await settle(app, pilot)
        assert marks(app, 0) == "  "
        await pilot.press("q")
    state.close()
    ids = [a.id for a in small_corpus()]
    with State.open(db(tmp_path)) as reopened:
        assert reopened.starred_ids() == {ids[1]}
        assert reopened.read_ids() == {ids[0], ids[1]}
    # The next run shows them.
    with State.open(db(tmp_path)) as state:
        app = reader(state)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert marks(app, 1) == f" {STAR_MARK}"
            assert marks(app, 0) == "  "
            assert "3 unread · 1 starred" in header(app)


async def test_a_state_shared_with_another_corpus_counts_only_this_one() -> None:
    state = State.in_memory()
    state.set_read("not-in-this-corpus")
    state.set_starred("not-in-this-corpus")
    state.set_read(small_corpus()[4].id)
    app = reader(state)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "4 unread · 0 starred" in header(app)


# ------------------------------------------------------------------ search


@pytest.mark.parametrize("engine", ["fake", "real"])
async def test_is_starred_and_is_unread_searches(engine: str) -> None:
    ids = [a.id for a in small_corpus()]
    state = State.in_memory()
    state.set_starred(ids[1])
    state.set_starred(ids[3])
    state.set_read(ids[3])
    state.set_read(ids[0])
    factory = fake_factory if engine == "fake" else None
    app = reader(state, engine=factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)

        async def search(query: str) -> set[int]:
            app.search_bar.value = query
            await settle(app, pilot)
            assert app.timeline.searching
            return set(app.timeline.displayed())

        assert await search("is:starred") == {1, 3}
        assert await search("is:unread") == {1, 2, 4}
        assert await search("-is:starred") == {0, 2, 4}
        assert await search("is:starred is:unread") == {1}
        assert await search("is:read -is:starred") == {0}
        assert await search("apples is:unread") == {1, 4}
        assert app.count_text == "2 of 5"
        # A mark changed in the reader counts at the next search.
        app.search_bar.value = ""
        await settle(app, pilot)
        await pilot.press("G", "s")  # star the undated article 4
        await settle(app, pilot)
        assert await search("is:starred") == {1, 3, 4}
        assert await search("is:stared") == {0, 1, 2, 3, 4}
        assert "is:stared is not a mark (unread, read, starred)" in app.count_text


# ---------------------------------------------------------------- restore


async def test_last_article_and_query_come_back_at_the_next_start(tmp_path: Path) -> None:
    with State.open(db(tmp_path)) as state:
        app = reader(state, position_save_delay=3600)  # saved at exit, not on the clock
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("slash", *"apples")
            await settle(app, pilot)
            hits = app.timeline.displayed()
            await pilot.press("down", "down")
            await settle(app, pilot)
            chosen = hits[2]
            assert app.timeline.highlighted == chosen
            await pilot.press("ctrl+q")
    with State.open(db(tmp_path)) as state:
        assert state.get_last_query() == "apples"
        assert state.get_last_article() == small_corpus()[chosen].id
        app = reader(state)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.search_bar.value == "apples"
            assert app.query_text == "apples"
            assert app.timeline.searching
            assert app.timeline.displayed() == hits
            assert app.timeline.highlighted == chosen
            assert app.viewer.article.id == app.articles[chosen].id
            assert app.focused is app.timeline
            assert app.state.read_ids() == set()  # restored, not opened


async def test_last_article_without_a_query_is_highlighted_and_previewed(tmp_path: Path) -> None:
    arts = [
        article(i, f"Article {i}", day=dt.date(2026, 1, 1) - dt.timedelta(i)) for i in range(80)
    ]
    with State.open(db(tmp_path)) as state:
        app = reader(state, articles=arts)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            app.timeline.select_article(61)
            await pilot.press("k")
            await settle(app, pilot)
            assert app.timeline.highlighted == 60
    with State.open(db(tmp_path)) as state:
        assert state.get_last_query() == ""
        app = reader(state, articles=arts)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.search_bar.value == ""
            assert app.timeline.highlighted == 60
            assert app.viewer.article is arts[60]
            assert any("Article 60" in line for line in timeline_lines(app.timeline))


async def test_the_query_is_saved_after_typing_rests_and_a_cleared_one_is_forgotten(
    tmp_path: Path,
) -> None:
    with State.open(db(tmp_path)) as state:
        app = reader(state)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("slash", *"pears")
            await settle(app, pilot)
            assert state.get_last_query() == "pears"  # position_save_delay=0: at once
            await pilot.press("escape")
            await settle(app, pilot)
            assert state.get_last_query() == ""


async def test_a_last_article_gone_from_the_corpus_is_ignored() -> None:
    state = State.in_memory()
    state.set_last_article("gone")
    app = reader(state)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.timeline.highlighted == 0


# ----------------------------------------------------------------- scroll


def long_corpus() -> list:
    body = tuple(f"Paragraph {n} with enough words to fill a line or two." for n in range(80))
    return [
        article(0, "A long read", body=body),
        article(1, "Another long read", day=dt.date(2026, 2, 1), body=body),
        article(2, "Short", day=dt.date(2026, 1, 1)),
    ]


async def test_scroll_position_comes_back_when_the_article_is_opened_again(
    tmp_path: Path,
) -> None:
    with State.open(db(tmp_path)) as state:
        app = reader(state, articles=long_corpus())
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("enter", *["j"] * 17)
            await settle(app, pilot)
            assert app.viewer.top_line == 17
            await pilot.press("J")  # leaves article 0 for 1
            await settle(app, pilot)
            assert app.viewer.article.id == app.articles[1].id
            assert app.viewer.top_line == 0
            assert state.get_scroll(app.articles[0].id) == 17
            await pilot.press("space")
            await settle(app, pilot)
            down = app.viewer.top_line
            assert down > 0
            await pilot.press("K")  # back to 0, at line 17
            await settle(app, pilot)
            assert app.viewer.article.id == app.articles[0].id
            assert app.viewer.top_line == 17
            await pilot.press("q")  # exit saves the one being read
        assert state.get_scroll(app.articles[1].id) == down
        assert state.get_scroll(app.articles[0].id) == 17
        # The preview shows the article where it was left too (issue 15), and so does opening.
        app = reader(state, articles=long_corpus())
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("g")
            await settle(app, pilot)
            assert app.viewer.article.id == app.articles[0].id
            assert app.viewer.top_line == 17
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.viewer.top_line == 17
            await pilot.press("g")  # read back to the top, then leave: forgotten
            await settle(app, pilot)
            await pilot.press("J")
            await settle(app, pilot)
        assert state.get_scroll(app.articles[0].id) == 0


async def test_scroll_is_restored_on_a_narrow_terminal(tmp_path: Path) -> None:
    state = State.in_memory()
    state.set_scroll(long_corpus()[1].id, 9)
    app = reader(state, articles=long_corpus())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        assert not app.viewer.display
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert app.viewer.display
        assert app.viewer.top_line == 9


# ------------------------------------------------------------------ config


async def test_config_key_remap_by_binding_id(tmp_path: Path) -> None:
    config = parse_config(
        'theme = "gruvbox"\n[keys]\n"timeline.down" = "n"\n"article.toggle_star" = "f"\n',
        known_bindings=binding_ids(),
        known_themes=theme_names(),
    )
    assert config.warnings == ()
    app = reader(config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "gruvbox"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.timeline.highlighted == 1
        await pilot.press("j")  # no longer bound to down
        await settle(app, pilot)
        assert app.timeline.highlighted == 1
        await pilot.press("f")
        await settle(app, pilot)
        assert marks(app, 1)[1] == STAR_MARK
        await pilot.press("s")
        await settle(app, pilot)
        assert marks(app, 1)[1] == STAR_MARK


async def test_a_remap_onto_a_used_key_is_reported_and_a_clean_one_is_not() -> None:
    app = reader(config=parse_config('[keys]\n"timeline.down" = "n"\n'))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert await notices(pilot) == []
    app = reader(config=parse_config('[keys]\n"timeline.down" = "g"\n'))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("end", "g")
        await settle(app, pilot)
        assert app.timeline.highlighted == 4  # g went down (at the end already), not to the top
        (note,) = await notices(pilot)
        assert note.lines[0] == "Settings"
        assert "'g' is taken by timeline.down from timeline.first in the timeline" in note.text


def test_keymap_clashes() -> None:
    assert keymap_clashes({}) == []
    assert keymap_clashes({"timeline.down": "n", "article.toggle_star": "f"}) == []
    assert keymap_clashes({"reader.help": "?"}) == []  # the same key, spelt short
    assert keymap_clashes({"timeline.first": "G", "timeline.last": "g"}) == []  # swapped
    (clash,) = keymap_clashes({"article.toggle_star": "m"})
    assert "'m' is taken by article.toggle_star from article.toggle_read" in clash
    assert keymap_clashes({"article.toggle_star": "f", "article.toggle_read": "f"}) == [
        "keys: 'f' is given to both article.toggle_read and article.toggle_star"
    ]
    hidden = keymap_clashes({"article.toggle_star": "j"})
    assert hidden == [
        "keys: 'j' does timeline.down in the timeline, not article.toggle_star",
        "keys: 'j' does viewer.down in the article, not article.toggle_star",
        "keys: 'j' does select.down in a text selection, not article.toggle_star",
    ]
    (everywhere,) = keymap_clashes({"app.quit": "n"})
    assert "viewer.next_match loses it in the article" in everywhere


def test_binding_ids_name_every_live_binding_and_validate_a_config(tmp_path: Path) -> None:
    ids = binding_ids()
    assert {"article.toggle_read", "article.toggle_star", "timeline.down", "help.close"} <= ids
    config_file = tmp_path / "config.toml"
    config_file.write_text('[keys]\n"article.toggle_star" = "f"\n"article.star" = "x"\n')
    config = load_config(config_file, known_bindings=ids)
    assert dict(config.keys) == {"article.toggle_star": "f"}
    assert len(config.warnings) == 1 and "article.star" in config.warnings[0]
    assert "gruvbox" in theme_names()


async def test_binding_ids_match_the_app() -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        widgets = (app.screen_stack[0], app, app.timeline, app.viewer, app.search_bar)
        live = {b.id for w in widgets for _k, b in w._bindings if b.id and not b.system}
        await pilot.press("enter", "v")  # the article's keys while text is selected in it
        live |= {b.id for _k, b in app.viewer._bindings if b.id}
        assert live == binding_ids() - {"help.close", "related.close"}  # on their own screens


# ---------------------------------------------------------------- warnings


async def test_state_and_config_warnings_are_notifications(tmp_path: Path) -> None:
    path = db(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database [bold]at all[/bold]" * 50)
    state = State.open(path)
    assert state.pop_warnings()  # the CLI prints and pops them; the app still shows them
    (tmp_path / "config.toml").write_text('theme = "no-[such]-theme"\nbogus = 1\n')
    config = load_config(tmp_path / "config.toml")
    app = reader(state, config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        notes = {note.lines[0]: note for note in await notices(pilot)}
        assert set(notes) == {"Settings", "Read marks and stars"}
        assert "moved" in notes["Read marks and stars"].text
        assert "bogus" in notes["Settings"].text
        assert "no-[such]-theme" in notes["Settings"].text  # as written, not as markup
        assert all(note.severity == "warning" for note in notes.values())
        await pilot.press("s")  # the fresh store works
        await settle(app, pilot)
    assert state.starred_ids() == {small_corpus()[0].id}
    state.close()


class FailingState:
    """A state whose writes fail the way the real one reports it: a warning, no exception."""

    def __init__(self) -> None:
        self.inner = State.in_memory()
        self.warnings: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def set_starred(self, article_id: str, starred: bool = True) -> None:
        self.warnings.append("state.db: cannot save (disk full)")


async def test_a_write_that_fails_later_is_notified() -> None:
    app = reader(FailingState())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert await notices(pilot) == []
        await pilot.press("s")
        await settle(app, pilot)
        (note,) = await notices(pilot)
        assert note.lines[0] == "Read marks and stars"
        assert "disk full" in note.text
        assert marks(app, 0)[1] == STAR_MARK  # still starred for this session


async def test_stars_on_a_full_disk_are_said_once_and_saved_when_it_has_room(
    tmp_path: Path, monkeypatch
) -> None:
    disk = FullDisk(monkeypatch)
    state = State.open(db(tmp_path))
    app = reader(state)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        disk.full = True
        await pilot.press("s", "j", "s", "j", "s")
        await settle(app, pilot)
        (note,) = await notices(pilot)
        assert note.lines[0] == "Read marks and stars" and "disk is full" in note.text
        starred = {a.id for i, a in enumerate(app.articles) if marks(app, i)[1] == STAR_MARK}
        assert len(starred) == 3 and "3 starred" in header(app)  # shown all the same
        assert on_disk(db(tmp_path), "stars") == set()
        disk.full = False
        await pilot.press("j", "s")
        await settle(app, pilot)
        assert "saving again" in (await notices(pilot))[-1].text
        starred = {a.id for i, a in enumerate(app.articles) if marks(app, i)[1] == STAR_MARK}
        assert len(starred) == 4 and on_disk(db(tmp_path), "stars") == starred
    state.close()


# ------------------------------------------------------------- the library


async def test_the_second_start_shows_the_library_without_parsing(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    app = make_app([corpus])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert len(app.articles) == 5
        assert await notices(pilot) == []
    app.close_library()
    updates = []
    library = Library.open([corpus])
    real_update = library.update
    library.update = lambda **kw: updates.append(real_update(**kw)) or updates[-1]  # type: ignore[method-assign]
    app = make_app([corpus], library=library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert len(app.articles) == 5
    library.close()
    assert [(u.added, u.changed, u.removed, u.full) for u in updates] == [
        (0, 0, 0, False),  # the folders' mtimes: nothing to look at
        (0, 0, 0, True),  # then every file, in the background: nothing new either
    ]


async def test_a_damaged_library_is_reported_and_made_again(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    where = library_dir([corpus])
    where.mkdir(parents=True)
    (where / "articles.sqlite").write_bytes(b"garbage" * 1000)
    app = make_app([corpus])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert len(app.articles) == 5
        (note,) = await notices(pilot)
        assert note.lines[0] == "Library" and "damaged" in note.text
    app.close_library()


async def test_the_last_query_belongs_to_its_corpus(tmp_path: Path) -> None:
    """Issue 15: quit in the seeds with иран, open another folder: it opened filtered."""
    seeds, other = copy_seeds(tmp_path / "seeds"), copy_seeds(tmp_path / "other")
    with State.open(db(tmp_path)) as state:
        app = make_app([seeds], state=state, preview_delay=0, position_save_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("slash", *"иран")
            await settle(app, pilot)
            await pilot.press("ctrl+q")
        for folder, expected in ((other, ""), (seeds, "иран")):
            app = make_app([folder], state=state, preview_delay=0)
            async with app.run_test(size=SIZE) as pilot:
                await settle(app, pilot)
                assert app.search_bar.value == expected
                assert app.timeline.searching == bool(expected)


async def test_the_viewer_border_says_how_far_down_the_article_is_read() -> None:
    app = reader(articles=long_corpus())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        viewer = app.viewer
        first = viewer.border_subtitle
        assert first.endswith("%") and 0 < int(first.rstrip("%")) < 100
        await pilot.press("space")
        await settle(app, pilot)
        assert int(viewer.border_subtitle.rstrip("%")) > int(first.rstrip("%"))
        await pilot.press("G")
        await settle(app, pilot)
        assert viewer.border_subtitle == "100%"
