"""Selecting lines of an article with the keyboard and copying them (ui/viewer_selection.py):
the lines a selection moves over, the text it copies, and the keys in the reader."""

from __future__ import annotations

from rich.style import Style
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from newsreader.config import Config
from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.article_lines import article_lines
from newsreader.ui.help_screen import HelpScreen
from newsreader.ui.viewer_selection import Copied, LineMap, Selection, copied_notice

from .helpers import notices
from .test_ui import article, settle

SENTENCE = (
    "Президент Казахстана Касым-Жомарт Токаев подписал закон о республиканском бюджете "
    "на три года, сообщает пресс-служба Акорды."
)
SECOND = "Документ вступает в силу в январе."
THIRD = "Третий абзац."
NARROW = (60, 20)


def line_map(body: tuple[str, ...], width: int = 40) -> LineMap:
    layout = article_lines(article(0, "Закон о бюджете", body=body), width, lambda _: Style())
    return LineMap(layout.pieces, layout.sources)


def line_holding(lines: LineMap, words: str) -> int:
    return next(i for i, source in enumerate(lines.sources) if words in lines_text(lines, i))


def lines_text(lines: LineMap, line: int) -> str:
    piece, start, end = lines.sources[line]
    return lines.pieces[piece].text[start:end] if piece >= 0 else ""


# ------------------------------------------------------------------ the lines, without a widget


def test_the_lines_of_a_wrapped_paragraph_copy_as_the_sentence_it_was() -> None:
    lines = line_map((SENTENCE, SECOND))
    first = line_holding(lines, "Президент")
    selection = lines.by_lines(Selection(*[lines.position(first)] * 2), 1)
    assert lines.lines(selection) == range(first, first + 2)
    copied = lines.copied(selection)
    assert copied.lines == 2 and copied.paragraphs == 1
    assert "\n" not in copied.text and "  " not in copied.text
    assert SENTENCE.startswith(copied.text) and len(copied.text.split()) > 5
    # The whole paragraph: exactly as written, however it was wrapped.
    whole = lines.by_paragraphs(selection, 1)
    assert lines.copied(whole).text == SENTENCE


def test_lines_move_over_the_blank_lines_and_paragraphs_come_apart_by_one() -> None:
    lines = line_map((SENTENCE, SECOND, THIRD))
    start = lines.position(line_holding(lines, "Президент"))
    selection = lines.by_paragraphs(Selection(start, start), 1)  # to the end of the first
    one_more = lines.by_lines(selection, 1)  # the blank line is skipped: the next paragraph
    assert lines_text(lines, lines.end_line(one_more)).startswith("Документ")
    # Four lines of the sentence at 40 columns, one of the second paragraph.
    assert lines.copied(one_more) == Copied(f"{SENTENCE}\n\n{SECOND}", 5, 2)
    further = lines.by_paragraphs(one_more, 1)  # to the end of the third
    assert lines.copied(further).text == f"{SENTENCE}\n\n{SECOND}\n\n{THIRD}"
    # Up from the anchor: the title and the meta line can be selected too.
    up = lines.by_lines(Selection(start, start), -2)
    assert lines.copied(up).text.split("\n\n")[:2] == [
        "Закон о бюджете",
        "2026-03-01 12:00 · Zakon.kz · Russian",
    ]
    assert lines.by_lines(up, -50) == lines.by_lines(up, -1)  # no further than the title
    assert lines.by_paragraphs(Selection(start, start), -1).end == lines.position(2)


def test_v_starts_on_the_first_body_paragraph_wholly_in_view() -> None:
    lines = line_map((SENTENCE, SECOND, THIRD))
    second = line_holding(lines, "Документ")
    top = line_holding(lines, "Президент") + 1  # the first paragraph is cut at the top
    selection = lines.begin(top, 10)
    assert selection is not None and lines.lines(selection) == range(second, second + 1)
    # Nothing whole in view: the first body line in view.
    selection = lines.begin(top, 1)
    assert selection is not None and lines.lines(selection) == range(top, top + 1)


def test_a_selection_keeps_its_text_when_the_article_is_wrapped_again() -> None:
    narrow, wide = line_map((SENTENCE, SECOND), 30), line_map((SENTENCE, SECOND), 90)
    start = narrow.position(line_holding(narrow, "Документ"))
    selection = narrow.by_lines(Selection(start, start), -2)
    # Whole lines: the lines holding its ends, at 30 columns and at 90.
    first, _second = SECOND.rsplit(" ", 1)
    assert narrow.copied(selection).text == f"{SENTENCE[selection.end.offset :]}\n\n{first}"
    assert wide.copied(selection).text == f"{SENTENCE}\n\n{SECOND}"


def test_wrapping_artefacts_stay_out_of_the_copy() -> None:
    long_word = "https://example.com/" + "очень-длинный-адрес/" * 4
    shy = "Сверх\u00adдлинное слово"
    lines = line_map((long_word, shy), 20)
    start = lines.position(line_holding(lines, "https"))
    everything = lines.by_paragraphs(lines.by_paragraphs(Selection(start, start), 1), 1)
    assert lines.copied(everything).text == f"{long_word}\n\nСверхдлинное слово"


def test_the_notice_quotes_the_first_words() -> None:
    notice = copied_notice(Copied(f"{SENTENCE}\n\n{SECOND}", 4, 2))
    assert (
        notice
        == "Copied 4 lines (2 paragraphs): “Президент Казахстана Касым-Жомарт Токаев подписал закон…”"
    )
    assert copied_notice(Copied("Одно слово", 1, 1)) == "Copied 1 line: “Одно слово”"


