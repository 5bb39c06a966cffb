"""Decode the bytes of a scraped file: UTF-8/16 with or without BOM, cp1251 or KOI8-R."""

from __future__ import annotations

import codecs
import re


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we know (the message says why)."""


# Relative frequency (per mille) of Russian lower-case letters in running text.
_RU_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 16, 16,
         15, 12, 10, 9, 7, 6, 5, 4, 3, 3, 1, 1),
        strict=True,
    )
)  # fmt: skip


def _plausibility(text: str) -> float:
    """How much ``text`` looks like real Cyrillic prose (higher is better), per character.

    A wrong 8-bit guess gives as many letters but in flipped case and odd frequencies, so score
    lower-case frequent letters up and upper-case letters that follow a lower-case one down.
    """
    score = 0.0
    previous_lower = False
    for ch in text:
        if "а" <= ch <= "я" or ch == "ё":
            score += _RU_FREQ.get(ch, 1) / 10
            previous_lower = True
        elif "А" <= ch <= "Я" or ch == "Ё":
            score += -3.0 if previous_lower else 0.5
            previous_lower = False
        else:
            if not (ch.isspace() or ch.isascii() or ch in "«»–—…№"):
                score -= 1.0  # box drawing, stray symbols: typical of a wrong guess
            previous_lower = False
    return score / max(1, len(text))


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
#: The same controls as characters, with DEL and the C1 controls (UTF-16 can spell those).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")

#: Headers of binary formats a scraper's folder may hold: PDF, ZIP (and Office files), PNG, JPEG,
#: GIF, gzip, bzip2, xz, 7-Zip, zstd, RAR, old Office (OLE2), SQLite, ELF.
_BINARY_MAGIC = (
    b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a",
    b"GIF89a", b"\x1f\x8b", b"BZh91AY&SY", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
    b"\x28\xb5\x2f\xfd", b"Rar!\x1a\x07", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"SQLite format 3\x00", b"\x7fELF",
)  # fmt: skip


def _too_many_controls(controls: int, length: int) -> bool:
    return controls > max(8, length // 100)


def _looks_binary(data: bytes) -> bool:
    """Control bytes (NUL included) in more than 1 % of the first 8 KB."""
    sample = data[:8192]
    return _too_many_controls(
        len(sample) - len(sample.translate(None, _CONTROL_BYTES)), len(sample)
    )


#: Text with a few bad bytes is still text: at most one bad byte (sequence) in this many characters.
_DAMAGE_RATIO = 200


def _too_damaged(bad: int, length: int) -> bool:
    return bad * _DAMAGE_RATIO > max(length, _DAMAGE_RATIO)


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' if number != 1 else ''}"


#: ``(text, encoding, notes)``: notes say what was repaired (bad bytes, NULs), with offsets.
_Decoded = tuple[str, str, list[str]]


def _damaged_utf8(data: bytes, first: int) -> _Decoded | None:
    """UTF-8 that is right but for a few bytes (a file cut inside a character, a stray
    ``\x93``): the text with those bytes as U+FFFD. ``None`` when the bytes are not UTF-8 at all
    (a cp1251 or KOI8-R file has a bad sequence at nearly every Cyrillic letter)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", errors="ignore"))  # non-ASCII characters
    if _too_damaged(bad, len(text)) or wide < 8 * bad:
        return None
    return text, "utf-8", [f"{_count(bad, 'bad byte sequence')}, the first at byte {first}"]


#: High bytes of the UTF-16 code units of Russian and Kazakh text: ASCII and Latin-1, Latin
#: Extended (Kazakh in Latin letters), Cyrillic, punctuation (dashes, quotes), letter-like (№).
_UTF16_HIGH = b"\x00\x01\x04\x20\x21"


