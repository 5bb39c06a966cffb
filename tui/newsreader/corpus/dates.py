"""Recognise the publication-date shapes Kazakhstan news sites print, in Russian and Kazakh."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from ..article import Published

# Month names by stem: Russian genitive and nominative (марта, Март), Kazakh (Наурыз), short
# forms (нау, Қыр, Фев.), Kazakh Latin (naýryz, qazan) and English.
_MONTH_STEMS: dict[str, int] = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "мае": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9,
    "сен": 9, "сент": 9, "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
    "қаңтар": 1, "қаң": 1, "ақпан": 2, "ақп": 2, "наурыз": 3, "нау": 3, "сәуір": 4, "сәу": 4,
    "мамыр": 5, "мам": 5, "маусым": 6, "мау": 6, "шілде": 7, "шіл": 7, "тамыз": 8, "там": 8,
    "қыркүйек": 9, "қыр": 9, "қазан": 10, "қаз": 10, "қараша": 11, "қар": 11,
    "желтоқсан": 12, "жел": 12,
    "qańtar": 1, "qantar": 1, "aqpan": 2, "naýryz": 3, "nauryz": 3, "sáýir": 4, "sauir": 4,
    "mamyr": 5, "maýsym": 6, "mausym": 6, "shilde": 7, "tamyz": 8, "qyrkúıek": 9,
    "qyrkuiek": 9, "qazan": 10, "qarasha": 11, "jeltoqsan": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = r"[^\W\d_]{3,10}\.?"

_TIME = r"(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)(?!\d)"
_OFFSET = r"(?:\|\s*)?(?:GMT|UTC)\s*(?P<off>[-+−]\s*\d{1,2}(?::?\d{2})?)"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_WORD_DATE = rf"(?P<d>[0-3]?\d)(?:-?(?:го|шы|ші|сі))?\s+(?P<mon>{_MONTH_WORD}),?\s+{_YEAR}"
_NUM_DATE = rf"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{_YEAR}"
_YEAR_WORD = r"(?:\s*(?:г\.|года|год|ж\.|жыл(?:ы|ғы)?)(?![^\W\d_]))?"
_AT = r"(?:\s*(?:,|\||в|-|–|—|сағат|саға?т\.?|at)\s*|\s+)"

#: Date expressions, searched in a line: the earliest match wins (the longest among equals).
#: The shapes by what stands before or after the year: a word date, a numeric one, ISO.
_WORD_SHAPES = [
    # 12:05, 11 Желтоқсан 2025 | GMT +5   /   12:24, 27 Ноябрь 2025
    re.compile(rf"(?<!\d){_TIME}{_AT}{_WORD_DATE}{_YEAR_WORD}\s*(?:{_OFFSET})?", re.I),
    # 3 марта 2026, 12:53  /  21 января 2026 г. 6:00  /  31 нау, 2022 сағат 15:14  /  21 Ақпан, 2025
    re.compile(rf"(?<!\d){_WORD_DATE}{_YEAR_WORD}(?:{_AT}{_TIME})?\s*(?:{_OFFSET})?", re.I),
    # Қыр 11, 2024 17:25  /  декабрь 30, 2025  /  Фев. 22, 2022
    re.compile(
        rf"(?<![^\W\d_])(?P<mon>{_MONTH_WORD})\s+(?P<d>[0-3]?\d),?\s+{_YEAR}(?:{_AT}{_TIME})?",
        re.I,
    ),
    # 2016 ж. 05 шілде  /  2025 жылғы 11 қыркүйек
    re.compile(
        rf"(?<!\d){_YEAR}\s*(?:ж\.|жыл\w*)\s+(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_WORD})"
        rf"(?:{_AT}{_TIME})?",
        re.I,
    ),
]
_NUMERIC_SHAPES = [
    # 02.03.2026, 23:42  /  02.03.2026 23.42  /  02.03.2026  /  11.09.2023ж. 20:00
    re.compile(rf"(?<![\d.]){_NUM_DATE}{_YEAR_WORD}(?:{_AT}{_TIME})?\s*(?:{_OFFSET})?"),
    # 23:42, 02.03.2026
    re.compile(rf"(?<!\d){_TIME}{_AT}{_NUM_DATE}\s*(?:{_OFFSET})?"),
]
_ISO_SHAPES = [
    # 2026-03-02 23:42
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ]" + _TIME + ")?"),
]
_YEAR_HINT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: How far before and after a year a date's other parts may be printed (``12:05, 11
#: Желтоқсан 2025 | GMT +5``, ``2016 ж. 05 шілде 12:00``).
_BEFORE_YEAR, _AFTER_YEAR = 40, 32

#: Words that may stand beside a date in a dateline: labels, weekdays, "today", view counts.
#: (The lookahead names the letters a word starts with: ``re`` then skips every other position
#: in one step instead of trying each word there, four times faster.)
_DATELINE_WORDS = re.compile(
    r"(?=[одижсвбкпчқтagptuvy])"
    r"(?:опубликовано|дата публикации|датасы|дата|обновлено|дополнено|изменено|жарияланды|"
    r"жарияланған уақыты|жаңартылды|published|updated|сегодня|вчера|бүгін|кеше|today|"
    r"yesterday|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|дүйсенбі|"
    r"сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі|просмотр\w*|қаралым\w*|views?|"
    r"пікір\w*|комментари\w*|қаралды|көрсетілді|т\.ж\.|т\.қ\.|a\.m\.|p\.m\.|am|pm|"
    r"asia/almaty|gmt\s*[-+]?\s*\d*|utc\s*[-+]?\s*\d*)",
    re.I,
)
_TRAILING_COUNT = re.compile(r"(?:\s+\d+)+\s*$")
#: A view or comment count standing alone among the words beside a date.
_COUNT = re.compile(r"(?<!\S)\d+(?!\S)")
_LEFTOVER = re.compile(r"[\s\d,.:;|•·/()\[\]\-–—👁]*")
#: ``Бүгін 2026, 15:40`` / ``Сегодня, 14:20``: a relative day, dated by nothing printed.
_RELATIVE = re.compile(
    r"^(?:(?:сегодня|вчера|бүгін|кеше|today|yesterday)[\s,]*(?:(?:19|20)\d\d[\s,]*)?"
    r"(?:в\s+)?(?:[01]?\d|2[0-3])[:.][0-5]\d\s*)+$",
    re.I,
)
#: ``Астана. 8 ноября. KAZINFORM -`` / ``АЛМАТЫ, 8 ноября 2025. КазТАГ —`` /
#: ``АСТАНА, 30 наурыз – Sputnik.`` at a paragraph's start.
_AGENCY_DATELINE = re.compile(
    rf"^[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w-]+[.,]\s+(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_WORD})"
    r"(?:\s+(?P<y>(?:19|20)\d\d)(?:\s*г(?:ода|\.)?)?)?"
    r"(?:[.,]\s+[^\s].{0,60}?\s[-–—]\s|\s*[-–—]\s*[^\W\d])",
)
#: `` date 2026-03-05`` glued before the first line by the scraper.
SCRAPER_PREFIX = re.compile(r"^\s*date\s+(?P<y>\d{4})-(?P<m>\d\d)(?:-(?P<d>\d\d))?[ \t]*")
#: ``7 января`` in a lead: a day and its month.
_DAY_MONTH = re.compile(rf"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_WORD})")


def month_number(word: str) -> int | None:
    """The month a month word names (``марта``, ``Ноябрь``, ``Желтоқсан``, ``нау``, ``Фев.``).

    A three-letter stem (``нау``, ``қаз``) matches only an abbreviation, not a longer word
    (``қазақстандық`` is no month).
    """
    word = word.lower().rstrip(".")
    for length in range(len(word), 2, -1):
        month = _MONTH_STEMS.get(word[:length])
        if month is not None:
            return month if length > 3 or len(word) <= 4 else None
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


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a line, and where."""

    published: Published
    start: int
    end: int


