"""Properties: the parser never raises and never loses a word, whatever the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.corpus.parser import parse_article

from .helpers import unaccounted_lines, words_of

# Lines drawn from the shapes real files have, mixed with arbitrary text.
_SHAPES = st.sampled_from(
    [
        "Политика",
        "#Тег #Другой",
        "РУ",
        "12:05, 11 Желтоқсан 2025 | GMT +5",
        "3 марта 2026, 12:53",
        "02.03.2026",
        "Фото: Сенат",
        "Здание, фото - Новости Zakon.kz от 02.03.2026 23:42",
        "Иван Петров",
        "Автор",
        "Фото Иван Петров",
        "Заголовок новости о чем-то",
        "Министр провел встречу, передает Kazpravda.kz",
        "АСТАНА. KAZINFORM — Бүгін жиын өтті.",
        "1 минута Иван Петров",
        "Источник:",
        "• Саясат",
        "Бөлім: Театр",
        "Авторы: Иван Петров",
        "Иван Петров, Мария Сидорова, Власть",
        "Спорт Спорт Иван Петров",
        "Заголовок новости о чем-то 16+",
        "Заголовок новости о чем-то - site.kz",
        "5 мая 2025 18:00 328 admin",
        "",
        "    ",
    ]
)
_LINES = st.one_of(_SHAPES, st.text(max_size=80))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=14), st.booleans())
def test_parser_never_raises_and_keeps_every_line(lines: list[str], prefix: bool) -> None:
    text = ("\n".join(lines)).replace("\r", "\n")
    if prefix:
        text = " date 2026-03-05 " + text
    article = parse_article(text, "f.txt")
    assert unaccounted_lines(text, article) == []
    kept = " ".join(
        [
            "" if article.title_derived else article.title,
            *article.body,
            *article.captions,
            *article.extra,
            *article.tags,
            article.rubric or "",
            article.author or "",
            "date 2026 03 05" if prefix else "",
        ]
    )
    assert words_of(text) <= words_of(kept)


@given(st.text(max_size=400))
def test_arbitrary_text_parses(text: str) -> None:
    article = parse_article(text, "f.txt")
    assert isinstance(article.title, str)
    for field in (article.title, *article.body, *article.captions):
        assert "\x1b" not in field
        assert "\n" not in field
