"""Command palette: "Go to article…", matching titles off the event loop.

Titles are untrusted text, so they are shown as ``Content`` (never markup) and the match is
highlighted with ``Content.stylize`` from our own spans. ``textual.fuzzy`` is not used: its
``Matcher.highlight`` parses markup, and it takes seconds over 100,000 titles.

The providers know the reader by what they ask of it (:class:`Articles`), not by its class: the
palette sits below the app, which lists it among its commands.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..article import Article
from ..search.titles import match_titles
from .model import safe

_DEFAULT_MATCH_STYLE = "bold underline"


def _meta(article: Article) -> Content:
    stamp = article.published.display() if article.published else "undated"
    return Content(" · ".join(part for part in (stamp, safe(article.source or "")) if part))


class Articles(Protocol):
    """What the palette asks of the reader: the articles, their titles folded for matching,
    those the timeline shows first, and going to one."""

    @property
    def articles(self) -> Sequence[Article]: ...

    async def folded_titles(self) -> list[str]: ...

    def first_shown_articles(self, limit: int) -> list[int]: ...

    def goto_article(self, index: int) -> None: ...


class ArticleProvider(Provider):
    """Articles whose title matches what was typed (substring first, then fuzzy).

    In the main palette (Ctrl+P) next to the commands; nothing listed before typing.
    """

    @property
    def reader(self) -> Articles:
        return cast(Articles, self.app)

    async def search(self, query: str) -> Hits:
        reader = self.reader
        articles = reader.articles
        if not articles or not query.strip():
            return
        folded = await reader.folded_titles()
        matches = await asyncio.to_thread(match_titles, folded, query)
        style = self.match_style or _DEFAULT_MATCH_STYLE
        for match in matches:
            article = articles[match.index]
            title = safe(article.title)
            display = Content(title)
            if len(folded[match.index]) == len(title) and match.end > match.start:
                display = display.stylize(style, match.start, match.end)
            yield Hit(
                match.score,
                display,
                partial(reader.goto_article, match.index),
                text=article.title,
                help=_meta(article),
            )


class GoToArticleProvider(ArticleProvider):
    """The "Go to article…" palette: lists the first articles of the timeline before typing."""

    async def discover(self) -> Hits:
        reader = self.reader
        for index in reader.first_shown_articles(20):
            article = reader.articles[index]
            yield DiscoveryHit(
                Content(safe(article.title)),
                partial(reader.goto_article, index),
                text=article.title,
                help=_meta(article),
            )
