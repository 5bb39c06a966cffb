"""The timeline's context and room (issue 15, part 2): a body-only hit shows its matched words
in context, titles get the width the terminal has (wrapped in a wide pane), the list pane
resizes and maximises, and narrow terminals still work.

Driven headless with Pilot; waits on the app (``settle``), never on the clock. What is checked
is what the timeline draws: its lines as ``render_line`` gives them to the screen.
"""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets._footer import FooterKey

from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.panes import LIST_STEP, MIN_PANE, list_width
from newsreader.ui.timeline import Timeline

from .helpers import notices
from .test_ui import article, fake_factory, rows_drawn, settle
from .test_ui import timeline_lines as texts

#: 70 characters: what a 140-column terminal must show whole.
LONG_TITLE = "Токаев провёл переговоры с президентом Ирана о безопасности в регионе!"
assert len(LONG_TITLE) == 70

BODY_ONLY = "Казахстан вернул домой граждан с Ближнего Востока"
EVACUATION = (
    "Министерство иностранных дел сообщило, что эвакуация граждан Казахстана из зоны "
    "конфликта на Ближнем Востоке продолжается, а самолёты прибывают в Алматы каждый день."
)


def corpus() -> list:
    """A body-only hit for эвакуация (at the top: most matches), a title hit, a long title."""
    return [
        article(
            0,
            BODY_ONLY,
            day=dt.date(2026, 3, 5),
            body=("Первый абзац без этого слова.", EVACUATION, "Эвакуация идёт третью неделю."),
        ),
        article(1, "Эвакуация завершена", day=dt.date(2026, 3, 4), body=("Текст.",)),
        article(2, LONG_TITLE, day=dt.date(2026, 3, 3), body=("Ничего о том.",), lang="kk"),
        *(article(i, f"Заметка номер {i}", day=dt.date(2026, 3, 2)) for i in range(3, 8)),
    ]


def reader(articles=None) -> NewsReaderApp:
    return make_app(articles=articles or corpus(), preview_delay=0)


def screen_lines(timeline: Timeline) -> list[Strip]:
    """The lines the timeline puts on the screen now, top to bottom."""
    return [timeline.render_line(y) for y in range(timeline.scrollable_content_region.height)]


def highlighted(timeline: Timeline, strip: Strip, cursor: bool = False) -> list[str]:
    """The runs of ``strip`` drawn in the timeline's match style (on the cursor row or not)."""
    names = ("timeline--cursor", "timeline--match") if cursor else ("timeline--match",)
    match = timeline.get_visual_style(*names).rich_style
    return [
        segment.text for segment in strip if isinstance(segment, Segment) and segment.style == match
    ]


def cursor_lines(timeline: Timeline) -> list[int]:
    """The lines on screen drawn in the cursor's colours: the lines of the cursor's row."""
    cursor = timeline.get_visual_style("timeline--cursor").rich_style.bgcolor
    return [
        y
        for y, strip in enumerate(screen_lines(timeline))
        if next(iter(strip)).style.bgcolor == cursor
    ]


async def search(app: NewsReaderApp, pilot, query: str) -> None:
    await pilot.press("slash", *query)
    await settle(app, pilot)


# ------------------------------------------------------------------ snippets


async def test_a_body_only_hit_shows_its_matched_words_in_context() -> None:
    app = reader()
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "эвакуация")
        timeline = app.timeline
        rows = [app.articles[i].title for i in timeline.displayed()]
        assert set(rows) == {BODY_ONLY, "Эвакуация завершена"}
        lines = screen_lines(timeline)
        at = next(y for y, strip in enumerate(lines) if BODY_ONLY in strip.text)
        cursor = app.articles[timeline.highlighted].title == BODY_ONLY
        # Under the title: the date, outlet and language, then the body's words around the
        # match, cut at spaces; the paragraph with the most matches is the one shown.
        snippet = lines[at + 1].text
        assert "2026-03-05" in snippet and "Zakon.kz" in snippet
        assert "эвакуация граждан Казахстана" in snippet
        assert "…" in snippet
        assert highlighted(timeline, lines[at + 1], cursor) == ["эвакуация"]
        # A title hit has its match in the title and no snippet.
        title_hit = next(y for y, strip in enumerate(lines) if "Эвакуация завершена" in strip.text)
        title_cursor = app.articles[timeline.highlighted].title == "Эвакуация завершена"
        assert highlighted(timeline, lines[title_hit], title_cursor) == ["Эвакуация"]
        assert highlighted(timeline, lines[title_hit + 1], title_cursor) == []
        assert lines[title_hit + 1].text.split() == ["2026-03-04", "Zakon.kz", "ru"]


