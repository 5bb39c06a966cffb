"""The reader's status: the corpus line at the top (unread, starred, the corpus at a glance),
the count beside the search bar (articles, hits, what the search is doing) and the progress row
while the library loads. :class:`StatusLine` holds the widgets the app composes; what they say
is made by plain functions (:func:`corpus_line`, :func:`count_line`), tested alone."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from .model import CorpusSummary

#: The app's name at the start of the corpus line.
_NAME = ("newsreader", "bold $text-accent")


def corpus_line(summary: CorpusSummary, read: int, starred: int) -> Content:
    """``newsreader │ 3 unread · 1 starred │ 5 articles · 11 Dec 2025 – 5 Mar 2026 · …``
    (``read`` and ``starred``: how many of the articles are)."""
    if not summary.articles:
        return Content.assemble(_NAME, " │ ", summary.describe())
    unread = max(0, summary.articles - read)
    return Content.assemble(
        _NAME,
        " │ ",
        (f"{unread:,} unread", "bold $text-accent" if unread else ""),
        " · ",
        (f"{starred:,} starred", "$text-warning" if starred else ""),
        " │ ",
        summary.describe(),
    )


@dataclass(frozen=True, slots=True)
class Count:
    """What the count beside the search bar depends on."""

    #: Articles in the timeline.
    total: int
    #: The whole corpus is shown (not a first load's articles so far).
    loaded: bool
    #: A cold build's files are all listed, not all indexed yet.
    indexing: bool
    #: The query typed.
    query: str
    #: The corpus shown can be searched.
    searchable: bool
    #: The results of the query typed are not in yet.
    searching: bool
    #: Hits of the query shown, and what the user should know about it.
    hits: int = 0
    note: str = ""


def count_line(count: Count) -> str:
    """``5 articles``, ``3 of 5 · newest first``, ``searching…``, ``12 so far, loading…``."""
    total = count.total
    so_far = "" if count.loaded else " so far, loading…"
    if count.indexing:  # a cold build: every article is listed, not all are indexed
        so_far = " so far, indexing…"
    if not count.query.strip():
        if count.loaded:
            return f"{total:,} article{'s' if total != 1 else ''}"
        return f"{total:,}{so_far}" if total else "loading…"
    if not count.searchable:
        return "loading… (search runs when ready)"
    if count.searching:
        return "searching…"
    text = f"{count.hits:,} of {total:,}{so_far}"
    return f"{text} · {count.note}" if count.note else text


class StatusLine:
    """The status widgets (composed by the app where they go) and what they show now."""

    def __init__(self) -> None:
        self._corpus_content = Content("newsreader · loading…")
        self.corpus = Static(self._corpus_content, id="corpus-line")
        self._count_content = Content("loading…")
        self.count = Static(self._count_content, id="count")
        self.progress_row = Horizontal(id="progress-row")
        self.progress_label = Static(Content("Reading files"), id="progress-label")
        self.progress_bar = ProgressBar(id="progress", show_eta=False)

    @property
    def corpus_text(self) -> str:
        """The corpus line as shown."""
        return self._corpus_content.plain

    @property
    def count_text(self) -> str:
        """The count beside the search bar as shown."""
        return self._count_content.plain

    @property
    def progress_shown(self) -> bool:
        return bool(self.progress_row.display)

    def show_corpus(self, summary: CorpusSummary, read: int, starred: int) -> None:
        self._corpus_content = corpus_line(summary, read, starred)
        self.corpus.update(self._corpus_content)

    def set_count(self, text: str) -> None:
        old = self._count_content.plain
        if text == old:
            return
        self._count_content = Content(text)
        # A new layout (of the whole screen) only when the count changes width.
        self.count.update(self._count_content, layout=cell_len(text) != cell_len(old))

    def show_progress(self, label: str, done: int, total: int | None) -> None:
        self.progress_row.display = True
        text = f"{label} {done:,}" + (f" / {total:,}" if total else "")
        self.progress_label.update(Content(text))
        self.progress_bar.update(total=total, progress=done)

    def hide_progress(self) -> None:
        self.progress_row.display = False
