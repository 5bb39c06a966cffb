"""The query language: words, phrases, exclusions, filters; never an error."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from newsreader.search import Filter, parse_query


def test_words_are_split_and_kept_as_typed() -> None:
    query = parse_query("  Тоқаев  Иран, ")
    assert query.words == ("Тоқаев", "Иран")
    assert query.phrases == () and query.filters == ()
    assert query.has_terms and not query.is_empty


def test_hyphenated_word_gives_both_halves() -> None:
    assert parse_query("Касым-Жомарт").words == ("Касым", "Жомарт")


def test_phrases_in_straight_and_typographic_quotes() -> None:
    assert parse_query('"Ближнем Востоке" иран').phrases == (("Ближнем", "Востоке"),)
    assert parse_query("«Ближнем Востоке»").phrases == (("Ближнем", "Востоке"),)
    assert parse_query("“два государства”").phrases == (("два", "государства"),)


def test_unterminated_quote_is_searched_as_words() -> None:
    query = parse_query('"ближнем востоке')
    assert query.words == ("ближнем", "востоке")
    assert query.phrases == ()


def test_exclusions() -> None:
    query = parse_query('токаев -бакаев -"два народа" -Касым-Жомарт')
    assert query.words == ("токаев",)
    assert query.excluded_words == ("бакаев",)
    assert query.excluded_phrases == (("два", "народа"), ("Касым", "Жомарт"))


def test_trailing_tilde_asks_for_typo_neighbours() -> None:
    query = parse_query("tokaev~ иран Касым-Жомарт~, -бокаев~")
    assert query.words == ("tokaev", "иран", "Касым", "Жомарт")
    assert query.typo_words == ("tokaev", "Касым", "Жомарт")
    assert query.excluded_words == ("бокаев",)
    assert parse_query("tokaev").typo_words == ()
    assert parse_query("~").is_empty


def test_latin_word_with_apostrophes_stays_whole() -> None:
    # Kazakh Latin of 2017 marks letters with apostrophes: s'ymkent = Шымкент.
    assert parse_query("S'ymkent Respy’blikasy").words == ("S'ymkent", "Respy'blikasy")
    assert parse_query("O'Brien").words == ("O'Brien",)
    # Not Latin, or a quote around a word: split as before.
    assert parse_query("Қазақ'стан").words == ("Қазақ", "стан")
    assert parse_query("'tokaev").words == ("tokaev",)


def test_lone_dash_is_ignored() -> None:
    query = parse_query("иран - туран")
    assert query.words == ("иран", "туран")
    assert query.excluded_words == ()


def test_filters_and_aliases() -> None:
    query = parse_query("source:zakon LANG:kk tag:Палестина author:беляева автор:Елисеева")
    assert query.filters == (
        Filter("source", "zakon"),
        Filter("lang", "kk"),
        Filter("tag", "Палестина"),
        Filter("author", "беляева"),
        Filter("author", "Елисеева"),
    )
    assert query.words == ()
    assert not query.has_terms and not query.is_empty


def test_quoted_filter_value_and_negated_filter() -> None:
    query = parse_query('author:"Елена  Беляева" -source:zakon')
    assert query.filters == (Filter("author", "Елена Беляева"), Filter("source", "zakon", True))


def test_comma_separated_values() -> None:
    assert parse_query("lang:ru,kk").filters == (Filter("lang", "ru"), Filter("lang", "kk"))


def test_dates_month_day_year_and_ranges() -> None:
    (month,) = parse_query("date:2026-03").filters
    assert (month.start, month.end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    (day,) = parse_query("date:2026-03-05").filters
    assert (day.start, day.end) == (dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    (year,) = parse_query("дата:2025").filters
    assert (year.start, year.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    (span,) = parse_query("date:2026-03-01..2026-03-05").filters
    assert (span.start, span.end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    (open_start,) = parse_query("date:..2026-02").filters
    assert (open_start.start, open_start.end) == (None, dt.date(2026, 2, 28))
    (open_end,) = parse_query("date:2026-03-02..").filters
    assert (open_end.start, open_end.end) == (dt.date(2026, 3, 2), None)
    (december,) = parse_query("date:2025-12").filters
    assert december.end == dt.date(2025, 12, 31)


def test_invalid_dates_unknown_keys_and_empty_values_are_words() -> None:
    assert parse_query("date:2026-13").words == ("date", "2026", "13")
    assert parse_query("date:вчера").words == ("date", "вчера")
    assert parse_query("date:..").words == ("date",)
    assert parse_query("http://zakon.kz").words == ("http", "zakon", "kz")
    assert parse_query("source: иран").words == ("source", "иран")
    assert parse_query("12:05").words == ("12", "05")
    for text in ("date:2026-13", "http://zakon.kz", "source: иран"):
        assert parse_query(text).filters == ()


def test_is_flags_are_exposed_for_the_caller() -> None:
    query = parse_query("is:unread -is:starred иран")
    assert query.flags == ("unread",)
    assert query.negated_flags == ("starred",)
    assert query.words == ("иран",)


def test_blank_query_is_empty() -> None:
    assert parse_query("").is_empty
    assert parse_query("   \u00a0 ").is_empty
    assert parse_query('"" -').is_empty


@given(st.text(max_size=60))
def test_parse_query_never_raises(text: str) -> None:
    query = parse_query(text)
    assert query.text == text
    for word in query.words:
        assert word and not word.isspace()


def test_a_pasted_page_is_cut_to_the_first_characters_and_says_so() -> None:
    page = "Токаев провёл встречу " + "переговоры о нефти и газе " * 200  # 5,000+ characters
    query = parse_query(page)
    (problem,) = query.problems
    searched = int(problem.removeprefix("only the first ").removesuffix(" characters are searched"))
    assert 400 < searched <= 500
    assert " ".join(query.words) == " ".join(page[:searched].split())  # whole words, in order
    assert parse_query("токаев " * 70).problems == ()  # 490 characters: all searched


def test_a_filter_written_wrong_says_what_is_wrong() -> None:
    """Issue 15: date:foo, lang:en and source: gave "No matches" without a word."""
    dated = parse_query("date:foo иран")
    assert dated.problems == ("date:foo is not a date (date:2026-03, date:2026-03-01..2026-03-05)",)
    english = parse_query("lang:kk,en иран")
    assert english.problems == ("lang:en is not a language here (ru or kk): left out",)
    assert [f.value for f in english.filters] == ["kk"] and english.words == ("иран",)
    (empty,) = parse_query("source: zakon").problems
    assert empty == "source: needs a value, with no space (source:zakon)"
    assert parse_query("источник: иран").problems[0].startswith("источник: needs a value")
    for fine in ("date:2026-03 lang:қаз source:zakon is:unread", "http://zakon.kz", "12:05"):
        assert parse_query(fine).problems == ()


def test_the_syntax_shown_to_users_is_what_the_parser_reads() -> None:
    """The table under ? and in the README: every example parses without a problem, the
    filters as filters; the README lists each one."""
    from pathlib import Path

    from newsreader.search.query import SYNTAX

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for example, meaning in SYNTAX:
        assert f"| `{example}` | {meaning} |" in readme
        for query in example.split(", "):
            parsed = parse_query(query)
            assert parsed.problems == () and not parsed.is_empty, query
            if ":" in query and not query.startswith(("is:", "-is:")):
                assert parsed.filters, query


def test_an_unknown_mark_is_said_and_left_out() -> None:
    query = parse_query("is:stared,unread иран")
    assert query.flags == ("unread",)
    assert query.problems == ("is:stared is not a mark (unread, read, starred): left out",)