async def test_snippets_are_made_for_the_rows_on_screen_only() -> None:
    arts = [
        article(i, f"Заметка {i}", day=dt.date(2026, 3, 1), body=(f"Слово эвакуация {i}.",))
        for i in range(300)
    ]
    app = reader(arts)
    asked: list[str] = []
    async with app.run_test(size=(140, 42)) as pilot:
        body_of = app.timeline.body_of
        app.timeline.body_of = lambda a: asked.append(a.id) or body_of(a)
        await settle(app, pilot)
        await search(app, pilot, "эвакуация")
        asked.clear()
        await pilot.press("space")  # the same hits again, as a new result
        await settle(app, pilot)
        timeline = app.timeline
        assert timeline.row_count == 300
        shown = timeline.scrollable_content_region.height // 2
        assert 0 < len(asked) <= shown + 1
        assert all("эвакуация" in line for line in texts(timeline)[1::2])
        await pilot.press("tab", "tab", "G")  # the timeline, then its end
        await settle(app, pilot)
        assert len(asked) <= 2 * (shown + 1)
        assert "эвакуация" in texts(timeline)[-1]


# ------------------------------------------------------------ room for titles


async def test_a_70_character_title_shows_whole_at_140_columns() -> None:
    app = reader()
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        timeline = app.timeline
        assert timeline.outer_size.width == list_width(140) == 80
        # The timeline: wrapped onto a second line, under itself, at a space.
        lines = texts(timeline)
        at = next(y for y, line in enumerate(lines) if LONG_TITLE[:20] in line)
        first, second = lines[at], lines[at + 1]
        column = first.index(LONG_TITLE[:20])
        assert second[:column].strip() == ""
        assert f"{first[column:].strip()} {second.strip()}" == LONG_TITLE
        assert "…" not in first + second
        # Short titles keep one line: the line under one is the next row's, not the title's.
        short = [y for y, line in enumerate(lines) if "Заметка номер" in line]
        assert len(short) == 5
        assert all(lines[y + 1][:column].strip() for y in short[:-1])
        # A search hit: the whole title on its first line.
        await search(app, pilot, "переговоры")
        lines = texts(timeline)
        assert LONG_TITLE in lines[0]
        assert "…" not in lines[0]


async def test_wrapped_titles_keep_the_cursor_row_in_view_and_take_clicks() -> None:
    arts = [
        article(i, LONG_TITLE if i % 3 == 0 else f"Коротко {i}", day=dt.date(2026, 3, 1 + i % 5))
        for i in range(40)
    ]
    app = reader(arts)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        timeline = app.timeline
        long = sum(art.title == LONG_TITLE for art in arts)
        assert timeline.line_count == timeline.row_count + long == timeline.virtual_size.height
        # Moving down the whole list keeps the cursor's lines, both of a long title, in view.
        for _ in range(timeline.row_count):
            await pilot.press("j")
            title = app.articles[timeline.highlighted].title
            shown = cursor_lines(timeline)
            height = 2 if title == LONG_TITLE else 1
            assert shown == list(range(shown[0], shown[0] + height))
            lines = texts(timeline)
            assert " ".join(" ".join(lines[y].split()) for y in shown).endswith(" " + title)
        assert timeline.highlighted == timeline.displayed()[-1]
        # A click on the second line of a wrapped title selects its row.
        await pilot.press("g")
        await pilot.pause()
        lines, cursor = texts(timeline), cursor_lines(timeline)
        y = next(
            y
            for y, line in enumerate(lines)
            if line[:20].isspace() and line.strip() and y not in cursor
        )
        await pilot.click(timeline, offset=(20, y + 1))  # +1: the border
        await pilot.pause()
        assert cursor_lines(timeline) == [y - 1, y]
        assert app.articles[timeline.highlighted].title == LONG_TITLE


async def test_a_hundred_thousand_rows_stay_virtual(monkeypatch) -> None:
    drawn = rows_drawn(monkeypatch)
    arts = [
        article(i, LONG_TITLE if i % 2 else f"Коротко {i}", day=dt.date(2026, 1, 1))
        for i in range(100_000)
    ]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        timeline = app.timeline
        assert timeline.row_count == 100_001
        assert timeline.line_count == 100_001 + 50_000
        assert 0 < len(drawn) < 100  # only the rows on screen were drawn
        await pilot.press("G")
        await pilot.pause()
        assert timeline.highlighted == 99_999
        assert LONG_TITLE[:20] in "".join(texts(timeline)[-2:])


# ------------------------------------------------------------- pane widths


