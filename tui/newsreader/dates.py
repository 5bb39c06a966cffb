"""Recognise the publication-date shapes Kazakhstan news sites print, in Russian and Kazakh."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .article import Published

# Month names by stem: Russian genitive and nominative (марта, Март), Kazakh (Наурыз), short forms.
_MONTH_STEMS: dict[str, int] = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9,
    "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}  # fmt: skip
_MONTH_WORD = r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{3,10}\.?"

_TIME = r"(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)"
_OFFSET = r"(?:\|\s*)?(?:GMT|UTC)\s*(?P<off>[-+−]\s*\d{1,2}(?::?\d{2})?)"
_WORD_DATE = rf"(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_WORD})\s+(?P<y>(?:19|20)\d\d)"
_NUM_DATE = r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)"
_YEAR_WORD = r"(?:\s*(?:г\.|года?|ж\.|жыл(?:ы)?))?"
_LABEL = (
    r"(?:(?:опубликовано|дата публикации|дата|обновлено|жарияланды|жарияланған уақыты)"
    r"\s*:?\s*)?"
)
_SEP = r"\s*(?:,|\||в|-|–|—)?\s*"

#: Lines that are nothing but a dateline, in the shapes the sites use.
_DATE_LINES = [
    # 12:05, 11 Желтоқсан 2025 | GMT +5   /   12:05, 27 Ноябрь 2025
    re.compile(rf"^{_LABEL}{_TIME}{_SEP}{_WORD_DATE}{_YEAR_WORD}\s*(?:{_OFFSET})?\s*$", re.I),
    # 3 марта 2026, 12:53   /   21 января 2026 г. 6:00   /   11 Желтоқсан 2025 | GMT +5
    re.compile(rf"^{_LABEL}{_WORD_DATE}{_YEAR_WORD}(?:{_SEP}{_TIME})?\s*(?:{_OFFSET})?\s*$", re.I),
    # 02.03.2026, 23:42   /   23:42, 02.03.2026   /   02.03.2026
    re.compile(rf"^{_LABEL}{_NUM_DATE}(?:{_SEP}{_TIME})?\s*(?:{_OFFSET})?\s*$", re.I),
    re.compile(rf"^{_LABEL}{_TIME}{_SEP}{_NUM_DATE}\s*(?:{_OFFSET})?\s*$", re.I),
]

#: ``Астана. 8 ноября. KAZINFORM -`` / ``АЛМАТЫ, 8 ноября 2025. КазТАГ —`` at a paragraph's start.
_AGENCY_DATELINE = re.compile(
    rf"^[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w-]+[.,]\s+(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_WORD})"
    r"(?:\s+(?P<y>(?:19|20)\d\d)(?:\s*г(?:ода|\.)?)?)?[.,]\s+[^\s].{0,60}?\s[-–—]\s",
)
#: ``… от 02.03.2026 23:42`` in a photo caption (Zakon.kz).
_CAPTION_STAMP = re.compile(rf"\bот\s+{_NUM_DATE}(?:,?\s+{_TIME})?")
#: `` date 2026-03-05`` glued before the first line by the scraper.
SCRAPER_PREFIX = re.compile(r"^\s*date\s+(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)[ \t]*")


def month_number(word: str) -> int | None:
    """The month a Russian or Kazakh month word names (``марта``, ``Ноябрь``, ``Желтоқсан``)."""
    word = word.lower().rstrip(".")
    for length in range(len(word), 2, -1):
        month = _MONTH_STEMS.get(word[:length])
        if month is not None:
            return month
    return None


def _offset_minutes(text: str | None) -> int | None:
    if not text:
        return None
    text = text.replace(" ", "").replace("−", "-")
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    value = int(hours) * 60 + int(minutes)
    return sign * value if value <= 14 * 60 else None


def _build(groups: dict[str, str | None]) -> Published | None:
    month = int(groups["m"]) if groups.get("m") else month_number(groups.get("mon") or "")
    if month is None or not groups.get("y"):
        return None
    try:
        date = dt.date(int(groups["y"] or 0), month, int(groups["d"] or 0))
    except ValueError:
        return None
    time = None
    if groups.get("hh") is not None:
        time = dt.time(int(groups["hh"] or 0), int(groups["mm"] or 0))
    offset = _offset_minutes(groups.get("off")) if time is not None else None
    return Published(date, time, offset)


def parse_date_line(line: str) -> Published | None:
    """A publication date when ``line`` is nothing but a dateline, else ``None``."""
    line = line.strip()
    if len(line) > 60 or not any(ch.isdigit() for ch in line):
        return None
    for pattern in _DATE_LINES:
        match = pattern.match(line)
        if match:
            return _build(match.groupdict())
    return None


@dataclass(frozen=True, slots=True)
class AgencyDate:
    """An agency dateline's day and month; the year when printed."""

    day: int
    month: int
    year: int | None


def parse_agency_dateline(paragraph: str) -> AgencyDate | None:
    """``Астана. 8 ноября. AGENCY - …`` at the start of a paragraph."""
    match = _AGENCY_DATELINE.match(paragraph)
    if not match:
        return None
    month = month_number(match["mon"])
    if month is None:
        return None
    return AgencyDate(int(match["d"]), month, int(match["y"]) if match["y"] else None)


def caption_stamp(caption: str) -> Published | None:
    """The ``от DD.MM.YYYY HH:MM`` stamp in a photo caption."""
    match = _CAPTION_STAMP.search(caption)
    return _build(match.groupdict()) if match else None


def scraper_prefix(text: str) -> tuple[dt.date | None, int]:
    """The scraper's `` date YYYY-MM-DD`` prefix: its date (if valid) and its length."""
    match = SCRAPER_PREFIX.match(text)
    if not match:
        return None, 0
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])), match.end()
    except ValueError:
        return None, match.end()
