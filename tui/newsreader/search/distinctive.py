"""An article's distinctive words, each with its forms in either language, weighed.

What tells one story from another is its names, places, numbers and rarer words; what lets a
Russian and a Kazakh version of it meet is that these are folded alike (:mod:`.normalize`:
``Жетібаев`` and ``Жетибаев`` are one term) and inflected from one stem (:mod:`.stem`:
``эвакуации``, ``эвакуацию`` and ``эвакуациялау`` share ``эвакуац``). So (:func:`story_groups`):

* every word of the title (counted :data:`TITLE_WEIGHT` times), the body and the captions is
  folded as the index folds it; short words, numbers under three digits, years, months and
  weekdays, a few function words, words in Latin letters (sites, photo credits) and the outlets'
  own names are no evidence;
* a word written with a capital inside a sentence is a name and weighs :data:`NAME_WEIGHT`
  times more; of a name of several words (``Касым-Жомарт Токаев``, ``Таяу Шығыс``) only the
  rarest word counts, so one name is one piece of evidence;
* each word is weighed by how often the article uses it and how rare it is in the index (idf),
  and the best become *groups*: the word with its inflections that the index holds (another
  inflection of it in the article adds to its group), weighed by the commonest of those; a group
  found in more than a twentieth of the documents (a fifth, in a collection of a few hundred)
  is dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .expand import _inflections
from .normalize import WORD_RE, fold_many, tokens, words_of
from .stem import stem_candidates
from .terms import TermDictionary

if TYPE_CHECKING:
    from ..article import Article

__all__ = [
    "MAX_TERMS",
    "Group",
    "Story",
    "document_frequency",
    "outlet_words",
    "story_groups",
    "word_forms",
]

#: Groups of words kept (the article's most distinctive ones).
MAX_TERMS = 24
#: Words shorter than this are no evidence (prepositions, particles, short endings of names).
MIN_LETTERS = 4
#: Numbers shorter than this are no evidence (days, counts of everything).
MIN_DIGITS = 3
#: A word in more than this share of the documents is no evidence (in a small collection,
#: where a story's words are a large share of all, up to ``SMALL_DF_SHARE`` of ``SMALL``).
MAX_DF_SHARE, SMALL_DF_SHARE, SMALL = 0.05, 0.2, 250
#: A name (a word written with a capital inside a sentence) weighs this many times more.
NAME_WEIGHT = 2.0
#: An occurrence in the title counts this many times.
TITLE_WEIGHT = 3

#: Function words common enough in news to pass for evidence in a small collection (an index of
#: thousands of articles tells them by their frequency alone); folded.
_STOP = frozenset(
    """
    более будет были было быть всего всех даже если есть когда которая которые который которых
    также того только чтобы этих этого этой этом является однако после ранее сегодня словам
    сообщает передает заявил отметил подчеркнул сказал новости фото
    туралы бойынша ушин деген дейин кейин сондай олар онын деди делинген хабарлайды хабарлады
    жазды сурет жане немесе арасында кезде кезинде барысында бирге жатыр болды болып болган
    берди айтуынша
    января февраля марта апреля июня июля августа сентября октября ноября декабря года году
    понедельник вторник среду четверг пятницу субботу воскресенье
    кантар акпан наурыз сауир мамыр маусым шилде тамыз кыркуйек казан караша желтоксан жылы
    жылгы дуйсенби сейсенби сарсенби бейсенби сенби жексенби
    """.split()  # noqa: SIM905
)
#: Characters after which a capital letter starts a sentence rather than a name.
_SENTENCE_END = frozenset('.!?…«"“„')


@dataclass(frozen=True, slots=True)
class Story:
    """What an article says, as the search for its other coverage needs it."""

    #: The article's id: documents with it are the article or its exact copies.
    id: str
    title: str
    #: The body paragraphs and captions.
    body: Sequence[str]
    #: The publication day (ordinal), or None when undated.
    day: int | None = None
    lang: str = ""

    @classmethod
    def of(cls, article: Article, body: Sequence[str] | None = None) -> Story:
        """``article``'s story (``body``: its paragraphs, if it is held without them)."""
        paragraphs = article.body if body is None else body
        day = article.published.date.toordinal() if article.published else None
        body = (*paragraphs, *article.captions)
        return cls(article.id, article.title, body, day, article.lang)


@dataclass(slots=True)
class Group:
    """One piece of evidence: a word of the article and the index's forms of it."""

    word: str
    forms: set[str]
    count: int
    df: int
    weight: float = 0.0
    #: A name or a number: written alike in both languages, what crosses from one to the other.
    name: bool = False


def word_forms(term: str, words: TermDictionary) -> tuple[tuple[str, ...], int]:
    """The index's inflections of a folded ``term`` in either language (:mod:`.stem`), and the
    documents holding the commonest of them (title and body counted apart, as ``words.df``)."""
    forms = tuple(_inflections(term, words))
    df = document_frequency(words)
    return forms, max((df(form) for form in {term, *forms}), default=0)


