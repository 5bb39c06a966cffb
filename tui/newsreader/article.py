"""The article model: one clean, immutable news article parsed from a scraped file."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=False)
class Published:
    """When an article was published, as precisely as its text says.

    ``time`` is ``None`` when only the day is known; ``utc_offset`` (minutes east of UTC) is
    ``None`` when the text names no time zone.
    """

    date: dt.date
    time: dt.time | None = None
    utc_offset: int | None = None

    def iso(self) -> str:
        """ISO 8601: ``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM`` or ``YYYY-MM-DDTHH:MM+05:00``."""
        text = self.date.isoformat()
        if self.time is not None:
            text += f"T{self.time.hour:02d}:{self.time.minute:02d}"
            if self.utc_offset is not None:
                sign = "+" if self.utc_offset >= 0 else "-"
                hours, minutes = divmod(abs(self.utc_offset), 60)
                text += f"{sign}{hours:02d}:{minutes:02d}"
        return text

    @property
    def sort_key(self) -> tuple[int, int]:
        """Orders by day, then time of day (a date without a time sorts as the day's end)."""
        minutes = 24 * 60 if self.time is None else self.time.hour * 60 + self.time.minute
        return (self.date.toordinal(), minutes)

    def display(self) -> str:
        """Human form: ``2025-12-11 12:05 UTC+05:00`` (only what is known)."""
        text = self.date.isoformat()
        if self.time is not None:
            text += f" {self.time.hour:02d}:{self.time.minute:02d}"
            if self.utc_offset is not None:
                text += " UTC" + self.iso()[-6:]
        return text


def article_id(text: str) -> str:
    """A stable id derived from the article's cleaned text (survives renames and moves)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article. Every line of the source ends up in ``body`` or in one of the fields."""

    id: str
    path: str
    title: str
    published: Published | None = None
    source: str | None = None
    author: str | None = None
    lang: str = "ru"
    rubric: str | None = None
    tags: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    #: True when no headline was found and ``title`` was derived from the lead sentence.
    title_derived: bool = False
    #: Page furniture kept verbatim: datelines, language switches, counters, "Автор" labels.
    extra: tuple[str, ...] = field(default=())
    #: What decoding the file had to repair ("1 bad byte sequence, the first at byte 812"):
    #: the text there is U+FFFD. None when the file decoded cleanly.
    repaired: str | None = None

    @property
    def body_text(self) -> str:
        """The body as one string, paragraphs separated by a blank line."""
        return "\n\n".join(self.body)

    def timeline_key(self) -> tuple[int, int, int, str]:
        """Sort key for the timeline: newest first, undated last, stable by path."""
        if self.published is None:
            return (1, 0, 0, self.path)
        day, minutes = self.published.sort_key
        return (0, -day, -minutes, self.path)


#: Ranks of undated articles (after every dated one).
_UNDATED = 1 << 62


def timeline_rank(article: Article) -> int:
    """:meth:`Article.timeline_key` without the path, as one int (sorts several times faster):
    sort by path first, then by this (a stable sort), for the same order."""
    published = article.published
    if published is None:
        return _UNDATED
    time = published.time
    minutes = 1440 if time is None else time.hour * 60 + time.minute
    return -(published.date.toordinal() * 1441 + minutes)


Row = tuple[object, ...]


def article_to_row(article: Article) -> Row:
    """The article as a tuple of plain values (``marshal``-able: no dates or objects)."""
    published = article.published
    stamp = None
    if published is not None:
        minutes = -1 if published.time is None else published.time.hour * 60 + published.time.minute
        stamp = (published.date.toordinal(), minutes, published.utc_offset)
    return (
        article.id, article.path, article.title, stamp, article.source, article.author,
        article.lang, article.rubric, article.tags, article.captions, article.body,
        article.title_derived, article.extra, article.repaired,
    )  # fmt: skip


#: Dates and times met so far (at 100k articles a few thousand days, at most 1440 minutes).
_DATES: dict[int, dt.date] = {}
_TIMES: dict[int, dt.time] = {}
_SET_DATE, _SET_TIME, _SET_OFFSET = (
    Published.__dict__[name].__set__ for name in ("date", "time", "utc_offset")
)
(
    _SET_ID, _SET_PATH, _SET_TITLE, _SET_PUBLISHED, _SET_SOURCE, _SET_AUTHOR, _SET_LANG,
    _SET_RUBRIC, _SET_TAGS, _SET_CAPTIONS, _SET_BODY, _SET_DERIVED, _SET_EXTRA, _SET_REPAIRED,
) = (
    Article.__dict__[name].__set__
    for name in (
        "id", "path", "title", "published", "source", "author", "lang", "rubric", "tags",
        "captions", "body", "title_derived", "extra", "repaired",
    )
)  # fmt: skip


def _published(stamp: tuple[int, int, int | None]) -> Published:
    ordinal, minutes, offset = stamp
    date = _DATES.get(ordinal)
    if date is None:
        date = _DATES[ordinal] = dt.date.fromordinal(ordinal)
    published = object.__new__(Published)
    _SET_DATE(published, date)
    if minutes < 0:
        _SET_TIME(published, None)
    else:
        time = _TIMES.get(minutes)
        if time is None:
            time = _TIMES[minutes] = dt.time(minutes // 60, minutes % 60)
        _SET_TIME(published, time)
    _SET_OFFSET(published, offset)
    return published


def article_from_row(row: Row) -> Article:
    """The inverse of :func:`article_to_row`. Fast (100k at a warm start): the fields are set
    through the slots, skipping the frozen dataclasses' ``__init__``, and dates are shared."""
    (
        aid, path, title, stamp, source, author, lang, rubric, tags, captions, body, derived, extra,
        repaired,
    ) = row  # fmt: skip
    article = object.__new__(Article)
    _SET_ID(article, aid)
    _SET_PATH(article, path)
    _SET_TITLE(article, title)
    _SET_PUBLISHED(article, None if stamp is None else _published(stamp))  # type: ignore[arg-type]
    _SET_SOURCE(article, source)
    _SET_AUTHOR(article, author)
    _SET_LANG(article, lang)
    _SET_RUBRIC(article, rubric)
    _SET_TAGS(article, tags)
    _SET_CAPTIONS(article, captions)
    _SET_BODY(article, body)
    _SET_DERIVED(article, derived)
    _SET_EXTRA(article, extra)
    _SET_REPAIRED(article, repaired)
    return article
