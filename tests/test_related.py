"""Related coverage (issue 16, part 2): from one article, the others about the same event.

On the development set (25 real articles from 13 sites), nine tell of the evacuation of
Kazakhstanis from the Middle East in March 2026: three in Russian (003 Zakon, 004 Kazpravda,
011 BAQ) and six in Kazakh (015 Kazinform, 018 BAQ, 020 and 021 Zakon, 023 Interfax, 024 Alash).
They share few words across the two languages — names (Жетібаев/Жетибаев), places (Қатар/Катар),
the loanword эвакуация in its Russian and Kazakh inflections — and that must be enough.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from newsreader.article import Article
from newsreader.corpus import load_corpus
from newsreader.corpus.parser import parse_article
from newsreader.library import Library, MemoryLibrary
from newsreader.search.related import Related

from .conftest import SEEDS

DEVSET = Path(__file__).parent / "data" / "devset" / "raw"
EVACUATION = {"003", "004", "011", "015", "018", "020", "021", "023", "024"}
#: Devset articles on other stories: the Senate and its speaker, the Kurultai, a facade that fell
#: in Astana, a protest in Uralsk, the Taliban's diplomat in Moscow, a letter to Zelensky.
OTHER_STORIES = {"002", "005", "006", "007", "008", "009", "010", "012", "013", "019", "022", "025"}
#: Made up: a football club and a concert that share places with the evacuation (Qatar, Dubai,
#: Oman, the Emirates, Almaty) and nothing else.
SPORT = """ date 2026-03-09 Футбольный клуб «Кайрат» вернулся в Алматы после сборов в Катаре

Футболисты алматинского «Кайрата» завершили зимние сборы в Дохе и вернулись в Алматы чартерным
рейсом через Дубай, сообщает пресс-служба клуба.

На сборах команда провела пять контрольных матчей, в том числе против клубов из Омана и
Объединенных Арабских Эмиратов. Главный тренер Рафаэль Уразбахтин остался доволен формой игроков.

Первый матч нового сезона «Кайрат» проведет 14 марта на Центральном стадионе против «Астаны».
"""
CULTURE = """ date 2026-03-11 Алматыда Құрманғазы атындағы оркестрдің концерті өтеді

Құрманғазы атындағы Қазақ ұлттық консерваториясының студенттері наурыз мерекесіне арналған
концерт береді, деп хабарлайды театр баспасөз қызметі.

