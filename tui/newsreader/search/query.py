"""The query language. :func:`parse_query` never fails: what it cannot read is searched as words.

Syntax (case-insensitive keys, Russian aliases in brackets)::

    иран тоқаев             words, all required (AND); Latin spellings find Cyrillic ones
    tokaev~                 the word and its typo neighbours (a word found as typed brings none)
    "ближнем востоке"       an exact phrase (typographic quotes «…» “…” work too)
    -бакаев  -"два народа"  exclude a word or a phrase
    source:zakon            (источник:) the outlet's name contains the value, in either script
    lang:kk                 (язык:) ru or kk (kz, қаз, рус … accepted)
    tag:палестина           (тег:) a tag starts with the value's words
    author:беляева          (автор:) the author's name has the value's words
    date:2026-03            (дата:) a year, a month or a day …
    date:2026-03-01..2026-03-05   … or a range; either end may be left open: date:..2026-03-05
    is:unread  is:starred   flags for the caller to apply (exposed as ``Query.flags``)
    author:"Елена Беляева"  a quoted filter value may hold spaces
    -source:zakon           any filter can be negated

The same filter key given twice admits either value (``lang:ru lang:kk``), except ``tag:``, where
every tag is required. A filter alone lists everything it admits. An unterminated quote or an
unknown key (``http://…``) is read as plain words. What is written wrong is said, one line each, in
``Query.problems``: a date that is not one (``date:2026-13``, then searched as words), an empty
value (``source:``), a language other than ru or kk (left out); and a query over
:data:`MAX_QUERY_CHARS` characters (the rest not searched).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .normalize import WORD_RE, fold
from .romanize import is_roman

__all__ = [
    "FILTER_KEYS",
    "LANGUAGES",
    "MAX_QUERY_CHARS",
    "SYNTAX",
    "Filter",
    "Query",
    "parse_query",
]

#: Filter keys and the aliases that spell them.
FILTER_KEYS: dict[str, str] = {
    "source": "source",
    "src": "source",
    "site": "source",
    "источник": "source",
    "lang": "lang",
    "language": "lang",
    "язык": "lang",
    "тіл": "lang",
    "tag": "tag",
    "tags": "tag",
    "тег": "tag",
    "author": "author",
    "by": "author",
    "автор": "author",
    "date": "date",
    "дата": "date",
    "is": "is",
}

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-"})
#: The query language for people: (what to type, what it finds), for help pages and the README.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("иран тоқаев", "every word, in any inflection and either spelling (Тоқаев, Токаев)"),
    ("tokaev, Tokayev", "Latin letters as people type them"),
    ("tokaev~", "the word and its typo neighbours (Бокаев too)"),
    ('"ближнем востоке"', "an exact phrase («…» and “…” work too)"),
    ('-бакаев, -"два народа"', "without the word or the phrase"),
    ("source:zakon", "outlet (источник:), in either script; source:zakon,kazinform: either"),
    ("lang:kk", "language (язык:): kk or ru (kz, қаз, рус … too)"),
    ("tag:палестина", "a tag (тег:) that starts with the words"),
    ('author:"Елена Беляева"', "the author's name has the words (автор:)"),
    ("date:2026-03", "a year, month or day (дата:)"),
    ("date:2026-03-01..2026-03-05", "a range; date:..2026-03-05 or date:2026-03.. open-ended"),
    ("is:unread, is:starred", "your marks; -is:read, -source:… negate any filter"),
)

#: The marks ``is:`` asks for (the caller keeps them: :class:`~.engine.Marks`).
MARKS = ("unread", "read", "starred")

#: The values ``lang:`` takes, and the language each names.
LANGUAGES = {
    "ru": "ru", "rus": "ru", "russian": "ru", "ру": "ru", "рус": "ru", "русский": "ru",
    "орыс": "ru", "kk": "kk", "kz": "kk", "kaz": "kk", "kazakh": "kk", "қаз": "kk", "каз": "kk",
    "казахский": "kk", "қазақ": "kk", "казак": "kk", "кк": "kk",
}  # fmt: skip

_PIECE_RE = re.compile(
    r"""
    (?P<neg>-)?
    (?:
        (?P<key>[^\W\d_]+):(?:"(?P<qvalue>[^"]*)"|(?P<value>[^\s"]+))
      | "(?P<phrase>[^"]*)"
      | (?P<word>[^\s"]+|")
    )
    """,
    re.VERBOSE,
)
_APOSTROPHES = "'’ʼ‘`´"
#: Words joined by apostrophes: one Latin word when all Latin (Kazakh Latin of 2017: ``s'ahar``).
_APOSTROPHE_WORD_RE = re.compile(rf"{WORD_RE.pattern}(?:[{_APOSTROPHES}](?:{WORD_RE.pattern})?)*")
_TO_APOSTROPHE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Filter:
    """One ``key:value`` filter. For ``date``, ``start``/``end`` bound it (``None`` = open)."""

    key: str
    value: str
    negated: bool = False
    start: dt.date | None = None
    end: dt.date | None = None

    def __str__(self) -> str:
        value = f'"{self.value}"' if " " in self.value else self.value
        return f"{'-' if self.negated else ''}{self.key}:{value}"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. ``words`` and ``phrases`` are required; ``excluded_*`` must be absent."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded_words: tuple[str, ...] = ()
    excluded_phrases: tuple[tuple[str, ...], ...] = ()
    filters: tuple[Filter, ...] = ()
    #: Words typed with a trailing ``~``: their typo neighbours are wanted too.
    typo_words: tuple[str, ...] = ()
    #: ``is:`` values, lower-cased (``unread``, ``starred`` …): the caller applies them.
    flags: tuple[str, ...] = ()
    negated_flags: tuple[str, ...] = ()
    #: What in the text was not searched and why, one line each for the user.
    problems: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query asks nothing: every article matches."""
        return not (
            self.words
            or self.phrases
            or self.excluded_words
            or self.excluded_phrases
            or self.filters
            or self.flags
            or self.negated_flags
        )

    @property
    def has_terms(self) -> bool:
        """True when there are words or phrases to rank by."""
        return bool(self.words or self.phrases)


