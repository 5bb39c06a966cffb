"""A selection of whole lines in the viewer, made with the keyboard (``v``, ``j``/``k``,
``}``/``{``) and copied with ``y``: which lines it holds, how it moves, and the text it copies.

The text copied is the article's, not the screen's: the lines a paragraph was wrapped into are
joined again as they were written, paragraphs are separated by a blank line, and search
highlighting (a style) never enters it. A selection's ends are kept as places in the article's
paragraphs, not as line numbers, so it survives the article being wrapped again (a resize, ``z``).

:class:`LineMap` and :func:`copied_notice` are pure; :class:`SelectingText` is the viewer's part
(a mixin): the actions of ``v`` and of :data:`.bindings.SELECTING`, and which lines to draw
selected.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.binding import BindingsMap

from ..corpus.sanitize import terminal_safe
from . import bindings
from .article_lines import LineSource, Piece

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Region

    from ..article import Article
    from .article_lines import ArticleLayout

#: The paragraphs a selection starts in when one is in view.
BODY = "viewer--body"
#: Words of the copied text repeated in the notice.
NOTICE_WORDS = 6
#: The notice's quote is cut after this many characters.
NOTICE_CHARS = 60
#: Soft hyphens: invisible hints for breaking a word, noise in a quotation.
_SOFT_HYPHEN = "\u00ad"


class Position(NamedTuple):
    """A place in the layout's text: character ``offset`` of piece ``piece``."""

    piece: int
    offset: int


class Selection(NamedTuple):
    """The lines from the one holding ``anchor`` (where ``v`` started it) to the one holding
    ``end`` (the end ``j``/``k`` move), either way round."""

    anchor: Position
    end: Position


class Copied(NamedTuple):
    """What a selection copies, and how many lines and paragraphs of the screen it took."""

    text: str
    lines: int
    paragraphs: int


class LineMap:
    """The laid-out lines of one layout against the pieces they come from: moves a selection
    line by line or paragraph by paragraph, and gives its text."""

    def __init__(self, pieces: Sequence[Piece], sources: Sequence[LineSource]) -> None:
        self.pieces = pieces
        self.sources = sources
        #: The first and one past the last line of each piece.
        self._spans: list[tuple[int, int]] = []
        for line, source in enumerate(sources):
            if source.piece < 0:
                continue
            if source.piece == len(self._spans):
                self._spans.append((line, line + 1))
            else:
                self._spans[source.piece] = (self._spans[source.piece][0], line + 1)

    def line_of(self, position: Position) -> int:
        """The line showing ``position`` (its piece's last line when past its end)."""
        first, stop = self._spans[min(position.piece, len(self._spans) - 1)]
        starts = [self.sources[line].start for line in range(first, stop)]
        return first + max(0, bisect_right(starts, position.offset) - 1)

    def position(self, line: int) -> Position:
        """Where ``line`` (a line of text, not a blank one) starts."""
        source = self.sources[line]
        return Position(source.piece, source.start)

    def lines(self, selection: Selection) -> range:
        """The lines ``selection`` holds, top to bottom."""
        anchor, end = self.line_of(selection.anchor), self.line_of(selection.end)
        return range(min(anchor, end), max(anchor, end) + 1)

    def text_lines(self, lines: range) -> list[int]:
        """Those of ``lines`` that hold text (not the blank ones between paragraphs)."""
        return [line for line in lines if self.sources[line].piece >= 0]

    def end_line(self, selection: Selection) -> int:
        """The line of the end that moves (to keep in view)."""
        return self.line_of(selection.end)

    def begin(self, top: int, height: int) -> Selection | None:
        """A selection of one line in the view of ``height`` lines from ``top``: the first line
        of the first body paragraph wholly in view, else the first body line in view, else the
        first line of text in view (``None``: no text at all)."""
        bottom = min(top + height, len(self.sources))
        for number, (first, stop) in enumerate(self._spans):
            if self.pieces[number].kind == BODY and first >= top and stop <= bottom:
                return self._at(first)
        in_view = [line for line in range(top, bottom) if self.sources[line].piece >= 0]
        body = [line for line in in_view if self.pieces[self.sources[line].piece].kind == BODY]
        if body or in_view:
            return self._at((body or in_view)[0])
        return self._at(self._spans[0][0]) if self._spans else None

    def _at(self, line: int) -> Selection:
        position = self.position(line)
        return Selection(position, position)

    def by_lines(self, selection: Selection, count: int) -> Selection:
        """``selection`` with its moving end ``count`` lines of text down (up if negative),
        over the blank lines between paragraphs, as far as the text goes."""
        line = self.end_line(selection)
        step = 1 if count > 0 else -1
        for _ in range(abs(count)):
            following = line + step
            while 0 <= following < len(self.sources) and self.sources[following].piece < 0:
                following += step
            if not 0 <= following < len(self.sources):
                break
            line = following
        return selection._replace(end=self.position(line))

    def by_paragraphs(self, selection: Selection, step: int) -> Selection:
        """``selection`` with its moving end at the end of its paragraph (``step`` 1), or the
        next one's if it is there already; at the start of its paragraph or the previous one's
        (``step`` -1)."""
        line = self.end_line(selection)
        piece = self.sources[line].piece
        first, stop = self._spans[piece]
        if step > 0:
            target = stop - 1
            if line == target and piece + 1 < len(self._spans):
                target = self._spans[piece + 1][1] - 1
        else:
            target = first
            if line == target and piece > 0:
                target = self._spans[piece - 1][0]
        return selection._replace(end=self.position(target))

    def copied(self, selection: Selection) -> Copied:
        """The text of the selected lines as the article has it: each paragraph's lines joined
        as written (no line breaks or spaces from wrapping), paragraphs apart by a blank line."""
        chosen = self.text_lines(self.lines(selection))
        ranges: dict[int, tuple[int, int]] = {}
        for line in chosen:
            piece, start, end = self.sources[line]
            first, last = ranges.get(piece, (start, end))
            ranges[piece] = (min(first, start), max(last, end))
        texts = (self.pieces[piece].text[start:end] for piece, (start, end) in ranges.items())
        paragraphs = [text for text in (t.replace(_SOFT_HYPHEN, "").strip() for t in texts) if text]
        return Copied("\n\n".join(paragraphs), len(chosen), len(paragraphs))


