"""The parser on the family of shapes the sites produce, beyond the five seeds."""

from __future__ import annotations

import pytest

from newsreader.corpus.parser import parse_article

from .helpers import unaccounted_lines

LEAD = "Министр провел встречу с делегацией, передает Tengrinews.kz."
BODY = "Стороны обсудили вопросы сотрудничества в сфере энергетики и транспорта."

#: A made-up headline and lead in each language, for the shape tests' pages.
HEADLINE = "В областном центре открыли новый мост через реку"
LEAD = (
    "Строители завершили работы на два месяца раньше срока, движение по мосту открыто для "
    "легковых машин и автобусов."
)
TAQYRYP = "Ауданда жаңа емхана ашылды"
KK_LEAD = "Емханада күніне үш жүз адам қабылданады, ғимарат заманауи құралдармен жабдықталған."


def parse(text: str):
    article = parse_article(text, "x.txt")
    assert unaccounted_lines(text, article) == []
    return article


@pytest.mark.parametrize(
    ("dateline", "iso"),
    [
        ("12:05, 11 Желтоқсан 2025 | GMT +5", "2025-12-11T12:05+05:00"),
        ("09:30, 27 Ноябрь 2025 | GMT +5", "2025-11-27T09:30+05:00"),
        ("18:00, 3 Наурыз 2026", "2026-03-03T18:00"),
        ("3 марта 2026, 12:53", "2026-03-03T12:53"),
        ("21 января 2026 г. 6:00", "2026-01-21T06:00"),
        ("21 января 2026 года, 06:00", "2026-01-21T06:00"),
        ("5 Қыркүйек 2025", "2025-09-05"),
        ("02.03.2026, 23:42", "2026-03-02T23:42"),
        ("02.03.2026", "2026-03-02"),
        ("23:42, 02.03.2026", "2026-03-02T23:42"),
        ("Опубликовано: 14 мая 2024, 10:15", "2024-05-14T10:15"),
    ],
)
def test_dateline_shapes(dateline: str, iso: str) -> None:
    article = parse(f"{dateline}\n\nЗаголовок новости о чем-то важном\n\n{LEAD}\n\n{BODY}\n")
    assert article.published is not None
    assert article.published.iso() == iso
    assert article.title == "Заголовок новости о чем-то важном"
    assert dateline not in article.body


def test_dateline_after_title_is_still_found() -> None:
    article = parse(f"Заголовок новости о чем-то важном\n3 марта 2026, 12:53\n{LEAD}\n{BODY}")
    assert article.published is not None
    assert article.published.iso() == "2026-03-03T12:53"


def test_printed_date_wins_over_the_scraper_prefix() -> None:
    article = parse(f" date 2026-03-09 Заголовок новости о важном\n\n3 марта 2026, 12:53\n\n{LEAD}")
    assert article.published is not None
    assert article.published.iso() == "2026-03-03T12:53"


def test_prefix_alone_gives_a_date_only() -> None:
    article = parse(f" date 2026-03-09 Заголовок новости о важном\n\n{LEAD}")
    assert article.published is not None
    assert article.published.iso() == "2026-03-09"
    assert article.title == "Заголовок новости о важном"


def test_a_date_inside_a_sentence_is_not_the_publication_date() -> None:
    article = parse(f"Заголовок новости о важном\n\n{LEAD} Встреча прошла 3 марта 2026 года.\n")
    assert article.published is None


def test_agency_dateline_takes_its_year_from_the_prefix() -> None:
    text = (
        " date 2025-11-09 Заголовок новости о важном\n\nАстана. 8 ноября. KAZAKHSTAN TODAY - "
        + BODY
    )
    article = parse(text)
    assert article.published is not None
    assert article.published.iso() == "2025-11-08"
    assert article.source == "Kazakhstan Today"


def test_agency_dateline_in_december_with_a_january_prefix_is_last_year() -> None:
    text = " date 2026-01-02 Итоги года в экономике страны\n\nАлматы. 31 декабря. КазТАГ - " + BODY
    article = parse(text)
    assert article.published is not None
    assert article.published.iso() == "2025-12-31"


def test_caption_time_only_when_its_date_agrees() -> None:
    same = parse(
        " date 2026-03-02 Заголовок новости о важном\n\n"
        "Здание министерства, фото - Новости Zakon.kz от 02.03.2026 23:42\n" + BODY
    )
    other = parse(
        " date 2026-03-05 Заголовок новости о важном\n\n"
        "Здание министерства, фото - Новости Zakon.kz от 12.01.2024 10:00\n" + BODY
    )
    assert same.published is not None and same.published.iso() == "2026-03-02T23:42"
    assert other.published is not None and other.published.iso() == "2026-03-05"


def test_language_marker_counter_rubric_and_hashtags_are_not_the_title() -> None:
    article = parse(
        "РУ\n#Экономика #Нефть\nЭкономика\n1 234\n\nЦены на нефть выросли на мировых рынках\n\n"
        + BODY
    )
    assert article.title == "Цены на нефть выросли на мировых рынках"
    assert article.tags == ("Экономика", "Нефть")
    assert article.rubric == "Экономика"
    assert "РУ" in article.extra and "1 234" in article.extra


