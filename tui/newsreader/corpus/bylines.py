"""The fields a page prints around its text, and the bylines and credits at its end.

:class:`PageFields` collects what the parser takes out of the text (tags, captions, furniture,
dates, rubric, author); :func:`peel_tail` takes hashtags, the author's name (often twice, after
``Фото``, before ``Автор``, with a city or a credit) and photo credits off the end of a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..article import Published
from .dates import parse_date_line
from .headline import hashtags
from .letters import LOWER, UPPER

__all__ = [
    "ROLE",
    "PageFields",
    "bio_byline",
    "byline_at",
    "byline_list",
    "doubled_byline",
    "is_byline",
    "is_name",
    "peel_tail",
    "quoted",
]

_TAIL_SCAN = 8
_NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)?"
_CAPS_WORD = rf"[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?"
_NAME = re.compile(
    rf"^(?:[{UPPER}]\.\s?)?{_NAME_WORD}(?:\s+(?:[{UPPER}]\.|{_NAME_WORD}|{_CAPS_WORD})){{1,2}}$"
)
_SURNAME_END = re.compile(
    r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ук|юк|ич|ұлы|қызы|"
    r"бай|бек|баев|баева|uly|kyzy|ov|ev|ova|eva|in|ina)$"
)
_PHOTO_NAME = re.compile(r"^(?:фото|сурет)\s*:?\s+(?P<name>.+)$", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:автор|авторы|авторлар|author)\s*:?$", re.I)
_AUTHOR_PREFIX = re.compile(r"^(?:автор|author|текст|авторы)\s*:\s*(?P<name>.+)$", re.I)
#: ``Ланга Черешкайте, фото: МИД РК``: a byline and a credit on one line.
_NAME_AND_CREDIT = re.compile(r"^(?P<name>[^,]{4,40}?)\s*,\s*(?:фото|сурет)\s*:?\s*\S.*$", re.I)
#: ``Андрей САРМИН, Уральск``: a byline with the reporter's city.
_NAME_AND_PLACE = re.compile(
    rf"^(?P<name>[^,]{{4,40}}?)\s*,\s*[{UPPER}][\w-]+(?:\s[{UPPER}][\w-]+)?$"
)
#: ``ASTANA``, ``Уральск``: a city alone on the line under a byline.
_PLACE = re.compile(rf"^[{UPPER}][{UPPER}{LOWER}-]{{2,24}}$")
#: ``тарих ғылымдарының кандидаты, жазушы``: the author's credentials under or after the name.
_BIO = re.compile(rf"^[{LOWER}][^.!?:]{{3,80}}$")
_NAME_AND_BIO = re.compile(rf"^(?P<name>[^,]{{4,40}}?),\s+(?P<bio>[{LOWER}][^.!?:]{{3,80}})$")
#: A sign-off names an outlet in a few words, not a quoted sentence.
_SIGN_OFF_WORDS = 4
_QUOTED_NAME = re.compile(rf"[«\"“](?P<name>[{UPPER}][^«»\"“”]{{1,40}})[»\"”]")
#: The role under a byline: ``специальный корреспондент``, ``тілші``.
#: ``sports24 сарапшы``: the role may follow the site's name.
ROLE = re.compile(
    r"^(?:[a-z][\w.-]*\s+)?(?:специальн\w+\s+|собственн\w+\s+|главн\w+\s+|шеф-)?"
    r"(?:корреспондент|обозреватель|редактор|журналист|тілші|шолушы|сарапшы|фотокорреспондент)\w*$",
    re.I,
)


@dataclass
class PageFields:
    """What the parser takes out of a page's text, besides its title and body."""

    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    dates: list[Published] = field(default_factory=list)
    rubric: str | None = None
    author: str | None = None
    #: The outlet a label names (``Источник:`` / ``Устинка LIVE``) or a byline ends with
    #: (``Дана ТАЛҒАТБЕК, «Семей таңы»``), as printed.
    source: str | None = None

    def add_tags(self, tags: list[str]) -> None:
        self.tags.extend(tag for tag in tags if tag not in self.tags)

    def merge(self, other: PageFields) -> None:
        self.add_tags(other.tags)
        self.captions.extend(other.captions)
        self.extra.extend(other.extra)
        self.dates.extend(other.dates)
        self.rubric = self.rubric or other.rubric
        if self.author and other.author and other.author != self.author:
            self.extra.append(other.author)  # a second byline: kept, not the author
        self.author = self.author or other.author
        self.source = self.source or other.source


