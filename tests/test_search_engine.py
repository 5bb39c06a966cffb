"""The search engine on hand-made articles: each rule of issue 3, as the reader sees it."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.article import Article, Published
from newsreader.search import Hit, Marks, SearchIndex, SearchResult, parse_query


def art(
    title: str,
    *body: str,
    day: str | None = "2026-03-01",
    source: str | None = "Kazpravda.kz",
    author: str | None = None,
    lang: str = "ru",
    tags: Sequence[str] = (),
    captions: Sequence[str] = (),
    name: str = "",
) -> Article:
    published = Published(dt.date.fromisoformat(day)) if day else None
    return Article(
        id=name or title[:16],
        path=f"/corpus/{name or title[:16]}.txt",
        title=title,
        published=published,
        source=source,
        author=author,
        lang=lang,
        tags=tuple(tags),
        captions=tuple(captions),
        body=tuple(body),
    )


@pytest.fixture(autouse=True, params=["dictionary", "vocabulary"])
def word_lookups(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: words looked up in tantivy's term dictionary, and in the vocabulary
    made by ``prepare`` (as the reader does once the corpus is loaded)."""
    if request.param == "vocabulary":
        build = SearchIndex.build.__func__  # type: ignore[attr-defined]

        def prepared(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
            index = build(cls, *args, **kwargs)
            index.prepare()
            return index

        monkeypatch.setattr(SearchIndex, "build", classmethod(prepared))
    return request.param


def titles(result: SearchResult) -> list[str]:
    return [hit.article.title for hit in result.hits]


def found(articles: Sequence[Article], query: str, **kwargs) -> list[str]:
    return titles(SearchIndex.build(articles).search(query, **kwargs))


# --- normalisation ------------------------------------------------------------------------


def test_case_and_yo_do_not_matter() -> None:
    corpus = [art("Ёлки в Астане"), art("Другое")]
    assert found(corpus, "ЕЛКИ") == ["Ёлки в Астане"]
    assert found(corpus, "ёлки") == ["Ёлки в Астане"]


def test_kazakh_letters_meet_russian_look_alikes() -> None:
    corpus = [art("Тоқаев пен Әшімбаев", lang="kk"), art("Токаев и Ашимбаев"), art("Бакаев")]
    assert sorted(found(corpus, "Токаев")) == ["Токаев и Ашимбаев", "Тоқаев пен Әшімбаев"]
    assert sorted(found(corpus, "Әшімбаев")) == ["Токаев и Ашимбаев", "Тоқаев пен Әшімбаев"]


def test_latin_look_alike_letters_inside_cyrillic_words() -> None:
    corpus = [art("Новости", "Cостоялся телефонный разговор"), art("Другое", "ничего")]
    assert found(corpus, "состоялся") == ["Новости"]
    assert found(corpus, "Cостоялся") == ["Новости"]


def test_odd_spaces_in_text_are_spaces() -> None:
    corpus = [art("Заголовок", "Израиль\u00a0и\u2009США ударили"), art("Другое", "Израиль.")]
    assert found(corpus, '"израиль и сша"') == ["Заголовок"]


def test_latin_query_words_find_cyrillic_text() -> None:
    corpus = [
        art("Хаменеи погиб"),
        art("Жетыбаев принес соболезнования"),
        art("Орта Шығыстағы серіктес", lang="kk"),
        art("Нечто иное"),
    ]
    assert found(corpus, "khamenei") == ["Хаменеи погиб"]
    assert found(corpus, "zhetybaev") == ["Жетыбаев принес соболезнования"]
    assert found(corpus, "shygys") == ["Орта Шығыстағы серіктес"]
    assert found(corpus, "Khamenei") == ["Хаменеи погиб"]


def test_latin_words_in_text_are_found_as_written() -> None:
    corpus = [
        art("Новости", "передает Kazpravda.kz", source=None),
        art("Другое", "нет", source=None),
    ]
    assert found(corpus, "kazpravda") == ["Новости"]


# --- word matching ------------------------------------------------------------------------


def test_short_query_word_matches_as_a_prefix_across_kazakh_suffixes() -> None:
    corpus = [
        art("Иранды бауырлас", lang="kk"),
        art("Иранға тілеулеспіз", lang="kk"),
        art("Посольство Ирана"),
        art("Туран"),
    ]
    assert sorted(found(corpus, "иран")) == sorted(
        ["Иранға тілеулеспіз", "Иранды бауырлас", "Посольство Ирана"]
    )


def test_inflected_query_word_finds_other_forms() -> None:
    corpus = [art("Иранды қолдайды", lang="kk"), art("Санкции против Ирану"), art("Иранский")]
    # "ирана" is neither "иранды" nor "ирану" as a prefix: the stem does it.
    assert sorted(found(corpus, "ирана")) == ["Иранды қолдайды", "Санкции против Ирану"]


def test_stems_need_real_endings() -> None:
    corpus = [art("Каспия берега"), art("Каспием"), art("Касперский Лаб")]
    assert sorted(found(corpus, "каспий")) == ["Каспием", "Каспия берега"]


def test_kazakh_verbal_suffix_on_a_russian_word() -> None:
    corpus = [art("Эвакуациялау жұмыстары", lang="kk"), art("Срочная эвакуация"), art("Иное")]
    assert sorted(found(corpus, "эвакуация")) == ["Срочная эвакуация", "Эвакуациялау жұмыстары"]


def test_typo_one_edit_from_five_letters() -> None:
    corpus = [art("Трамп объяснил"), art("Другие новости")]
    assert found(corpus, "трамр") == ["Трамп объяснил"]  # substitution
    assert found(corpus, "трмап") == ["Трамп объяснил"]  # swap of neighbours
    assert found(corpus, "трампп") == ["Трамп объяснил"]  # insertion


def test_swap_of_neighbours_is_one_edit_and_inflections_follow() -> None:
    corpus = [art("Указ Токаева"), art("Тоқаев келді", lang="kk"), art("Бакаев")]
    assert sorted(found(corpus, "тоакев")) == ["Тоқаев келді", "Указ Токаева"]


def test_typo_neighbours_ranked_by_similarity_and_frequency() -> None:
    # In a typo-rich corpus the nearest terms to a misspelling are other misspellings: the
    # frequent real word must still be among the few neighbours kept, and rank first.
    misspelt = [f"тоак{x}в" for x in "бгджзлпрстфхцчш"] + [f"тоа{x}ев" for x in "бгджзлпрстфхцчш"]
    corpus = [art(f"{word} сказал", day="2026-03-05", name=word) for word in misspelt]
    corpus += [art(f"Токаев {i}", day="2026-01-01", name=f"real{i}") for i in range(10)]
    hits = SearchIndex.build(corpus).search("тоакев").hits
    assert len(misspelt) > 24  # more neighbours than are kept
    assert {hit.article.id for hit in hits[:10]} == {f"real{i}" for i in range(10)}


def test_two_edits_only_from_nine_letters() -> None:
    corpus = [art("Палестина и Казахстан"), art("Сторонние новости")]
    assert found(corpus, "палистинэ") == ["Палестина и Казахстан"]  # 9 letters, 2 edits
    assert found(corpus, "плестинэ") == []  # 8 letters, 2 edits


def test_numbers_tolerate_no_typo() -> None:
    corpus = [art("Бюджет 12345 тенге"), art("Другое")]
    assert found(corpus, "12346") == []
    assert found(corpus, "12345") == ["Бюджет 12345 тенге"]


def test_words_of_four_letters_or_fewer_tolerate_no_typo() -> None:
    corpus = [art("Иран и мир"), art("Ничего общего")]
    assert found(corpus, "ирна") == []
    assert found(corpus, "миа") == []
    assert found(corpus, "ира") == ["Иран и мир"]  # a prefix is fine


def test_precision_tokaev_does_not_find_bakaev() -> None:
    corpus = [art("Алибек Бакаев заявил"), art("Касым-Жомарт Токаев заявил"), art("Бокаевы")]
    assert found(corpus, "tokaev") == ["Касым-Жомарт Токаев заявил"]
    assert found(corpus, "токаев") == ["Касым-Жомарт Токаев заявил"]


def neighbours() -> list[Article]:
    return [
        art("Указ Токаева", "Касым-Жомарт Токаев подписал указ", name="tokaev"),
        art("Тоқаев келді", lang="kk", name="toqaev"),
        art("Санжар Бокаев задержан", name="bokaev"),
        art("Боқаевқа айып тағылды", lang="kk", name="boqaev"),
        art("Алибек Бакаев на брифинге", name="bakaev"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tokaev", {"tokaev", "toqaev"}),
        ("Tokayev", {"tokaev", "toqaev"}),
        ("токаев", {"tokaev", "toqaev"}),
        ("toqaev", {"tokaev", "toqaev"}),
        ("bokaev", {"bokaev", "boqaev"}),
        ("Боқаев", {"bokaev", "boqaev"}),
        ("бакаев", {"bakaev"}),
        ("bakayev", {"bakaev"}),
    ],
)
def test_a_word_found_brings_no_one_letter_neighbours(query: str, expected: set[str]) -> None:
    assert set(ids(SearchIndex.build(neighbours()).search(query))) == expected


def test_a_trailing_tilde_brings_the_neighbours_after_the_word() -> None:
    hits = ids(SearchIndex.build(neighbours()).search("tokaev~"))
    # Бокаев is one letter from Токаев; Бакаев two, too many for six letters.
    assert set(hits[:2]) == {"tokaev", "toqaev"}
    assert "bokaev" in hits[2:] and "bakaev" not in hits
    assert set(ids(SearchIndex.build(neighbours()).search("бакаев~"))) >= {"bakaev", "bokaev"}


def test_typos_are_forgiven_when_nothing_is_found_as_typed() -> None:
    index = SearchIndex.build(neighbours())
    assert set(ids(index.search("токаевв"))) == {"tokaev", "toqaev"}
    assert set(ids(index.search("tokaevv"))) == {"tokaev", "toqaev"}


def test_a_latin_word_with_a_typo_is_read_in_cyrillic_first() -> None:
    corpus = [
        art("Ерлан Кошанов выступил", name="koshanov"),
        art("Олжас Бектенов провел заседание", name="bektenov"),
        art("Другие новости", name="other"),
    ]
    index = SearchIndex.build(corpus)
    for query in ("koshnov", "koshanof", "koshanv", "qoshanov", "кошнов"):
        assert ids(index.search(query)) == ["koshanov"], query
    for query in ("bektnov", "bektenof", "bektenow", "бектнов"):
        assert ids(index.search(query)) == ["bektenov"], query


@pytest.mark.parametrize(
    "query",
    [
        "Kassym-Jomart Tokayev",
        "Qasym-Jomart Toqaev",
        "kassym",
        "Kasym-Zhomart",
        "Касым-Жомарт Токаев",
        "Qasym-Jomart Toqaev Akorda",
        "Ақорда",
        "Akorda Astana",
    ],
)
def test_romanised_names_find_the_cyrillic_article(query: str) -> None:
    corpus = [
        art("Касым-Жомарт Токаев прибыл в Астану", "Ақорда сообщает", name="president"),
        art("Другие новости", "Кассиев, Хасым и Жомов", name="other"),
    ]
    assert ids(SearchIndex.build(corpus).search(query)) == ["president"]


def test_kazakh_latin_words_find_cyrillic_text() -> None:
    corpus = [
        art("Шымкентте жиын өтті", lang="kk", name="shymkent"),
        art("Мәжіліс отырысы", lang="kk", name="majilis"),
        art("Tom O'Brien arrived", name="obrien"),
    ]
    index = SearchIndex.build(corpus)
    for query in ("Şymkent", "S'ymkent", "shymkent", "şymkentte"):
        assert ids(index.search(query)) == ["shymkent"], query
    for query in ("Mäjılıs", "Májilis", "Ma'jilis", "mazhilis"):
        assert ids(index.search(query)) == ["majilis"], query
    # A Latin word with an apostrophe that is not Kazakh: its parts, in a row.
    (hit,) = index.search("O'Brien").hits
    assert hit.article.id == "obrien"
    assert [hit.article.title[s:e] for s, e in hit.title_spans] == ["O'Brien"]
    assert "obrien" not in ids(index.search("-O'Brien"))


# --- query language -----------------------------------------------------------------------


def test_words_are_anded() -> None:
    corpus = [art("Трамп и Хаменеи"), art("Хаменеи"), art("Трамп")]
    assert found(corpus, "трамп хаменеи") == ["Трамп и Хаменеи"]


def test_exact_phrase_needs_adjacent_words_in_order() -> None:
    corpus = [
        art("Конфликт на Ближнем Востоке"),
        art("Восток ближнем не является", "на Востоке и в ближнем зарубежье"),
        art("Ближнего Востока"),
    ]
    assert found(corpus, '"ближнем востоке"') == ["Конфликт на Ближнем Востоке"]
    assert len(found(corpus, "ближнем востоке")) == 3  # as words, in any order and form


def test_phrase_with_other_words_and_filters() -> None:
    corpus = [
        art("Ближнем Востоке: мир", source="Zakon.kz"),
        art("Ближнем Востоке: война", source="Zakon.kz"),
        art("Ближнем Востоке: мир", source="Kazinform", name="other"),
    ]
    index = SearchIndex.build(corpus)
    assert len(index.search('"ближнем востоке" мир source:zakon').hits) == 1
    assert len(index.search('"ближнем востоке"').hits) == 3
    assert len(index.search('"ближнем востоке" -мир').hits) == 1


def test_exclusion() -> None:
    corpus = [art("Токаев и Бакаев"), art("Токаев"), art("Бакаев")]
    assert found(corpus, "токаев -бакаев") == ["Токаев"]
    assert found(corpus, '-"токаев и"') == ["Токаев", "Бакаев"]


def test_exclusion_does_not_use_typos() -> None:
    corpus = [art("Трамп"), art("Трамв")]
    assert found(corpus, "-трамп") == ["Трамв"]


def corpus_with_metadata() -> list[Article]:
    return [
        art("Первая", day="2026-03-05", source="Zakon.kz", author="Елена Беляева",
            tags=["Референдум-2026"], name="a"),
        art("Вторая", day="2026-03-02", source="Kazinform", author="Айнұр Тумакбаева",
            lang="kk", tags=["Палестина"], name="b"),
        art("Третья", day="2026-02-27", source="Kazpravda.kz", tags=["Казахстан", "Палестина"],
            name="c"),
        art("Четвёртая", day="2025-12-11", source="Zakon.kz", author="Екатерина Елисеева",
            name="d"),
        art("Пятая", day=None, source="Kazinform", name="e"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source:zakon", ["Первая", "Четвёртая"]),
        ("source:ZAKON.KZ", ["Первая", "Четвёртая"]),
        ("source:закон", ["Первая", "Четвёртая"]),
        ("source:kazinform", ["Вторая", "Пятая"]),
        ("-source:zakon", ["Вторая", "Третья", "Пятая"]),
        ("lang:kk", ["Вторая"]),
        ("lang:kz", ["Вторая"]),
        ("lang:ru", ["Первая", "Третья", "Четвёртая", "Пятая"]),
        ("lang:ru,kk", ["Первая", "Вторая", "Третья", "Четвёртая", "Пятая"]),
        ("tag:палестина", ["Вторая", "Третья"]),
        ("tag:palestina", ["Вторая", "Третья"]),
        ("tag:референдум", ["Первая"]),
        ("tag:палестина tag:казахстан", ["Третья"]),
        ("author:беляева", ["Первая"]),
        ("author:belyaeva", ["Первая"]),
        ('author:"елена беляева"', ["Первая"]),
        ("author:тумакбаева", ["Вторая"]),
        ("date:2026-03", ["Первая", "Вторая"]),
        ("date:2026", ["Первая", "Вторая", "Третья"]),
        ("date:2026-03-02", ["Вторая"]),
        ("date:2026-02-27..2026-03-02", ["Вторая", "Третья"]),
        ("date:..2026-02-28", ["Третья", "Четвёртая"]),
        ("date:2026-03-02..", ["Первая", "Вторая"]),
        ("-date:2026-03", ["Третья", "Четвёртая", "Пятая"]),
        ("source:zakon date:2025", ["Четвёртая"]),
        ("source:zakon первая", ["Первая"]),
        ("source:nowhere", []),
    ],
)
def test_filters_alone_list_everything_they_admit(query: str, expected: list[str]) -> None:
    assert found(corpus_with_metadata(), query) == expected


@pytest.mark.parametrize(
    "query",
    ['"', '"""', "-", "--", ":", "source:", "date:2026-99", "-source:", "((", "🙂", "\x00",
     "is:", "a" * 300, "-" * 50, '"a" "b', "tag:#", "lang:??"],
)  # fmt: skip
def test_unparseable_input_never_raises(query: str) -> None:
    result = SearchIndex.build(corpus_with_metadata()).search(query)
    assert result.total == 5
    assert len(result.hits) <= 5


def test_unparseable_filter_is_searched_as_words() -> None:
    corpus = [art("Новости date 13", "2026 год"), art("Другое")]
    assert found(corpus, "date:2026-13") == ["Новости date 13"]


def test_empty_query_returns_every_article_in_the_given_order_without_spans() -> None:
    corpus = corpus_with_metadata()
    result = SearchIndex.build(corpus).search("  ")
    assert [hit.index for hit in result.hits] == list(range(len(corpus)))
    assert result.total == len(corpus) == len(result.hits)
    assert all(hit.title_spans == () and hit.body_spans == () for hit in result.hits)
    assert all(hit.score == 0.0 for hit in result.hits)


def test_is_flags_are_answered_from_the_marks_the_caller_gives() -> None:
    corpus = corpus_with_metadata()
    index = SearchIndex.build(corpus)
    marks = Marks(starred={"b", "d"})
    result = index.search("is:starred", marks=marks)
    assert result.query.flags == ("starred",)
    assert titles(result) == ["Вторая", "Четвёртая"]
    assert titles(index.search("is:starred source:zakon", marks=marks)) == ["Четвёртая"]


# --- ranking ------------------------------------------------------------------------------


def test_title_and_metadata_rank_above_body() -> None:
    corpus = [
        art("Новости дня", "Хаменеи погиб", day="2026-03-05"),
        art("Хаменеи погиб", "текст", day="2026-03-01"),
        art("Сводка", "текст", tags=["Хаменеи"], day="2026-03-03"),
    ]
    assert found(corpus, "хаменеи") == ["Сводка", "Хаменеи погиб", "Новости дня"]


def test_rarer_words_weigh_more() -> None:
    filler = [art(f"Казахстан {i}", "новости", day="2026-01-01", name=f"f{i}") for i in range(6)]
    corpus = [
        *filler,
        # Казахстан is in 8 articles, Палестина in 2: the rare word in the title wins,
        # although the other article is newer.
        art("Палестина", "Казахстан", day="2026-01-02", name="rare-in-title"),
        art("Казахстан", "Палестина", day="2026-03-01", name="common-in-title"),
    ]
    index = SearchIndex.build(corpus)
    hits = index.search("казахстан палестина").hits
    assert [hit.article.id for hit in hits] == ["rare-in-title", "common-in-title"]
    assert hits[0].score > hits[1].score


def ids(result: SearchResult) -> list[str]:
    return [hit.article.id for hit in result.hits]


def test_exact_above_inflected_above_typo() -> None:
    corpus = [
        art("Тоқаевтың сапары", day="2026-03-05", lang="kk", name="inflected"),
        art("Токаев прибыл", day="2026-03-01", name="exact"),
        art("Токайев сказал", day="2026-03-07", name="typo"),
    ]
    index = SearchIndex.build(corpus)
    assert ids(index.search("токаев~")) == ["exact", "inflected", "typo"]
    assert ids(index.search("токаев")) == ["exact", "inflected"]  # found: no typos unasked


def test_exact_or_inflected_in_a_body_outranks_a_typo_in_a_title() -> None:
    corpus = [
        art("Бокаев задержан", "Текст", day="2026-03-07", name="typo-in-title"),
        art("Новости", "Указ Токаева подписан", day="2026-03-01", name="inflected-in-body"),
        art("Сводка", "Токаев прибыл", day="2026-03-02", name="exact-in-body"),
    ]
    index = SearchIndex.build(corpus)
    for query in ("tokaev~", "токаев~"):
        assert ids(index.search(query)) == ["exact-in-body", "inflected-in-body", "typo-in-title"]


def test_ties_newest_first_and_timeline_order() -> None:
    corpus = [
        art("Иран: старое", day="2025-01-01", name="old"),
        art("Иран: новое", day="2026-03-01", name="new"),
        art("Иран: без даты", day=None, name="undated"),
        art("Иран и Иран: среднее", "Иран", day="2025-06-01", name="mid"),
    ]
    index = SearchIndex.build(corpus)
    ranked = [hit.article.id for hit in index.search("иран").hits]
    assert ranked[:3] == ["new", "mid", "old"]  # equal title matches, newest first
    assert ranked[-1] == "undated"
    timeline = index.search("иран", order="timeline")
    assert [hit.index for hit in timeline.hits] == [1, 3, 0, 2]  # newest first, undated last
    assert timeline.hits[1].score == max(hit.score for hit in timeline.hits)


def test_hit_index_is_the_position_in_the_given_sequence() -> None:
    corpus = [art("Б иран", day="2024-01-01"), art("А иран", day="2026-01-01")]
    result = SearchIndex.build(corpus).search("иран")
    assert [hit.index for hit in result.hits] == [1, 0]
    assert all(corpus[hit.index] is hit.article for hit in result.hits)


# --- spans --------------------------------------------------------------------------------


def test_spans_point_at_the_matched_words_in_title_and_body() -> None:
    article = art(
        "Президент: Қазақстан Иранды бауырлас көрші",
        "Первый абзац без совпадений.",
        "Қасым-Жомарт Тоқаев қазақ елі әрдайым Иранды қолдайды, Иранға тілеулеспіз.",
        lang="kk",
    )
    (hit,) = SearchIndex.build([article]).search("иран").hits
    assert [article.title[s:e] for s, e in hit.title_spans] == ["Иранды"]
    assert [(p, article.body[p][s:e]) for p, s, e in hit.body_spans] == [
        (1, "Иранды"),
        (1, "Иранға"),
    ]


def test_phrase_and_folded_spans() -> None:
    article = art("Заголовок", "На Ближнем  Востоке и на ближнем западе.")
    (hit,) = SearchIndex.build([article]).search('"ближнем востоке"').hits
    assert [article.body[p][s:e] for p, s, e in hit.body_spans] == ["Ближнем  Востоке"]
    (hit,) = SearchIndex.build([art("Тоқаев пен Пезешкиан", lang="kk")]).search("tokaev").hits
    assert hit.title_spans == ((0, 6),)


def test_typo_spans_show_what_was_found() -> None:
    article = art("Указ Токаева", "Тоқаев келді")
    (hit,) = SearchIndex.build([article]).search("тоакев").hits
    assert [article.title[s:e] for s, e in hit.title_spans] == ["Токаева"]
    assert [article.body[p][s:e] for p, s, e in hit.body_spans] == ["Тоқаев"]


# --- the index object ---------------------------------------------------------------------


def test_progress_is_reported() -> None:
    corpus = [art(f"Новость {i}", name=str(i)) for i in range(2500)]
    calls: list[tuple[int, int]] = []
    SearchIndex.build(corpus, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_hits_behave_like_a_list() -> None:
    corpus = [art(f"Иран {i}", day=f"2026-01-{i + 1:02d}", name=str(i)) for i in range(5)]
    hits = SearchIndex.build(corpus).search("иран").hits
    assert len(hits) == 5
    assert isinstance(hits[0], Hit)
    assert hits[-1] is hits[4]
    assert [h.index for h in hits[1:3]] == [3, 2]
    assert list(hits) == hits[:]
    assert hits == list(hits)
    with pytest.raises(IndexError):
        hits[5]


def test_search_from_many_threads_at_once() -> None:
    corpus = [
        art(f"Иран {i} Тоқаев", f"Палестина {i}", day=f"2026-01-{i % 28 + 1:02d}", name=str(i))
        for i in range(300)
    ]
    index = SearchIndex.build(corpus)
    queries = ["иран", "тоакев", "palestina", '"палестина 7"', "date:2026-01-05 иран"]
    expected = {q: [h.index for h in index.search(q).hits] for q in queries}
    index.reload()  # its caches dropped: the threads search afresh, all at once
    failures: list[str] = []
    barrier = threading.Barrier(8)

    def worker(offset: int) -> None:
        barrier.wait()
        for round_ in range(20):
            query = queries[(offset + round_) % len(queries)]
            if [h.index for h in index.search(query).hits] != expected[query]:
                failures.append(query)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_empty_corpus() -> None:
    index = SearchIndex.build([])
    for query in ("", "иран", "тоакев", "palestina", '"a b"', "source:zakon", "date:2026"):
        result = index.search(query)
        assert result.total == 0 and len(result.hits) == 0 and list(result.hits) == []


def test_unknown_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        SearchIndex.build([art("Иран")]).search("иран", order="random")


def test_result_carries_total_and_parsed_query() -> None:
    corpus = corpus_with_metadata()
    result = SearchIndex.build(corpus).search("первая source:zakon")
    assert result.total == 5
    assert result.count == 1
    assert result.query == parse_query("первая source:zakon")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet='иранТоқаевkhm "-:.é1', max_size=20))
