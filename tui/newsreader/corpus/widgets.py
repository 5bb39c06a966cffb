"""A site's header widgets above an article: weather, currency rates and the site's clock.

None of them is the article's: a weather reading's place is no rubric, a date in the widget or a
"today" line (``Сегодня 3 июля 2025 года, четверг``) is the site's clock, not the day the
article was published. (A weekday before a date is no such sign: articles print their own date
that way, ``Понедельник, 2 марта, 2026``.)
"""

from __future__ import annotations

import re
from typing import Protocol

from .letters import LOWER, UPPER

__all__ = ["is_site_clock", "is_widget_line", "site_header"]

#: ``7 C``, ``-14 C``, ``+25°С``: a weather widget's reading at the top of the page.
WEATHER = re.compile(r"^(?:[+\-−]\d{1,2}\s*°?|\d{1,2}\s*°)\s*[CС]?$|^[+\-−]?\d{1,2}\s*°?\s*[CС]$")
#: The lines after a weather reading that belong to its widget: the place, the site's date.
_WIDGET_LINES = 3
#: ``Погода в Алматы``, ``Алматы ауа райы``, ``давление: 696 мм.рт.ст.``: a weather widget's label.
_WEATHER_LABEL = re.compile(
    rf"^(?:погода\s+в\s+[{UPPER}][{LOWER}-]+|[{UPPER}][{LOWER}-]+\s+ауа\s+райы|давление\s*:.*)$",
    re.I,
)
#: ``USD519.57``, ``• USD/KZT``, ``EUR 99.46``, ``0.0``: a currency widget's rates.
_RATE = re.compile(
    r"^(?:[•·]\s*)?(?:(?:USD|EUR|RUB|CNY|KZT|GBP|KGS|UZS)(?:/[A-Z]{3})?\s*(?:\d+[.,]\d+)?"
    r"|\d+[.,]\d+)$"
)
_WEEKDAY = (
    r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|дүйсенбі|сейсенбі|"
    r"сәрсенбі|бейсенбі|жұма|сенбі|жексенбі)"
)
#: ``Сегодня 3 июля 2025 года, четверг`` / ``Бүгін 5 мамыр 2025``: the site's date of today.
_CLOCK = re.compile(
    rf"^(?:сегодня|бүгін)\s+[0-3]?\d\s+[{LOWER}{UPPER}]+,?\s+(?:19|20)\d\d"
    rf"(?:\s*(?:года|г\.|ж\.))?(?:\s*,\s*{_WEEKDAY})?$",
    re.I,
)


class _Dated(Protocol):
    dates: list
    rubric: str | None
    extra: list[str]


def is_widget_line(line: str) -> bool:
    """A weather label or reading, or a currency rate, in a site's header widget."""
    return bool(_WEATHER_LABEL.match(line) or _RATE.match(line))


def is_site_clock(line: str) -> bool:
    """The site's "today" line: ``Сегодня`` or ``Бүгін`` before a full date."""
    return len(line) <= 60 and bool(_CLOCK.match(line))


def site_header(kept: list[str], furniture: dict[int, _Dated]) -> None:
    """Clear the dates and rubrics the site's header widgets lent to ``furniture``: a weather
    reading's place (``7 C`` / ``Астана`` / ``16 апреля, 2024``) and any "today" line."""
    for start in [i for i in furniture if WEATHER.match(kept[i])]:
        for i in range(start, start + _WIDGET_LINES):
            if (found := furniture.get(i)) is not None:
                found.dates.clear()
                if found.rubric is not None:
                    found.extra.append(kept[i])
                    found.rubric = None
    for i, found in furniture.items():
        if is_site_clock(kept[i]):
            found.dates.clear()
