"""The benchmark's corpus generator: deterministic, and its files parse as intended."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from bench import synth

from newsreader.corpus import load_corpus
from newsreader.corpus.parser import parse_article

from .helpers import unaccounted_lines

COUNT = 50


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth.CorpusInfo]:
    directory = tmp_path_factory.mktemp("synth") / "articles"
    return directory, synth.write_corpus(directory, COUNT, workers=1)


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_same_seed_same_bytes(corpus: tuple[Path, synth.CorpusInfo], tmp_path: Path) -> None:
    directory, info = corpus
    again = synth.write_corpus(tmp_path / "again", COUNT, workers=1)
    assert _files(directory) == _files(tmp_path / "again")
    assert again.bytes == info.bytes == sum(len(data) for data in _files(directory).values())


def test_article_does_not_depend_on_what_came_before() -> None:
    later = synth.generate_article(37)
    for index in range(5):
        synth.generate_article(index)
    assert synth.generate_article(37).text == later.text


def test_files_look_like_the_seeds(corpus: tuple[Path, synth.CorpusInfo]) -> None:
    directory, info = corpus
    files = _files(directory)
    assert len(files) == COUNT
    assert all(name.endswith(".txt") and len(name) == len("000000_") + 16 + 4 for name in files)
    average = info.bytes / COUNT
    assert 3000 < average < 10000  # ~6 KB an article
    texts = [data.decode("utf-8") for data in files.values()]
    assert any(text.startswith(" date 20") for text in texts)
    assert any("| GMT +5" in text for text in texts)
    assert any("фото - Новости Zakon.kz от " in text for text in texts)
    assert any("передает Kazpravda.kz" in text for text in texts)
    assert any("KAZINFORM —" in text for text in texts)


def test_parser_finds_what_the_generator_wrote() -> None:
    """Every field the generator meant is what the real parser reads, and nothing is lost."""
    templates: Counter[str] = Counter()
    for index in range(120):
        made = synth.generate_article(index)
        article = parse_article(made.text, made.name)
        meta = made.meta
        templates[meta["template"]] += 1
        published = article.published.iso() if article.published else None
        assert published == meta["published"], (index, meta["template"])
        assert article.source == meta["source"], (index, meta["template"])
        assert article.author == meta["author"], (index, meta["template"])
        assert article.lang == meta["lang"], (index, meta["template"])
        assert (None if article.title_derived else article.title) == meta["title"]
        assert article.rubric == meta["rubric"]
        assert list(article.tags) == meta["tags"]
        assert article.body
        assert unaccounted_lines(made.text, article) == []
    assert len(templates) == 7  # every shape occurs


def test_corpus_loads_into_a_dated_timeline(corpus: tuple[Path, synth.CorpusInfo]) -> None:
    directory, _ = corpus
    result = load_corpus([directory])
    assert result.files_seen == COUNT
    assert not result.skipped
    articles = result.articles
    assert len(articles) == COUNT
    dated = [a for a in articles if a.published is not None]
    assert len(dated) >= COUNT * 0.8
    assert all(dt.date(2018, 1, 1) <= a.published.date <= dt.date(2026, 3, 10) for a in dated)
    assert [a.published for a in articles[len(dated) :]] == [None] * (COUNT - len(dated))
    assert all(a.source for a in articles)
    assert sum(1 for a in articles if a.author) >= COUNT // 4
    languages = Counter(a.lang for a in articles)
    assert languages["ru"] > languages["kk"] > 0


def test_vocabulary_is_large_and_inflected() -> None:
    lexicons = synth.lexicons(synth.DEFAULT_SEED)
    ru, kk = lexicons["ru"], lexicons["kk"]
    assert len(ru.forms) + len(kk.forms) > 500_000
    kazakh_suffixes = ("лар", "дар", "тар", "ға", "ке", "ды", "ті", "ның", "дың")
    assert all(any(f.endswith(s) for f in kk.forms[:5000]) for s in kazakh_suffixes)
    made = [synth.generate_article(i) for i in range(40)]
    words = {w.strip(".,«»–—").lower() for a in made for w in a.text.split()}
    assert len(words) > 5000
    assert {"токаев", "иран"} & words
    assert any(a.typos for a in made)


def test_added_files_are_found_by_their_marker(tmp_path: Path) -> None:
    """The files the bench adds to a corpus parse, and only they hold its marker word."""
    from bench.__main__ import ADDED, MARKER, _write_added

    from newsreader.corpus import load_file
    from newsreader.search import SearchIndex

    written = _write_added(tmp_path, COUNT, synth.DEFAULT_SEED)
    assert len(written) == ADDED
    assert len({path.name for path in written}) == ADDED
    articles = [load_file(path) for path in written[:10]]
    others = [
        parse_article(made.text, made.name) for made in map(synth.generate_article, range(30))
    ]
    result = SearchIndex.build([*articles, *others]).search(MARKER)
    assert sorted(hit.article.path for hit in result.hits) == sorted(a.path for a in articles)
