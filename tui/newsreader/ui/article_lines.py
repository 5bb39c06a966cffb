"""An article laid out for the viewer: title, meta line, tags, captions, body and path wrapped
into lines of Rich ``Text`` (:func:`article_lines`), with the search matches highlighted and the
line each match starts on (for n/N).

The lines are built from plain strings, never markup, and article text is made safe
(:func:`.model.safe`) first. Nothing here imports Textual: the styles are looked up by name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence

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


def article_lines(
    article: Article,
    width: int,
    style: Callable[[str], Style],
    *,
    title_spans: TitleSpans = (),
    body_spans: BodySpans = (),
    current_match: int = -1,
) -> tuple[list[Text], list[int]]:
    """``article`` wrapped to ``width`` (kept between :data:`MIN_TEXT_WIDTH` and
    :data:`MAX_TEXT_WIDTH`), and the line of each match, in order; ``style`` gives a viewer
    component's style by name, match number ``current_match`` standing out."""
    width = min(max(MIN_TEXT_WIDTH, width), MAX_TEXT_WIDTH)
    lines: list[Text] = []
    match_style = style("viewer--match")
    current_style = style("viewer--match-current")
    match_lines: list[int] = []
    for piece in _pieces(article, style, title_spans, body_spans):
        if piece is None:
            lines.append(Text(""))
            continue
        text, spans = piece
        plain = text.plain
        starts: list[int] = []
        for start, end in spans:
            if 0 <= start < end <= len(plain):
                number = len(match_lines) + len(starts)
                text.stylize(current_style if number == current_match else match_style, start, end)
                starts.append(start)
        offsets = divide_line(plain, width, fold=True)
        base = len(lines)
        for line in text.divide(offsets):
            line.rstrip_end(width)
            lines.append(line)
        match_lines.extend(base + bisect_right(offsets, start) for start in starts)
    return lines, match_lines


def _pieces(
    article: Article, style: Callable[[str], Style], title_spans: TitleSpans, body_spans: BodySpans
) -> Iterator[tuple[Text, Sequence[tuple[int, int]]] | None]:
    """The article's title, meta line, damage, tags, captions, paragraphs and path in order,
    styled, each with its matches (``None``: a blank line)."""
    yield Text(safe(article.title), style=style("viewer--title")), title_spans
    yield None
    yield Text(meta_line(article), style=style("viewer--meta")), ()
    if article.repaired:
        damage = f"Damaged file: {safe(describe_damage(article.repaired))}"
        yield Text(damage, style=style("viewer--warning")), ()
    if article.tags:
        tags = "  ".join("#" + safe(tag).lstrip("#") for tag in article.tags)
        yield Text(tags, style=style("viewer--tags")), ()
    caption_style = style("viewer--caption")
    if article.captions:
        yield None
        for caption in article.captions:
            yield Text(safe(caption), style=caption_style), ()
    body_style = style("viewer--body")
    spans_by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for paragraph, start, end in body_spans:
        spans_by_paragraph.setdefault(paragraph, []).append((start, end))
    for number, paragraph in enumerate(article.body):
        yield None
        yield Text(safe(paragraph), style=body_style), sorted(spans_by_paragraph.get(number, ()))
    if not article.body:
        yield None
        yield Text("(no text)", style=caption_style), ()
    yield None
    yield Text(safe(article.path), style=style("viewer--path")), ()


def meta_line(article: Article) -> str:
    """``2026-03-05 12:00 · Zakon.kz · author · rubric · Russian``: what is known of it."""
    parts = []
    parts.append(article.published.display() if article.published else "undated")
    for field in (article.source, article.author, article.rubric):
        if field:
            parts.append(safe(field))
    parts.append(LANGUAGE_NAMES.get(article.lang, safe(article.lang)))
    return " · ".join(parts)
