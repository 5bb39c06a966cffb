"""The reader's commands beyond reading (issue 15): copy, next unread, mark all shown read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from newsreader.config import load_config
from newsreader.state import State
from newsreader.ui.app import NewsReaderApp, make_app

from .helpers import notices
from .test_ui import SIZE, article, settle, small_corpus


async def test_y_copies_the_article_and_shift_y_its_path() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        first = app.articles[0]
        assert app.clipboard.startswith(f"{first.title}\n\n2026-03-05 18:00 · Zakon.kz\n\n")
        assert "Pears and apples." in app.clipboard
        assert any(n.lines[0] == "Clipboard" for n in await notices(pilot))
        await pilot.press("j", "Y")
        await pilot.pause()
        assert app.clipboard == app.articles[1].path


async def test_u_and_shift_u_go_to_the_next_and_previous_unread() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "m", "j", "m", "k", "k")  # 1 and 2 read, back on 0
        await pilot.pause()
        assert app.timeline.highlighted == 0
        await pilot.press("u")  # over the two read ones
        assert app.timeline.highlighted == 3
        await pilot.press("U", "U")
        assert app.timeline.highlighted == 0


async def test_mark_all_shown_read_marks_the_hits_only_and_undoes() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"pears")
        await settle(app, pilot)
        shown = set(app.timeline.displayed())
        assert shown and len(shown) < len(app.articles)
        app.action_mark_shown_read()
        await pilot.pause()
        read = {i for i, a in enumerate(app.articles) if app.state.is_read(a.id)}
        assert read == shown  # on disk already, and only what was shown
        corpus_line = str(app.screen.query_one("#corpus-line").render())
        assert f"{len(app.articles) - len(shown)} unread" in corpus_line
        app.action_undo_mark_shown_read()
        await pilot.pause()
        assert not any(app.state.is_read(a.id) for a in app.articles)
        assert f"{len(app.articles)} unread" in str(app.screen.query_one("#corpus-line").render())


async def test_a_theme_picked_in_the_reader_is_kept_in_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "gruvbox"\n')
    app = make_app(articles=small_corpus(), config=load_config(path), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "gruvbox" and path.read_text() == 'theme = "gruvbox"\n'
        app.theme = "nord"  # as the palette's "Change theme" does
        await settle(app, pilot)
    assert load_config(path).theme == "nord"


async def test_t_sorts_hits_newest_first_and_the_choice_is_kept() -> None:
    older = dt.date(2026, 3, 1)
    arts = [
        article(0, "Погода на неделю", day=dt.date(2026, 3, 5), body=("Иран упомянут раз.",)),
        article(1, "Иран: переговоры об Иране", day=older, body=("Иран, Иран и Иран.",) * 3),
    ]
    state = State.in_memory()
    app = make_app(articles=arts, state=state, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"иран")
        await settle(app, pilot)
        assert app.timeline.displayed() == [1, 0]  # best first
        await pilot.press("escape", "t")  # Esc leaves the bar (and clears it); t sorts
        await pilot.press("slash", *"иран")
        await settle(app, pilot)
        assert app.timeline.displayed() == [0, 1]  # newest first
        assert app.count_text == "2 of 2 · newest first"
    assert state.get_preference("order") == "timeline"
    again = make_app(articles=arts, state=state, preview_delay=0)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.press("slash", *"иран")
        await settle(again, pilot)
        assert again.timeline.displayed() == [0, 1]


async def palette_screenshot(app: NewsReaderApp, pilot: Pilot) -> str:
    """Ctrl+P → Screenshot, as the user picks it; what it said (it runs once the palette is
    gone, on a timer: waited for up to 10 s)."""
    shown = len(await notices(pilot))
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Screenshot")
    await settle(app, pilot)
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause(0.05)
        said = await notices(pilot)
        if len(said) > shown:
            (note,) = said[shown:]
            assert note.lines[0] == "Screenshot"
            return note.lines[1]
    raise AssertionError("the screenshot said nothing")


async def test_a_screenshot_says_where_it_went_or_why_it_could_not(
    tmp_path: Path, monkeypatch
) -> None:
    """Issue 15: the palette's Screenshot failed without a word when Downloads was missing."""
    import platformdirs

    downloads = tmp_path / "home" / "Downloads"  # does not exist yet
    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(downloads))
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        said = await palette_screenshot(app, pilot)
        (svg,) = downloads.glob("*.svg")
        assert said == f"Saved as {svg}"
        downloads.rename(tmp_path / "moved")
        downloads.parent.rmdir()
        downloads.parent.write_text("a file where the folder should be")
        said = await palette_screenshot(app, pilot)
        assert said.startswith(f"Not saved in {downloads}: ")