def is_name(line: str) -> bool:
    return len(line) <= 60 and bool(_NAME.match(line))


def _looks_like_surname(name: str) -> bool:
    return any(_SURNAME_END.search(word.lower()) for word in name.split()[1:] or name.split())


def _sure_a_name(name: str) -> bool:
    """A name line on its own is a byline if it looks like one: a surname's ending, or a
    surname in capitals (``Индира БЕГАЙДАР``)."""
    return _looks_like_surname(name) or any(
        len(word) >= 3 and word.isupper() for word in name.split()[1:]
    )


def is_byline(line: str) -> bool:
    """A line that is surely a person's name: a surname's ending or a surname in capitals."""
    return is_name(line) and _sure_a_name(line) and not _PHOTO_NAME.match(line)


def quoted(text: str) -> str | None:
    """The name in ``«Семей таңы»`` (a publication's name in quotes), else ``None``."""
    match = _QUOTED_NAME.fullmatch(text)
    return None if match is None else match["name"]


def byline_list(line: str) -> str | None:
    """The authors of ``Алмас Қайсар, Бейімбет Молдағали, Власть``: names separated by commas,
    one word (the outlet, a city) or an outlet in quotes (``«Семей таңы»``) may follow them.
    ``None`` when the line is not that."""
    if "," not in line or len(line) > 120:
        return None
    parts = [part.strip() for part in line.split(",")]
    count = 0
    while count < len(parts) and is_name(parts[count]):
        count += 1
    rest = parts[count:]
    if count == 0 or len(rest) > 1:
        return None
    if rest and not (rest[0][:1].isupper() and len(rest[0].split()) == 1) and not quoted(rest[0]):
        return None
    if count == 1 and not (rest and _sure_a_name(parts[0])):
        return None
    return ", ".join(parts[:count])


def peel_tail(lines: list[str], start: int, fields: PageFields) -> int:
    """Take hashtags, author lines and photo credits off the end; return the new end index."""
    end = len(lines)
    names: list[tuple[int, str]] = []
    credit_names: list[str] = []
    actions: list[tuple[int, Callable[[], None]]] = []
    labelled = False
    while end > start and len(lines) - end < _TAIL_SCAN:
        index = end - 1
        line = lines[index]
        if len(line) > 100 and "#" not in line:  # a paragraph: no byline, tag or credit
            break
        tags = hashtags(line)
        photo = _PHOTO_NAME.match(line)
        prefixed = _AUTHOR_PREFIX.match(line)
        if tags:
            actions.append((index, lambda tags=tags: fields.add_tags(tags)))
        elif _AUTHOR_LABEL.match(line):
            actions.append((index, lambda line=line: fields.extra.append(line)))
            labelled = True
        elif prefixed and is_name(prefixed["name"].strip()):
            names.append((index, prefixed["name"].strip()))
            actions.append((index, lambda line=line: fields.extra.append(line)))  # Авторы: …
            labelled = True
        elif photo and is_name(photo["name"].strip()):  # Фото Александра МАРЧЕНКО
            actions.append((index, lambda line=line: fields.captions.append(line)))
            credit_names.append(photo["name"].strip())
        elif is_name(bare := line.removesuffix(".")) and all(bare == n for _, n in names):
            names.append((index, bare))  # Анна НИМ.
        elif (placed := _NAME_AND_PLACE.match(line)) and not names and is_name(placed["name"]):
            names.append((index, placed["name"]))
            actions.append((index, lambda line=line: fields.extra.append(line)))
            labelled = True
        elif (both := _NAME_AND_CREDIT.match(line)) and not names and is_name(both["name"]):
            actions.append((index, lambda line=line: fields.captions.append(line)))
            names.append((index, both["name"]))
            labelled = True
        elif (date := parse_date_line(line)) is not None:
            actions.append((index, lambda line=line: fields.extra.append(line)))
            actions.append((index, lambda date=date: fields.dates.append(date)))
        elif not names and (signed := _name_over_place(lines, index, start)) is not None:
            names.append((index - 1, signed))  # Dastan KENJALIN, / ASTANA
            actions.append(
                (index - 1, lambda pair=lines[index - 1 : end]: fields.extra.extend(pair))
            )
            labelled = True
            end -= 1
        elif index == len(lines) - 1 and (outlet := _sign_off(line)) is not None:
            actions.append((index, lambda line=line: fields.extra.append(line)))
            fields.source = outlet  # “The Qazaq Times”: the outlet signs the text
        else:
            break
        end -= 1
    end = _settle_author(names, credit_names, labelled, end, fields)
    for index, action in sorted(actions, key=lambda pair: pair[0]):
        if index >= end:
            action()
    return end