Концертте Дәулеткерей, Тәттімбет және Құрманғазы күйлері орындалады. Оркестрге Қазақстанның
еңбек сіңірген әртісі Айман Мусаходжаева жетекшілік етеді. Концерт Абай атындағы опера және
балет театрында өтеді. Билеттер сатылымда.
"""


def number(article: Article) -> str:
    """``"011"`` for ``…/devset/raw/011_baq.txt``, ``"seed 001"`` for a seed, ``"sport"`` for
    ``…/sport.txt``."""
    path = Path(article.path)
    if not (match := re.match(r"(\d{3})_", path.name)):
        return path.stem
    return f"seed {match[1]}" if path.parent == SEEDS else match[1]


def devset() -> list[Article]:
    return list(load_corpus(sorted(DEVSET.glob("*.txt"))).articles)


def made_up(name: str, text: str) -> Article:
    return parse_article(text, f"/made-up/{name}.txt")


DEVSET_ONLY = MemoryLibrary(devset())
WITH_OTHERS = MemoryLibrary([*devset(), made_up("sport", SPORT), made_up("culture", CULTURE)])
WITH_SEEDS = MemoryLibrary([*devset(), *load_corpus(sorted(SEEDS.glob("*.txt"))).articles])


def article(library: MemoryLibrary, wanted: str) -> Article:
    (found,) = [a for a in library.articles if number(a) == wanted]
    return found


def related(library: MemoryLibrary, wanted: str, limit: int = 50) -> list[Related]:
    return library.related(article(library, wanted), limit)


def by_score(found: list[Related]) -> list[str]:
    """The numbers of ``found``, closest first (the list itself is newest first)."""
    return [number(r.article) for r in sorted(found, key=lambda r: -r.score)]


def test_the_evacuation_lists_all_its_other_coverage_in_both_languages_and_nothing_else() -> None:
    found = related(DEVSET_ONLY, "015")  # Kazinform, in Kazakh
    assert {number(r.article) for r in found} == EVACUATION - {"015"}
    assert {r.article.lang for r in found} == {"ru", "kk"}


def test_a_russian_version_finds_the_kazakh_ones() -> None:
    found = related(DEVSET_ONLY, "011")  # BAQ, in Russian: Жетибаев, эвакуацию, Катара
    numbers = {number(r.article) for r in found}
    assert numbers <= EVACUATION
    kazakh = {number(r.article) for r in found if r.article.lang == "kk"}
    assert len(kazakh) >= 3, found
    assert {"003", "004"} <= numbers
    # What they share says why: the name and the loanword, spelt the Russian way.
    baq = next(r for r in found if number(r.article) == "018")
    assert {"жетибаев", "эвакуацию"} <= set(baq.shared)


@pytest.mark.parametrize("wanted", sorted(EVACUATION))
def test_every_evacuation_article_lists_the_story_before_anything_else(wanted: str) -> None:
    found = by_score(related(WITH_OTHERS, wanted))
    assert found, "no other coverage found"
    on_story = [n for n in found if n in EVACUATION]
    assert found[: len(on_story)] == on_story, found  # the story first, closest first
    assert not set(found) & OTHER_STORIES, found


def test_sport_and_culture_that_share_only_places_with_the_story_are_not_among_the_first() -> None:
    for wanted in EVACUATION:
        found = by_score(related(WITH_OTHERS, wanted))
        for unrelated in ("sport", "culture"):
            if unrelated in found:
                assert found.index(unrelated) >= len([n for n in found if n in EVACUATION])


@pytest.mark.parametrize("wanted", ["012", "013", "010", "025"])
def test_an_article_nobody_else_covered_lists_nothing(wanted: str) -> None:
    assert related(WITH_OTHERS, wanted) == []


def test_the_list_is_newest_first_with_date_outlet_and_language() -> None:
    found = related(DEVSET_ONLY, "015")
    dated = [r.article.published for r in found if r.article.published is not None]
    assert len(dated) >= 6
    days = [published.date for published in dated]
    assert days == sorted(days, reverse=True)
    assert found[-1].article.published is None  # 023, undated (Interfax prints no year), last
    assert all(r.article.source and r.article.lang in ("ru", "kk") for r in found[:-1])


def test_a_limit_keeps_the_closest() -> None:
    assert {number(r.article) for r in related(DEVSET_ONLY, "003", limit=2)} == {"004", "011"}


def test_the_article_itself_and_its_copies_are_left_out() -> None:
    articles = devset()
    original = next(a for a in articles if number(a) == "011")
    same_text = dataclasses.replace(original, path="/elsewhere/011_baq.txt")  # same id
    text = (DEVSET / Path(original.path).name).read_text(encoding="utf-8")
    # The page saved again a day later, with a line more at the end: another text, the same page.
    again = parse_article(text + "\n\nЧитайте нас в Telegram\n", "/again/011_baq.txt")
    assert again.id != original.id and again.title == original.title
    library = MemoryLibrary([*articles, same_text, again])
    found = library.related(original)
    assert all(r.article.title != original.title for r in found), found
    assert {"003", "004", "018"} <= {number(r.article) for r in found}


def test_the_seeds_find_the_visit_they_report_in_both_languages() -> None:
    # Seed 004: Tokaev and Pezeshkian's talks (Kazakh), as 001 (Russian), 014 and 017 told them.
    assert {number(r.article) for r in related(WITH_SEEDS, "seed 004")} == {
        "001",
        "014",
        "017",
    }


def test_the_seeds_on_the_conflict_list_each_other_first_and_no_other_story() -> None:
    # 001 (the foreign ministers' calls) and 003 (neutrality in the conflict), a day apart.
    assert by_score(related(WITH_SEEDS, "seed 001"))[0] == "seed 003"
    assert by_score(related(WITH_SEEDS, "seed 003"))[0] == "seed 001"
    for seed in WITH_SEEDS.articles:
        if Path(seed.path).parent == SEEDS:
            assert not {number(r.article) for r in WITH_SEEDS.related(seed)} & OTHER_STORIES


def test_the_library_reads_the_bodies_from_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    shutil.copytree(DEVSET, folder)
    library = Library.open([folder], tmp_path / "cache")
    library.update()
    try:
        evacuation = next(a for a in library.articles if number(a) == "018")
        assert not evacuation.body  # the timeline holds headers only
        found = library.related(evacuation)
        assert found[0].article in library.articles  # the timeline's own, to open
        numbers = {number(r.article) for r in found}
        assert numbers <= EVACUATION and len(numbers) >= 5
        assert {r.article.lang for r in found} == {"ru", "kk"}
    finally:
        library.close()