def test_no_title_line_derives_one_from_the_lead_without_attribution() -> None:
    lead = (
        "Глава государства провел совещание по вопросам развития транспортной инфраструктуры "
        "страны и поручил ускорить строительство дорог в регионах, передает Kazinform."
    )
    article = parse(lead + "\n\n" + BODY)
    assert article.title_derived
    assert len(article.title) <= 120
    assert article.title.endswith("…")
    assert "передает" not in article.title
    assert lead in article.body


def test_short_lead_becomes_the_whole_title() -> None:
    article = parse("Министр провел встречу с делегацией, передает Tengrinews.kz.\n\n" + BODY)
    assert article.title == "Министр провел встречу с делегацией"
    assert not article.title.endswith("…")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Об этом сообщает МИА «Казинформ».", "Kazinform"),
        ("Об этом сообщает корреспондент Zakon.kz.", "Zakon.kz"),
        ("Об этом передаёт Tengrinews.kz со ссылкой на пресс-службу.", "Tengrinews.kz"),
        ("Бұл туралы ведомство хабарлады, деп хабарлайды Kazinform.", "Kazinform"),
        ("АСТАНА. KAZINFORM — Бүгін жиын өтті.", "Kazinform"),
        ("Об этом сообщает пресс-служба акимата города.", None),
    ],
)
def test_source_attributions(line: str, source: str | None) -> None:
    article = parse(f"Заголовок новости о важном\n\n{line}\n\n{BODY}")
    assert article.source == source


@pytest.mark.parametrize(
    "caption",
    [
        "Фото: пресс-служба акимата",
        "Сурет: Ақорда",
        "Коллаж: Zakon.kz",
        "Здание акимата, фото - Новости Zakon.kz от 02.03.2026 23:42",
        "Мәжіліс ғимараты, сурет - Zakon.kz жаңалық агенттігі",
    ],
)
def test_captions_and_credits(caption: str) -> None:
    article = parse(f"Заголовок новости о важном\n\n{caption}\n{BODY}")
    assert caption in article.captions
    assert caption not in article.body


def test_caption_text_glued_above_a_credit_is_a_caption() -> None:
    article = parse(
        f"Заголовок новости о важном\n\n{BODY}\n\nГлава МИД на брифинге\nФото: МИД РК\n"
    )
    assert article.captions == ("Глава МИД на брифинге", "Фото: МИД РК")
    assert article.body == (BODY,)


@pytest.mark.parametrize(
    ("tail", "author"),
    [
        ("Иван Петров\nИван Петров", "Иван Петров"),
        ("Айнұр Тумакбаева\nАвтор", "Айнұр Тумакбаева"),
        ("Автор: Ерлан Жетыбаев", "Ерлан Жетыбаев"),
        ("Фото Мария Иванова\nМария Иванова", "Мария Иванова"),
        ("Асель Нурланова", "Асель Нурланова"),
    ],
)
def test_author_at_the_end(tail: str, author: str) -> None:
    article = parse(f"Заголовок новости о важном\n\n{BODY}\n\n{tail}\n")
    assert article.author == author
    assert author not in article.body


def test_a_last_line_that_is_not_a_name_stays_in_the_body() -> None:
    article = parse(f"Заголовок новости о важном\n\n{BODY}\n\nБлижний Восток\n")
    assert article.author is None
    assert article.body[-1] == "Ближний Восток"


def test_hashtags_at_the_bottom() -> None:
    article = parse(f"Заголовок новости о важном\n\n{BODY}\n\n#Казахстан #Палестина\n")
    assert article.tags == ("Казахстан", "Палестина")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Қасым-Жомарт Тоқаев шағын құрамда келіссөз жүргізді. Бұл туралы Ақорда хабарлады.", "kk"),
        ("Касым-Жомарт Токаев провел переговоры. Тоқаев — так пишется фамилия по-казахски.", "ru"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert parse("Заголовок новости\n\n" + text).lang == lang


def test_latin_lookalike_inside_cyrillic_is_kept_verbatim_in_the_body(seeds) -> None:
    assert seeds["001"].body[0].startswith("Cостоялся")  # Latin C, as scraped


def test_markup_and_escapes_are_text_not_instructions() -> None:
    article = parse_article(
        "Title with [/bar] and [bold]x[/bold]\n\n\x1b[31mRed\x1b[0m body \x07 text\x00.\n", "x"
    )
    assert article.title == "Title with [/bar] and [bold]x[/bold]"
    assert article.body == ("Red body text.",)


def test_crlf_and_stray_carriage_returns() -> None:
    article = parse_article(
        "Заголовок новости о важном\r\n\r\n" + BODY + "\rВторой абзац.\r\n", "x"
    )
    assert article.title == "Заголовок новости о важном"
    assert article.body == (BODY, "Второй абзац.")


def test_same_text_same_id_whatever_the_line_endings_or_path() -> None:
    a = parse_article("Заголовок\n\n" + BODY, "a.txt")
    b = parse_article("Заголовок\r\n\r\n" + BODY + "\r\n", "elsewhere/b.txt")
    c = parse_article("Заголовок\n\n" + BODY + " Ещё.", "a.txt")
    assert a.id == b.id
    assert a.id != c.id
