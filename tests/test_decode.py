"""Decoding scraped files: UTF-8 that is damaged in a few bytes stays UTF-8 (issue 14, part 2)."""

from __future__ import annotations

import pytest

from newsreader.corpus import load_file
from newsreader.decode import decode_bytes

from .conftest import seed_file


def _cut_inside_a_character(data: bytes) -> bytes:
    cut = data[: len(data) // 2]
    while True:
        try:
            cut.decode("utf-8")
        except UnicodeDecodeError:
            return cut
        cut = cut[:-1]


@pytest.mark.parametrize("damage", ["cut", "stray"])
def test_utf8_damaged_in_a_byte_stays_utf8_and_says_where(damage: str, tmp_path) -> None:
    original = seed_file("001").read_bytes()
    data = (
        _cut_inside_a_character(original)
        if damage == "cut"
        else original[:300] + b"\x93" + original[300:]
    )
    text, encoding = decode_bytes(data)
    assert encoding.startswith("utf-8 (1 bad byte sequence, the first at byte")
    assert "Срочные переговоры на фоне конфликта" in text  # not KOI8-R mojibake
    assert text.count("\ufffd") == 1
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    article = load_file(path)
    assert (
        article.title
        == "Срочные переговоры на фоне конфликта: Казахстан экстренно связался с соседями"
    )


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_legacy_encodings_are_still_read_as_such(encoding: str) -> None:
    text = seed_file("001").read_text(encoding="utf-8")
    data = text.encode(encoding, errors="replace")
    decoded, found = decode_bytes(data)
    assert found == encoding
    assert "Срочные переговоры на фоне конфликта" in decoded