def _settle_author(
    names: list[tuple[int, str]],
    credit_names: list[str],
    labelled: bool,
    end: int,
    fields: PageFields,
) -> int:
    """Set the author from the name lines found at the end; return where the tail starts."""
    if names:
        name = names[-1][1]
        if labelled or len(names) > 1 or name in credit_names or _sure_a_name(name):
            fields.author = name
        else:  # not sure it is a byline: the name line and what precedes it stay in the body
            end = names[0][0] + 1
    elif credit_names:
        fields.author = credit_names[-1]
    return end


def _name_over_place(lines: list[str], index: int, start: int) -> str | None:
    """The name in ``Dastan KENJALIN,`` over ``ASTANA``: a byline whose city is on the next
    line (``lines[index]``), else ``None``."""
    if index - 1 < start or not _PLACE.match(lines[index]):
        return None
    above = lines[index - 1]
    name = above[:-1].rstrip()
    return name if above.endswith(",") and is_name(name) else None


def _sign_off(line: str) -> str | None:
    """The outlet in ``“The Qazaq Times”``, a name in quotes alone on the last line."""
    name = quoted(line)
    return name if name is not None and len(name.split()) <= _SIGN_OFF_WORDS else None


def doubled_byline(kept: list[str], i: int, end: int) -> int:
    """How many lines a byline printed twice takes at ``kept[i]`` (``Павлив Никита`` twice, its
    role under them: 3); 0 when there is none. A name printed twice is a byline when it surely
    is a name or its role follows (a rubric can be printed twice too)."""
    if i + 1 >= end or kept[i + 1] != kept[i] or not is_name(kept[i]):
        return 0
    role = i + 2 < end and len(kept[i + 2]) < 60 and bool(ROLE.match(kept[i + 2]))
    return 3 if role else (2 if _sure_a_name(kept[i]) else 0)


def byline_at(kept: list[str], i: int, end: int) -> bool:
    """A name line with the author's role under it (``Дана Аменова`` / ``специальный …``), or a
    sure name with credentials (``Әлімғазы ДӘУЛЕТХАН`` / ``тарих ғылымдарының кандидаты``)."""
    if i + 1 >= end:
        return False
    under = kept[i + 1]
    if len(under) < 60 and ROLE.match(under):
        return is_name(kept[i])
    return bool(_BIO.match(under)) and is_byline(kept[i])


def bio_byline(line: str) -> str | None:
    """The name in ``Бақдәулет БЕРЛІБАЕВ, тарих ғылымдарының докторы, профессор``, else ``None``."""
    match = _NAME_AND_BIO.match(line)
    return match["name"] if match is not None and is_byline(match["name"]) else None