def find_date(text: str) -> DateMatch | None:
    """The first date expression in ``text`` (any shape the sites print), else ``None``."""
    best: DateMatch | None = None
    # Every shape holds a year: each is looked for around one (most lines have none), from
    # a day, month and time before it to a day, month and time after it.
    for year in _YEAR_HINT.finditer(text):
        start, end = max(0, year.start() - _BEFORE_YEAR), year.end() + _AFTER_YEAR
        before = text[year.start() - 1] if year.start() else ""
        after = text[year.end()] if year.end() < len(text) else ""
        if before == ".":  # 02.03.2026
            shapes = _NUMERIC_SHAPES
        elif after == "-":  # 2026-03-02
            shapes = _ISO_SHAPES
        else:
            shapes = _WORD_SHAPES
        for pattern in shapes:
            for match in pattern.finditer(text, start, end):
                published = _build(match.groupdict())
                if published is None:
                    continue
                if best is None or (match.start(), -match.end()) < (best.start, -best.end):
                    best = DateMatch(published, match.start(), match.end())
                break
        if best is not None:
            return best
    return best


def split_dateline(line: str) -> tuple[Published, str] | None:
    """A line that is a dateline: its date and what else it holds (a rubric, a credit).

    Labels, weekdays, time zones and view counters beside the date are part of the dateline
    (``29 Марта 2023, 12:52 1070``, ``Понедельник, 2 марта, 2026``); the rest is returned
    (``Сұхбат • 21 Ақпан, 2025`` → ``Сұхбат``). ``None`` when the line holds no date.
    """
    if len(line) > 120:  # a dateline, with a rubric or a credit glued on, is short
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = _DATELINE_WORDS.sub(" ", line[: found.start] + " " + line[found.end :])
    if _LEFTOVER.fullmatch(rest):
        return found.published, ""
    rest = _COUNT.sub(" ", _TRAILING_COUNT.sub("", rest))
    return found.published, " ".join(rest.split()).strip(" ,.:;|•·-–—\t")


