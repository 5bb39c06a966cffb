"""Turn the text of one scraped news file into an :class:`Article` (pure: no I/O, no UI).

The file is read as a list of non-blank lines. The top of the page, up to the second paragraph of
text (a lone word or a label is not one), is read line by line into kinds (:mod:`.furniture`):
hashtags, datelines, language switches, counters, reading times, credits, rubrics, labelled fields
and bylines go to their fields, navigation that ends with the headline (a breadcrumb) is furniture
(a date above it is the site's clock, as is one in a header widget: :mod:`.widgets`), and the title
is the text line that reads most like a headline (:mod:`.headline`; a headline printed under the
lead paragraph is found too); with none, it is the one a feed's footer names (:mod:`.reposts`) or
is derived from the lead, its first paragraph. Lines at the bottom that are hashtags, the author's
name (often twice), an ``Автор`` label or a photo credit are taken too. Everything else is body,
one paragraph per line, in order: nothing is lost. The outlet comes from the weighted clues of
:mod:`.sources`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from ..article import Article, Published, article_id
from .bylines import (
    ROLE,
    PageFields,
    bio_byline,
    byline_at,
    doubled_byline,
    is_byline,
    peel_tail,
)
from .dates import (
    bare_time,
    caption_stamp,
    parse_agency_dateline,
    prefix_month_day,
    scraper_prefix,
    split_dateline,
)
from .furniture import doubled, is_labelled_rubric, take_furniture, take_labelled_pair
from .headline import (
    CREDIT,
    hashtags,
    headline_score,
    is_caption,
    is_masthead,
    is_rubric,
    lead_title,
    section_prefix,
    strip_badge,
)
from .language import language
from .outlets import is_web_address, site_suffix
from .reposts import feed_footer
from .sanitize import clean_text
from .sources import find_source
from .widgets import site_header

#: Bump when parsing changes, so cached parses are redone.
PARSER_VERSION = "7"

_DIGIT = re.compile(r"\d")
#: ``[:ru]Заголовок[:]``: a multilingual plugin's language markers left in the page's text.
_LANG_MARKUP = re.compile(r"\[:[a-z]{0,2}\]|\{:[a-z]{0,2}\}")
_CYRILLIC = re.compile("[А-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")

#: ``2`` … ``20`` alone between paragraphs: the numbers of a photo blog's pictures.
_PICTURE_DIGITS = 3

#: The top of a page is read up to this many lines, and up to its second paragraph of text.
_HEAD_LINES = 14
#: Longer lines are paragraphs: no headline, dateline, rubric or byline is this long.
_LONG = 220


def _resolve_date(
    fields: PageFields, prefix: Published | None, lead: str | None
) -> Published | None:
    """The printed date wins over the scraper's prefix; a caption stamp adds the time."""
    # A header may print the site's clock above the article's date: the one with a time wins.
    timed = [date for date in fields.dates if date.time is not None]
    published = (timed or fields.dates or [None])[0]
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
    if published is None:  # only a photo caption is dated: the photo is of the day
        published = next(filter(None, map(caption_stamp, fields.captions)), None)
    if published is not None and published.time is None:
        for caption in fields.captions:
            stamp = caption_stamp(caption)
            if stamp is not None and stamp.date == published.date and stamp.time is not None:
                return Published(published.date, stamp.time, published.utc_offset)
    return published


@dataclass
class _Head:
    """What the top of the page holds: the title's line (if any) and where the body starts."""

    title: int | None = None
    #: Indices of the head's lines that are body text (a lead printed above the headline).
    body: list[int] = field(default_factory=list)
    end: int = 0


def _read_head(kept: list[str], joined_next: list[bool], fields: PageFields) -> _Head:
    """Read the page's top into ``fields`` and pick the headline among its lines of text."""
    head = _Head()
    texts: list[int] = []
    paragraphs: list[int] = []
    index = 0
    limit = min(len(kept), _HEAD_LINES)
    furniture: dict[int, PageFields] = {}
    scores: dict[int, float | None] = {}
    rubric: str | None = None
    candidate = False  # a line above the first paragraph can be the headline
    # Up to the second paragraph (a headline may follow the lead), or the first when a line
    # above it can be the headline.
    while index < limit and len(paragraphs) < (1 if candidate else 2):
        line = kept[index]
        if _is_breadcrumb(kept, index):
            for found in furniture.values():
                found.dates.clear()  # a date above the navigation is the site's clock
            furniture[index] = PageFields(extra=[line])
            index += 1
            continue
        found, taken = _furniture_at(
            kept, index, limit, rubric, pre_title=not paragraphs, after_text=bool(texts)
        )
        if found is not None:
            if found.rubric is not None and found.rubric != rubric:
                rubric = found.rubric
            else:
                found.rubric = None
            furniture[index] = found
            index += taken
            continue
        texts.append(index)
        scores[index] = score = headline_score(line)
        if score is None and _is_paragraph(line):
            paragraphs.append(index)
        elif score is not None and not paragraphs:
            candidate = True
        index += 1
    head.end = index
    head.title = _choose_title(kept, joined_next, texts, paragraphs, scores)
    if paragraphs and head.title is None:
        head.end = paragraphs[0]  # the lead starts the body
    elif paragraphs and head.title is not None and head.title < paragraphs[0]:
        head.end = max(head.title + 1, paragraphs[0])
    if head.title is not None:  # Центральная Азия: a short line above the headline
        _lines_above_title(kept, texts, paragraphs, head.title, furniture, rubric)
    site_header(kept, furniture)
    head.body = [i for i in texts if i != head.title and i < head.end and i not in furniture]
    for i, found in furniture.items():
        if i < head.end:
            fields.merge(found)
            if found.rubric is not None and is_labelled_rubric(kept[i]):  # Бөлім: Театр wins
                fields.rubric = found.rubric
    return head