def _date_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day named by ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _DATE_RE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            first = dt.date(year, month, 1)
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        day_ = dt.date(year, month, day)
        return day_, day_
    except ValueError:
        return None


def parse_date_range(value: str) -> tuple[dt.date | None, dt.date | None] | None:
    """``2026-03`` → (1 March, 31 March); ``A..B`` with either end open; ``None`` if invalid."""
    if ".." in value:
        left, _, right = value.partition("..")
        if not left and not right:
            return None
        start = end = None
        if left:
            bounds = _date_bounds(left)
            if bounds is None:
                return None
            start = bounds[0]
        if right:
            bounds = _date_bounds(right)
            if bounds is None:
                return None
            end = bounds[1]
        if start and end and start > end:
            start, end = end, start
        return start, end
    bounds = _date_bounds(value)
    return bounds


def _split_words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _query_words(text: str) -> list[str]:
    """The words of ``text``; a Latin word with apostrophes (``s'ahar``, ``qazaqstan'``) stays
    whole, its apostrophes straightened."""
    if not any(mark in text for mark in _APOSTROPHES):
        return WORD_RE.findall(text)
    found: list[str] = []
    for match in _APOSTROPHE_WORD_RE.finditer(text):
        word = match[0].translate(_TO_APOSTROPHE)
        if "'" in word and is_roman(fold(word)):
            found.append(word)
        else:
            found.extend(WORD_RE.findall(word))
    return found


_DATE_EXAMPLES = "date:2026-03, date:2026-03-01..2026-03-05"
#: A value of each filter, for a message that says how it is written.
_EXAMPLES = {
    "source": "source:zakon",
    "lang": "lang:kk",
    "tag": "tag:палестина",
    "author": "author:беляева",
    "date": _DATE_EXAMPLES,
    "is": "is:unread, is:starred",
}

#: A query is cut here (at a space, if there is one): a pasted page would take seconds for
#: each keystroke (measured: 20,000 characters, 2–5 s on 5 articles).
MAX_QUERY_CHARS = 500


