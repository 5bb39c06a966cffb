"""Decoding scraped files (issue 14, part 2): damaged UTF-8, stray NULs, UTF-16 without a BOM
and cp1251 with an undefined byte are text, not mojibake and not "binary"."""

from __future__ import annotations

import pytest

from newsreader.corpus import load_file
from newsreader.corpus.decode import UndecodableError, decode_bytes

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


RU_TITLE = "Срочные переговоры на фоне конфликта: Казахстан экстренно связался с соседями"
KK_TITLE = "Президент: Қазақстан Иранды бауырлас көрші, Орта Шығыстағы сенімді серіктес деп біледі"
SEEDS = {"ru": ("001", RU_TITLE), "kk": ("004", KK_TITLE)}


def _seed_text(language: str) -> str:
    return seed_file(SEEDS[language][0]).read_text(encoding="utf-8")


def _title_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    return load_file(path).title  # a Skipped has no title: the test fails on it


@pytest.mark.parametrize(
    ("language", "encoding"), [("ru", "utf-8"), ("kk", "utf-8"), ("ru", "cp1251")]
)
def test_a_stray_nul_is_dropped_not_a_binary_file(language: str, encoding: str, tmp_path) -> None:
    text = _seed_text(language)
    data = text.encode(encoding, errors="replace")
    at = data.index(b"\n", 200)
    decoded, found = decode_bytes(data[:at] + b"\x00" + data[at:])
    assert found == f"{encoding} (1 NUL dropped, the first at byte {at})"
    assert decoded == data.decode(encoding)
    assert _title_of(data[:at] + b"\x00" + data[at:], tmp_path) == SEEDS[language][1]


def test_nul_padding_after_the_text_is_dropped(tmp_path) -> None:
    data = _seed_text("kk").encode()
    decoded, found = decode_bytes(data + bytes(6000))
    assert decoded == data.decode()
    assert found == f"utf-8 (6000 NULs dropped, the first at byte {len(data)})"
    assert _title_of(data + bytes(6000), tmp_path) == KK_TITLE


def test_damage_and_nuls_are_both_named_at_their_offsets() -> None:
    data = _seed_text("ru").encode()
    data = data[:20] + b"\xab" + data[20:300] + b"\x00" + data[300:]
    decoded, found = decode_bytes(data)
    assert found == (
        "utf-8 (1 bad byte sequence, the first at byte 20; 1 NUL dropped, the first at byte 301)"
    )
    assert RU_TITLE in decoded and "\x00" not in decoded


@pytest.mark.parametrize(
    "header",
    [b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\x1f\x8b\x08"],
    ids=["pdf", "zip", "png", "jpeg", "gzip"],
)
def test_known_binary_formats_are_binary_even_with_text_inside(header: bytes) -> None:
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(header + _seed_text("ru").encode())


def test_text_shot_through_with_nuls_is_binary() -> None:
    data = _seed_text("ru").encode()
    holed = b"".join(data[i : i + 9] + b"\x00" for i in range(0, len(data), 9))
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(holed)


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(language: str, encoding: str, tmp_path) -> None:
    text = _seed_text(language)
    assert decode_bytes(text.encode(encoding)) == (text, encoding)
    assert decode_bytes(text[:40].encode(encoding)) == (text[:40], encoding)  # a title alone
    assert _title_of(text.encode(encoding), tmp_path) == SEEDS[language][1]


def test_utf16_names_match_the_bom_case() -> None:
    text = _seed_text("ru")
    assert decode_bytes(text.encode("utf-16"))[1] == "utf-16"  # with a BOM
    padded = text.encode("utf-16-le") + bytes(2)
    assert (
        decode_bytes(padded)[1] == f"utf-16-le (1 NUL dropped, the first at byte {2 * len(text)})"
    )


def test_16_bit_binary_data_is_not_utf16() -> None:
    words = b"".join(bytes([value, 0]) for value in range(256)) * 8  # little-endian 0..255
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(words)
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(b"\x00" + words[:-1])  # the same, big-endian


@pytest.mark.parametrize("count", [1, 3])
def test_cp1251_with_an_undefined_byte_is_still_cp1251(count: int, tmp_path) -> None:
    data = _seed_text("ru").encode("cp1251", errors="replace")
    at = data.index(b" ", 300)
    damaged = data[:at] + b"\x98" * count + data[at:]
    decoded, found = decode_bytes(damaged)
    plural = "s" if count > 1 else ""
    assert found == f"cp1251 ({count} bad byte{plural}, the first at byte {at})"
    assert decoded == data[:at].decode("cp1251") + "\ufffd" * count + data[at:].decode("cp1251")
    assert _title_of(damaged, tmp_path) == RU_TITLE


def test_koi8r_is_still_koi8r_with_the_same_byte() -> None:
    data = _seed_text("ru").encode("koi8-r", errors="replace")
    at = data.index(b" ", 300)
    decoded, found = decode_bytes(data[:at] + b"\x98" + data[at:])  # "≤" in KOI8-R
    assert found == "koi8-r"
    assert RU_TITLE in decoded


@pytest.mark.parametrize(
    ("encoding", "bom", "unit"), [("utf-8-sig", 3, 0), ("utf-16", 2, 2), ("utf-32", 4, 4)]
)
def test_a_nul_after_a_bom_is_dropped_too(encoding: str, bom: int, unit: int) -> None:
    text = _seed_text("kk")
    at = text.index("\n", 100)
    data = (text[:at] + "\x00" + text[at:]).encode(encoding)
    offset = bom + unit * at if unit else data.index(b"\x00")
    assert decode_bytes(data) == (text, f"{encoding} (1 NUL dropped, the first at byte {offset})")
