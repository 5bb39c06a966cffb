"""The timeline's rows drawn as text, one Rich ``Text`` per line, in the timeline's component
styles (:class:`RowPainter`; the widget caches the strips and says which rows are on screen).
The component classes and their default styles are named here too (:data:`ROW_COMPONENTS`,
:data:`ROW_CSS`), beside the code that draws in them.

A timeline row: marks (``●`` unread, ``★`` starred), time, outlet, language and title, a long
title going on onto a second line under itself when the row has two. A search hit: marks and
title across the row (from shortly before its first match when that is past the cut), under it
the date, outlet and language, and for a hit that matched in the body only the matched words in
context. Article text is made safe (:func:`.model.safe`) before it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text

from .model import safe

if TYPE_CHECKING:
    from ..article import Article
    from ..search.snippets import Snippet
    from .model import DayHeader
    from .row_layout import RowLayout

#: The timeline's component classes, in which its rows are drawn (themes apply)…
ROW_COMPONENTS = {
    "timeline--unread",
    "timeline--star",
    "timeline--day",
    "timeline--day-count",
    "timeline--time",
    "timeline--source",
    "timeline--lang",
    "timeline--lang-kk",
    "timeline--title",
    "timeline--match",
    "timeline--snippet",
    "timeline--cursor",
    "timeline--message",
}
#: …and their default styles (the timeline's ``DEFAULT_CSS``).
ROW_CSS = """
    Timeline {
        & > .timeline--unread { color: $text-accent; text-style: bold; }
        & > .timeline--star { color: $text-warning; text-style: bold; }
        & > .timeline--day { color: $text-accent; text-style: bold; }
        & > .timeline--day-count { color: $text-muted; }
        & > .timeline--time { color: $text-muted; }
        & > .timeline--source { color: $text-secondary; }
        & > .timeline--lang { background: $primary-muted; color: $text; }
        & > .timeline--lang-kk { background: $success-muted; color: $text; }
        & > .timeline--title { color: $text; }
        & > .timeline--match { background: $warning-muted; color: $text-warning; text-style: bold; }
        & > .timeline--snippet { color: $text-muted; }
        & > .timeline--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .timeline--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .timeline--message { color: $text-muted; text-style: italic; }
    }
    """

NO_TIME = "  –  "
UNREAD_MARK = "●"
STAR_MARK = "★"
#: The second line of a search hit starts under the title, this far in.
HIT_INDENT = 4

#: A component's style by name (``""``: the widget's own), on the cursor row or not.
StyleOf = Callable[[str, bool], Style]
#: A search hit's snippet by row, and whether it is known yet (not yet: drawn without one).
SnippetOf = Callable[[int], "tuple[Snippet | None, bool]"]


def wrap(title: str, room: int) -> tuple[str, str]:
    """``title`` cut for two lines: at the last space that fits ``room`` (or at ``room``)."""
    if len(title) <= room:
        return title, ""
    cut = title.rfind(" ", 0, room + 1)
    if cut < room // 2:
        cut = room
    return title[:cut].rstrip(), title[cut:].lstrip()


class RowPainter:
    """The lines of the timeline's rows, given the component styles and the marks."""

    def __init__(self, style: StyleOf) -> None:
        self.style = style
        #: The ids of read and of starred articles (kept, not copied: the app changes them).
        self.read: Collection[str] = ()
        self.starred: Collection[str] = ()
        #: The outlet column's width in a wide row.
        self.source_width = 12

    def source_columns(self, width: int) -> int:
        """The outlet column's width in a row ``width`` wide (0: none)."""
        if width < 40:
            return 0
        if width < 60:
            return min(self.source_width, 10)
        return self.source_width

    def prefix_width(self, width: int) -> int:
        """Columns before the title on a timeline row: marks, time, outlet, language."""
        source = self.source_columns(width)
        return 4 + len(NO_TIME) + 1 + (source + 1 if source else 0) + 5

    def row(
        self, rows: RowLayout, row: int, width: int, cursor: bool, snippet_of: SnippetOf
    ) -> tuple[list[Text], bool]:
        """The lines of ``row`` of ``rows``, and whether they are final (not drawn without
        the snippet they wait for): a day header, an article or a search hit."""
        index = rows.article_at(row)
        if index is None:
            return [self.header(rows.header_at(row), width)], True
        article = rows.articles[index]
        hit = rows.hit_at(row)
        if hit is None:
            return self.article(article, width, cursor, rows.lines(row)), True
        snippet, complete = None, True
        if not hit.title_spans:  # matched in the body only: the words in context, once found
            snippet, complete = snippet_of(row)
        return self.hit(hit, article, width, cursor, snippet), complete

    def message(self, message: str, width: int) -> Text:
        """The line saying why there are no rows (loading, no articles, no matches)."""
        text = Text(" " + safe(message), style=self.style("timeline--message", False))
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def header(self, header: DayHeader, width: int) -> Text:
        """A day's header: ``Thursday 5 March 2026 · 3 articles``."""
        style = self.style
        text = Text(" ", style=style("", False), end="")
        text.append(header.label, style("timeline--day", False))
        noun = "article" if header.count == 1 else "articles"
        text.append(f" · {header.count:,} {noun}", style("timeline--day-count", False))
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def marks(self, article: Article, cursor: bool) -> Text:
        """`` ●★ ``: the row's start, with its unread and star marks."""
        style = self.style
        text = Text(" ", style=style("", cursor), end="")
        if article.id in self.read:
            text.append(" ")
        else:
            text.append(UNREAD_MARK, style("timeline--unread", cursor))
        if article.id in self.starred:
            text.append(STAR_MARK, style("timeline--star", cursor))
        else:
            text.append(" ")
        text.append(" ")
        return text

    def badge(self, text: Text, article: Article, cursor: bool) -> None:
        badge = "timeline--lang-kk" if article.lang == "kk" else "timeline--lang"
        text.append(f" {safe(article.lang)[:2]:2} ", self.style(badge, cursor))
        text.append(" ")

    def source(self, text: Text, article: Article, columns: int, cursor: bool) -> None:
        if not columns:
            return
        source = safe(article.source or "—")
        if len(source) > columns:
            source = source[: columns - 1] + "…"
        text.append(source.ljust(columns), self.style("" if cursor else "timeline--source", cursor))
        text.append(" ")

    def article(self, article: Article, width: int, cursor: bool, lines: int) -> list[Text]:
        """A timeline row: marks, time, outlet, language and title; a long title goes on
        onto a second line, under itself, when the row has two."""
        style = self.style
        text = self.marks(article, cursor)
        published = article.published
        if published is None or published.time is None:
            stamp = NO_TIME
        else:
            stamp = f"{published.time.hour:02d}:{published.time.minute:02d}"
        # On the cursor row every column takes the cursor's colours (readable on any theme),
        # except the language badge.
        plain = "" if cursor else None
        text.append(stamp, style("timeline--time" if plain is None else plain, cursor))
        text.append(" ")
        self.source(text, article, self.source_columns(width), cursor)
        self.badge(text, article, cursor)
        title_style = style("timeline--title" if plain is None else plain, cursor)
        title = safe(article.title)
        rest = ""
        if lines > 1:
            title, rest = wrap(title, width - text.cell_len)
        indent = text.cell_len
        text.append(title, title_style)
        text.truncate(width, overflow="ellipsis", pad=True)
        if lines < 2:
            return [text]
        second = Text(" " * indent, style=style("", cursor), end="")
        second.append(rest, title_style)
        second.truncate(width, overflow="ellipsis", pad=True)
        return [text, second]

    def hit(
        self, hit: Any, article: Article, width: int, cursor: bool, snippet: Snippet | None
    ) -> list[Text]:
        """A search hit: marks and title across the row (from shortly before its first match
        when that is past the cut); under it the date, outlet and language, then for a hit
        that matched in the body only, the matched words in context (``snippet``, when found)."""
        style = self.style
        plain = "" if cursor else None
        match = style("timeline--match", cursor)

        text = self.marks(article, cursor)
        start = len(text)
        title = safe(article.title)
        title_spans = hit.title_spans
        spans = [(a, b) for a, b in title_spans if 0 <= a < b <= len(title)]
        # A match past the cut: show the title from shortly before it, after an ellipsis.
        room = width - text.cell_len
        if spans and spans[0][1] >= room and room > 12:
            skip = max(0, spans[0][0] - room // 4)
            space = title.rfind(" ", 0, skip + 1)
            skip = space + 1 if space > 0 else skip
            title = "…" + title[skip:]
            spans = [(a - skip + 1, b - skip + 1) for a, b in spans if a >= skip]
        text.append(title, style("timeline--title" if plain is None else plain, cursor))
        for span_start, span_end in spans:
            text.stylize(match, start + span_start, start + span_end)
        text.truncate(width, overflow="ellipsis", pad=True)

        second = Text(" " * HIT_INDENT, style=style("", cursor), end="")
        published = article.published
        stamp = "undated   " if published is None else published.date.isoformat()
        second.append(stamp, style("timeline--time" if plain is None else plain, cursor))
        second.append(" ")
        # Narrow: a snippet takes the outlet's place (a hit without one keeps its outlet).
        in_context = not title_spans and snippet is not None
        columns = self.source_columns(width) if width >= 60 or not in_context else 0
        self.source(second, article, columns, cursor)
        self.badge(second, article, cursor)
        if in_context:
            at = len(second)
            shown, shown_spans = snippet.fit(width - second.cell_len)
            second.append(
                safe(shown), style("timeline--snippet" if plain is None else plain, cursor)
            )
            for span_start, span_end in shown_spans:
                second.stylize(match, at + span_start, at + span_end)
        second.truncate(width, overflow="ellipsis", pad=True)
        return [text, second]
