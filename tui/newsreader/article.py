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
        article.title_derived, article.extra,
    )  # fmt: skip


def article_from_row(row: Row) -> Article:
    """The inverse of :func:`article_to_row`."""
    aid, path, title, stamp, source, author, lang, rubric, tags, captions, body, derived, extra = (
        row
    )
    published = None
    if stamp is not None:
        ordinal, minutes, offset = stamp  # type: ignore[misc]
        time = None if minutes < 0 else dt.time(minutes // 60, minutes % 60)
        published = Published(dt.date.fromordinal(ordinal), time, offset)
    return Article(
        aid, path, title, published, source, author, lang, rubric,  # type: ignore[arg-type]
        tags, captions, body, derived, extra,  # type: ignore[arg-type]
    )  # fmt: skip
