"""Turn the text of one scraped news file into an :class:`Article` (pure: no I/O, no UI).

The file is read as a list of non-blank lines. Lines at the top that are page furniture
(hashtags, rubric, dateline, language switch, counters, captions) are taken into their fields,
then the first remaining line is the title if it reads as a headline. Lines at the bottom that
are hashtags, the author's name (often twice), an ``Автор`` label or a photo credit are taken
too. Everything else is body, one paragraph per line, in order: nothing is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .article import Article, Published, article_id
from .dates import caption_stamp, parse_agency_dateline, parse_date_line, scraper_prefix
from .sanitize import clean_text
from .sources import find_source

#: Bump when parsing changes, so cached parses are redone.
PARSER_VERSION = "2"

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
_KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

_TAG_LABEL = re.compile(r"^(?:теги|тэги|тегтер|метки|tags)\s*:\s*", re.I)
_LANG_MARKER = re.compile(
    r"^(?:ру|рус|ru|rus|kz|kaz|қаз|каз|қазақша|русский|en|eng)"
    r"(?:\s*[|/•·]\s*(?:ру|рус|ru|rus|kz|kaz|қаз|каз|қазақша|русский|en|eng))*$",
    re.I,
)
_COUNTER = re.compile(
    r"^(?:[👁👀💬]\s*)?(?:просмотр\w*|қаралым\w*|views?|комментари\w*)?\s*:?\s*"
    r"[\d\s.,]+[kкKК]?\s*(?:просмотр\w*|қаралым\w*|views?|комментари\w*)?$",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:©\s*)?(?:фото|фотo|сурет|суреттер|коллаж|видео|иллюстрация|инфографика|скриншот|"
    r"кадр|photo|фотография)(?:\s*(?:[:©/|]|[-–—]\s)|\s*$)",
    re.I,
)
_INLINE_CREDIT = re.compile(r"[,.]\s*(?:фото|сурет|коллаж|видео)\s*[-–—:]\s*\S", re.I)
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)?"
_NAME = re.compile(rf"^(?:[{_UP}]\.\s?)?{_NAME_WORD}(?:\s+(?:[{_UP}]\.|{_NAME_WORD})){{1,2}}$")
_SURNAME_END = re.compile(
    r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ук|юк|ич|ұлы|қызы|"
    r"бай|бек|баев|баева|uly|kyzy|ov|ev|ova|eva|in|ina)$"
)
_PHOTO_NAME = re.compile(r"^(?:фото|сурет)\s*:?\s+(?P<name>.+)$", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:автор|авторы|авторлар|author)\s*:?$", re.I)
_AUTHOR_PREFIX = re.compile(r"^(?:автор|author|текст)\s*:\s*(?P<name>.+)$", re.I)
_ATTRIBUTION = re.compile(
    r"[,\s]*(?:—\s*)?(?:передает|передаёт|сообщает|пишет|информирует|деп хабарлайды|"
    r"хабарлайды)\b.*$",
    re.I,
)
_AGENCY_LEAD = re.compile(
    rf"^[{_UP}][{_UP}{_LOW}-]+[.,]\s+(?:[0-3]?\d\s+\S+\.?\s+)?[^\s—–-][^—–]{{0,40}}?\s[—–-]\s+"
)
_RUBRICS = frozenset(
    """политика экономика общество происшествия спорт мир культура технологии здоровье
    образование наука авто бизнес финансы право регионы казахстан недвижимость интервью
    аналитика новости главное кино медицина туризм религия история экология криминал
    саясат қоғам әлем мәдениет денсаулық білім ғылым оқиға құқық аймақ жаңалықтар""".split()  # noqa: SIM905
)
_HEADER_SCAN = 10
_TAIL_SCAN = 8
_TITLE_MAX = 120


@dataclass
class _Fields:
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    dates: list[Published] = field(default_factory=list)
    rubric: str | None = None
    author: str | None = None

    def add_tags(self, tags: list[str]) -> None:
        self.tags.extend(tag for tag in tags if tag not in self.tags)


def _hashtags(line: str) -> list[str] | None:
    """The tags of a line made only of ``#hashtags`` (or ``Теги: a, b``), else ``None``."""
    if "#" not in line and ":" not in line:
        return None
    labelled = _TAG_LABEL.match(line)
    rest = line[labelled.end() :] if labelled else line
    if labelled and "#" not in rest:
        words = [w.strip() for w in rest.split(",")]
        return [w for w in words if w] or None
    words = rest.replace(",", " ").split()
    if not words or not all(w.startswith("#") and len(w) > 1 for w in words):
        return None
    tags = [w.lstrip("#").rstrip(".,;") for w in words]
    return [t for t in tags if t] or None


