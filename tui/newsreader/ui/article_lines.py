"""An article laid out for the viewer: title, meta line, tags, captions, body and path wrapped
into lines of Rich ``Text`` (:func:`article_lines`), with the search matches highlighted, the
line each match starts on (for n/N), and where in its paragraph each line's text comes from (to
copy a selection as the article's text, not the screen's).

The lines are built from plain strings, never markup, and article text is made safe
(:func:`.model.safe`) first. Nothing here imports Textual: the styles are looked up by name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from rich._wrap import divide_line
from rich.style import Style
from rich.text import Text

from ..article import Article
from ..corpus import describe_damage
from .model import LANGUAGE_NAMES, safe

#: Lines longer than this are hard to read: wider panes get a margin instead.
MAX_TEXT_WIDTH = 100
#: Below this the text is wrapped to this width anyway (and cropped): nothing breaks.
MIN_TEXT_WIDTH = 8

TitleSpans = Sequence[tuple[int, int]]
BodySpans = Sequence[tuple[int, int, int]]


class Piece(NamedTuple):
    """One paragraph of the layout (the title, the meta line, a caption, a body paragraph…)."""

    #: The viewer component it is drawn with: ``viewer--title``, ``viewer--body``…
    kind: str
    #: Its text as shown (made safe), on one line.
    text: str


class LineSource(NamedTuple):
    """Where a laid-out line comes from: ``pieces[piece].text[start:end]`` (-1: a blank line)."""

    piece: int
    start: int
    end: int


BLANK = LineSource(-1, 0, 0)


class ArticleLayout(NamedTuple):
    """:func:`article_lines`' result: the lines, each match's line, and each line's source."""

    lines: list[Text]
    matches: list[int]
    pieces: list[Piece]
    sources: list[LineSource]


def article_lines(
    article: Article,
    width: int,
    style: Callable[[str], Style],
    *,
    title_spans: TitleSpans = (),
    body_spans: BodySpans = (),
    current_match: int = -1,
) -> ArticleLayout:
    """``article`` wrapped to ``width`` (kept between :data:`MIN_TEXT_WIDTH` and
    :data:`MAX_TEXT_WIDTH`), the line of each match, in order, and the source of each line;
    ``style`` gives a viewer component's style by name, match number ``current_match`` standing
    out."""
    width = min(max(MIN_TEXT_WIDTH, width), MAX_TEXT_WIDTH)
    layout = ArticleLayout([], [], [], [])
    lines, match_lines, sources = layout.lines, layout.matches, layout.sources
    styles: dict[str, Style] = {}
    match_style = style("viewer--match")
    current_style = style("viewer--match-current")
    for piece in _pieces(article, title_spans, body_spans):
        if piece is None:
            lines.append(Text(""))
            sources.append(BLANK)
            continue
        kind, plain, spans = piece
        if kind not in styles:
            styles[kind] = style(kind)
        text = Text(plain, style=styles[kind])
        number = len(layout.pieces)
        layout.pieces.append(Piece(kind, plain))
        starts: list[int] = []
        for start, end in spans:
            if 0 <= start < end <= len(plain):
                match = len(match_lines) + len(starts)
                text.stylize(current_style if match == current_match else match_style, start, end)
                starts.append(start)
        offsets = divide_line(plain, width, fold=True)
        base = len(lines)
        for line in text.divide(offsets):
            line.rstrip_end(width)
            lines.append(line)
        ends = [*offsets, len(plain)]
        sources.extend(LineSource(number, s, e) for s, e in zip([0, *offsets], ends, strict=True))
        match_lines.extend(base + bisect_right(offsets, start) for start in starts)
    return layout


def _pieces(
    article: Article, title_spans: TitleSpans, body_spans: BodySpans
) -> Iterator[tuple[str, str, Sequence[tuple[int, int]]] | None]:
    """The article's title, meta line, damage, tags, captions, paragraphs and path in order, as
    (component, safe text, matches) (``None``: a blank line)."""
    yield "viewer--title", safe(article.title), title_spans
    yield None
    yield "viewer--meta", meta_line(article), ()
    if article.repaired:
        yield "viewer--warning", f"Damaged file: {safe(describe_damage(article.repaired))}", ()
    if article.tags:
        yield "viewer--tags", "  ".join("#" + safe(tag).lstrip("#") for tag in article.tags), ()
    if article.captions:
        yield None
        for caption in article.captions:
            yield "viewer--caption", safe(caption), ()
    spans_by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for paragraph, start, end in body_spans:
        spans_by_paragraph.setdefault(paragraph, []).append((start, end))
    for number, paragraph in enumerate(article.body):
        yield None
        yield "viewer--body", safe(paragraph), sorted(spans_by_paragraph.get(number, ()))
    if not article.body:
        yield None
        yield "viewer--caption", "(no text)", ()
    yield None
    yield "viewer--path", safe(article.path), ()


def meta_line(article: Article) -> str:
    """``2026-03-05 12:00 · Zakon.kz · author · rubric · Russian``: what is known of it."""
    parts = []
    parts.append(article.published.display() if article.published else "undated")
    for field in (article.source, article.author, article.rubric):
        if field:
            parts.append(safe(field))
    parts.append(LANGUAGE_NAMES.get(article.lang, safe(article.lang)))
    return " · ".join(parts)
