"""Search normalisation: one folded form per word, phrases in raw text, inflections."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.search.normalize import (
    WORD_RE,
    fold,
    index_text,
    phrase_matches,
    phrase_pattern,
    terms,
    words_of,
)
from newsreader.search.stem import is_inflection, stem_candidates


def test_importing_search_does_not_import_textual() -> None:
    code = "import sys, newsreader.search; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("ТОКАЕВ", "токаев"),
        ("Ёлка", "елка"),
        ("Қазақстан", "казакстан"),
        ("Әшімбаев", "ашимбаев"),
        ("Шығыс", "шыгыс"),
        ("көрші", "корши"),
        ("Ұлттық", "улттык"),
        ("түйткіл", "туйткил"),
        ("теңіз", "тениз"),
        ("Һижра", "хижра"),
        ("KAZINFORM", "kazinform"),
    ],
)
def test_fold_case_yo_and_kazakh_letters(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_latin_look_alikes_inside_a_cyrillic_word_become_cyrillic() -> None:
    # Seed 001 has "Cостоялся" with a Latin C.
    assert fold("Cостоялся") == fold("Состоялся") == "состоялся"
    assert fold("пoлитика") == "политика"  # Latin o
    assert fold("HAЗAРБAЕВ") == "назарбаев"  # Latin H and A
    # A word wholly in Latin stays Latin.
    assert fold("Zakon") == "zakon"


def test_stress_marks_soft_hyphens_and_decomposed_letters_do_not_split_or_change_a_word() -> None:
    text = "пре\u00adзидент Ира\u0301на и\u0306од"
    assert [fold(w) for w in WORD_RE.findall(text)] == ["президент", "ирана", "йод"]
    assert words_of(text) == WORD_RE.findall(text)


def test_odd_spaces_and_punctuation_separate_words() -> None:
    text = "Ирана\u00a0в\u2009Казахстане\u202fи «Zakon.kz», 12:05"
    assert [fold(w) for w in words_of(text)] == [
        "ирана",
        "в",
        "казахстане",
        "и",
        "zakon",
        "kz",
        "12",
        "05",
    ]


def test_phrase_pattern_applies_the_same_folding_to_raw_text() -> None:
    pattern = phrase_pattern(("казакстан", "иранды"))

    def spans(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in phrase_matches(pattern, text)]

    assert spans("Президент: Қазақстан Иранды бауырлас") == [(11, 27)]
    assert spans("ҚАЗАҚСТАН,\u00a0иранды") == [(0, 17)]
    assert spans("Қазақстан мен Иранды") == []  # not adjacent
    assert spans("Қазақстанға Иранды") == []  # not the whole word
    assert spans("Қазақстан Ирандық") == []
    # A match must start a word, and one that does not hides no later match.
    assert spans("ПроҚазақстан Иранды, Қазақстан Иранды") == [(21, 37)]
    short = phrase_pattern(("а", "а"))
    assert [m.span() for m in phrase_matches(short, "ба а а")] == [(3, 6)]


@pytest.mark.parametrize(
    ("query", "stem"),
    [("ирана", "иран"), ("иранды", "иран"), ("токаева", "токаев"), ("каспия", "касп")],
)
def test_stem_candidates_peel_russian_and_kazakh_endings(query: str, stem: str) -> None:
    assert stem in stem_candidates(query)


def test_short_words_have_no_stem_candidates() -> None:
    assert stem_candidates("иран") == ()
    assert stem_candidates("мир") == ()


@pytest.mark.parametrize("tail", ["а", "ды", "га", "ев", "ева", "евтын", "лау", "ларды", "ами"])
def test_inflection_tails_accepted(tail: str) -> None:
    assert is_inflection(tail)


@pytest.mark.parametrize("tail", ["", "ер", "скому", "ский", "ми", "абвгд"])
def test_derivations_and_other_words_are_not_inflections(tail: str) -> None:
    assert not is_inflection(tail)


_TEXT_ALPHABET = st.sampled_from(
    [
        *"абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВЁЖ ӘәҒғҚқҢңӨөҰұҮүҺһІі abcxyzCHOP ,.«»—-\n",
        *("\u00ad", "\u0301", "\u200b", "\xa0"),
    ]
)


@given(st.text(_TEXT_ALPHABET, max_size=80))
def test_whole_text_folding_gives_the_terms_of_the_query_side(text: str) -> None:
    # The index folds whole texts (index_text) and lets tantivy split them; a query word is
    # folded alone (fold). Both must give the same terms, or a word would not be found.
    import tantivy

    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()
    assert analyzer.analyze(index_text(text)) == terms(text)
    assert analyzer.analyze(index_text(text + " Зона 51, 2026-03-05")) == terms(
        text + " зона 51 2026 03 05"
    )


def test_case_folding_beyond_lower_case_is_the_same_on_both_sides() -> None:
    import tantivy

    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()
    text = "Straße in İstanbul"
    assert analyzer.analyze(index_text(text)) == terms(text) == ["strasse", "in", "istanbul"]
    assert terms("STRASSE istanbul") == ["strasse", "istanbul"]
