"""What the state remembers about a corpus, read once when the corpus loads: its marks, the
article highlighted and the query typed when the reader last ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..article import Article
from .marks import Marks
from .state import State


@dataclass(slots=True)
class Memory:
    """The marks (counted among the corpus's articles) and where the reader was."""

    marks: Marks
    #: Index of the article highlighted when the reader last ran (``None``: none, or gone).
    last_article: int | None
    last_query: str


def recall(state: State, articles: Sequence[Article], corpus: str = "") -> Memory:
    """Read the marks and the last position from ``state``, the last query typed on ``corpus``
    (a name for its folders).

    Runs in the load worker: one query per table, then a pass over the articles.
    """
    marks = Marks.load(state, (article.id for article in articles))
    last_id = state.get_last_article()
    last_article = None
    if last_id is not None:
        last_article = next((i for i, a in enumerate(articles) if a.id == last_id), None)
    return Memory(marks, last_article, state.get_last_query(corpus))
