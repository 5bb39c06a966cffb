"""The UI's plain helpers (no Textual): day groups, corpus summary, title matching, safety."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from newsreader.article import Article, Published
from newsreader.ui.model import (
    DayHeader,
    Layout,
    build_day_groups,
    day_label,
    safe,
    summarize,
    text_segments,
)


def art(number: int, day: dt.date | None, lang: str = "ru", source: str | None = "Zakon.kz"):
    return Article(
        id=str(number),
        path=f"/c/{number}.txt",
        title=f"Title {number}",
        published=None if day is None else Published(day),
        lang=lang,
        source=source,
    )


def test_day_groups_interleave_headers_and_map_rows() -> None:
    d1, d2 = dt.date(2026, 3, 5), dt.date(2026, 3, 3)
    arts = [art(0, d1), art(1, d1), art(2, d2), art(3, None), art(4, None)]
    groups = build_day_groups(arts)
    assert list(groups.rows) == [-1, 0, 1, -2, 2, -3, 3, 4]
    assert groups.headers == (DayHeader(d1, 2), DayHeader(d2, 1), DayHeader(None, 2))
    assert [groups.rows[groups.article_rows[i]] for i in range(5)] == [0, 1, 2, 3, 4]
    assert groups.headers[2].label == "Undated"
    assert build_day_groups([]).rows.tolist() == []


def laid_out(layout: Layout) -> tuple[object, ...]:
    """What a layout shows: its rows, where each article is, the day headers, the summary."""
    groups = layout.groups
    return (list(groups.rows), list(groups.article_rows), groups.headers, layout.summary)


def timeline(articles: list[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=Article.timeline_key))


def check_change(before: list[Article], added: list[Article], removed: list[Article]) -> None:
    """The layout made from what came and went is the one made whole."""
    old = timeline(before)
    gone = {id(article) for article in removed}
    new = timeline([a for a in before if id(a) not in gone] + added)
    changed = Layout.of(old).changed(new, added, removed)
    assert changed.articles is new
    assert laid_out(changed) == laid_out(Layout.of(new))


def test_a_layout_follows_articles_that_came_and_went_as_one_made_whole() -> None:
    d1, d2, d3 = dt.date(2026, 3, 5), dt.date(2026, 3, 3), dt.date(2026, 3, 1)
    before = [art(0, d1), art(1, d1), art(2, d2, "kk", "Kazinform"), art(3, d3), art(4, None)]
    check_change(before, [art(5, d1)], [])  # into a day there is
    check_change(before, [art(5, dt.date(2026, 3, 6))], [])  # a new day on top
    check_change(before, [art(5, dt.date(2026, 3, 2))], [])  # a new day between two
    check_change(before, [art(5, None)], [])  # undated
    check_change(before, [], [before[2]])  # the last of its day: the day goes, kk goes
    check_change(before, [], [before[4]])  # the last undated: the group goes
    moved = dataclasses.replace(before[3], published=Published(d1), source="Kazinform")
    check_change(before, [moved], [before[3]])  # changed: to another day, another source
    check_change(before, [art(5, None), art(6, d3)], [before[0], before[1]])
    check_change([], [art(0, d1)], [])  # the first article
    check_change(before, [], before)  # and the last


@given(
    st.lists(st.sampled_from([1, 2, 3, 5, 8, 0]), max_size=30),
    st.lists(st.sampled_from([1, 2, 4, 8, 9, 0]), max_size=8),
    st.sets(st.integers(0, 29), max_size=10),
)
def test_any_change_lays_out_as_a_whole_layout(
    days: list[int], new_days: list[int], gone: set[int]
) -> None:
    def day(number: int) -> dt.date | None:
        return dt.date(2026, 3, number) if number else None

    before = [art(i, day(d), "kk" if i % 3 else "ru", f"S{i % 4}") for i, d in enumerate(days)]
    added = [art(100 + i, day(d), source=None if i % 2 else "S9") for i, d in enumerate(new_days)]
    check_change(before, added, [a for i, a in enumerate(before) if i in gone])


def test_day_label_is_english_whatever_the_locale() -> None:
    assert day_label(dt.date(2026, 3, 5)) == "Thursday 5 March 2026"
    assert day_label(dt.date(2025, 12, 11)) == "Thursday 11 December 2025"


def test_summary_describes_the_corpus() -> None:
    arts = [
        art(0, dt.date(2026, 3, 5), source="Kazpravda.kz"),
        art(1, dt.date(2025, 12, 11), lang="kk", source="Kazinform"),
        art(2, None, source="Kazpravda.kz"),
        art(3, dt.date(2026, 1, 1), source=None),
    ]
    summary = summarize(arts)
    assert summary.articles == 4 and summary.undated == 1
    assert (summary.first, summary.last) == (dt.date(2025, 12, 11), dt.date(2026, 3, 5))
    assert summary.source_width == len("Kazpravda.kz")
    assert summary.describe() == (
        "4 articles · 11 Dec 2025 – 5 Mar 2026 · 1 undated · ru 3 kk 1 · Kazpravda.kz 2, Kazinform 1"
    )
    assert summarize([]).describe() == "no articles"
    many = [art(i, dt.date(2026, 1, 1), source=f"S{i}") for i in range(7)]
    assert summarize(many).describe(max_sources=2).endswith("S0 1, S1 1, +5 more")


def test_safe_keeps_offsets_and_drops_controls() -> None:
    text = "a\x1b[31mb\tc\nd\x07"
    cleaned = safe(text)
    assert len(cleaned) == len(text)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\n" not in cleaned
    assert cleaned.startswith("a\ufffd[31mb c d")
    assert safe("plain [bold]") == "plain [bold]"


def test_text_segments_keep_the_base_style_without_spans() -> None:
    console = Console()
    (segment,) = text_segments(Text("[b]x[/b]", style="red"), console)
    assert segment.text == "[b]x[/b]"
    assert segment.style is not None and segment.style.color is not None
    assert text_segments(Text(""), console) == []


def test_safe_replaces_every_character_whose_width_terminals_disagree_on() -> None:
    """Issue 14: zero-width format characters and non-characters moved the timeline's border
    (Rich counts them 0 or 1 cell, terminals otherwise). Each becomes one U+FFFD."""
    import sys
    import unicodedata

    risky = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if (unicodedata.category(chr(code)) == "Cf" and code != 0xAD)
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or code in (0x115F, 0x1160, 0x3164, 0xFFA0)
    ]
    text = "a".join(risky)
    assert safe(text) == "a".join("\ufffd" * len(risky))
    assert safe("мяг\u00adкий знак, é, 😀") == "мяг\u00adкий знак, é, 😀"  # shown as they are
