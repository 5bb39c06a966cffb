"""An article laid out for the viewer (ui/article_lines.py), without a widget."""

from __future__ import annotations

import datetime as dt

from rich.style import Style

from newsreader.ui.article_lines import MAX_TEXT_WIDTH, article_lines

from .test_ui import article

STYLES = {"viewer--match": Style(bold=True), "viewer--match-current": Style(underline=True)}


def style(name: str) -> Style:
    return STYLES.get(name, Style())


def test_an_article_reads_title_meta_body_and_path_wrapped_to_the_width() -> None:
    art = article(0, "Заголовок", day=dt.date(2026, 3, 5), body=("слово " * 30,))
    lines, matches, _pieces, _sources = article_lines(art, 40, style)
    text = [line.plain for line in lines]
    assert text[:3] == ["Заголовок", "", "2026-03-05 12:00 · Zakon.kz · Russian"]
    assert text[-1] == "/corpus/000.txt"
    assert max(len(line) for line in text) <= 40 and len(text) > 6
    assert matches == []
    # A wide pane: lines no longer than is readable.
    wide = article_lines(art, 300, style).lines
    assert max(len(line.plain) for line in wide) <= MAX_TEXT_WIDTH


def test_matches_are_found_on_their_wrapped_lines_and_the_current_one_stands_out() -> None:
    body = ("один два три " * 10 + "цель", "цель в начале")
    art = article(0, "Цель", body=body)
    lines, matches, _pieces, _sources = article_lines(
        art,
        30,
        style,
        title_spans=((0, 4),),
        body_spans=((0, 130, 134), (1, 0, 4)),
        current_match=1,
    )
    assert len(matches) == 3 and matches[0] == 0
    assert lines[matches[1]].plain.endswith(" цель")  # the line it was wrapped onto
    assert lines[matches[2]].plain == "цель в начале"
    assert lines[matches[1]].spans[0].style == STYLES["viewer--match-current"]
    assert lines[matches[2]].spans[0].style == STYLES["viewer--match"]
