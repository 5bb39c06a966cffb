"""The reader UI, driven headless with Pilot (``App.run_test``). No sleeps, no clocks."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.command import CommandPalette
from textual.pilot import Pilot

from newsreader.article import Article, Published
from newsreader.config import Config
from newsreader.corpus import Skipped
from newsreader.search import parse_query
from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.following import FOLLOWER
from newsreader.ui.help_screen import HelpScreen
from newsreader.ui.messages import SearchDone
from newsreader.ui.rows import RowPainter
from newsreader.ui.timeline import Timeline
from newsreader.ui.viewer import Viewer

from .conftest import SEEDS
from .helpers import notices

SIZE = (140, 40)


# ----------------------------------------------------------------- helpers


@dataclass
class FakeHit:
    index: int
    article: Article
    score: float
    title_spans: tuple[tuple[int, int], ...] = ()
    body_spans: tuple[tuple[int, int, int], ...] = ()


@dataclass
class FakeResult:
    hits: list[FakeHit]
    total: int
    timeline: None = None
    nearby: tuple[str, ...] = ()


class FakeIndex:
    """A stand-in engine: case-insensitive substring over titles and bodies.

    Takes the query parsed (as the app gives it): ``is:`` flags are left out of the needle and
    answered from ``marks`` (a query of flags alone lists every article they admit).
    """

    def __init__(self, articles) -> None:
        self.articles = articles
        self.queries: list[str] = []

    def search(self, query, order: str = "rank", marks=None) -> FakeResult:
        text = query if isinstance(query, str) else query.text
        allowed = None if marks is None else _flag_test(parse_query(text), marks)
        self.queries.append(text)
        needle = " ".join(w for w in text.split() if not w.lstrip("-").startswith("is:"))
        needle = needle.casefold().strip()
        hits = []
        for index, article in enumerate(self.articles):
            if allowed is not None and not allowed(article):
                continue
            if not needle:
                hits.append(FakeHit(index, article, 0.0))
                continue
            title = [(s, s + len(needle)) for s in _find(article.title, needle)]
            body = [
                (n, s, s + len(needle))
                for n, paragraph in enumerate(article.body)
                for s in _find(paragraph, needle)
            ]
            if title or body:
                hits.append(FakeHit(index, article, len(title) * 2 + len(body), *_t(title, body)))
        hits.sort(key=lambda hit: -hit.score)
        return FakeResult(hits, len(self.articles))


def _flag_test(query, marks):
    tests = {
        "read": lambda article: article.id in marks.read,
        "unread": lambda article: article.id not in marks.read,
        "starred": lambda article: article.id in marks.starred,
    }
    wanted = [(tests[flag], True) for flag in query.flags if flag in tests]
    wanted += [(tests[flag], False) for flag in query.negated_flags if flag in tests]
    return lambda article: all(test(article) is keep for test, keep in wanted)


def _t(title, body):
    return tuple(title), tuple(body)


def _find(text: str, needle: str) -> list[int]:
    found, start, folded = [], 0, text.casefold()
    while needle and (position := folded.find(needle, start)) >= 0:
        found.append(position)
        start = position + 1
    return found


def fake_factory(articles):
    return FakeIndex(articles)


def article(
    number: int,
    title: str,
    *,
    day: dt.date | None = dt.date(2026, 3, 1),
    hour: int = 12,
    body: tuple[str, ...] = ("First paragraph.", "Second paragraph."),
    lang: str = "ru",
    source: str = "Zakon.kz",
) -> Article:
    published = None if day is None else Published(day, dt.time(hour, 0))
    return Article(
        id=f"{number:016x}",
        path=f"/corpus/{number:03d}.txt",
        title=title,
        published=published,
        source=source,
        lang=lang,
        body=body,
    )


def small_corpus() -> list[Article]:
    """Six articles over three days (newest first) and one undated."""
    days = [dt.date(2026, 3, 5), dt.date(2026, 3, 5), dt.date(2026, 3, 4), dt.date(2026, 3, 1)]
    arts = [
        article(i, f"Title number {i} about apples" if i % 2 else f"Title {i} pears", day=d)
        for i, d in enumerate(days)
    ]
    arts[0] = article(0, "Title 0 pears", day=days[0], hour=18, body=("Pears and apples.",) * 3)
    arts.append(article(4, "Undated piece about apples", day=None, lang="kk"))
    return arts


async def settle(app: NewsReaderApp, pilot: Pilot) -> None:
    """Wait until loading and indexing are over and no worker runs (but the folder
    follower, which runs as long as the reader)."""
    for _ in range(100):
        await pilot.pause()
        busy = [w for w in app.workers if w.name != FOLLOWER]
        if busy:  # (an empty list would wait for every worker)
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
        searchable = app.index is not None or not app.articles
        busy = [w for w in app.workers if w.name != FOLLOWER]
        if app.loaded and searchable and not busy:
            return
    raise AssertionError("the app did not settle")


def names(app: NewsReaderApp) -> list[str]:
    """Seed numbers ("000"…) of the timeline rows, in display order."""
    return [Path(app.articles[i].path).name[:3] for i in app.timeline.displayed()]


def seed_number(app: NewsReaderApp, index: int | None) -> str | None:
    return None if index is None else Path(app.articles[index].path).name[:3]


def timeline_lines(timeline: Timeline) -> list[str]:
    """The timeline's lines on the screen now, top to bottom (``render_line``)."""
    return [timeline.render_line(y).text for y in range(timeline.scrollable_content_region.height)]


