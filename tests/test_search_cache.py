"""The index on disk (save → load) and the index built in worker processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.article import Article, Published
from newsreader.corpus import load_corpus, seed_paths
from newsreader.search import SearchIndex, build, index, saved, store

_WORDS = """
    иран ирана иранды иранға тоқаев токаев токаева тоқаевтың бакаев хаменеи палестина
    палестины казахстан қазақстан қазақстанның министр министра президент президента
    эвакуация эвакуациялау ближнем востоке сенат трамп мир мирный Cостоялся Hовости
    ёлки 2026 kz zakon tengrinews ашимбаев әшімбаев переговоры переговоров
"""
WORDS = _WORDS.split()
QUERIES = [
    "иран",
    "тоакев",
    "tokaev",
    "palestina",
    "казахстана",
    "эвакуациялау",
    "президент казахстана",
    '"ближнем востоке"',
    "министр -бакаев",
    "source:zakon иран",
    "lang:kk",
    "tag:мир",
    "author:ашимбаев",
    "date:2026-02..2026-02-15",
    "состоялся",
    "",
]


def corpus(count: int, seed: int = 3) -> list[Article]:
    """``count`` articles of random words (with Kazakh, Latin and mixed-script ones)."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(90))
        words = rng.choices(WORDS, k=rng.randint(20, 60))
        if rng.random() < 0.3:  # a rare word and a typo
            words.append("".join(rng.choices("абвгдежзиклмнопрстуфхэюяқғә", k=rng.randint(3, 12))))
        body = (" ".join(words[: len(words) // 2]) + ".", " ".join(words[len(words) // 2 :]))
        articles.append(
            Article(
                id=f"a{i}",
                path=f"/corpus/{i:05d}.txt",
                title=" ".join(rng.choices(WORDS, k=rng.randint(2, 6))).capitalize(),
                published=None if rng.random() < 0.05 else Published(day),
                source=rng.choice(["Zakon.kz", "Kazinform", "Tengrinews.kz", None]),
                author=rng.choice([None, "Ашимбаев Марат", "Әшімбаев Ә."]),
                lang=rng.choice(["ru", "ru", "kk"]),
                tags=tuple(rng.sample(["мир", "иран", "#Казахстан"], rng.randint(0, 2))),
                captions=("Фото: Zakon.kz",) if rng.random() < 0.2 else (),
                body=body,
            )
        )
    articles.sort(key=Article.timeline_key)
    return articles


def answers(idx: SearchIndex, queries: list[str] = QUERIES) -> dict[str, list]:
    """Everything a reader sees of each query's hits: which, how good, what is highlighted."""
    return {
        query: [
            (hit.index, round(hit.score, 9), hit.title_spans, hit.body_spans)
            for hit in idx.search(query).hits
        ]
        for query in queries
    }


def headers(articles: list[Article]) -> list[Article]:
    """The articles as a warm start has them: without bodies (the parse cache's headers)."""
    return [dataclasses.replace(article, body=()) for article in articles]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return corpus(400)


@pytest.fixture(scope="module")
def built(articles) -> SearchIndex:
    return SearchIndex.build(articles)


# --- save → load -----------------------------------------------------------------------------
def test_round_trip_gives_the_same_answers(tmp_path: Path, articles, built) -> None:
    path = tmp_path / "index.bin"
    built.save(path)
    loaded = SearchIndex.load(path, articles)
    assert loaded is not None
    assert loaded.articles == tuple(articles)
    assert answers(loaded) == answers(built)
    assert [h.index for h in loaded.search("иран", order="timeline").hits] == [
        h.index for h in built.search("иран", order="timeline").hits
    ]
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_loaded_index_needs_no_bodies_but_through_the_loader(
    tmp_path: Path, articles, built
) -> None:
    path = tmp_path / "index.bin"
    built.save(path)
    bodies = {article.path: article.body for article in articles}
    asked: list[str] = []

    def body_loader(article: Article) -> tuple[str, ...]:
        asked.append(article.path)
        return bodies.get(article.path, ())

    loaded = SearchIndex.load(path, headers(articles), body_loader)
    assert loaded is not None
    result = loaded.search("иран")
    assert result.count == built.search("иран").count
    assert not asked  # ranking and titles need no body
    assert answers(loaded) == answers(built)  # body spans and phrases read them
    assert asked


def test_seed_corpus_round_trip(tmp_path: Path) -> None:
    seeds = load_corpus(seed_paths()).articles
    original = SearchIndex.build(seeds)
    original.save(tmp_path / "seeds.idx")
    loaded = SearchIndex.load(tmp_path / "seeds.idx", seeds)
    assert loaded is not None
    queries = ["tokaev", "тоакев", "khamenei", "иран", "каспий", "трамп хаменеи", "lang:kk"]
    assert answers(loaded, queries) == answers(original, queries)


def test_saving_again_replaces_the_file(tmp_path: Path, articles, built) -> None:
    path = tmp_path / "index.bin"
    SearchIndex.build(articles[:10]).save(path)
    built.save(path)
    assert SearchIndex.load(path, articles[:10]) is None
    assert SearchIndex.load(path, articles) is not None


def test_save_into_a_missing_folder_raises_and_leaves_nothing(tmp_path: Path, built) -> None:
    with pytest.raises(OSError):
        built.save(tmp_path / "missing" / "index.bin")
    assert list(tmp_path.iterdir()) == []


# --- what load refuses -----------------------------------------------------------------------
def test_another_corpus_is_refused(tmp_path: Path, articles, built) -> None:
    path = tmp_path / "index.bin"
    built.save(path)
    changed = list(articles)
    changed[7] = dataclasses.replace(changed[7], id="edited")
    assert SearchIndex.load(path, changed) is None
    assert SearchIndex.load(path, [*articles, corpus(1, seed=9)[0]]) is None
    assert SearchIndex.load(path, articles[:-1]) is None
    assert SearchIndex.load(path, [articles[1], articles[0], *articles[2:]]) is None
    assert SearchIndex.load(path, []) is None
    assert SearchIndex.load(path, articles, salt="parser 3") is None
    assert SearchIndex.load(path, articles) is not None


def test_salt_must_match(tmp_path: Path, articles, built) -> None:
    path = tmp_path / "index.bin"
    built.save(path, salt="parser 2")
    assert SearchIndex.load(path, articles) is None
    assert SearchIndex.load(path, articles, salt="parser 2") is not None


def test_fingerprint_follows_ids_and_order(articles) -> None:
    print_ = SearchIndex.fingerprint
    assert print_(articles) == print_(list(articles))
    assert len(print_(articles)) == 32
    assert print_(articles) != print_(articles[::-1])
    assert print_(articles) != print_(articles[:-1])
    assert print_(articles) != print_(articles, salt="x")
    # Only the ids count: a header without its body is the same article.
    assert print_(headers(articles)) == print_(articles)


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "header only":
        path.write_bytes(data[:60])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "flipped byte":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1 :])
    elif how == "appended":
        path.write_bytes(data + b"\0")
    elif how == "a directory":
        path.unlink()
        path.mkdir()
    elif how == "missing":
        path.unlink()


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "header only",
        "empty",
        "garbage",
        "flipped byte",
        "appended",
        "a directory",
        "missing",
    ],
)
def test_damaged_file_is_refused(tmp_path: Path, articles, built, how: str) -> None:
    path = tmp_path / "index.bin"
    built.save(path)
    damage(path, how)
    assert SearchIndex.load(path, articles) is None


