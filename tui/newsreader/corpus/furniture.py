"""Which field a line at the top of a page goes to: the furniture printed around a headline.

:func:`take_furniture` files one header line into :class:`.PageFields`: hashtags, datelines
(with a rubric, a credit or the author's login glued on), credits, rubrics (``Политика``,
``• Тіл``, ``Бөлім: Театр``, a rubric printed twice with the author's name after it), labelled
fields (``Авторы: …``), reading times, counters, lists of authors; ``False`` means a line of
text. :func:`take_labelled_pair` reads a label and its value on the next line (``Источник:`` /
``Устинка LIVE``).
"""

from __future__ import annotations

import re

from .bylines import PageFields, byline_list, is_name, quoted
from .dates import split_dateline
from .headline import CREDIT, hashtags, is_caption, is_furniture_word, is_rubric, reading_time
from .outlets import is_web_address
from .widgets import is_widget_line

__all__ = ["doubled", "is_labelled_rubric", "take_furniture", "take_labelled_pair"]

_COUNTED = re.compile(r"^(?P<rubric>[^\d]{3,40}?)(?:\s+\d+){1,3}$")
_CYRILLIC = re.compile("[А-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_BULLET = re.compile(r"^[•·▪►]\s*")
#: ``Бөлім: Театр``, ``Авторы: Жазира Ахметова``: a field's label and its value on one line.
_LABELLED = re.compile(
    r"^(?P<label>рубрика|раздел|бөлім|айдар|автор|авторы|авторлар|author|текст)\s*:\s*"
    r"(?P<value>\S.{0,80})$",
    re.I,
)
_RUBRIC_LABELS = ("рубрика", "раздел", "бөлім", "айдар")
#: ``Источник:`` alone on its line, its value on the next: the label of a pair.
_PAIR_LABEL = re.compile(r"^(?P<label>источник|дереккөз|source|автор|авторы|author)\s*:$", re.I)
#: The author's login printed after a date and a view count: ``… 18:00 328 altainews``.
_LOGIN = re.compile(r"[a-zа-яё][\w.-]{2,24}")


def take_furniture(line: str, fields: PageFields, *, pre_title: bool) -> bool:
    """Take ``line`` into ``fields`` if it is page furniture; ``False`` for a line of text."""
    if tags := hashtags(line):
        fields.add_tags(tags)
        return True
    if pre_title and " " not in line and is_rubric(line) and not is_furniture_word(line):
        # Видео, Саясат: before credits; not a label such as Қаралды (views)
        return _take_rubric(line, fields)
    if _labelled(line, fields):
        return True
    if CREDIT.match(line):  # Фото: …, the commonest furniture
        fields.captions.append(line)
        return True
    if is_web_address(line):  # arasha.kz: the site's name
        fields.extra.append(line)
        return True
    if _dateline(line, fields, pre_title=pre_title):
        return True
    # a counted rubric ends with its count: only such a line is matched (the pattern is slow)
    counted = _COUNTED.match(line) if pre_title and line[-1:].isdecimal() else None
    if counted and is_rubric(counted["rubric"]):  # Новости Казахстана 0 837
        fields.rubric = fields.rubric or counted["rubric"]
        fields.extra.append(line)
        return True
    if (
        is_furniture_word(line)
        or is_widget_line(line)  # Погода в Алматы, USD519.57
        or _reading_time(line, fields)
        or _doubled_rubric(line, fields)
    ):
        if line not in fields.extra:
            fields.extra.append(line)
        return True
    if is_caption(line):
        fields.captions.append(line)
        return True
    bare = _BULLET.sub("", line)  # • Тіл
    if pre_title and is_rubric(bare) and bare[0].isalpha():
        if bare != line:
            fields.extra.append(line)
        return _take_rubric(bare, fields) if bare == line else _set_rubric(bare, fields)
    if fields.author is None and (authors := byline_list(line)) is not None:
        fields.author = authors
        fields.extra.append(line)
        fields.source = fields.source or quoted(line.rsplit(",", 1)[1].strip())
        return True
    return False


def take_labelled_pair(lines: list[str], i: int, end: int) -> PageFields | None:
    """``Источник:`` / ``Устинка LIVE`` (or ``Автор:`` / a name) at ``lines[i]``: the fields the
    pair gives, ``None`` when it is not one."""
    label = _PAIR_LABEL.match(lines[i])
    if label is None or i + 1 >= end:
        return None
    value = lines[i + 1]
    if len(value) > 40 or not value[:1].isupper() or value.endswith("."):
        return None
    found = PageFields(extra=[lines[i], value])
    if label["label"].lower().startswith(("автор", "author")):
        if not is_name(value):
            return None
        found.author = value
    else:
        found.source = value
    return found


def is_labelled_rubric(line: str) -> bool:
    """``Бөлім: Театр``, ``Рубрика: Общество``: a rubric printed with its label."""
    match = _LABELLED.match(line)
    return match is not None and match["label"].lower() in _RUBRIC_LABELS


def _take_rubric(line: str, fields: PageFields) -> bool:
    if fields.rubric is None and _CYRILLIC.search(line):
        fields.rubric = line
    else:
        fields.extra.append(line)  # a second section name, a site name (Sputnik)
    return True


def _set_rubric(rubric: str, fields: PageFields) -> bool:
    """A rubric whose line is kept in ``extra`` already (``• Тіл``)."""
    if fields.rubric is None and _CYRILLIC.search(rubric):
        fields.rubric = rubric
    return True


def _labelled(line: str, fields: PageFields) -> bool:
    """``Бөлім: Театр`` (the rubric, over one found unlabelled) or ``Авторы: …``."""
    match = _LABELLED.match(line)
    if match is None:
        return False
    value = match["value"].strip()
    if match["label"].lower() in _RUBRIC_LABELS:
        if len(value) > 40:
            return False
        if fields.rubric is not None and fields.rubric != value:
            fields.extra.append(fields.rubric)
        fields.rubric = value
    else:
        author = value if is_name(value) else byline_list(value)
        if author is None:
            return False
        fields.author = fields.author or author
    fields.extra.append(line)
    return True


def _dateline(line: str, fields: PageFields, *, pre_title: bool) -> bool:
    """A date, alone or with a credit, a rubric or the author's login beside it."""
    split = split_dateline(line)
    if split is None:
        return False
    date, rest = split
    if not rest or _LOGIN.fullmatch(rest):  # … 18:00 328 altainews
        fields.dates.append(date)
        fields.extra.append(line)
        return True
    if CREDIT.match(rest):  # 30 Июня 2023, 09:36 Фото: …
        fields.dates.append(date)
        fields.captions.append(line)
        return True
    if pre_title and is_rubric(rest, loose=True):  # Сұхбат • 21 Ақпан, 2025
        fields.dates.append(date)
        fields.extra.append(line)
        fields.rubric = fields.rubric or rest
        return True
    return False


def _reading_time(line: str, fields: PageFields) -> bool:
    """``1 минута``, or ``1 минута Кристина Никулина``: the reading time, then the author."""
    rest = reading_time(line)
    if rest is None or (rest and not is_name(rest)):
        return False
    if rest:
        fields.author = fields.author or rest
    return True


def doubled(line: str) -> tuple[str, str] | None:
    """``Усть-Каменогорск и ВКО Усть-Каменогорск и ВКО Олеся Краскова``: a phrase printed twice
    (a link and its label) and what follows it; ``None`` when no phrase opens the line twice."""
    words = line.split()
    for size in range(len(words) // 2, 0, -1):
        # the phrase's first word again opens its second copy: a cheap test before the slices
        if words[size] == words[0] and words[:size] == words[size : 2 * size]:
            return " ".join(words[:size]), " ".join(words[2 * size :])
    return None


def _doubled_rubric(line: str, fields: PageFields) -> bool:
    """A rubric printed twice, the author's name (if any) after it."""
    found = doubled(line)
    if found is None:
        return False
    rubric, rest = found
    if not is_rubric(rubric, loose=True) or (rest and not is_name(rest)):
        return False
    fields.rubric = fields.rubric or rubric
    if rest:
        fields.author = fields.author or rest
    return True