def _utf16_without_bom(data: bytes) -> _Decoded | None:
    """UTF-16 with no byte-order mark: in the first 4 KB one byte of each pair (the high one)
    is nearly always in :data:`_UTF16_HIGH`, the other byte seldom is, and the decoded text has
    as few controls as any text. ``None`` when the bytes are not such text."""
    if data.find(b"\x00", 0, 4096) < 0 and data.find(b"\x04", 0, 4096) < 0:
        return None  # all other text: the fast way out
    sample = data[:4096].rstrip(b"\x00")  # NUL padding after the text says nothing
    shares = [
        1 - len(half.translate(None, _UTF16_HIGH)) / max(1, len(half))
        for half in (sample[0::2], sample[1::2])
    ]
    if shares[1] >= 0.9 and shares[0] <= 0.5:
        encoding = "utf-16-le"
    elif shares[0] >= 0.9 and shares[1] <= 0.5:
        encoding = "utf-16-be"
    else:
        return None
    head = data[:4096].decode(encoding, errors="replace").rstrip("\x00")
    if _too_many_controls(len(_CONTROLS.findall(head)), len(head)):
        return None
    notes = []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:  # a lone surrogate, an odd last byte
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if _too_damaged(bad, len(text)):
            return None
        notes.append(f"{_count(bad, 'bad byte sequence')}, the first at byte {error.start}")
    return text, encoding, notes


def _with_bom(data: bytes) -> _Decoded | None:
    """Text that starts with a byte-order mark, ``None`` without one."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as error:
                raise UndecodableError(f"invalid {encoding} after its byte-order mark") from error
    return None


def _decode_8bit(data: bytes) -> _Decoded:
    """UTF-8 (perhaps damaged in a few bytes), else cp1251 or KOI8-R, whichever reads better."""
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        damaged = _damaged_utf8(data, error.start)
        if damaged is not None:
            return damaged
    candidates = []
    for encoding in ("cp1251", "koi8-r"):
        text = data.decode(encoding, errors="replace")  # cp1251 has no 0x98; KOI8-R has all
        bad = text.count("\ufffd")
        if not _too_damaged(bad, len(text)):
            candidates.append((_plausibility(text[:20000]), encoding, text, bad))
    if not candidates:
        raise UndecodableError("not UTF-8, cp1251 or KOI8-R text")
    score, encoding, text, bad = max(candidates)
    if score <= 0.5:
        raise UndecodableError("not UTF-8, and not readable as cp1251 or KOI8-R either")
    # One byte is one character in both: the character's index is the byte's offset.
    notes = (
        [f"{_count(bad, 'bad byte')}, the first at byte {text.index(chr(0xFFFD))}"] if bad else []
    )
    return text, encoding, notes


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`UndecodableError` with a reason.

    The encoding is a Python codec name, followed by what was repaired in parentheses:
    ``"utf-8 (1 bad byte sequence, the first at byte 300; 1 NUL dropped, the first at byte 20)"``.
    NUL characters are dropped from any text; a file is binary only for a known binary header or
    for control bytes in more than 1 % of its first 8 KB.
    """
    decoded = _with_bom(data)
    if decoded is None and data.startswith(_BINARY_MAGIC):
        raise UndecodableError("binary data, not text")
    decoded = decoded or _utf16_without_bom(data)
    if decoded is None:
        if _looks_binary(data.rstrip(b"\x00")):
            raise UndecodableError("binary data, not text")
        decoded = _decode_8bit(data)
    text, encoding, notes = decoded
    nuls = text.count("\x00") if b"\x00" in data else 0
    if nuls:
        # Each NUL byte of UTF-8 or an 8-bit code is a NUL character; UTF-16/32 re-encode.
        first = (
            len(text[: text.index("\x00")].encode(encoding, errors="replace"))
            if encoding.startswith(("utf-16", "utf-32"))
            else data.find(b"\x00")
        )
        notes.append(f"{_count(nuls, 'NUL')} dropped, the first at byte {first}")
        text = text.replace("\x00", "")
    return text, f"{encoding} ({'; '.join(notes)})" if notes else encoding
