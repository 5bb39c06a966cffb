"""Warm start and the cost of a keystroke: the library shown before the files are looked at,
changes caught up with, a first load shown as it goes, lazy hits, the garbage collector kept
off the corpus.

Driven headless with Pilot; waits on the app (``settle``), never on the clock.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from pathlib import Path

from newsreader.article import Article
from newsreader.library import Library, Update
from newsreader.search import SearchIndex
from newsreader.ui.app import make_app

from .helpers import copy_seeds, notices
from .test_ui import SIZE, FakeResult, article, fake_factory, settle, small_corpus


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

    def search(self, query, order: str = "rank", marks=None):
        hits = LazyHits(self.articles, 50_000)
        self.results.append(hits)
        return FakeResult(hits, len(self.articles))  # type: ignore[arg-type]


async def test_many_hits_only_the_visible_ones_are_made() -> None:
    arts = [article(i, f"Apples number {i}") for i in range(200)]
    made: list[ManyHitsIndex] = []

    def factory(articles):
        made.append(ManyHitsIndex(articles))
        return made[-1]

    app = make_app(articles=arts, engine=factory, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"apples")
        await settle(app, pilot)
        assert app.count_text == "50,000 of 200"
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
        engine=fake_factory,
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
    app = make_app(articles=[article(i, f"A{i}") for i in range(3)], engine=fake_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert gc.get_freeze_count() > before
        assert gc.get_threshold()[2] > threshold[2]  # full passes rarer
    assert gc.get_freeze_count() == before and gc.get_threshold() == threshold


# ------------------------------------------------- files changed since the last run


class WatchedLibrary(Library):
    """The real library, noting what it held when each update began, and what each did."""

    def __init__(self, *args, seen: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._seen = seen

    def update(self, **options) -> Update:
        self._seen.append([a.title for a in self.articles])
        report = super().update(**options)
        self._seen.append(report)
        return report


async def test_a_warm_start_shows_the_library_then_catches_up_with_the_files(
    tmp_path: Path,
) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    app = make_app([corpus], preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    app.close_library()
    seeds = sorted(corpus.glob("*.txt"))
    gone = seeds[1]
    gone_title = next(a.title for a in app.articles if a.path == str(gone))
    gone.unlink()
    text = seeds[0].read_text(encoding="utf-8").replace("Токаев", "Тоқаев Жаңалық", 1)
    (corpus / "new.txt").write_text(text, encoding="utf-8")

    seen: list = []
    library = WatchedLibrary([corpus], Library.open([corpus]).directory, seen=seen)
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        # The library was shown as it was (the removed file still in it) before the files
        # were looked at; then it caught up: one file parsed, one gone, nothing else.
        shown_first, quick = seen[0], seen[1]
        assert gone_title in shown_first and len(shown_first) == 5
        assert (quick.added, quick.changed, quick.removed, quick.full) == (1, 0, 1, False)
        paths = {Path(a.path).name for a in app.articles}
        assert gone.name not in paths and "new.txt" in paths
        assert len(app.articles) == 5
        notes = [n.lines for n in await notices(pilot) if n.lines[0] == "Since the last look"]
        assert notes == [["Since the last look", "1 new, 1 gone"]]
        await pilot.press("slash", *"жаңалық")
        await settle(app, pilot)
        assert app.count_text == "1 of 5"
        full = seen[3]
        assert full.full and not full  # the full check found nothing more
    library.close()

    seen.clear()
    library = WatchedLibrary([corpus], library.directory, seen=seen)
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert not seen[1] and not seen[3]  # nothing new, quick or full
        assert await notices(pilot) == []
        await pilot.press("slash", *"жаңалық")
        await settle(app, pilot)
        assert app.count_text == "1 of 5"  # searchable at once, nothing rebuilt
    library.close()


# ------------------------------------------------------- a first load, shown as it goes


class GrowingLibrary:
    """A fake library whose first update commits its articles in steps, waiting for a go."""

    def __init__(self, batches: list[list[Article]], steps: list[threading.Event]) -> None:
        self.warnings: list[str] = []
        self.skipped = ()
        self._batches, self._steps = batches, steps
        self._shown: tuple[Article, ...] = ()
        self.updates = 0

    @property
    def articles(self) -> tuple[Article, ...]:
        return self._shown

    def changes_since(self, articles) -> None:
        return None  # not known: laid out whole

    def complete(self, article: Article) -> Article:
        return article

    def search(self, query, order="rank", marks=None, *, positions=False):
        return SearchIndex.build(self._shown).search(query, order=order, marks=marks)

    def prepare(self) -> None:
        pass

    def update(
        self, *, full=False, progress=None, committed=None, should_stop=None, listed=None
    ) -> Update:
        self.updates += 1
        if full:
            return Update(full=True)
        for batch, step in zip(self._batches, [*self._steps, None], strict=True):
            self._shown = tuple(sorted([*self._shown, *batch], key=Article.timeline_key))
            if step is None:
                break
            if committed is not None:
                committed()
            step.wait(30)
        return Update(added=sum(map(len, self._batches)))

    def close(self) -> None:
        pass


async def test_a_first_load_shows_and_searches_articles_as_they_are_committed() -> None:
    everything = small_corpus()  # newest first: 0, 1, 2, 3, then undated 4
    steps = [threading.Event(), threading.Event()]
    batches = [[everything[2], everything[3], everything[0]], [everything[4]], [everything[1]]]
    library = GrowingLibrary(batches, steps)

    async def until(condition) -> None:
        for _ in range(500):
            if condition():
                return
            await pilot.pause()
        raise AssertionError("never happened")

    app = make_app([Path("/corpus")], library=library, preview_delay=0)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: len(app.articles) == 3)
        assert not app.loaded
        assert [app.articles[i].title for i in app.timeline.displayed()] == [
            everything[0].title, everything[2].title, everything[3].title
        ]  # fmt: skip
        assert "3 so far" in app.count_text
        assert app.viewer.article is not None  # readable already …
        await pilot.press("slash", *"apples")  # … and searchable
        await until(lambda: app.timeline.searching)
        await pilot.press("escape")
        await until(lambda: not app.timeline.searching)
        await pilot.press("g", "j")  # the reader moves to the second article …
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
        await pilot.press("m")  # marks work once the whole corpus is in
        await pilot.pause()
        assert app.marks.is_read(chosen)


# ------------------------------------------- a cold build: the whole timeline, then search


def _cold_corpus(folder: Path, monkeypatch) -> Path:
    """The seeds and the devset's 25 real articles, in a library that lists first."""
    from newsreader.library import library as library_module

    monkeypatch.setattr(library_module, "LIST_FIRST", 10)
    corpus = copy_seeds(folder)
    for source in (Path(__file__).parent / "data" / "devset" / "raw").glob("*.txt"):
        (corpus / source.name).write_bytes(source.read_bytes())
    return corpus