# ------------------------------------------------------------------ in the reader


def reader(*bodies: tuple[str, ...], config: Config | None = None) -> NewsReaderApp:
    arts = [article(i, f"Статья {i}", body=body) for i, body in enumerate(bodies)]
    return make_app(articles=arts, preview_delay=0, config=config)


async def footer_keys(pilot: Pilot) -> str:
    await pilot.pause()
    await pilot.pause()
    keys = pilot.app.screen.query(FooterKey)
    return "  ".join(str(key.render()) for key in keys if key.display)


async def test_two_lines_of_a_paragraph_copy_as_one_sentence_with_a_notice() -> None:
    app = reader((SENTENCE, SECOND))
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "v", "j")
        viewer = app.viewer
        assert viewer.border_subtitle == "2 lines selected"
        shown = [viewer.text_lines[line] for line in viewer.selected_lines]
        assert shown[0].startswith("Президент") and len(shown) == 2
        selected = viewer.get_component_rich_style("viewer--selection").bgcolor
        first = viewer.selected_lines[0] - viewer.top_line
        assert {s.style.bgcolor for s in viewer.render_line(first) if s.style} == {selected}
        assert selected not in {s.style.bgcolor for s in viewer.render_line(first + 2) if s.style}
        await pilot.press("y")
        assert app.clipboard == " ".join(part.strip() for part in shown)
        assert SENTENCE.startswith(app.clipboard) and "\n" not in app.clipboard
        (notice,) = await notices(pilot)
        assert notice.lines[0] == "Clipboard"
        assert "Copied 2 lines: “Президент Казахстана" in notice.text
        assert not viewer.selected_lines and viewer.border_subtitle == ""


async def test_paragraphs_copy_apart_and_the_view_follows_the_moving_end() -> None:
    app = reader((SENTENCE, SECOND, *[f"Абзац номер {n}." for n in range(30)]))
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "v", "right_curly_bracket", "j", "y")
        assert app.clipboard == f"{SENTENCE}\n\n{SECOND}"
        viewer = app.viewer
        await pilot.press("v", *["j"] * 25)
        end = viewer.selected_lines[-1]
        height = viewer.scrollable_content_region.height
        assert viewer.top_line > 0 and viewer.top_line <= end < viewer.top_line + height
        last = viewer.text_lines[end]
        await pilot.press("y")
        assert app.clipboard.startswith(SENTENCE) and app.clipboard.endswith(f"\n\n{last}")


async def test_escape_cancels_and_the_keys_mean_what_they_did() -> None:
    many = tuple(f"Абзац номер {n}." for n in range(30))
    app = reader((SENTENCE, *many), many)
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "v", "j", "j")
        assert "Copy" in await footer_keys(pilot)
        await pilot.press("escape")
        viewer = app.viewer
        assert not viewer.selected_lines and app.clipboard == ""
        assert "Copy" not in await footer_keys(pilot)
        await pilot.press("j", "j")  # scrolls again
        assert viewer.top_line == 2 and not viewer.selected_lines
        await pilot.press("y")  # the whole article, as before
        assert app.clipboard.startswith("Статья 0\n\n") and "Абзац номер 29." in app.clipboard
        await pilot.press("escape")  # back to the timeline, as before
        assert app.focused is app.timeline
        await pilot.press("enter", "v", "J")  # another article: the selection ends with it
        assert viewer.article is app.articles[1] and not viewer.selected_lines
        await pilot.press("j")
        assert viewer.top_line == 1


async def test_a_hostile_article_copies_nothing_a_terminal_would_act_on() -> None:
    hostile = (
        "Начало \x1b]52;c;ZXZpbA==\x07 середина \x1b[31mкрасное\x1b[0m \x9b2J конец "
        "\u202eперевёрнуто\u202c и \x1b]0;title\x1b\\ всё."
    )
    app = reader((hostile,))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "v", "right_curly_bracket", "y")
        copied = app.clipboard
        assert copied.startswith("Начало") and copied.endswith("всё.")
        assert not any(ch in copied for ch in "\x1b\x07\x9b\u202e\u202c")
        (notice,) = await notices(pilot)
        assert "\x1b" not in notice.text and "Copied 2 lines" in notice.text


async def test_selecting_in_a_maximised_viewer_and_with_keys_remapped() -> None:
    config = Config(keys={"viewer.down": "e", "select.up": "i"})
    app = reader(
        (SENTENCE, SECOND, THIRD, *[f"Абзац номер {n}." for n in range(20)]), config=config
    )
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "z", "v")
        footer = await footer_keys(pilot)
        assert "y Copy" in footer and "esc Cancel" in footer
        await pilot.press("j", "j", "j", "i")  # j still selects; up is i now
        await pilot.press("y")
        assert app.clipboard == SENTENCE
        await pilot.press("e")  # the viewer's remapped key scrolls
        assert app.viewer.top_line == 1


async def test_the_help_lists_the_keys_of_a_selection() -> None:
    app = reader((SENTENCE,))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "v", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        text = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert "Selecting text (v)" in text
        assert "Select text to copy" in text and "viewer.select" in text
        for binding_id in ("select.copy", "select.down", "select.paragraph_down"):
            assert binding_id in text
        assert "Next match" in text  # the article's own keys, though text is selected