def rows_drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles whose timeline rows are drawn from now on, in order."""
    drawn: list[str] = []
    draw = RowPainter.article

    def counted(self: RowPainter, art: Article, *rest: Any) -> list[Text]:
        drawn.append(art.id)
        return draw(self, art, *rest)

    monkeypatch.setattr(RowPainter, "article", counted)
    return drawn


def timeline_text(timeline: Timeline) -> str:
    """What the timeline shows, its lines joined by single spaces (a wrapped title reads whole)."""
    return " ".join(" ".join(line.split()) for line in timeline_lines(timeline))


# ---------------------------------------------------------- timeline, seeds


async def test_seed_timeline_order_and_focus() -> None:
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert names(app) == ["000", "003", "001", "004", "002"]
        assert app.focused is app.timeline
        assert seed_number(app, app.timeline.highlighted) == "000"
        assert seed_number(app, [a.id for a in app.articles].index(app.viewer.article.id)) == "000"
        # Day headers are interleaved; the undated article comes last under its own header.
        lines = timeline_lines(app.timeline)
        assert lines[0].strip().startswith("Thursday 5 March 2026")
        headers = [line.strip() for line in lines if line[1:2].isalpha()]
        assert headers[-1] == "Undated · 1 article"
        assert "5 articles" in app.count_text


async def test_navigation_moves_highlight_and_viewer_follows() -> None:
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        timeline = app.timeline

        async def at() -> tuple[str | None, str | None]:
            await pilot.pause()
            viewer_index = [a.id for a in app.articles].index(app.viewer.article.id)
            return seed_number(app, timeline.highlighted), seed_number(app, viewer_index)

        await pilot.press("j")
        assert await at() == ("003", "003")
        await pilot.press("down", "down")
        assert await at() == ("004", "004")
        await pilot.press("k")
        assert await at() == ("001", "001")
        await pilot.press("G")
        assert await at() == ("002", "002")
        await pilot.press("j")  # already last: stays
        assert await at() == ("002", "002")
        await pilot.press("g")
        assert await at() == ("000", "000")
        await pilot.press("k")  # the header above the first article is never highlighted
        assert await at() == ("000", "000")
        await pilot.press("end")
        assert await at() == ("002", "002")
        await pilot.press("home")
        assert await at() == ("000", "000")


async def test_page_keys_on_a_long_timeline() -> None:
    arts = [
        article(i, f"Article {i}", day=dt.date(2026, 1, 1) - dt.timedelta(days=i // 10))
        for i in range(500)
    ]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        timeline = app.timeline
        assert timeline.highlighted == 0
        await pilot.press("pagedown")
        await pilot.pause()
        down = timeline.highlighted
        assert down is not None and down > 20
        assert timeline.scroll_offset.y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert timeline.highlighted is not None and timeline.highlighted < down
        await pilot.press("G")
        await pilot.pause()
        assert timeline.highlighted == 499
        assert timeline.scroll_offset.y + timeline.scrollable_content_region.height >= (
            timeline.row_count
        )


async def test_preview_is_debounced_while_moving() -> None:
    app = make_app(articles=small_corpus(), preview_delay=3600, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.viewer.article
        assert first is app.articles[0]
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert app.timeline.highlighted == 3
        assert app.viewer.article is first  # the viewer waits for the highlight to rest
        app.flush_preview()
        assert app.viewer.article.id == app.articles[3].id


async def test_open_with_enter_focuses_viewer_and_shows_body() -> None:
    app = make_app([SEEDS], preview_delay=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.focused is app.viewer
        shown = app.viewer.article
        assert shown is not None
        assert seed_number(app, [a.id for a in app.articles].index(shown.id)) == "003"
        text = "\n".join(app.viewer.text_lines)
        assert shown.title.split()[0] in text
        assert shown.body[0].split()[0] in text
        assert (shown.author or "") in text
        # J/K open the next and previous article of the timeline; focus stays in the viewer.
        await pilot.press("J")
        await pilot.pause()
        assert seed_number(app, [a.id for a in app.articles].index(app.viewer.article.id)) == "001"
        assert app.focused is app.viewer
        await pilot.press("K", "K")
        await pilot.pause()
        assert seed_number(app, [a.id for a in app.articles].index(app.viewer.article.id)) == "000"
        # Scrolling keys in the viewer.
        await pilot.press("G")
        await pilot.pause()
        assert app.viewer.scroll_offset.y > 0
        await pilot.press("g")
        await pilot.pause()
        assert app.viewer.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        assert app.viewer.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert app.viewer.scroll_offset.y == 0
        await pilot.press("j")
        await pilot.pause()
        assert app.viewer.scroll_offset.y == 1
        await pilot.press("k")
        await pilot.pause()
        assert app.viewer.scroll_offset.y == 0


async def test_tab_cycles_panes() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.focused is app.timeline
        await pilot.press("tab")
        assert app.focused is app.viewer
        await pilot.press("tab")
        assert app.focused is app.search_bar
        await pilot.press("tab")
        assert app.focused is app.timeline
        await pilot.press("shift+tab")
        assert app.focused is app.search_bar
        await pilot.press("escape")
        assert app.focused is app.timeline


# ------------------------------------------------------------------ search


async def test_search_shows_ranked_hits_and_count() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused is app.search_bar
        await pilot.press(*"apples")
        await settle(app, pilot)
        assert app.timeline.searching
        shown = app.timeline.displayed()
        assert set(shown) == {0, 1, 3, 4}
        assert shown[0] == 0  # ranked: three body matches beat one title match
        assert app.count_text == "4 of 5"
        # Enter opens the top hit, matches highlighted, n/N jump between them.
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.viewer
        assert app.viewer.article.id == app.articles[0].id
        assert app.viewer.match_count == 3
        await pilot.press("n")
        assert app.viewer.current_match == 0
        await pilot.press("n", "n", "n")
        assert app.viewer.current_match == 0  # wraps around
        await pilot.press("N")
        assert app.viewer.current_match == 2


async def test_search_keys_in_the_bar_are_text_and_esc_clears() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "q", "j", "J", "question_mark", "slash")
        await settle(app, pilot)
        assert app.is_running
        assert app.search_bar.value == "qjJ?/"
        assert not isinstance(app.screen, HelpScreen)
        assert app.timeline.displayed() == []
        assert "No matches" in app.timeline.render_line(1).text
        await pilot.press("escape")
        await pilot.pause()
        assert app.search_bar.value == ""
        assert app.query_text == ""
        assert not app.timeline.searching
        assert app.focused is app.timeline
        assert app.timeline.displayed() == [0, 1, 2, 3, 4]


async def test_esc_from_an_opened_hit_returns_to_the_results_and_a_second_leaves_them() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"undated")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.viewer.article.id == app.articles[4].id
        await pilot.press("escape")  # back to the results, the hit still highlighted
        await pilot.pause()
        assert app.query_text == "undated" and app.timeline.searching
        assert app.search_bar.value == "undated"
        assert app.focused is app.timeline
        assert app.timeline.highlighted == 4
        await pilot.press("escape")  # a second Esc leaves the search
        await pilot.pause()
        assert app.query_text == "" and not app.timeline.searching
        assert app.focused is app.timeline
        assert app.timeline.highlighted == 4  # the article read stays highlighted
        await pilot.press("tab", "escape")  # Esc in the viewer: back to the timeline
        assert app.focused is app.timeline


async def test_down_in_search_bar_moves_highlight_and_enter_opens_it() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"apples")
        await settle(app, pilot)
        second = app.timeline.displayed()[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.viewer.article.id == app.articles[second].id


async def test_search_typed_while_the_engine_starts_runs_when_it_can() -> None:
    release = threading.Event()

    def slow_factory(articles):
        release.wait(timeout=30)
        return FakeIndex(articles)

    app = make_app(articles=small_corpus(), preview_delay=0, engine=slow_factory)
    async with app.run_test(size=SIZE) as pilot:
        while not app.loaded:
            await pilot.pause()
        assert app.timeline.displayed() == [0, 1, 2, 3, 4]  # the timeline does not wait
        await pilot.press("slash", *"pears")
        await pilot.pause()
        assert "searching" in app.count_text
        assert not app.timeline.searching
        await pilot.press("enter")  # asked to open before results: opens when they come
        release.set()
        await settle(app, pilot)
        assert set(app.timeline.displayed()) == {0, 2}
        assert app.viewer.article.id == app.articles[app.timeline.displayed()[0]].id
        assert app.focused is app.viewer


async def test_stale_search_results_are_dropped() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"pears")
        await settle(app, pilot)
        pears = app.timeline.displayed()
        stale = FakeIndex(app.articles).search("apples")
        app.post_message(SearchDone(0, "apples", stale))
        await pilot.pause()
        assert app.timeline.displayed() == pears


async def test_a_failing_search_leaves_reading_working() -> None:
    def broken(articles):
        raise RuntimeError("no index today")

    app = make_app(articles=small_corpus(), preview_delay=0, engine=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"pears")
        await settle(app, pilot)
        assert "no index today" in app.count_text
        await pilot.press("escape", "j")
        assert app.timeline.highlighted == 1


async def test_help_screen_lists_every_binding() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        text = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        widgets = (app.screen_stack[0], app, app.timeline, app.viewer, app.search_bar)
        ids = {b.id for w in widgets for _k, b in w._bindings if b.id and not b.system}
        assert len(ids) > 25
        for binding_id in ids:
            assert binding_id in text
        for words in ("Next match", "Open", "Quit", "Search", "Next article"):
            assert words in text
        assert "Search syntax" in text and "date:2026-03-01..2026-03-05" in text
        await pilot.press("q")  # closes help, does not quit
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_q_quits_with_status_zero() -> None:
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    assert app.return_code == 0


async def test_keymap_from_config_remaps_by_binding_id() -> None:
    config = Config(theme="nord", keys={"reader.quit": "x"})
    app = make_app(articles=small_corpus(), config=config, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("x")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("size", [(50, 14), (40, 12), (99, 30)])
async def test_narrow_terminal_one_pane_at_a_time(size: tuple[int, int]) -> None:
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("-narrow")
        assert app.timeline.display and not app.viewer.display
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.viewer.display and not app.timeline.display  # the viewer takes over
        assert app.focused is app.viewer
        await pilot.press("space", "J", "n")
        await pilot.press("escape")
        await pilot.pause()
        assert app.timeline.display and not app.viewer.display
        await pilot.press("slash", *"ира", "enter")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_wide_terminal_shows_both_panes() -> None:
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("-wide")
        assert app.timeline.display and app.viewer.display
        assert app.timeline.size.width > 30 and app.viewer.size.width > 30


# ---------------------------------------------------------- untrusted text


MARKUP_TITLE = "oops [/bar] here and [bold]x[/bold] [@click=app.quit]click[/]"


async def test_markup_in_article_text_shows_literally() -> None:
    arts = [
        article(0, MARKUP_TITLE, body=("Body with [red]red[/red] and [/] and [link=x]y[/link].",)),
        article(1, "A [b]second[/b] one", day=dt.date(2026, 2, 1), source="[i]Src[/i]"),
    ]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert MARKUP_TITLE in timeline_text(app.timeline)
        lines = app.viewer.text_lines
        assert lines[0].startswith("oops [/bar] here and [bold]x[/bold]")
        assert "Body with [red]red[/red] and [/] and [link=x]y[/link]." in lines
        # Search highlights via spans, still literal.
        await pilot.press("slash", *"[/bar]")
        await settle(app, pilot)
        assert app.timeline.displayed() == [0]
        assert "[/bar]" in timeline_lines(app.timeline)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.viewer.match_count == 1
        assert app.is_running
        # The palette shows titles literally too.
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"bar]")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.viewer.article.id == app.articles[0].id
        assert app.focused is app.viewer


async def test_control_characters_never_reach_the_screen() -> None:
    arts = [article(0, "Bad \x1b[31mred\x1b[0m title\x07", body=("x\x1b]0;pwned\x07y",))]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        rendered = [*timeline_lines(app.timeline), *app.viewer.text_lines]
        assert not any(ch in line for line in rendered for ch in "\x1b\x07")
        assert "[31mred" in timeline_text(app.timeline)


# --------------------------------------------------- start-up and corpora


async def test_skipped_files_make_one_notification() -> None:
    skipped = [Skipped(f"/corpus/[bad]{i}.txt", "empty file") for i in range(5)]
    app = make_app(articles=small_corpus(), skipped=skipped, engine=fake_factory)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        (note,) = await notices(pilot)
        assert note.lines[0] == "Skipped 5 files"
        assert "/corpus/[bad]0.txt: empty file" in note.text  # as written, not as markup
        assert "and 2 more" in note.text


async def test_no_articles_says_so() -> None:
    app = make_app(articles=[], engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.viewer.article is None
        assert any("No articles found" in line for line in app.viewer.text_lines)
        assert "0 articles" in app.count_text
        await pilot.press("j", "enter", "J", "slash", *"x", "enter", "escape", "question_mark")
        await pilot.press("escape", "q")
    assert app.return_code == 0


async def test_loads_a_folder_and_names_the_skipped_files(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert len(app.articles) == 3
        (note,) = await notices(pilot)
        assert note.lines[0] == "Skipped 1 file" and "empty.txt: empty file" in note.text
        assert not app.status.progress_shown
    app.close_library()


async def test_hundred_thousand_articles_paint_and_navigate() -> None:
    start = dt.date(2026, 3, 5)
    arts = [
        Article(
            id=f"{i:016x}",
            path=f"/c/{i}.txt",
            title=f"Article number {i}",
            published=Published(start - dt.timedelta(days=i // 100), dt.time(12, i % 60)),
            source="Zakon.kz",
        )
        for i in range(100_000)
    ]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.timeline.row_count == 101_000  # articles + one header per day
        await pilot.press("G")
        await pilot.pause()
        assert app.timeline.highlighted == 99_999
        assert app.viewer.article is arts[-1]
        await pilot.press("k", "g")
        await pilot.pause()
        assert app.timeline.highlighted == 0


async def test_goto_article_from_the_palette_leaves_a_search() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"pears")
        await settle(app, pilot)
        assert 1 not in app.timeline.displayed()
        app.goto_article(1)
        await pilot.pause()
        assert app.query_text == "" and not app.timeline.searching
        assert app.viewer.article.id == app.articles[1].id
        assert app.focused is app.viewer


async def test_go_to_article_palette_command() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_goto_palette()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"undated piece")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.viewer.article.id == app.articles[4].id


async def test_go_to_article_reads_latin_letters_as_cyrillic_on_the_seeds() -> None:
    """Issue 15: Ctrl+G "ashimbaev" found nothing; the search found the article."""
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_goto_palette()
        await pilot.pause()
        await pilot.press(*"ashimbaev")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Ашимбаев" in app.viewer.article.title


# --------------------------------------------------------- the real engine


async def test_search_tokaev_on_seeds_with_the_real_engine() -> None:
    pytest.importorskip("newsreader.search")
    app = make_app([SEEDS], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.index is not None
        await pilot.press("slash", *"tokaev")
        await settle(app, pilot)
        assert sorted(names(app)) == ["000", "002", "004"]
        assert app.count_text == "3 of 5"
        top = app.timeline.displayed()[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.viewer
        assert app.viewer.article.id == app.articles[top].id
        assert app.viewer.match_count >= 1
        assert isinstance(app.focused, Viewer)


@pytest.mark.parametrize("size", [SIZE, (50, 14)])
async def test_opening_a_hit_scrolls_to_a_match_below_the_fold(size: tuple[int, int]) -> None:
    body = (*(f"Paragraph {n} of filler text." for n in range(60)), "The needle is here.")
    arts = [article(0, "A long read", body=body), article(1, "Short", day=dt.date(2026, 2, 1))]
    app = make_app(articles=arts, preview_delay=0, engine=fake_factory)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"needle", "enter")
        await settle(app, pilot)
        viewer = app.viewer
        assert viewer.article is arts[0] and viewer.match_count == 1
        assert viewer.current_match == 0
        top = round(viewer.scroll_offset.y)
        assert top > 0
        visible = viewer.text_lines[top : top + viewer.scrollable_content_region.height]
        assert any("needle" in line for line in visible)


async def test_a_rare_spelling_says_the_tilde_finds_more() -> None:
    """With the real engine: a misspelling the corpus holds finds itself, and the count says
    how to find the common spelling too."""
    day = dt.date(2026, 3, 1)
    arts = [article(n, f"Токаев провёл встречу номер {n}", day=day) for n in range(30)]
    arts.append(article(30, "Тоакев на брифинге", day=day))
    app = make_app(articles=arts, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"тоакев")
        await settle(app, pilot)
        assert app.count_text == "1 of 31 · more with тоакев~"
        await pilot.press("~")
        await settle(app, pilot)
        assert app.count_text == "31 of 31"


async def test_a_pasted_page_in_the_search_bar_is_cut_and_the_count_says_so() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        app.search_bar.value = "apples " + "банан " * 1000  # a page pasted by mistake
        await settle(app, pilot)
        count = app.count_text
        assert count.startswith("0 of 5 · only the first 4") and "characters are searched" in count


async def test_slash_selects_the_last_query_so_typing_starts_a_new_one() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0, engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"undated", "enter")
        await settle(app, pilot)
        assert app.focused is app.viewer
        await pilot.press("slash", *"apples")  # not "undatedapples"
        await settle(app, pilot)
        assert app.query_text == "apples" and set(app.timeline.displayed()) == {0, 1, 3, 4}
        await pilot.press("enter", "slash", "end", *" pie")  # a key that moves keeps it
        await settle(app, pilot)
        assert app.query_text == "apples pie"  # End moved off the selection: text added


async def test_a_filter_written_wrong_is_said_in_the_count_line() -> None:
    app = make_app(articles=small_corpus(), preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"lang:en")
        await settle(app, pilot)
        count = app.count_text
        assert count == "5 of 5 · lang:en is not a language here (ru or kk): left out"
