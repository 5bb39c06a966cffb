"""The five real seed files parse to exactly what SEEDS.md says."""

from __future__ import annotations

import datetime as dt

import pytest

from newsreader.article import Article

from .conftest import SEEDS


def test_seed_files_are_the_shared_originals_byte_for_byte() -> None:
    shared = SEEDS.parents[1] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    ours = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    theirs = {p.name: p.read_bytes() for p in shared.glob("*.txt")}
    assert ours == theirs


def test_000_title_is_derived_from_the_lead(seeds: dict[str, Article]) -> None:
    article = seeds["000"]
    assert article.title_derived
    assert article.title.startswith(
        "По поручению Президента Казахстана Касым-Жомарта Токаева спикер Сената Маулен "
        "Ашимбаев посетил посольство Ирана"
    )
    assert len(article.title) <= 120
    assert article.title.endswith("…")
    # cut at a word boundary: the text before "…" is a prefix of the lead made of whole words
    stem = article.title[:-1]
    lead = article.body[0]
    assert lead.startswith(stem)
    assert lead[len(stem)] == " "
    assert "передает" not in article.title


@pytest.mark.parametrize(
    ("number", "title"),
    [
        ("001", "Срочные переговоры на фоне конфликта: Казахстан экстренно связался с соседями"),
        (
            "002",
            "Маулен Ашимбаев встретился с советником президента Палестины по религиозным вопросам",
        ),
        ("003", "Казахстан не занимает чью-либо сторону в конфликте на Ближнем Востоке – МИД"),
        (
            "004",
            "Президент: Қазақстан Иранды бауырлас көрші, Орта Шығыстағы сенімді серіктес деп біледі",
        ),
    ],
)
def test_title_line(seeds: dict[str, Article], number: str, title: str) -> None:
    assert seeds[number].title == title
    assert not seeds[number].title_derived


@pytest.mark.parametrize(
    ("number", "iso"),
    [
        ("000", "2026-03-05"),
        ("001", "2026-03-02T23:42"),
        ("002", None),
        ("003", "2026-03-03T12:53"),
        ("004", "2025-12-11T12:05+05:00"),
    ],
)
def test_published(seeds: dict[str, Article], number: str, iso: str | None) -> None:
    published = seeds[number].published
    assert (published.iso() if published else None) == iso


def test_004_offset_is_plus_five_hours(seeds: dict[str, Article]) -> None:
    published = seeds["004"].published
    assert published is not None
    assert published.utc_offset == 5 * 60
    assert published.time == dt.time(12, 5)


@pytest.mark.parametrize(
    ("number", "source", "author", "lang", "rubric", "tags"),
    [
        ("000", "Kazpravda.kz", None, "ru", None, ()),
        ("001", "Zakon.kz", "Елена Беляева", "ru", "Политика", ("Референдум-2026", "Казахмыс")),
        ("002", "Kazpravda.kz", None, "ru", None, ("Казахстан", "Ашимбаев", "Палестина")),
        ("003", "Zakon.kz", "Екатерина Елисеева", "ru", "Политика", ("Референдум-2026",)),
        ("004", "Kazinform", "Айнұр Тумакбаева", "kk", None, ()),
    ],
)
def test_metadata(
    seeds: dict[str, Article],
    number: str,
    source: str,
    author: str | None,
    lang: str,
    rubric: str | None,
    tags: tuple[str, ...],
) -> None:
    article = seeds[number]
    assert (article.source, article.author, article.lang, article.rubric, article.tags) == (
        source,
        author,
        lang,
        rubric,
        tags,
    )


def test_captions_are_kept_out_of_the_body(seeds: dict[str, Article]) -> None:
    assert seeds["000"].captions == ("Фото: Сенат / Н. Байбулин",)
    assert seeds["001"].captions[0].startswith("Казахстан экстренно связался с соседями, фото")
    assert "Фото: Ақорда" in seeds["004"].captions
    assert (
        "Перспективы сотрудничества между Казахстаном и Ираном очень большие — Президент"
        in seeds["004"].captions
    )
    for article in seeds.values():
        for caption in article.captions:
            assert caption not in article.body


def test_timeline_order(seeds: dict[str, Article]) -> None:
    ordered = sorted(seeds.items(), key=lambda item: item[1].timeline_key())
    assert [number for number, _ in ordered] == ["000", "003", "001", "004", "002"]


def test_nbsp_and_indentation_are_layout(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for paragraph in (article.title, *article.body, *article.captions):
            assert "\u00a0" not in paragraph
            assert paragraph == paragraph.strip()


def test_every_line_of_every_seed_is_kept(seeds: dict[str, Article]) -> None:
    from .helpers import unaccounted_lines

    for number, article in seeds.items():
        (path,) = SEEDS.glob(f"{number}_*.txt")
        assert unaccounted_lines(path.read_text(encoding="utf-8"), article) == [], number


def test_ids_are_stable_and_distinct(seeds: dict[str, Article]) -> None:
    ids = {article.id for article in seeds.values()}
    assert len(ids) == 5
    assert all(len(i) == 16 for i in ids)
