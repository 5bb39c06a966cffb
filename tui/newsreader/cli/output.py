"""What the command line prints: listings (a Rich table, aligned columns or tab-separated lines),
JSON records, one article as it lands, messages on stderr, and its exit statuses. Every field
is made terminal-safe; nothing is read as markup."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..article import Article
from ..corpus import repaired_files
from ..corpus.sanitize import json_safe, terminal_safe
from ..export import article_record, tsv_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..library import Library
    from ..search import Hit
    from ..state import Marks

EXIT_OK, EXIT_NO_ARTICLES, EXIT_USAGE = 0, 1, 2
#: On a terminal, listings longer than this are aligned columns rather than a Rich table.
PLAIN_LISTING_ROWS = 2000
#: Where the query matched in a title: (start, end) offsets.
Spans = Sequence[tuple[int, int]]


def error(message: str) -> None:
    """``newsreader: message`` on stderr, made terminal-safe."""
    print(f"newsreader: {terminal_safe(message)}", file=sys.stderr)


def say_repaired(articles: Sequence[Article]) -> None:
    """Name the files of ``articles`` that were read although damaged (bad bytes as U+FFFD)."""
    for repaired in repaired_files(articles):
        error(f"repaired {repaired}")


def stderr_console() -> Console:
    """A Rich console on stderr (for the progress bar)."""
    from rich.console import Console

    return Console(stderr=True)


# ------------------------------------------------------------------ listings
def print_articles(articles: Sequence[Article], title_spans: Sequence[Spans] = ()) -> None:
    """The listing of ``--list``/``--search``: a table to read on a terminal (aligned columns
    past :data:`PLAIN_LISTING_ROWS`); anywhere else one tab-separated line per article, the
    same at 10 rows and at 100,000."""
    if not sys.stdout.isatty():
        _print_tsv(articles)
    elif len(articles) > PLAIN_LISTING_ROWS:
        _print_plain(articles)
    else:
        print_table(articles, title_spans)


def print_table(articles: Sequence[Article], title_spans: Sequence[Spans] = ()) -> None:
    """Articles as a Rich table: date, source, lang, title (text never read as markup, every
    field terminal-safe), the matches in the titles highlighted."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("published", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", overflow="fold")
    for row, article in enumerate(articles):
        table.add_row(
            Text(article.published.display() if article.published else "undated"),
            Text(terminal_safe(article.source or "—")),
            Text(terminal_safe(article.lang)),
            _highlighted(article.title, title_spans[row] if row < len(title_spans) else ()),
        )
    Console().print(table)


def _highlighted(title: str, spans: Spans) -> Text:
    """``title`` made terminal-safe piece by piece, so that the matches stay where they are."""
    from rich.text import Text

    text = Text()
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(title))
        if start >= end:
            continue
        text.append(terminal_safe(title[at:start]))
        text.append(terminal_safe(title[start:end]), style="bold reverse")
        at = end
    text.append(terminal_safe(title[at:]))
    return text


def _print_plain(articles: Sequence[Article]) -> None:
    """Aligned columns for a long listing on a terminal (a Rich table of 100k rows takes
    minutes to lay out)."""
    sources = [terminal_safe(article.source or "—") for article in articles]
    source_width = max(map(len, sources))
    write = sys.stdout.write
    write(f"{'published':<26}  {'source':<{source_width}}  lang  title\n")
    for article, source in zip(articles, sources, strict=True):
        published = article.published.display() if article.published else "undated"
        write(f"{published:<26}  {source:<{source_width}}  {terminal_safe(article.lang):<4}  ")
        write(terminal_safe(article.title) + "\n")


def _print_tsv(articles: Iterable[Article]) -> None:
    """One tab-separated line per article (:data:`~newsreader.export.TSV_COLUMNS`), whatever
    their number: the output for pipes and scripts."""
    sys.stdout.writelines(map(tsv_line, articles))


def print_one(article: Article) -> None:
    """One new article as it lands: a tab-separated line, or on a terminal the columns of a
    long listing (date, source, lang, title)."""
    if not sys.stdout.isatty():
        _print_tsv([article])
        return
    published = article.published.display() if article.published else "undated"
    source, lang = terminal_safe(article.source or "—"), terminal_safe(article.lang)
    sys.stdout.write(f"{published:<26}  {source}  {lang:<4}  {terminal_safe(article.title)}\n")


# ------------------------------------------------------------------ JSON
def article_json(article: Article, marks: Marks) -> dict[str, Any]:
    """The JSON record of a (complete) article, with its marks."""
    record = article_record(article)
    record["read"] = marks.is_read(article.id)
    record["starred"] = marks.is_starred(article.id)
    return record


def hit_json(library: Library, hit: Hit, marks: Marks) -> dict[str, Any]:
    """The JSON record of a search hit: the article's, its score and where it matched."""
    record = article_json(library.complete(hit.article), marks)
    record["score"] = round(hit.score, 4)
    record["matches"] = {
        "title": [list(span) for span in hit.title_spans],
        "body": [list(span) for span in hit.body_spans],
    }
    return record


def print_json(records: list[dict[str, Any]]) -> None:
    """``records`` as one indented JSON array."""
    sys.stdout.write(json_safe(json.dumps(records, ensure_ascii=False, indent=2)))
    sys.stdout.write("\n")


def print_json_line(record: dict[str, Any]) -> None:
    """``record`` as one line of JSON (``--watch --json``)."""
    sys.stdout.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")
