"""Decode the bytes of a scraped file: UTF-8/16 with or without BOM, cp1251 or KOI8-R."""

from __future__ import annotations

import codecs


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


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


#: UTF-8 with a few bad bytes is UTF-8: at most one bad sequence in this many characters.
_DAMAGE_RATIO = 200


def _damaged_utf8(data: bytes, first: int) -> tuple[str, str] | None:
    """UTF-8 that is right but for a few bytes (a file cut inside a character, a stray
    ``\x93``): the text with those bytes as U+FFFD, and an encoding naming the damage. ``None``
    when the bytes are not UTF-8 at all (a cp1251 or KOI8-R file has a bad sequence at nearly
    every Cyrillic letter)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", errors="ignore"))  # non-ASCII characters
    if bad * _DAMAGE_RATIO > max(len(text), _DAMAGE_RATIO) or wide < 8 * bad:
        return None
    plural = "s" if bad != 1 else ""
    return text, f"utf-8 ({bad} bad byte sequence{plural}, the first at byte {first})"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`UndecodableError` with a reason."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UndecodableError(f"invalid {encoding} after its byte-order mark") from error
    if _looks_binary(data):
        raise UndecodableError("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        damaged = _damaged_utf8(data, error.start)
        if damaged is not None:
            return damaged
    candidates = []
    for encoding in ("cp1251", "koi8-r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text[:20000]), encoding, text))
    if not candidates:
        raise UndecodableError("not UTF-8, cp1251 or KOI8-R text")
    score, encoding, text = max(candidates)
    if score <= 0.5:
        raise UndecodableError("not UTF-8, and not readable as cp1251 or KOI8-R either")
    return text, encoding