_BARE_TIME = re.compile(rf"^{_TIME}$")


def bare_time(line: str) -> dt.time | None:
    """The time of a line that holds nothing else (``10:35``), else ``None``."""
    match = _BARE_TIME.match(line.strip())
    return None if match is None else dt.time(int(match["hh"]), int(match["mm"]))


def parse_date_line(line: str) -> Published | None:
    """A publication date when ``line`` is nothing but a dateline, else ``None``."""
    split = split_dateline(line.strip())
    return split[0] if split is not None and not split[1] else None


def is_relative_dateline(line: str) -> bool:
    """``Бүгін 2026, 15:40``, ``Сегодня, 14:20``: a time on a day named only as "today"."""
    return len(line) <= 80 and bool(_RELATIVE.match(line.replace("i", "і")))


def is_date_label(line: str) -> bool:
    """A dateline's label printed with no date after it (``Опубликовано:``)."""
    return len(line) <= 40 and bool(_DATELINE_WORDS.fullmatch(line.rstrip(" :")))


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
    """The date printed in a photo caption (``фото - Новости Zakon.kz от 02.03.2026 23:42``)."""
    found = find_date(caption)
    return found.published if found else None


def scraper_prefix(text: str) -> tuple[dt.date | None, int]:
    """The scraper's `` date YYYY-MM-DD`` prefix: its date (if valid) and its length."""
    match = SCRAPER_PREFIX.match(text)
    if not match:
        return None, 0
    if match["d"] is None:  # `` date 2022-01``: a month only (see :func:`prefix_month_day`)
        return None, match.end()
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])), match.end()
    except ValueError:
        return None, match.end()


def prefix_month_day(text: str, lead: str) -> dt.date | None:
    """A `` date YYYY-MM`` prefix with no day, dated by the first day of that month the lead
    names (``7 января``); ``None`` otherwise."""
    match = SCRAPER_PREFIX.match(text)
    if match is None or match["d"] is not None:
        return None
    for day in _DAY_MONTH.finditer(lead[:400]):
        if month_number(day["mon"]) == int(match["m"]):
            with contextlib.suppress(ValueError):
                return dt.date(int(match["y"]), int(match["m"]), int(day["d"]))
    return None