def copied_notice(copied: Copied) -> str:
    """``Copied 3 lines: “The first words of it…”``, terminal-safe (shown as plain text)."""
    amount = f"{copied.lines} line{'s' if copied.lines != 1 else ''}"
    if copied.paragraphs > 1:
        amount += f" ({copied.paragraphs} paragraphs)"
    words = copied.text.split()
    quote = " ".join(words[:NOTICE_WORDS])
    if len(quote) > NOTICE_CHARS:
        quote = quote[: NOTICE_CHARS - 1].rstrip()
    cut = len(words) > NOTICE_WORDS or quote != " ".join(words[:NOTICE_WORDS])
    return terminal_safe(f"Copied {amount}: “{quote}{'…' if cut else ''}”")


class SelectingText:
    """The viewer's keyboard selection of whole lines. A mixin of :class:`.viewer.Viewer`, which
    calls :meth:`_init_selection` once and :meth:`_selection_relaid` after each layout, and
    draws :attr:`selected_lines` with its ``viewer--selection`` style."""

    if TYPE_CHECKING:  # provided by the viewer (a ScrollView)
        _article: Article | None
        _layout: ArticleLayout
        _bindings: BindingsMap
        app: App[Any]
        top_line: int
        scrollable_content_region: Region

        def _layout_now(self) -> None: ...
        def _update_subtitle(self) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def refresh(self, *args: Any, **kwargs: Any) -> Any: ...
        def refresh_bindings(self) -> None: ...
        def scroll_to(self, *args: Any, **kwargs: Any) -> None: ...

    def _init_selection(self) -> None:
        self._line_map: LineMap | None = None
        self._selection: Selection | None = None
        self._selected = range(0)
        self._selected_count = 0
        # Textual has no modes of bindings: while selecting, the map of SELECTING is the
        # viewer's (one key, one binding in each, so a remap of one never takes the other's key).
        self._reading_keys = self._bindings
        self._selecting_keys = BindingsMap(bindings.SELECTING)

    @property
    def reading_keys(self) -> BindingsMap:
        """The viewer's keys without a selection (for the help)."""
        return self._reading_keys

    @property
    def selecting_keys(self) -> BindingsMap:
        """The viewer's keys while text is selected (for the help)."""
        return self._selecting_keys

    @property
    def selected_lines(self) -> range:
        """The lines selected, top to bottom (empty: no selection)."""
        return self._selected

    @property
    def selection_size(self) -> int:
        """How many lines of text are selected (the blank ones between paragraphs left out)."""
        return self._selected_count

    def _selection_relaid(self) -> None:
        """The article was laid out again: the same selection, on its new lines."""
        self._line_map = None
        self._place_selection()

    def _place_selection(self) -> None:
        selection, lines = self._selection, self._lines_of_text()
        self._selected = lines.lines(selection) if selection is not None else range(0)
        self._selected_count = len(lines.text_lines(self._selected))

    def _lines_of_text(self) -> LineMap:
        """The laid-out lines against the article's text (made when a selection needs it)."""
        if self._line_map is None:
            self._line_map = LineMap(self._layout.pieces, self._layout.sources)
        return self._line_map

    def action_select(self) -> None:
        """``v``: select the first line of the first paragraph in view."""
        self._layout_now()
        if self._article is not None:
            height = self.scrollable_content_region.height
            self._select(self._lines_of_text().begin(self.top_line, max(1, height)))

    def action_extend_selection(self, count: int) -> None:
        """``j``/``k`` while selecting: its moving end down (up) by lines of text."""
        if self._selection is not None:
            self._select(self._lines_of_text().by_lines(self._selection, count), follow=True)

    def action_extend_paragraphs(self, step: int) -> None:
        """``}``/``{`` while selecting: its moving end to the end (start) of a paragraph."""
        if self._selection is not None:
            self._select(self._lines_of_text().by_paragraphs(self._selection, step), follow=True)

    def action_copy_selection(self) -> None:
        """``y`` while selecting: the selected text to the clipboard, and the selection ends."""
        if self._selection is None:
            return
        copied = self._lines_of_text().copied(self._selection)
        self.app.copy_to_clipboard(copied.text)
        self.notify(copied_notice(copied), title="Clipboard", markup=False)
        self._select(None)

    def action_cancel_selection(self) -> None:
        """Esc (or ``v``) while selecting: no selection."""
        self._select(None)

    def _select(self, selection: Selection | None, *, follow: bool = False) -> None:
        """Make ``selection`` the one drawn (``None``: none), scrolled into view if
        ``follow``; the keys change with whether there is one."""
        selecting = selection is not None
        if selection is None and self._selection is None:
            return
        if selecting != (self._selection is not None):
            self._bindings = self._selecting_keys if selecting else self._reading_keys
            self.refresh_bindings()
        self._selection = selection
        self._place_selection()
        if selection is not None and follow:
            line, height = (
                self._lines_of_text().end_line(selection),
                self.scrollable_content_region.height,
            )
            top = min(line, max(self.top_line, line - height + 1))
            if top != self.top_line:
                self.scroll_to(y=top, animate=False, immediate=True, force=True)
        self._update_subtitle()
        self.refresh()