def test_any_typed_text_gives_a_consistent_result(text: str) -> None:
    index = _SHARED_INDEX
    result = index.search(text)
    indices = [hit.index for hit in result.hits]
    assert len(indices) == len(set(indices)) == result.count <= result.total
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)


_SHARED_INDEX = SearchIndex.build([*corpus_with_metadata(), art("Тоқаев Иранды", lang="kk")])


def test_a_rare_spelling_beside_a_far_commoner_one_suggests_the_tilde() -> None:
    """A misspelling the corpus holds finds only itself; the result says ``~`` finds more."""
    corpus = [art(f"Токаев провёл встречу номер {n}", name=f"t{n}") for n in range(30)]
    corpus.append(art("Тоакев на брифинге", name="typo"))
    index = SearchIndex.build(corpus)
    rare = index.search("тоакев")
    assert [hit.article.id for hit in rare.hits] == ["typo"]
    assert rare.nearby == ("тоакев~",)
    assert len(index.search("тоакев~").hits) == 31
    assert index.search("токаев").nearby == ()  # many found: nothing to suggest
    assert index.search("встречу").nearby == ()


def test_a_pasted_thousand_letter_latin_word_is_searched_not_a_crash() -> None:
    index = SearchIndex.build([art("Токаев провёл встречу")])
    for query in ("a" * 1000, "tokaev" * 200, "ш" * 2000):
        assert len(index.search(query).hits) == 0
