"""The shapes unseen sites print (issue 13): each described in words, none taken from a file.

Every case builds a page from parts (a header shape, a headline, a lead) so that what is tested
is the shape, not one site's text.
"""

from __future__ import annotations

import pytest

from .test_parser import BODY, parse

HEADLINE = "Правительство утвердило план развития дорог на пять лет"
LEAD_KK = "Үкімет жол салу жоспарын бекітті, деп хабарлайды Kazinform."


@pytest.mark.parametrize(
    ("header", "iso"),
    [
        ("29 Марта 2023, 12:52 1070", "2023-03-29T12:52"),  # a view counter after the time
        ("21 Ақпан, 2025", "2025-02-21"),  # a comma before the year
        ("31 нау, 2022 сағат 15:14", "2022-03-31T15:14"),  # an abbreviated Kazakh month
        ("Қыр 11, 2024 17:25 Asia/Almaty", "2024-09-11T17:25"),  # month first
        ("Понедельник, 2 марта, 2026", "2026-03-02"),  # a weekday in front
        ("08.11.2025, 16:48 36091", "2025-11-08T16:48"),  # numeric, counter glued
        ("2016 ж. 05 шілде", "2016-07-05"),  # year first
        ("Дополнено 12.03.2026, 14.44", "2026-03-12T14:44"),  # a dotted time
        ("- декабрь 30, 2025", "2025-12-30"),
        ("15 Qazan, 2015", "2015-10-15"),  # Kazakh in Latin letters
    ],
)
def test_date_shapes(header: str, iso: str) -> None:
    article = parse(f"{header}\n\n{HEADLINE}\n\n{LEAD_KK}\n\n{BODY}\n")
    assert article.title == HEADLINE
    assert article.published is not None
    assert article.published.iso() == iso


@pytest.mark.parametrize(
    ("header", "iso", "field", "value"),
    [
        ("Сұхбат • 21 Ақпан, 2025", "2025-02-21", "rubric", "Сұхбат"),
        ("Новости16 марта 2026", "2026-03-16", "rubric", "Новости"),
        ("30 Июня 2023, 09:36 Фото: youtube.com/@channel", "2023-06-30T09:36", "caption", None),
    ],
)
def test_a_date_glued_to_a_rubric_or_a_credit_is_not_the_title(
    header: str, iso: str, field: str, value: str | None
) -> None:
    article = parse(f"{header}\n{HEADLINE}\n{BODY} {BODY}\n")
    assert article.title == HEADLINE
    assert article.published is not None and article.published.iso() == iso
    if field == "rubric":
        assert article.rubric == value
    else:
        assert header in article.captions


def test_the_date_with_a_time_wins_over_the_sites_clock() -> None:
    article = parse(
        f"Жұма, 22 Қараша 2024\nПікір 3781 2 Мамыр, 2024 сағат 13:37\n\n{HEADLINE}\n\n{BODY}"
    )
    assert article.published is not None
    assert article.published.iso() == "2024-05-02T13:37"


@pytest.mark.parametrize(
    "furniture",
    [
        "18+",  # an age badge
        "#Токаев #Выборы в Мажилис #Казахстан",  # several hashtags, some of several words
        "Сұхбат • 21 Ақпан, 2025",  # a rubric with a date
        "Новости Казахстана 0 837",  # a rubric with counters
        "Опубликовано:",  # a label with no value
        "Бүгін 2026, 15:40",  # a relative day
        "Sputnik",  # the site's own name
    ],
)
def test_page_furniture_above_the_headline_is_never_the_title(furniture: str) -> None:
    article = parse(f"{furniture}\n{HEADLINE}\n{BODY} {BODY} {BODY}\n")
    assert article.title == HEADLINE


def test_a_headline_directly_above_a_photo_credit_is_still_the_headline() -> None:
    article = parse(f"{HEADLINE}\nФото: Zakon.kz/Екатерина Елисеева\n{LEAD_KK} {BODY}\n")
    assert article.title == HEADLINE
    assert article.captions == ("Фото: Zakon.kz/Екатерина Елисеева",)


