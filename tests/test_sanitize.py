"""The sanitiser removes escape sequences and control characters, and never the text around them."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.corpus.sanitize import clean_text, json_safe, terminal_safe

_WORD = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіABCxyz0123456789", min_size=1, max_size=12
)
#: Control characters and escape sequences, whole, cut off or alone.
_JUNK = st.sampled_from(
    [
        "\x1b",  # a lone ESC
        "\x1bA",  # the ESC of a two-character escape
        "\x1b[31m",  # CSI
        "\x1b[2J",
        "\x9b1;2H",  # 8-bit CSI
        "\x1b]52;c;cHduZWQ=\x07",  # OSC 52 (clipboard), closed by BEL
        "\x1b]2;title\x1b\\",  # OSC 2 (window title), closed by ST
        "\x1b]0;",  # an OSC never closed
        "\x1bP",  # a DCS never closed
        "\x1b_",  # an APC never closed
        "\x90",
        "\x98",
        "\x9d",
        "\x9e",
        "\x9f",  # C1 string introducers, never closed
        "\x00",  # (a bare BEL is left out: after an unclosed OSC it closes it, payload and all)
        "\x7f",
        "\u202e",  # a bidi override
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORD, st.lists(_JUNK, max_size=3)), min_size=1, max_size=30))
def test_every_word_of_the_text_survives_whatever_junk_sits_between(parts) -> None:
    text = " ".join(word + "".join(junk) for word, junk in parts)
    cleaned = clean_text(text)
    assert "\x1b" not in cleaned and not re.search("[\x80-\x9f]", cleaned)
    for word, _ in parts:
        assert word in cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Цена \x1bA100 тенге", "Цена A100 тенге"),  # the ESC goes, not the letter after it
        ("a\x1b]52;c;cHduZWQ=\x07b", "ab"),  # a clipboard write, whole
        ("Абзац \x1b]0;без конца\n\nВторой абзац", "Абзац ]0;без конца\n\nВторой абзац"),
        ("\x1b[31mКрасный\x1b[0m текст", "Красный текст"),
        ("Текст\x9dбез конца. Дальше", "Текстбез конца. Дальше"),
    ],
)
def test_escapes_go_and_the_text_stays(text: str, cleaned: str) -> None:
    assert clean_text(text) == cleaned


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a_\x1b]52;c;cHduZWQ=\x07_b", "a_\\x1b]52;c;cHduZWQ=\\x07_b"),
        ("title\x9b2J", "title\\x9b2J"),
        ("two\nlines", "two\\x0alines"),  # no forged stderr line
        ("abc\u202edef", "abc\\u202edef"),  # no reordering
        ("caf\udcff.txt", "caf\\xff.txt"),  # a byte of a name that is not UTF-8
        ("Тоқаев — «Казинформ»", "Тоқаев — «Казинформ»"),  # text is text
    ],
)
def test_terminal_safe_shows_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_json_safe_keeps_the_values_exact() -> None:
    value = {"path": "/x/a\x1b\x9b\u202e\udcff.txt", "title": "Тоқаев"}
    encoded = json_safe(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(encoded) == value
    assert not re.search("[\x1b\x80-\x9f\u202e]", encoded)
    encoded.encode("utf-8")  # no lone surrogate left