def test_other_versions_are_refused(tmp_path: Path, articles, built, monkeypatch) -> None:
    path = tmp_path / "index.bin"
    built.save(path)
    monkeypatch.setattr(index, "INDEX_VERSION", index.INDEX_VERSION + 1)
    assert SearchIndex.load(path, articles) is None
    monkeypatch.undo()
    monkeypatch.setattr(saved, "FORMAT", saved.FORMAT + 1)
    assert SearchIndex.load(path, articles) is None
    monkeypatch.undo()
    assert SearchIndex.load(path, articles) is not None


def test_a_file_that_would_run_code_is_refused(tmp_path: Path, articles, built) -> None:
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    path = tmp_path / "index.bin"
    state = built.__getstate__()
    del state["articles"]
    state["df"] = Evil()
    saved.write(path, state, index.INDEX_VERSION, SearchIndex.fingerprint(articles))
    assert SearchIndex.load(path, articles) is None


# --- built in worker processes ---------------------------------------------------------------
def structure(idx: SearchIndex) -> bytes:
    """Everything the index holds but the articles, comparably."""
    state = idx.__getstate__()
    del state["articles"]
    state["grams"] = {n: sorted((g, list(p)) for g, p in t.items()) for n, t in idx.grams.items()}
    return pickle.dumps(sorted(state.items(), key=lambda kv: kv[0]))


