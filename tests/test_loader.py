"""The loader: encodings, bad files, folders, duplicates — never a crash, always a reason."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.corpus import load as corpus
from newsreader.corpus import load_corpus, seed_paths

from .helpers import python_output

TEXT = (
    "Цены на нефть выросли на мировых рынках\n\n"
    "Стоимость нефти марки Brent выросла на фоне сокращения добычи, передает Zakon.kz.\n\n"
    "Эксперты ожидают дальнейшего роста цен в ближайшие месяцы.\n"
)
TITLE = "Цены на нефть выросли на мировых рынках"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1251"),
        TEXT.encode("koi8-r"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("cp1251"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16be", "cp1251", "koi8r", "crlf", "cr-cp1251"],
)
def test_encodings_decode_to_the_same_article(tmp_path: Path, data: bytes) -> None:
    write(tmp_path / "a.txt", data)
    result = load_corpus([tmp_path])
    assert result.skipped == ()
    (article,) = result.articles
    assert article.title == TITLE
    assert article.source == "Zakon.kz"
    assert article.body[-1] == "Эксперты ожидают дальнейшего роста цен в ближайшие месяцы."


def test_cp1251_and_koi8r_short_texts_are_told_apart(tmp_path: Path) -> None:
    write(tmp_path / "k.txt", "Новый закон о языках\n\nДепутаты приняли закон.".encode("koi8-r"))
    write(tmp_path / "w.txt", "Новый закон о языках\n\nДепутаты приняли закон!".encode("cp1251"))
    titles = {a.title for a in load_corpus([tmp_path]).articles}
    assert titles == {"Новый закон о языках"}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t \r\n", "no text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8\x00", "utf-16"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    write(tmp_path / "good.txt", TEXT.encode())
    write(tmp_path / name, data)
    result = load_corpus([tmp_path])
    assert [a.title for a in result.articles] == [TITLE]
    (skipped,) = result.skipped
    assert skipped.path.endswith(name)
    assert reason in skipped.reason


def test_huge_file_is_skipped_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 1000)
    write(tmp_path / "huge.txt", ("Очень длинный текст. " * 200).encode())
    write(tmp_path / "good.txt", TEXT.encode())
    result = load_corpus([tmp_path])
    assert [a.title for a in result.articles] == [TITLE]
    assert "too large" in result.skipped[0].reason


def test_folders_are_walked_recursively_for_txt_only(tmp_path: Path) -> None:
    write(tmp_path / "a" / "b" / "deep.txt", TEXT.encode())
    write(tmp_path / "a" / "notes.md", b"# not an article")
    write(tmp_path / "UPPER.TXT", TEXT.replace("нефть", "газ").encode())
    result = load_corpus([tmp_path])
    assert len(result.articles) == 2


def test_symlink_loop_ends(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", TEXT.encode())
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "self")
    result = load_corpus([tmp_path])
    assert len(result.articles) == 1


def test_same_article_twice_is_listed_once(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", TEXT.encode())
    write(tmp_path / "copy" / "two.txt", TEXT.replace("\n", "\r\n").encode("cp1251"))
    result = load_corpus([tmp_path])
    assert len(result.articles) == 1
    assert "duplicate" in result.skipped[0].reason


def test_a_file_named_directly_is_loaded_whatever_its_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "article.text", TEXT.encode())
    assert len(load_corpus([path]).articles) == 1


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "secret.txt", TEXT.encode())
    write(tmp_path / "good.txt", TEXT.replace("нефть", "газ").encode())

    real = corpus.read_regular_file

    def refuse(path, *args, **kwargs):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(corpus, "read_regular_file", refuse)
    result = load_corpus([tmp_path])
    assert len(result.articles) == 1
    assert result.skipped[0].path.endswith("secret.txt")
    assert result.skipped[0].reason == "cannot read: Permission denied"


def test_parallel_load_matches_serial(tmp_path: Path, monkeypatch) -> None:
    for i in range(30):
        write(tmp_path / f"{i:03d}.txt", TEXT.replace("нефть", f"нефть {i}").encode())
    serial = load_corpus([tmp_path])
    monkeypatch.setattr(corpus, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(corpus, "_CHUNK", 7)
    progress: list[tuple[int, int]] = []
    parallel = load_corpus([tmp_path], lambda done, total: progress.append((done, total)))
    assert parallel.articles == serial.articles
    assert progress[-1] == (30, 30)


def test_seed_corpus_loads_in_timeline_order() -> None:
    result = load_corpus(seed_paths())
    names = [Path(a.path).name[:3] for a in result.articles]
    assert names == ["000", "003", "001", "004", "002"]
    assert result.skipped == ()


def test_a_long_load_hands_over_articles_as_they_are_parsed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(corpus, "PARTIAL_EVERY", 2)
    news = tmp_path / "news"
    words = ["нефть", "газ", "уран", "золото", "медь"]
    for number, word in enumerate(words):
        write(news / f"{number}.txt", TEXT.replace("нефть", word).encode())
    batches: list[list[str]] = []
    result = load_corpus([news], partial=lambda batch: batches.append([a.id for a in batch]))
    assert [len(batch) for batch in batches] == [2, 2]  # the fifth comes with the result
    assert {i for batch in batches for i in batch} < {a.id for a in result.articles}


def test_timeline_rank_orders_as_the_timeline_key() -> None:
    import datetime as dt
    import random

    from newsreader.article import Article, Published, timeline_rank

    rng = random.Random(7)
    articles = []
    for number in range(400):
        kind = rng.randrange(3)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(5))
        published = (
            None
            if kind == 0
            else Published(day)
            if kind == 1
            else Published(day, dt.time(rng.randrange(24), rng.choice([0, 59])))
        )
        articles.append(Article(f"{number:x}", f"/c/{rng.randrange(50):03d}.txt", "t", published))
    expected = sorted(articles, key=Article.timeline_key)
    by_rank = sorted(articles, key=lambda a: a.path)
    by_rank.sort(key=timeline_rank)
    assert [a.timeline_key() for a in by_rank] == [a.timeline_key() for a in expected]


def test_a_fifo_among_the_articles_is_skipped_not_waited_on(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: run in a subprocess with a timeout, so a
    regression fails instead of hanging the suite."""
    write(tmp_path / "good.txt", TEXT.encode())
    os.mkfifo(tmp_path / "pipe.txt")
    code = (
        "import sys; from newsreader.corpus import load_file; "
        f"r = load_file({str(tmp_path / 'pipe.txt')!r}); print(type(r).__name__, r.reason)"
    )
    assert python_output(code).startswith("Skipped not a regular file")


