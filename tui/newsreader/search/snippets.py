"""The matched words of an article's body in context: the line a result list shows under a hit
that matched in its body but not in its title, so the reader sees why it was found.

:func:`body_snippet` picks the paragraph with the most different matched words (then the most
matches, then the first); :meth:`Snippet.fit` cuts it to the width there is, around the run of
matches that fits best, at spaces, with ``…`` where it was cut, and gives the matches' offsets
in the text it returns. The spans are the search's own (:attr:`.Hit.body_spans`): nothing here
matches words again. No Textual here; :func:`hit_snippet` runs in a worker thread.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .normalize import fold

if TYPE_CHECKING:
    from ..article import Article

__all__ = ["Snippet", "body_snippet", "hit_snippet"]

Span = tuple[int, int]
BodySpan = tuple[int, int, int]

ELLIPSIS = "…"
#: Context kept before the first match shown: at most this many characters…
MAX_LEAD = 24
#: …and at most this share of the width.
LEAD_SHARE = 4


@dataclass(frozen=True, slots=True)
class Snippet:
    """One paragraph of a body and the ``[start, end)`` spans of the matches in it (sorted,
    not overlapping)."""

    paragraph: str
    spans: tuple[Span, ...]

    def fit(self, width: int) -> tuple[str, tuple[Span, ...]]:
        """At most ``width`` characters of the paragraph around its matches, and their spans
        in that text.

        The window starts a little before the match from which the most matches fit, at the
        start of a word, and ends at a space; ``…`` marks either cut. A paragraph that fits is
        given whole.
        """
        paragraph, spans = self.paragraph, self.spans
        if width <= 0:
            return "", ()
        if len(paragraph) <= width:
            return paragraph, spans
        lead = min(MAX_LEAD, width // LEAD_SHARE)
        ends = [end for _start, end in spans]
        anchor, most = 0, 0
        for number, (start, _end) in enumerate(spans):
            # The spans after this one that end inside a window starting ``lead`` before it.
            shown = bisect_right(ends, start - lead + width) - number
            if shown > most:
                anchor, most = number, shown
        match_start, match_end = spans[anchor]
        if width < 3:  # no room for an ellipsis: the match, cut
            return self._window(match_start, match_start + width, "", "")
        begin = max(0, match_start - lead)
        if begin > 0 and not paragraph[begin - 1].isspace():  # not in the middle of a word
            space = paragraph.find(" ", begin, match_start)
            begin = space + 1 if space >= 0 else match_start
        prefix = ELLIPSIS if begin > 0 else ""
        end = begin + width - len(prefix)
        suffix = ""
        if end < len(paragraph):
            end -= len(ELLIPSIS)
            space = paragraph.rfind(" ", match_end, end + 1)
            if space > match_end:
                end = space
            suffix = ELLIPSIS
        return self._window(begin, end, prefix, suffix)

    def _window(
        self, begin: int, end: int, prefix: str, suffix: str
    ) -> tuple[str, tuple[Span, ...]]:
        """``paragraph[begin:end]`` between ``prefix`` and ``suffix``, and the spans in it."""
        body = self.paragraph[begin:end].rstrip()
        end = begin + len(body)
        shift = len(prefix) - begin
        spans = tuple(
            (max(start, begin) + shift, min(stop, end) + shift)
            for start, stop in self.spans
            if start < end and stop > begin
        )
        return prefix + body + suffix, spans


def body_snippet(body: Sequence[str], body_spans: Iterable[BodySpan]) -> Snippet | None:
    """The paragraph of ``body`` that best shows the matches ``body_spans`` (``(paragraph,
    start, end)``, as :attr:`.Hit.body_spans`), or ``None`` when there is none."""
    by_paragraph: dict[int, list[Span]] = {}
    for number, start, end in body_spans:
        if 0 <= number < len(body) and 0 <= start < end <= len(body[number]):
            by_paragraph.setdefault(number, []).append((start, end))
    if not by_paragraph:
        return None

    def merit(number: int) -> tuple[int, int, int]:
        paragraph, spans = body[number], by_paragraph[number]
        words = {fold(paragraph[start:end]) for start, end in spans}
        return len(words), len(spans), -number

    best = max(by_paragraph, key=merit)
    spans: list[Span] = []
    for start, end in sorted(by_paragraph[best]):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return Snippet(body[best], tuple(spans))


def hit_snippet(hit: Any, body_of: Callable[[Article], Sequence[str]]) -> Snippet | None:
    """The snippet of a search hit that matched in its body but not in its title (``None`` for
    any other hit). ``body_of(article)`` gives the body paragraphs (read from the file when
    the article is held without them); it is called only for a hit with body matches."""
    if hit.title_spans:
        return None
    spans = hit.body_spans
    if not spans:
        return None
    return body_snippet(body_of(hit.article), spans)
