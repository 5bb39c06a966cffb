"""Snippets (search/snippets.py): the matched words of a body in context, cut to a width."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from newsreader.search import SearchIndex
from newsreader.search.snippets import ELLIPSIS, Snippet, body_snippet, hit_snippet

from .test_ui import article

TEXT = (
    "Министерство иностранных дел сообщило, что эвакуация граждан Казахстана из зоны "
    "конфликта на Ближнем Востоке продолжается, а самолёты прибывают каждый день."
)


def spans_of(text: str, *words: str) -> list[tuple[int, int]]:
    return sorted((text.index(word), text.index(word) + len(word)) for word in words)


def shown(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_a_paragraph_that_fits_is_given_whole() -> None:
    snippet = Snippet(TEXT, tuple(spans_of(TEXT, "эвакуация")))
    assert snippet.fit(len(TEXT)) == (TEXT, snippet.spans)


def test_the_window_starts_a_little_before_the_match_at_a_word_and_ends_at_a_space() -> None:
    snippet = Snippet(TEXT, tuple(spans_of(TEXT, "эвакуация")))
    for width in (20, 30, 40, 60, 80):
        text, spans = snippet.fit(width)
        assert len(text) <= width
        assert text.startswith(ELLIPSIS) and text.endswith(ELLIPSIS)
        assert shown(text, spans) == ["эвакуация"]
        inner = text[1:-1]
        assert inner in TEXT
        start = TEXT.index(inner)
        assert start == 0 or TEXT[start - 1] == " "  # whole words at the start
        end = start + len(inner)
        assert end == len(TEXT) or TEXT[end] == " " or width < 25  # and at the end
    assert snippet.fit(60)[0] == "…сообщило, что эвакуация граждан Казахстана из зоны…"


def test_the_window_holds_as_many_matches_as_fit() -> None:
    paragraph = "Иран. " + "слово " * 15 + "Токаев встретился с послом Ирана в Астане."
    snippet = Snippet(paragraph, tuple(spans_of(paragraph, "Иран.", "Токаев", "Ирана")))
    text, spans = snippet.fit(50)
    assert shown(text, spans) == ["Токаев", "Ирана"]  # two, not the first one alone
    text, spans = snippet.fit(200)
    assert shown(text, spans) == ["Иран.", "Токаев", "Ирана"]


def test_a_match_at_the_start_needs_no_leading_ellipsis_and_a_tiny_width_still_works() -> None:
    snippet = Snippet(TEXT, tuple(spans_of(TEXT, "Министерство")))
    text, spans = snippet.fit(40)
    assert text.startswith("Министерство иностранных") and text.endswith(ELLIPSIS)
    assert shown(text, spans) == ["Министерство"]
    assert snippet.fit(0) == ("", ())
    text, spans = snippet.fit(5)
    assert len(text) <= 5 and all(0 <= a < b <= len(text) for a, b in spans)


@given(st.integers(min_value=1, max_value=200), st.lists(st.integers(0, len(TEXT) - 1), max_size=6))
def test_any_width_gives_text_that_fits_and_spans_inside_it(width: int, starts) -> None:
    spans = tuple(sorted({(s, min(len(TEXT), s + 5)) for s in starts}))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    if not merged:
        return
    text, shown_spans = Snippet(TEXT, tuple(merged)).fit(width)
    assert len(text) <= width
    for start, end in shown_spans:
        assert 0 <= start < end <= len(text)
        assert text[start:end] in TEXT


def test_the_paragraph_with_the_most_different_matched_words_is_chosen() -> None:
    body = ("иран иран иран", "Токаев и Иран", "ничего")
    spans = [(0, 0, 4), (0, 5, 9), (0, 10, 14), (1, 0, 6), (1, 9, 13)]
    snippet = body_snippet(body, spans)
    assert snippet is not None and snippet.paragraph == "Токаев и Иран"
    assert snippet.spans == ((0, 6), (9, 13))
    assert body_snippet(body, []) is None
    assert body_snippet(body, [(7, 0, 4), (0, 10, 99)]) is None  # out of range: ignored


def test_a_hit_gets_a_snippet_only_when_it_matched_in_the_body_alone() -> None:
    arts = [
        article(0, "Казахстан вернул граждан", body=("Вступление.", TEXT)),
        article(1, "Эвакуация завершена", day=dt.date(2026, 2, 1), body=(TEXT,)),
    ]
    index = SearchIndex.build(arts)
    hits = {hit.index: hit for hit in index.search("эвакуация").hits}
    asked = []

    def body_of(a):
        asked.append(a.id)
        return a.body

    snippet = hit_snippet(hits[0], body_of)
    assert snippet is not None and snippet.paragraph == TEXT
    assert shown(snippet.paragraph, snippet.spans) == ["эвакуация"]
    assert hit_snippet(hits[1], body_of) is None  # matched in its title
    assert asked == [arts[0].id]