@dataclass(slots=True)
class _Pieces:
    """What a query is made of, gathered as it is read."""

    words: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    excluded_words: list[str] = field(default_factory=list)
    excluded_phrases: list[tuple[str, ...]] = field(default_factory=list)
    typo_words: list[str] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    negated_flags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add_words(self, raw: str, negated: bool) -> None:
        parts = _query_words(raw)
        if negated:
            # "-Касым-Жомарт" excludes the phrase, not each half.
            if len(parts) > 1:
                self.excluded_phrases.append(tuple(parts))
            else:
                self.excluded_words.extend(parts)
        else:
            self.words.extend(parts)
            if raw.rstrip(",.;:!?»)").endswith("~"):
                self.typo_words.extend(parts)

    def add_filter(self, key: str, value: str, raw: str, negated: bool) -> None:
        """``key:value`` (``raw`` as typed): a filter, the ``is:`` marks, or words if it is
        not a date after all."""
        if key == "is":
            for flag in value.casefold().split(","):
                if flag in MARKS:
                    (self.negated_flags if negated else self.flags).append(flag)
                elif flag:
                    self.problems.append(f"is:{flag} is not a mark ({', '.join(MARKS)}): left out")
            return
        if key == "date":
            bounds = parse_date_range(value.replace(" ", ""))
            if bounds is None:
                self.problems.append(f"{raw.lstrip('-')} is not a date ({_DATE_EXAMPLES})")
                self.add_words(raw.lstrip("-"), negated)
                return
            self.filters.append(Filter("date", value, negated, *bounds))
            return
        for part in value.split(",") if key in ("lang", "source") else [value]:
            part = part.strip()
            if key == "lang" and part and part.casefold() not in LANGUAGES:
                self.problems.append(f"lang:{part} is not a language here (ru or kk): left out")
            elif part:
                self.filters.append(Filter(key, part, negated))

    def add_phrase(self, phrase: str, negated: bool) -> None:
        parts = _split_words(phrase)
        if not parts:
            return
        if len(parts) == 1 and not negated:
            # A one-word phrase is that exact word.
            self.phrases.append(tuple(parts))
        else:
            (self.excluded_phrases if negated else self.phrases).append(tuple(parts))

    def query(self, text: str) -> Query:
        return Query(
            text=text,
            words=tuple(self.words),
            phrases=tuple(self.phrases),
            excluded_words=tuple(self.excluded_words),
            excluded_phrases=tuple(self.excluded_phrases),
            typo_words=tuple(self.typo_words),
            filters=tuple(self.filters),
            flags=tuple(self.flags),
            negated_flags=tuple(self.negated_flags),
            problems=tuple(self.problems),
        )


def parse_query(text: str) -> Query:
    """Parse what the user typed. Never raises; see the module docstring for the syntax."""
    pieces = _Pieces()
    clean = text.translate(_QUOTES)
    if len(clean) > MAX_QUERY_CHARS:
        cut = clean.rfind(" ", MAX_QUERY_CHARS // 2, MAX_QUERY_CHARS + 1)
        clean = clean[: cut if cut > 0 else MAX_QUERY_CHARS]
        pieces.problems.append(f"only the first {len(clean):,} characters are searched")
    for match in _PIECE_RE.finditer(clean):
        negated = bool(match["neg"])
        raw = match[0]
        if match["key"] is not None:
            key = FILTER_KEYS.get(match["key"].casefold())
            value = match["qvalue"] if match["qvalue"] is not None else match["value"]
            value = " ".join(value.split()).translate(_DASHES)
            if key is None or not value.strip(",") or not _split_words(value):
                pieces.add_words(raw.lstrip("-"), negated)
            else:
                pieces.add_filter(key, value, raw, negated)
        elif match["phrase"] is not None:
            pieces.add_phrase(match["phrase"], negated)
        else:
            word = match["word"]
            if word.endswith(":") and word[:-1].casefold() in FILTER_KEYS:
                example = _EXAMPLES[FILTER_KEYS[word[:-1].casefold()]]
                pieces.problems.append(f"{word} needs a value, with no space ({example})")
            pieces.add_words(word, negated)
    return pieces.query(text)