def document_frequency(words: TermDictionary) -> Callable[[str], int]:
    """``words.df``, read from the vocabulary when there is one (~1 µs, not ~25 µs: an article
    has hundreds of words); a word newer than the vocabulary is asked of the index."""
    vocabulary = words.vocabulary
    if vocabulary is None:
        return words.df

    def df(term: str) -> int:
        known = vocabulary.count(term)
        return words.df(term) if known is None else known

    return df


def outlet_words(sources: Iterable[str]) -> frozenset[str]:
    """The words of the outlets' names (folded ``source`` values): no evidence of a story."""
    return frozenset(word for source in sources for word in WORD_RE.findall(source))


def _evidence(term: str, stop: frozenset[str]) -> bool:
    if term.isdigit():
        if len(term) < MIN_DIGITS:
            return False
        return not (len(term) == 4 and term[:2] in ("19", "20"))  # a year
    if len(term) < MIN_LETTERS or term.isascii() or term in stop:
        return False
    return not any(stem in stop for stem in stem_candidates(term))  # марта, наурызда


def _names(text: str) -> tuple[list[str], list[list[str]]]:
    """The words of ``text`` written with a capital inside a sentence — names of people, places
    and bodies (``Жетібаев``, ``Катара``), which tell one story from another best — and the
    runs of capitalised words that make one name (``Касым-Жомарт Токаев``, ``Таяу Шығыс``)."""
    names: list[str] = []
    runs: list[list[str]] = []
    run: list[str] = []
    end = 0
    for match in tokens(text):
        word, start = match.group(), match.start()
        capital = word[0].isupper() and not word.isupper()
        if not capital:
            run = []
            continue
        gap = text[end:start]
        if run and len(gap) <= 2 and not gap.strip(" -\u00a0"):
            run.append(word)
            if len(run) == 2:
                runs.append(run)
        else:
            run = [word]
        end = match.end()
        position = start - 1
        while position >= 0 and text[position].isspace():
            position -= 1
        if position >= 0 and text[position] not in _SENTENCE_END:
            names.append(word)
    return names, runs


def _counts(story: Story) -> tuple[Counter[str], set[str], list[list[str]]]:
    """How often the story uses each term (a title's words count more), which are names, and
    the runs of words that make one name."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    runs: list[list[str]] = []
    for text, times in ((story.title, TITLE_WEIGHT), *((part, 1) for part in story.body)):
        for term in fold_many(words_of(text)):
            counts[term] += times
        found, text_runs = _names(text)
        names.update(fold_many(found))
        runs += [fold_many(run) for run in text_runs]
    return counts, names, runs


def _shortest_stem(term: str) -> str:
    """What the article's inflections of one word have in common (``кошанова``, ``кошанову``:
    ``кошан``), to count them as one word even where the index's forms of it are cut short."""
    return min(stem_candidates(term), key=len, default=term)


def _idf(size: int, df: int) -> float:
    return math.log1p(size / max(df, 1))


def story_groups(
    story: Story,
    words: TermDictionary,
    forms_of: Callable[[str], tuple[tuple[str, ...], int]],
    outlets: Iterable[str] = (),
) -> list[Group]:
    """The article's most distinctive words, each with the forms it matches, weighed
    (``forms_of``: :func:`word_forms`, cached)."""
    size = max(words.size, 1)
    # Title and body are counted apart: a word may be counted twice per document.
    common = 2 * max(MAX_DF_SHARE * size, SMALL_DF_SHARE * min(size, SMALL))
    stop = _STOP | frozenset(outlets)
    counts, names, runs = _counts(story)
    df = document_frequency(words)
    dfs = {term: df(term) for term in counts if _evidence(term, stop)}
    # A name of several words is one piece of evidence: its rarest word (the last of equals).
    companions = set()
    for run in runs:
        known = [term for term in run if term in dfs]
        if len(known) > 1:
            rarest = min(reversed(known), key=dfs.__getitem__)
            companions.update(term for term in known if term != rarest)
    ranked: list[tuple[float, str]] = []
    for term, df in dfs.items():
        if term not in companions and df <= common:
            bonus = NAME_WEIGHT if term in names else 1.0
            ranked.append(((1 + math.log(counts[term])) * _idf(size, df) * bonus, term))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    groups: list[Group] = []
    by_stem: dict[str, Group] = {}
    dropped: set[str] = set()  # forms of words whose forms are common
    for _, term in ranked:
        stem = _shortest_stem(term)
        owner = by_stem.get(stem) or next((g for g in groups if term in g.forms), None)
        if owner is not None:  # an inflection of a word taken (its forms may be cut short)
            owner.count += counts[term]
            owner.forms.add(term)
        elif len(groups) < MAX_TERMS and term not in dropped:
            forms, df = forms_of(term)
            if df <= common:
                groups.append(Group(term, {term, *forms}, counts[term], df))
                by_stem[stem] = groups[-1]
            else:
                dropped.update(forms)
    for group in groups:
        group.name = group.word in names or group.word.isdigit()
        bonus = NAME_WEIGHT if group.word in names else 1.0
        group.weight = (1 + math.log(group.count)) * _idf(size, group.df) * bonus
    groups.sort(key=lambda group: -group.weight)
    return groups
