"""The marks a republished text carries: a feed's footer naming the headline and the first site.

WordPress feeds end an excerpt with ``[…]The post <headline> appeared first on <site>.``; a site
that republishes the feed keeps that line, glued to the last paragraph (which stays whole in the
body). It is the one place such a page prints its headline, and it names the site the text first
appeared on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FeedFooter", "feed_footer"]

_FOOTER = re.compile(r"The post (?P<title>.+?) appeared first on (?P<site>[^\n]+?)\.?$")


@dataclass(frozen=True)
class FeedFooter:
    """What a feed's footer names."""

    title: str
    site: str


def feed_footer(paragraph: str) -> FeedFooter | None:
    """The feed footer ending ``paragraph``, or ``None`` when it has none."""
    match = _FOOTER.search(paragraph) if "appeared first on" in paragraph else None
    return None if match is None else FeedFooter(match["title"].strip(), match["site"].strip())