_ORPHAN_SCRIPT = """
import os, signal, sys, time
from pathlib import Path
from newsreader.corpus import load as corpus

folder = Path(sys.argv[1])

def chunk(names):
    (folder / f"worker-{os.getpid()}").write_text("")
    time.sleep(120)  # a long chunk of work: the parent is killed meanwhile
    return b""

def run():
    names = [str(folder / f"{n}.txt") for n in range(corpus.PARALLEL_THRESHOLD)]
    for _ in corpus.in_workers(names, lambda name: name, chunk, lambda blob: []):
        pass

if __name__ == "__main__":
    import threading
    threading.Thread(target=run, daemon=True).start()
    while len(list(folder.glob("worker-*"))) < 2:
        time.sleep(0.05)  # (in the child script: until both workers are at work)
    os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 does
"""


def test_pool_workers_end_with_a_killed_parent(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        pytest.skip("the parent-death signal is Linux's; one core runs no pool")
    script = tmp_path / "orphans.py"
    script.write_text(_ORPHAN_SCRIPT)
    parent = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, timeout=60
    )
    assert parent.returncode == -9
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
    assert len(workers) == 2
    deadline = time.monotonic() + 10  # a condition awaited, not a pause: gone in ms

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except OSError:
            return False
        return state != "Z"

    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        os.sched_yield()
    assert not any(alive(pid) for pid in workers)