def _is_breadcrumb(kept: list[str], index: int) -> bool:
    """A line that ends with the next line, the headline (``Главная » Рубрика » Заголовок``,
    ``ДомойГлавные новостиЗаголовок``): the page's navigation, not its title."""
    line, after = kept[index], kept[index + 1] if index + 1 < len(kept) else ""
    return len(after) >= 15 and len(line) > len(after) and line.endswith(after)


def _furniture_at(
    kept: list[str],
    index: int,
    limit: int,
    rubric: str | None,
    *,
    pre_title: bool,
    after_text: bool,
) -> tuple[PageFields | None, int]:
    """The page furniture at ``kept[index]`` and how many lines it takes; ``None`` for text."""
    line = kept[index]
    if len(line) > 60 and "#" not in line and not is_caption(line):
        if len(line) > _LONG:  # a paragraph
            return None, 1
        if not _DIGIT.search(line) and doubled(line) is None:
            return None, 1  # longer than any rubric, label or name, with no date or counter
    if taken := doubled_byline(kept, index, limit):  # Павлив Никита twice / sports24 сарапшы
        return PageFields(author=line, extra=kept[index + 1 : index + taken]), taken
    if byline_at(kept, index, limit):  # Дана Аменова / специальный корреспондент
        return PageFields(author=line, extra=[kept[index + 1]]), 2
    if (pair := take_labelled_pair(kept, index, limit)) is not None:  # Источник: / Name
        return pair, 2
    if (timed := _date_then_time(kept, index, limit)) is not None:  # 29 октября 2023 / 10:35
        return PageFields(dates=[timed], extra=kept[index : index + 2]), 2
    if index == 0 and is_masthead(line):  # … облыстық қоғамдық-саяси газет
        return PageFields(extra=[line]), 1
    # Смағұл ЕЛУБАЕВ under the text, unless a photo's alt text follows
    if (
        after_text
        and pre_title
        and is_byline(line)
        and not (index + 1 < len(kept) and is_caption(kept[index + 1]))
    ):
        return PageFields(author=line), 1
    if after_text and pre_title and (name := bio_byline(line)):  # Name SURNAME, профессор
        return PageFields(author=name, extra=[line]), 1
    found = PageFields(rubric=rubric)
    return (found if take_furniture(line, found, pre_title=pre_title) else None), 1


def _date_then_time(kept: list[str], index: int, limit: int) -> Published | None:
    """A dateline with no time and, on the next line, nothing but the time: the two together."""
    if index + 1 >= limit or (time := bare_time(kept[index + 1])) is None:
        return None
    split = split_dateline(kept[index])
    if split is None or split[1] or split[0].time is not None:
        return None
    return Published(split[0].date, time)


def _is_paragraph(line: str) -> bool:
    """Text no headline can be: a long line or a sentence, not a lone word or a label
    (``Общество``, ``Источник:``), which is body text but does not end the page's top."""
    return len(line) > 60 or (len(line.split()) >= 4 and line[-1] in '.!?…»"')


def _choose_title(
    kept: list[str],
    joined_next: list[bool],
    texts: list[int],
    paragraphs: list[int],
    scores: dict[int, float | None],
) -> int | None:
    """The headline among the lines of text at the top that are not paragraphs, if any."""
    best: tuple[float, int] | None = None
    for rank, i in enumerate(t for t in texts if t not in paragraphs):
        before_credit = joined_next[i] and i + 1 < len(kept) and bool(CREDIT.match(kept[i + 1]))
        glued = (i > 0 and joined_next[i - 1] and bool(hashtags(kept[i - 1]))) or (
            joined_next[i] and i + 1 < len(kept) and is_rubric(kept[i + 1])
        )
        score = scores[i]
        if score is None:
            continue
        score -= (1 if before_credit else 0) + (2 if glued else 0)
        after_lead = bool(paragraphs) and i > paragraphs[0]
        if after_lead and (best is not None or before_credit or score < 1.5):
            continue
        score -= 0.5 * rank
        if best is None or score > best[0]:
            best = (score, i)
    return None if best is None else best[1]