class HeldLibrary(Library):
    """The real library whose indexing, after the listing, waits for a go."""

    def __init__(self, *args, go: threading.Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._go = go

    def update(self, *, listed=None, **kwargs):
        def held() -> None:  # every file listed: the indexing waits
            listed()
            self._go.wait(timeout=60)

        return super().update(listed=None if listed is None else held, **kwargs)


async def test_a_cold_build_shows_the_whole_timeline_before_it_is_searchable(
    tmp_path: Path, monkeypatch
) -> None:
    corpus = _cold_corpus(tmp_path / "corpus", monkeypatch)
    total = len(list(corpus.glob("*.txt")))
    go = threading.Event()
    library = HeldLibrary([corpus], tmp_path / "library", go=go)
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):  # until every file is listed (the indexing waits)
            await pilot.pause()
            if app.loaded:
                break
        assert app.loaded and len(app.articles) == total
        await pilot.press("slash", *"эвакуац")
        waiting = f"0 of {total} so far, indexing…"
        for _ in range(200):  # searchable at once, but nothing is indexed yet
            await pilot.pause()
            if app.count_text == waiting:
                break
        assert app.count_text == waiting
        go.set()  # the indexing goes on: the results grow to every article that matches
        await settle(app, pilot)
        count = app.count_text
        assert count.endswith(f"of {total}") and not count.startswith("0 ")
    library.close()


async def test_a_cold_build_that_lists_first_says_what_it_skipped_and_nothing_else(
    tmp_path: Path, monkeypatch
) -> None:
    corpus = _cold_corpus(tmp_path / "corpus", monkeypatch)
    (corpus / "empty.txt").write_bytes(b"")
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        titles = [n.lines[0] for n in await notices(pilot)]
        assert titles == ["Skipped 1 file"]  # every article is new: no "30 new"
    library.close()


async def test_a_hostile_file_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    """A file named with an OSC 52 clipboard write (ST-terminated) and a C1 CSI: the
    'Skipped' notification shows the name with its escapes visible, and sends none of them."""
    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / "a_\x1b]52;c;cHduZWQ=\x1b\\_\x9b2J_.txt").write_bytes(b"")
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        (skipped,) = await notices(pilot)
        assert skipped.lines[0] == "Skipped 1 file"
        message = skipped.text
        assert "\x1b" not in message and "\x9b" not in message
        assert "\\x1b]52;c;cHduZWQ=" in message
    library.close()


async def test_a_file_with_a_few_bad_bytes_is_read_and_its_damage_said(tmp_path: Path) -> None:
    """Issue 14: one stray byte in a UTF-8 file is U+FFFD there, the rest is the article; a
    notification names the file and the offset, and the viewer says so above the text."""
    corpus = copy_seeds(tmp_path / "corpus")
    seed = sorted(corpus.glob("*.txt"))[1]
    data = seed.read_bytes()
    cut = data.index("Казахстан".encode()) + 2  # inside the first letter's second byte
    seed.write_bytes(data[:cut] + b"\x93" + data[cut:])
    library = Library([corpus], tmp_path / "library")
    app = make_app([corpus], library=library, preview_delay=0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        (note,) = await notices(pilot)
        assert note.lines[0] == "Repaired 1 file"
        assert seed.name in note.text and f"at byte {cut}" in note.text
        (index,) = [i for i, a in enumerate(app.articles) if a.path == str(seed)]
        app.timeline.select_article(index)
        await settle(app, pilot)
        text = " ".join(" ".join(app.viewer.text_lines).split())  # as wrapped or not
        assert f"Damaged file: 1 bad byte sequence, the first at byte {cut}" in text
        assert "\N{REPLACEMENT CHARACTER}" in text and "п÷" not in text  # not KOI8-R mojibake
    library.close()