def test_an_agency_dateline_is_never_the_title() -> None:
    article = parse(
        "АСТАНА, 30 наурыз – Sputnik. Мемлекет басшысы жаңа заңға қол қойды, ол 2027 жылдан бастап"
        f" күшіне енеді және барлық өңірлерге қатысты болады.\n\n{BODY}"
    )
    assert article.title_derived
    assert article.title.startswith("Мемлекет басшысы жаңа заңға қол қойды")
    assert article.source == "Sputnik Kazakhstan"


def test_a_headline_printed_under_the_lead_paragraph() -> None:
    lead = (
        "В столице на этой неделе пройдет международный форум, в котором примут участие "
        "делегации из двадцати стран и представители крупнейших компаний региона."
    )
    article = parse(f"{lead}\n\n{HEADLINE}\n\n{BODY}\n")
    assert article.title == HEADLINE
    assert article.body[0] == lead


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Об этом сообщили в министерстве, передает ERNUR.KZ.", "ERNUR.KZ"),  # not NUR.KZ
        ("Об этом сообщает ИА «NewTimes.kz».", "NewTimes.kz"),  # an agency prefix
        ("Бұл туралы министрлік хабарлады, деп хабарлайды Еl.kz.", "El.kz"),  # Cyrillic Е
        ("Об этом сообщает МИА «Казинформ».", "Kazinform"),
        ("Tengrinews.kz продолжает следить за развитием событий.", "Tengrinews.kz"),  # a mention
        ("Об этом сообщает пресс-служба акимата города.", None),
    ],
)
def test_outlets_on_whole_words_and_any_spelling(text: str, source: str | None) -> None:
    article = parse(f"{HEADLINE}\n\n{BODY}\n\n{text}\n")
    assert article.source == source


def test_a_photo_credits_government_site_is_not_the_outlet() -> None:
    article = parse(f"{HEADLINE}\n\nФото: primeminister.kz\n{BODY}\n\n{BODY}\n")
    assert article.source is None


def test_an_attribution_deep_in_a_long_lead_beats_a_credit() -> None:
    long_lead = " ".join([BODY] * 6) + " Об этом стало известно в среду, передает Orda.kz."
    article = parse(f"{HEADLINE}\n\n1070\n\nКоллаж: Kazinform\n\n{long_lead}\n\n{BODY}\n")
    assert article.source == "Orda.kz"


def test_a_collage_credit_names_the_outlet_when_nothing_else_does() -> None:
    article = parse(f"{HEADLINE}\n\n{BODY}\n\nКоллаж: Kazinform/ Akorda.kz/ Canva\n{BODY}\n")
    assert article.source == "Kazinform"


@pytest.mark.parametrize(
    ("tail", "author"),
    [
        ("Индира БЕГАЙДАР", "Индира БЕГАЙДАР"),  # the surname in capitals
        ("Андрей САРМИН, Уральск", "Андрей САРМИН"),  # with the reporter's city
        ("Ланга Черешкайте, фото: МИД РК", "Ланга Черешкайте"),  # with a credit
    ],
)
def test_bylines_at_the_end(tail: str, author: str) -> None:
    article = parse(f"{HEADLINE}\n\n{BODY}\n\n{BODY}\n\n{tail}\n")
    assert article.author == author
    assert tail not in article.body


def test_a_byline_with_its_role_under_the_headline() -> None:
    article = parse(
        f"{HEADLINE}\n\nПрезидент\n120\nДана Аменова\nспециальный корреспондент\n\n{BODY}"
    )
    assert article.author == "Дана Аменова"
    assert article.body == (BODY,)


@pytest.mark.parametrize("rubric", ["Новости Казахстана", "Сұхбат", "Центральная Азия"])
def test_rubric_lines(rubric: str) -> None:
    article = parse(f"{rubric}\n\n{HEADLINE}\n\n{BODY}\n")
    assert article.rubric == rubric
    assert article.title == HEADLINE


def test_a_second_role_line_under_the_byline_is_kept() -> None:
    text = (
        f"{HEADLINE}\n\nДана Аменова\nкорреспондент\n\n{BODY}\n\nДана Аменова\nобозреватель\n\n"
        f"{BODY} {BODY}\n"
    )
    article = parse(text)  # parse() asserts every line is accounted for
    assert article.author == "Дана Аменова"


def test_a_lead_that_is_only_an_attribution_still_gives_a_title() -> None:
    article = parse("Передает Zakon.kz\n\nКоротко.\n")
    assert article.title