async def test_resize_keys_move_the_border_and_are_kept_for_the_session() -> None:
    app = reader()
    async with app.run_test(size=(140, 42), notifications=True) as pilot:
        await settle(app, pilot)
        timeline, viewer = app.timeline, app.viewer
        assert timeline.outer_size.width == 80
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert timeline.outer_size.width == 80 + LIST_STEP
        assert viewer.outer_size.width == 140 - 80 - LIST_STEP
        await pilot.press(*["less_than_sign"] * 3)
        await pilot.pause()
        assert timeline.outer_size.width == 80 - 2 * LIST_STEP
        # Not past the least either pane may have.
        await pilot.press(*["less_than_sign"] * 30)
        await pilot.pause()
        assert timeline.outer_size.width == MIN_PANE
        await pilot.press(*["greater_than_sign"] * 40)
        await pilot.pause()
        assert viewer.outer_size.width == MIN_PANE
        # The share chosen is kept when the terminal changes size.
        await pilot.press(*["less_than_sign"] * 10)
        await pilot.pause()
        share = timeline.outer_size.width / 140
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert timeline.outer_size.width == round(200 * share)
        # Below 100 columns one pane at a time: the keys say so and change nothing.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert timeline.outer_size.width == 80
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert timeline.outer_size.width == 80
        assert any("One pane at a time" in n.text for n in await notices(pilot))


def test_the_list_width_gives_titles_the_room_a_wide_terminal_has() -> None:
    assert list_width(100) == 48  # the share it always had
    assert list_width(120) == 60
    assert list_width(140) == 80
    assert list_width(160) == 100
    assert list_width(240) == 115  # past that, the article gets the rest
    assert list_width(140, 0.1) == MIN_PANE
    assert list_width(140, 0.99) == 140 - MIN_PANE


# ---------------------------------------------------------------- maximise


async def test_maximise_shows_only_the_pane() -> None:
    app = reader()
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        screen, timeline, viewer = app.screen, app.timeline, app.viewer
        assert screen.get_widget_at(130, 10)[0] is viewer
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is timeline
        # The whole width and every row but the footer's: no hatched margin, no other pane.
        assert timeline.region.width == 140 and timeline.region.height == 41
        assert screen.get_widget_at(130, 10)[0] is timeline
        assert screen.get_widget_at(5, 0)[0] is timeline  # the corpus line is gone too
        assert app.focused is timeline
        # Open: the article takes the screen in its turn.
        await pilot.press("enter")
        await pilot.pause()
        assert screen.maximized is viewer
        assert viewer.region.width == 140
        assert screen.get_widget_at(5, 10)[0] is viewer
        # z gives the screen back, with the panes side by side as before.
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is None
        assert timeline.outer_size.width == 80
        assert screen.get_widget_at(130, 10)[0] is viewer
        # Esc minimises too; / leaves the maximised pane for the search bar.
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is viewer
        await pilot.press("escape")
        await pilot.pause()
        assert screen.maximized is None
        await pilot.press("z")
        await pilot.pause()
        assert screen.maximized is viewer
        await pilot.press("slash")
        await pilot.pause()
        assert screen.maximized is None
        assert app.focused is app.search_bar


# ------------------------------------------------------------------- narrow


def footer_fits(app: NewsReaderApp) -> None:
    """Every key the footer shows is whole on the screen."""
    width = app.size.width
    shown = [key for key in app.screen.query(FooterKey) if key.display]
    assert shown
    for key in shown:
        assert key.region.right <= width, key.description
        assert key.region.width >= key.render().cell_len, key.description


async def test_narrow_terminals_show_rows_and_a_footer_that_fit() -> None:
    app = reader()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        timeline = app.timeline
        assert timeline.outer_size.width == 60  # one pane at a time
        assert app.viewer.region.width == 0
        footer_fits(app)
        # One line per row: no room to wrap.
        lines = texts(timeline)
        assert all(len(line) == timeline.scrollable_content_region.width for line in lines)
        assert timeline.line_count == timeline.row_count
        assert any(LONG_TITLE[:20] in line and line.rstrip().endswith("…") for line in lines)
        # A body-only hit: the snippet takes the outlet's place.
        await search(app, pilot, "эвакуация")
        lines = texts(timeline)
        at = next(y for y, line in enumerate(lines) if BODY_ONLY[:20] in line)
        assert "Zakon.kz" not in lines[at + 1]
        assert "эвакуация" in lines[at + 1]
        footer_fits(app)
        # Reading takes the screen, and Esc comes back.
        await pilot.press("enter")
        await pilot.pause()
        assert app.viewer.region.width == 60 and timeline.region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is timeline and timeline.region.width == 60

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await settle(app, pilot)
        footer_fits(app)
        assert timeline.outer_size.width == 80
        lines = texts(timeline)
        assert all(len(line) == timeline.scrollable_content_region.width for line in lines)
        at = next(y for y, line in enumerate(lines) if BODY_ONLY[:20] in line)
        assert "Zakon.kz" in lines[at + 1] and "эвакуация" in lines[at + 1]