def _lines_above_title(
    kept: list[str],
    texts: list[int],
    paragraphs: list[int],
    title: int,
    furniture: dict[int, PageFields],
    rubric: str | None,
) -> None:
    """Short lines of text above the headline are page furniture: the first in Cyrillic the
    rubric (unless one was found), the others extra fields."""
    for i in texts:
        if i < title and i not in paragraphs and is_rubric(kept[i], loose=True):
            furniture[i] = PageFields()
            if rubric is None and _CYRILLIC.search(kept[i]):
                furniture[i].rubric = rubric = kept[i]
            else:
                furniture[i].extra.append(kept[i])


def _lines(content: str, markup: list[str]) -> tuple[list[str], list[bool]]:
    """The non-blank lines, single-spaced, and for each whether the next line follows directly.
    Lines that held language markers (``[:ru]…[:]``) are added to ``markup`` as printed."""
    lines = [raw.strip() for raw in content.split("\n")]
    if "[:" in content or "{:" in content:
        for n, line in enumerate(lines):
            if (bare := _LANG_MARKUP.sub("", line).strip()) != line:
                markup.append(" ".join(line.split()))
                lines[n] = bare
    lines.append("")
    at = [i for i, line in enumerate(lines) if line]
    kept = [" ".join(line.split()) if "  " in line else line for line in map(lines.__getitem__, at)]
    joined_next = [bool(lines[i + 1]) for i in at]
    return kept, joined_next


def _read_middle(
    kept: list[str],
    joined_next: list[bool],
    fields: PageFields,
    title: int | None,
    pos: int,
    end: int,
) -> list[str]:
    """The body paragraphs between the head and the tail; captions (a credit line and the
    caption line glued above it), tags and a byline under the title go into ``fields``."""
    body: list[str] = []
    for n, i in enumerate(range(pos, end)):
        line = kept[i]
        if i == title:
            continue
        if n < 4 and len(line) <= 120 and take_furniture(line, fields, pre_title=False):
            continue
        tags = hashtags(line) if "#" in line else None
        if tags:
            fields.add_tags(tags)
        elif is_caption(line) or (
            joined_next[i]
            and i + 1 < end
            and CREDIT.match(kept[i + 1])
            and len(line) <= 200
            and not line.endswith(".")
        ):
            fields.captions.append(line)
        elif n < 6 and fields.author is None and byline_at(kept, i, end):
            fields.author = line
            fields.extra.append(kept[i + 1])
        elif i > pos and fields.author == kept[i - 1] and ROLE.match(line):
            if line not in fields.extra:
                fields.extra.append(line)
        elif line.isdigit() and len(line) <= _PICTURE_DIGITS:  # a photo blog's picture number
            fields.extra.append(line)
        else:
            body.append(line)
    return body


def parse_article(text: str, path: str = "") -> Article:
    """Parse the text of one scraped article file. Never raises; every line ends up somewhere."""
    text = clean_text(text)
    prefix_date, prefix_len = scraper_prefix(text)
    if prefix_date is None and prefix_len:  # `` date 2022-01``: the day from the lead
        prefix_date = prefix_month_day(text, text[prefix_len:])
    prefix = Published(prefix_date) if prefix_date else None
    fields = PageFields()
    kept, joined_next = _lines(text[prefix_len:], fields.extra)
    head = _read_head(kept, joined_next, fields)
    title = kept[head.title] if head.title is not None else None
    body: list[str] = [kept[i] for i in head.body]
    pos = head.end
    tail = PageFields()
    end = peel_tail(kept, pos, tail)
    body += _read_middle(kept, joined_next, fields, head.title, pos, end)
    fields.add_tags(tail.tags)
    fields.captions.extend(tail.captions)
    fields.extra.extend(tail.extra)
    fields.dates.extend(tail.dates)
    fields.author = tail.author or fields.author
    fields.source = fields.source or tail.source
    if body and (feed := feed_footer(body[-1])) is not None:  # The post … appeared first on …
        fields.source = fields.source or feed.site
        title = title or feed.title
    title_derived = title is None
    if title is None:
        # the lead: the first paragraph, past a short label above it (``2021-2022 год``)
        lead = next((line for line in body if _is_paragraph(line)), body[0] if body else None)
        title = lead_title(lead) if lead else (fields.captions or ["Без названия"])[0]
    elif (bare := strip_badge(title)) != title or section_prefix(title):  # … 12+, Новости. …
        fields.extra.append(title)
        if (split := section_prefix(bare)) is not None:
            fields.rubric = fields.rubric or split[0]
            bare = split[1]
        title = bare
    published = _resolve_date(fields, prefix, body[0] if body else None)
    sites = [line for line in fields.extra if is_web_address(line)]
    sites += filter(None, map(site_suffix, kept[: head.end]))  # Заголовок - adebiportal.kz
    everything = "\n".join([title, *body, *fields.captions])
    return Article(
        id=article_id("\n".join(kept)),
        path=path,
        title=title,
        published=published,
        source=find_source("\n".join([*body, title]), fields.captions, sites, fields.source),
        author=fields.author,
        lang=language(everything),
        rubric=fields.rubric,
        tags=tuple(fields.tags),
        captions=tuple(fields.captions),
        body=tuple(body),
        title_derived=title_derived,
        extra=tuple(fields.extra),
    )
