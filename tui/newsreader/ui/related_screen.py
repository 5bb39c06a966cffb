"""The other coverage of a story: the articles about the same event, newest first (``r``).

A short list (50 at most), so a plain ``OptionList``; the finding is the library's
(:meth:`~newsreader.library.Library.related`), done in a worker before this screen opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..article import Article
from . import bindings
from .model import LANGUAGE_NAMES, safe


def _row(article: Article) -> Content:
    stamp = article.published.display() if article.published else "undated"
    source = safe(article.source or "unknown outlet")
    language = LANGUAGE_NAMES.get(article.lang, safe(article.lang))
    return Content.assemble(
        (f"{stamp} · {source} · {language}", "$text-muted"), "\n", safe(article.title)
    )


class RelatedScreen(ModalScreen[int | None]):
    """Lists ``found`` (article indices of the reader's corpus, newest first); Enter gives the
    one chosen back, Esc nothing."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.RELATED

    DEFAULT_CSS = """
    RelatedScreen {
        align: center middle;
        & > Vertical {
            width: 100;
            max-width: 100%;
            height: auto;
            max-height: 90%;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
            padding: 0 1;
        }
        & #related-about { color: $text-muted; margin-bottom: 1; }
        & OptionList, & OptionList:focus { height: auto; max-height: 30; border: none; }
    }
    """

    def __init__(self, about: Article, found: Sequence[tuple[int, Article]]) -> None:
        super().__init__()
        self._about = about
        self._found = list(found)

    def compose(self) -> ComposeResult:
        count = len(self._found)
        with Vertical() as box:
            box.border_title = "Other coverage"
            box.border_subtitle = "Enter opens · Esc back"
            about = Content.assemble("of ", (safe(self._about.title), "bold"))
            yield Static(about, id="related-about")
            if count:
                options = [Option(_row(article), id=str(index)) for index, article in self._found]
                yield OptionList(*options, id="related-list")
            else:
                yield Static(
                    Content("No other article about this story was found."), id="related-none"
                )

    def on_mount(self) -> None:
        if self._found:
            self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))
