"""Warm start and the cost of a keystroke: bodies from the parse cache, the search index from
the disk, lazy hits, the garbage collector kept off the corpus.

Driven headless with Pilot; waits on the app (``settle``), never on the clock.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsreader.cache import ParseCache
from newsreader.corpus import load_corpus
from newsreader.parser import PARSER_VERSION
from newsreader.ui.app import NewsReaderApp, index_path, make_app

from .conftest import SEEDS
from .test_ui import SIZE, FakeIndex, FakeResult, article, fake_factory, settle


def copy_seeds(folder: Path) -> Path:
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


class BodyLoadingIndex(FakeIndex):
    """The fake engine, reading bodies through ``body_loader`` when it has one."""

    def __init__(self, articles, body_loader=None) -> None:
        super().__init__(articles)
        self.body_loader = body_loader

    def search(self, query, order: str = "rank", allowed=None) -> FakeResult:
        articles = self.articles
        if self.body_loader is not None:  # the fake looks at every body: complete them
            self.articles = [
                dataclasses.replace(a, body=tuple(self.body_loader(a))) for a in articles
            ]
        try:
            return super().search(query, order, allowed)
        finally:
            self.articles = articles


class SavableIndex(BodyLoadingIndex):
    def save(self, path: Path, *, salt: str = "") -> None:
        Path(path).write_text(json.dumps([salt, *(a.id for a in self.articles)]))


class DiskEngine:
    """A stand-in for ``SearchIndex`` with ``build``, ``load`` and ``index.save``."""

    def __init__(self, *, can_load: bool = True) -> None:
        self.built: list[Sequence] = []
        self.loaded = 0
        if not can_load:
            self.load = None  # type: ignore[method-assign]

    def build(self, articles, progress=None):
        self.built.append(articles)
        return SavableIndex(articles)

    def load(self, path: Path, articles, body_loader=None, *, salt: str = ""):
        try:
            ids = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            return None
        if ids != [salt, *(a.id for a in articles)]:
            return None  # another corpus, or another parser
        self.loaded += 1
        return BodyLoadingIndex(articles, body_loader)


async def open_first(app: NewsReaderApp, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert app.focused is app.viewer


# ------------------------------------------------------------------ warm start


async def test_warm_start_shows_bodies_and_loads_the_index_from_the_disk(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    engine = DiskEngine()
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.index_origin == "built" and len(engine.built) == 1
            assert all(a.body for a in engine.built[0])  # built from whole articles
        app.finish_cache_save()
        assert index_path(cache).is_file()

    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await open_first(app, pilot)
            assert not any(a.body for a in app.articles)  # headers only, from the cache
            assert app.index_origin == "loaded"
            assert engine.loaded == 1 and len(engine.built) == 1
            shown = app.viewer.article
            assert shown is not None and shown.body
            assert shown.id == app.articles[app.timeline.highlighted].id
            assert any(line.startswith(shown.body[0][:20]) for line in app.viewer.text_lines)
            # A word only in a body is found, and its matches are highlighted and jumped to.
            word = next(w for w in shown.body[0].split() if len(w) > 6 and w.isalpha())
            await pilot.press("slash", *word.casefold(), "enter")
            await settle(app, pilot)
            assert app.viewer.article is not None and app.viewer.article.body
            assert app.viewer.match_count >= 1


async def test_without_load_the_engine_builds_every_time(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    engine = DiskEngine(can_load=False)
    for _ in range(2):
        with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
            app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
            async with app.run_test(size=SIZE) as pilot:
                await open_first(app, pilot)
                assert app.index_origin == "built"
                assert app.viewer.article is not None and app.viewer.article.body
            app.finish_cache_save()
    assert len(engine.built) == 2
    assert all(a.body for a in engine.built[1])  # the warm start's headers completed first


async def test_an_index_of_another_corpus_is_rebuilt(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    engine = DiskEngine()
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        index_path(cache).parent.mkdir()
        index_path(cache).write_text("[]")  # stale: another corpus
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert app.index_origin == "built"
        app.finish_cache_save()
        salt, *ids = json.loads(index_path(cache).read_text())
        assert salt == PARSER_VERSION and ids == [a.id for a in app.articles]


async def test_the_cache_can_be_opened_after_the_first_frame(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    opened: list[ParseCache] = []

    def open_cache() -> ParseCache:
        opened.append(ParseCache.open(tmp_path / "cache", PARSER_VERSION))
        return opened[-1]

    for start in range(2):
        app = make_app([corpus], open_cache=open_cache, index_factory=fake_factory)
        async with app.run_test(size=SIZE) as pilot:
            await open_first(app, pilot)
            assert app.cache is opened[start]
            assert app.viewer.article is not None and app.viewer.article.body
            if start:
                assert not any(a.body for a in app.articles)
        app.finish_cache_save()
        app.cache.close()
    assert opened[0].path.is_file()


async def test_a_loader_of_headers_only_gives_the_viewer_whole_articles(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        load_corpus([corpus], cache=cache)
        cache.save()
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:

        def loader(paths, progress):
            return load_corpus(paths, progress, cache=cache, bodies=False)

        app = make_app([corpus], loader=loader, index_factory=fake_factory, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await open_first(app, pilot)
            assert not any(a.body for a in app.articles)
            first = app.viewer.article
            assert first is not None and first.body
            await pilot.press("J")  # the next article, opened
            await pilot.pause()
            assert app.viewer.article is not None and app.viewer.article.body
            assert app.viewer.article.id != first.id
            # The fake index was built from whole articles: search finds words of bodies.
            assert all(a.body for a in app.index.articles)


async def test_real_engine_warm_start(tmp_path: Path) -> None:
    search = pytest.importorskip("newsreader.search")
    corpus = copy_seeds(tmp_path / "corpus")
    for start in range(2):
        with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
            app = make_app([corpus], cache=cache, preview_delay=0)
            async with app.run_test(size=SIZE) as pilot:
                await settle(app, pilot)
                assert app.index_error is None
                if start:
                    assert not any(a.body for a in app.articles)
                    can_load = callable(getattr(search.SearchIndex, "load", None))
                    assert app.index_origin == ("loaded" if can_load else "built")
                await pilot.press("slash", *"tokaev")
                await settle(app, pilot)
                assert str(app._count.render()) == "3 of 5"
                await pilot.press("enter")
                await pilot.pause()
                assert app.viewer.article is not None and app.viewer.article.body
                assert app.viewer.match_count >= 1
            app.finish_cache_save()


# ------------------------------------------------------------- keystroke cost


class LazyHits(Sequence):
    """Hits made on demand; remembers which were asked for."""

    def __init__(self, articles, count: int) -> None:
        self.articles = articles
        self.count = count
        self.made: set[int] = set()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(self.count))]
        if item < 0:
            item += self.count
        if not 0 <= item < self.count:
            raise IndexError(item)
        self.made.add(item)
        from .test_ui import FakeHit

        index = item % len(self.articles)
        return FakeHit(index, self.articles[index], 1.0, ((0, 5),), ((0, 0, 5),))


class ManyHitsIndex:
    def __init__(self, articles) -> None:
        self.articles = articles
        self.results: list[LazyHits] = []

    def search(self, query, order: str = "rank", allowed=None):
        hits = LazyHits(self.articles, 50_000)
        self.results.append(hits)
        return FakeResult(hits, len(self.articles))  # type: ignore[arg-type]


async def test_many_hits_only_the_visible_ones_are_made() -> None:
    arts = [article(i, f"Apples number {i}") for i in range(200)]
    made: list[ManyHitsIndex] = []

    def factory(articles, progress):
        made.append(ManyHitsIndex(articles))
        return made[-1]

    app = make_app(articles=arts, index_factory=factory, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"apples")
        await settle(app, pilot)
        assert str(app._count.render()) == "50,000 of 200"
        hits = made[0].results[-1]
        height = app.timeline.scrollable_content_region.height
        assert max(hits.made) < 64 + height  # the worker's screenful, and what is shown
        assert len(hits.made) < 64 + height
        await pilot.press("tab", "G")  # to the last hit: made, with its screenful only
        await settle(app, pilot)
        assert app.timeline.cursor_row == 49_999
        assert len(hits.made) < 64 + 3 * height
        assert app.viewer.article is arts[49_999 % 200]


async def test_showing_articles_leaves_the_footer_alone_unless_n_changes() -> None:
    app = make_app(
        articles=[article(i, f"Apples number {i}") for i in range(5)],
        index_factory=fake_factory,
        preview_delay=0,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        calls: list[int] = []
        viewer = app.viewer
        viewer.refresh_bindings = lambda: calls.append(1)  # type: ignore[method-assign]
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert viewer.article is app.articles[1]
        assert calls == []  # no matches before, none after: the footer stays as it is
        await pilot.press("slash", *"apples")
        await settle(app, pilot)
        assert viewer.highlights_matches
        assert calls == [1]


async def test_the_corpus_and_index_are_kept_from_the_collector_until_exit() -> None:
    before, threshold = gc.get_freeze_count(), gc.get_threshold()
    app = make_app(articles=[article(i, f"A{i}") for i in range(3)], index_factory=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert gc.get_freeze_count() > before
        assert gc.get_threshold()[2] > threshold[2]  # full passes rarer
    assert gc.get_freeze_count() == before and gc.get_threshold() == threshold


# ------------------------------------------------- files changed since the last run


async def test_a_warm_start_shows_the_cache_then_catches_up_with_the_files(
    tmp_path: Path, monkeypatch
) -> None:
    from newsreader.ui import app as app_module

    corpus = copy_seeds(tmp_path / "corpus")
    engine = DiskEngine()
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
        app.finish_cache_save()
    seeds = sorted(corpus.glob("*.txt"))
    gone = seeds[1]
    gone_title = next(a.title for a in app.articles if a.path == str(gone))
    gone.unlink()
    text = seeds[0].read_text(encoding="utf-8").replace("Токаев", "Тоқаев Жаңалық", 1)
    (corpus / "new.txt").write_text(text, encoding="utf-8")

    seen_before_check: list[list[str]] = []
    real_refresh = app_module.refresh

    def watched_refresh(paths, cache):
        seen_before_check.append([a.title for a in app.articles])
        return real_refresh(paths, cache)

    monkeypatch.setattr(app_module, "refresh", watched_refresh)
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            # The timeline came from the cache (the removed file still in it) before the
            # files were looked at; then it caught up, and the index was built again.
            assert seen_before_check and gone_title in seen_before_check[0]
            assert len(seen_before_check[0]) == 5
            paths = {Path(a.path).name for a in app.articles}
            assert gone.name not in paths and "new.txt" in paths
            assert len(app.articles) == 5
            assert len(engine.built) == 2
            assert [a.id for a in engine.built[1]] == [a.id for a in app.articles]
            assert any("Since the last run" in (n.title or "") for n in app._notifications)
            await pilot.press("slash", *"жаңалық")
            await settle(app, pilot)
            assert str(app._count.render()) == "1 of 5"
        app.finish_cache_save()

    seen_before_check.clear()
    with ParseCache.open(tmp_path / "cache", PARSER_VERSION) as cache:  # now all is known
        app = make_app([corpus], cache=cache, index_engine=engine, preview_delay=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert len(seen_before_check) == 1  # checked once, found nothing new
            assert app.index_origin == "loaded" and len(engine.built) == 2
            assert not any("Since the last run" in (n.title or "") for n in app._notifications)
            assert "new.txt" in {Path(a.path).name for a in app.articles}


# ------------------------------------------------------- a long load, shown as it goes


async def test_a_long_load_shows_articles_as_they_are_parsed(monkeypatch) -> None:
    import threading

    from newsreader.corpus import LoadResult
    from newsreader.ui import app as app_module

    from .test_ui import small_corpus

    monkeypatch.setattr(app_module, "_PARTIAL_FIRST", 0.0)
    monkeypatch.setattr(app_module, "_PARTIAL_INTERVAL", 0.0)
    everything = small_corpus()  # newest first: 0, 1, 2, 3, then undated 4
    steps = [threading.Event(), threading.Event()]

    def loader(paths, progress, *, partial):
        partial([everything[2], everything[3], everything[0]])
        steps[0].wait(30)
        partial([everything[4]])
        steps[1].wait(30)
        partial([everything[1]])  # loading ends: the whole corpus follows at once
        return LoadResult(tuple(everything), (), len(everything))

    async def until(condition) -> None:
        for _ in range(500):
            if condition():
                return
            await pilot.pause()
        raise AssertionError("never happened")

    app = make_app([Path("/corpus")], loader=loader, index_factory=fake_factory, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: len(app.articles) == 3)
        assert not app.loaded
        assert [app.articles[i].title for i in app.timeline.displayed()] == [
            everything[0].title, everything[2].title, everything[3].title
        ]  # fmt: skip
        assert "3 so far" in str(app._count.render())
        assert app.viewer.article is not None  # readable already
        await pilot.press("j")  # the reader moves to the second article …
        await pilot.pause()
        chosen = app.articles[app.timeline.highlighted].id
        assert chosen == everything[2].id
        steps[0].set()
        await until(lambda: len(app.articles) == 4)
        assert app.articles[app.timeline.highlighted].id == chosen  # … and stays on it
        steps[1].set()
        await settle(app, pilot)
        assert app.loaded and len(app.articles) == 5
        assert app.articles[app.timeline.highlighted].id == chosen
        assert app.index is not None
        await pilot.press("m")  # marks work once the whole corpus is in
        await pilot.pause()
        assert chosen in app._read