@pytest.fixture
def in_workers(monkeypatch):
    """Make every build, however small, use two worker processes."""
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    monkeypatch.setattr(build, "_cpus", lambda: 2)
    monkeypatch.setattr(build, "PIECE", 37)  # several pieces per part
    started: list[int] = []
    start = build._Workers.start.__func__

    def counting_start(cls, count, *args):
        workers = start(cls, count, *args)
        started.append(count if workers is not None else 0)
        return workers

    monkeypatch.setattr(build._Workers, "start", classmethod(counting_start))
    return started


def test_built_in_workers_equals_built_here(articles, built, in_workers) -> None:
    progress: list[tuple[int, int]] = []
    parallel = SearchIndex.build(articles, progress=lambda *p: progress.append(p))
    assert in_workers == [2]
    assert structure(parallel) == structure(built)
    assert answers(parallel) == answers(built)
    dones = [done for done, _ in progress]
    assert dones == sorted(dones) and progress[-1] == (len(articles), len(articles))
    assert all(done < len(articles) for done in dones[:-1]) and len(progress) > 2


def test_many_parts_per_worker(articles, in_workers, monkeypatch) -> None:
    monkeypatch.setattr(store, "BLOCK", 16)
    monkeypatch.setattr(store, "DENSE", 4)  # many dense lists, across parts
    here = SearchIndex.build(articles[:150])  # 150 articles: PARALLEL_MIN is 0 ...
    assert here.lo.blocks == 10 and here.lo.dense
    monkeypatch.setattr(build, "_cpus", lambda: 1)  # ... but with one CPU it is built here
    alone = SearchIndex.build(articles[:150])
    assert in_workers == [2]
    assert structure(here) == structure(alone)
    assert answers(here) == answers(alone)


def test_unsorted_articles_and_a_body_loader_in_workers(articles, in_workers, monkeypatch) -> None:
    shuffled = list(articles)
    random.Random(1).shuffle(shuffled)
    bodies = {article.path: article.body for article in articles}
    parallel = SearchIndex.build(headers(shuffled), body_loader=lambda a: bodies[a.path])
    monkeypatch.setattr(build, "_cpus", lambda: 1)
    serial_here = SearchIndex.build(shuffled)
    assert in_workers == [2]
    assert structure(parallel) == structure(serial_here)
    assert answers(parallel) == answers(serial_here)


def test_a_failing_body_loader_fails_the_build(articles, in_workers) -> None:
    def broken(article: Article) -> tuple[str, ...]:
        raise KeyError(article.path)

    with pytest.raises(KeyError):
        SearchIndex.build(headers(articles), body_loader=broken)


def test_a_dying_worker_leaves_the_build_to_this_process(
    articles, built, in_workers, monkeypatch
) -> None:
    tokenise = build._Workers.tokenise

    def kill_first(self, *args):
        self.processes[0].kill()
        return tokenise(self, *args)

    monkeypatch.setattr(build._Workers, "tokenise", kill_first)
    rebuilt = SearchIndex.build(articles)
    assert in_workers == [2]
    assert structure(rebuilt) == structure(built)


def test_workers_that_cannot_start_leave_the_build_to_this_process(
    articles, built, monkeypatch
) -> None:
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    monkeypatch.setattr(build, "_cpus", lambda: 2)

    def no_processes(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(build.mp.get_context("spawn"), "Process", no_processes)
    assert structure(SearchIndex.build(articles)) == structure(built)


def test_workers_start_when_stderr_has_no_descriptor() -> None:
    """Under Textual, ``sys.stderr.fileno()`` is -1: spawning must work all the same."""
    script = """
import io, sys
class Captured(io.StringIO):
    def fileno(self):
        return -1
sys.stderr = Captured()
from newsreader.article import Article
from newsreader.search import SearchIndex, build
build.PARALLEL_MIN, build._cpus = 0, lambda: 2
started = []
start = build._Workers.start.__func__
build._Workers.start = classmethod(lambda cls, *a: started.append(start(cls, *a)) or started[-1])
articles = [Article(id=str(i), path=f"/c/{i}", title=f"иран {i}", body=("тоқаев",)) for i in range(50)]
index = SearchIndex.build(articles)
print(started[0] is not None, index.search("токаев").count)
"""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "tui")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.split() == ["True", "50"], done.stderr