def _is_caption(line: str) -> bool:
    return bool(_CREDIT.match(line)) or (len(line) <= 300 and bool(_INLINE_CREDIT.search(line)))


def _is_rubric(line: str) -> bool:
    if len(line) > 30 or not line[0].isupper() or any(not (c.isalpha() or c in " -") for c in line):
        return False
    words = line.split()
    return line.lower() in _RUBRICS or len(words) == 1


def _is_headline(line: str) -> bool:
    if len(line) > 250 or len(line.split()) > 35 or len(line.split()) < 2:
        return False
    if line.endswith(".") and not line.endswith("..."):
        return False
    return not (_ATTRIBUTION.search(line) or _AGENCY_LEAD.match(line) or _is_caption(line))


def _is_name(line: str) -> bool:
    return len(line) <= 60 and bool(_NAME.match(line))


def _looks_like_surname(name: str) -> bool:
    return any(_SURNAME_END.search(word.lower()) for word in name.split()[1:] or name.split())


def _peel_tail(lines: list[str], start: int, fields: _Fields) -> int:
    """Take hashtags, author lines and photo credits off the end; return the new end index."""
    end = len(lines)
    names: list[tuple[int, str]] = []
    credit_names: list[str] = []
    actions: list[tuple[int, Callable[[], None]]] = []
    labelled = False
    while end > start and len(lines) - end < _TAIL_SCAN:
        index = end - 1
        line = lines[index]
        tags = _hashtags(line)
        photo = _PHOTO_NAME.match(line)
        prefixed = _AUTHOR_PREFIX.match(line)
        if tags:
            actions.append((index, lambda tags=tags: fields.add_tags(tags)))
        elif _AUTHOR_LABEL.match(line):
            actions.append((index, lambda line=line: fields.extra.append(line)))
            labelled = True
        elif prefixed and _is_name(prefixed["name"].strip()):
            names.append((index, prefixed["name"].strip()))
            labelled = True
        elif _is_name(line) and all(line == name for _, name in names):
            names.append((index, line))
        elif photo and _is_name(photo["name"].strip()):
            actions.append((index, lambda line=line: fields.captions.append(line)))
            credit_names.append(photo["name"].strip())
        elif (date := parse_date_line(line)) is not None:
            actions.append((index, lambda line=line: fields.extra.append(line)))
            actions.append((index, lambda date=date: fields.dates.append(date)))
        else:
            break
        end -= 1
    if names:
        name = names[-1][1]
        confident = labelled or len(names) > 1 or name in credit_names or _looks_like_surname(name)
        if confident:
            fields.author = name
        else:  # not sure it is a byline: the name line and what precedes it stay in the body
            end = names[0][0] + 1
    elif credit_names:
        fields.author = credit_names[-1]
    for index, action in sorted(actions, key=lambda pair: pair[0]):
        if index >= end:
            action()
    return end


def _lead_title(lead: str) -> str:
    """A title derived from the lead sentence: attribution removed, ≤ 120 chars, cut at a word."""
    text = _AGENCY_LEAD.sub("", lead)
    text = _ATTRIBUTION.sub("", text).strip()
    sentence = re.split(r"(?<=[.!?…])\s+(?=[«\"" + _UP + "])", text, maxsplit=1)[0].strip()
    sentence = sentence.rstrip(" ,;:—–-")
    if len(sentence) <= _TITLE_MAX:
        return sentence.rstrip(".")
    cut = sentence[:_TITLE_MAX].rsplit(" ", 1)[0]
    words = cut.split()
    # Don't end on a preposition or conjunction ("… посольство Ирана в…").
    while len(words) > 3 and len(words[-1]) <= 2:
        words.pop()
    return " ".join(words).rstrip(" ,;:—–-") + "…"


def _kazakh(text: str) -> bool:
    """Kazakh when the letters only Kazakh uses are a real share of the Cyrillic letters."""
    kazakh = sum(text.count(letter) for letter in _KAZAKH_LETTERS)
    if kazakh < 3:
        return False
    # Cyrillic letters take two bytes in UTF-8, ASCII one: a cheap count of the non-ASCII.
    non_ascii = len(text.encode("utf-8", "surrogatepass")) - len(text)
    return kazakh >= 0.015 * non_ascii


def _resolve_date(fields: _Fields, prefix: Published | None, lead: str | None) -> Published | None:
    """The printed date wins over the scraper's prefix; a caption stamp adds the time."""
    published = fields.dates[0] if fields.dates else None
    agency = parse_agency_dateline(lead) if published is None and lead else None
    if agency is not None:
        year = agency.year
        if year is None and prefix is not None:
            year = prefix.date.year - (1 if agency.month > prefix.date.month else 0)
        if year is not None:
            with contextlib.suppress(ValueError):
                published = Published(dt.date(year, agency.month, agency.day))
    if published is None:
        published = prefix
    if published is not None and published.time is None:
        for caption in fields.captions:
            stamp = caption_stamp(caption)
            if stamp is not None and stamp.date == published.date and stamp.time is not None:
                return Published(published.date, stamp.time, published.utc_offset)
    return published


def parse_article(text: str, path: str = "") -> Article:
    """Parse the text of one scraped article file. Never raises; every line ends up somewhere."""
    text = clean_text(text)
    prefix_date, prefix_len = scraper_prefix(text)
    prefix = Published(prefix_date) if prefix_date else None
    content = text[prefix_len:]
    lines = [raw.strip() for raw in content.split("\n")]
    lines = [" ".join(line.split()) if "  " in line else line for line in lines]
    block_ends = {i for i, line in enumerate(lines) if not line}  # blank lines split blocks
    # Keep non-blank lines, remembering which ones are followed directly by another line.
    kept: list[str] = []
    joined_next: list[bool] = []
    for i, line in enumerate(lines):
        if line:
            kept.append(line)
            joined_next.append(i + 1 < len(lines) and (i + 1) not in block_ends)
    fields = _Fields()

    # Head: furniture up to the title.
    title: str | None = None
    pos = 0
    while pos < len(kept) and pos < _HEADER_SCAN:
        line = kept[pos]
        tags = _hashtags(line)
        date = parse_date_line(line)
        if tags:
            fields.add_tags(tags)
        elif date is not None:
            fields.dates.append(date)
            fields.extra.append(line)
        elif _LANG_MARKER.match(line) or _COUNTER.match(line):
            fields.extra.append(line)
        elif _is_caption(line):
            fields.captions.append(line)
        elif fields.rubric is None and pos + 1 < len(kept) and _is_rubric(line):
            fields.rubric = line
        else:
            if _is_headline(line) and not (
                joined_next[pos] and pos + 1 < len(kept) and _CREDIT.match(kept[pos + 1])
            ):
                title = line
                pos += 1
            break
        pos += 1

    tail = _Fields()
    end = _peel_tail(kept, pos, tail)

    # Middle: body paragraphs, captions (a credit line and the caption line glued above it).
    body: list[str] = []
    middle = kept[pos:end]
    glued = joined_next[pos:end]
    for i, line in enumerate(middle):
        tags = _hashtags(line)
        date = parse_date_line(line) if i < 3 else None
        if tags:
            fields.add_tags(tags)
        elif date is not None:  # a dateline just under the title
            fields.dates.append(date)
            fields.extra.append(line)
        elif _is_caption(line) or (
            glued[i]
            and i + 1 < len(middle)
            and _CREDIT.match(middle[i + 1])
            and len(line) <= 200
            and not line.endswith(".")
        ):
            fields.captions.append(line)
        else:
            body.append(line)

    fields.add_tags(tail.tags)
    fields.captions.extend(tail.captions)
    fields.extra.extend(tail.extra)
    fields.dates.extend(tail.dates)
    fields.author = tail.author
    title_derived = title is None
    if title is None:
        title = _lead_title(body[0]) if body else (fields.captions or ["Без названия"])[0]
    published = _resolve_date(fields, prefix, body[0] if body else None)
    everything = "\n".join([title, *body, *fields.captions])
    return Article(
        id=article_id("\n".join(kept)),
        path=path,
        title=title,
        published=published,
        source=find_source([*body[:3], title, *fields.captions, *body[3:][-2:]]),
        author=fields.author,
        lang="kk" if _kazakh(everything) else "ru",
        rubric=fields.rubric,
        tags=tuple(fields.tags),
        captions=tuple(fields.captions),
        body=tuple(body),
        title_derived=title_derived,
        extra=tuple(fields.extra),
    )
