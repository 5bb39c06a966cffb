"""Search engine benchmark: an index built in memory, and per-keystroke query latency.

    .venv/bin/python bench/search_bench.py                  # 100k synthetic articles
    .venv/bin/python bench/search_bench.py -n 20000         # smaller
    .venv/bin/python bench/search_bench.py --corpus DIR     # real files, through a library
    .venv/bin/python bench/search_bench.py --corpus DIR --json out.json

The synthetic corpus is made in memory, quickly and deterministically: pseudo-Russian and
pseudo-Kazakh stems (Zipf-distributed) × real inflection endings (Russian case and verb endings,
Kazakh suffix chains), function words, recurring names (Токаев/Тоқаев, Бакаев, Хаменеи, Иран …),
~1% typos and the odd Latin look-alike inside a Cyrillic word — several hundred thousand distinct
word forms at 100k articles, ~2 KB of body each. ``make bench``'s corpus (``bench/synth.py``,
~6 KB each, a million word forms at 100k) is the one the targets are about: pass its
``articles`` folder with ``--corpus`` (a library is built for it in a temporary folder, as the
reader builds one).

The synthetic articles are indexed with :meth:`SearchIndex.build` (tantivy, in memory). Each
benchmark query (:data:`bench.queries.QUERIES`) is then typed one character at a time, as the UI
runs it: every prefix is searched (with the engine's caches emptied before each query, so no
query profits from an earlier one) and the title spans of the first 64 hits are read. Reported:
build time, peak RSS of this process and of the whole process tree, and p50/p95/max latency per
keystroke, overall and per query kind.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import RssSampler
from bench.queries import QUERIES, keystrokes
from newsreader import garbage
from newsreader.article import Article, Published
from newsreader.search import SearchIndex, SearchResult

#: The hits whose title spans the UI's search worker makes (``_SPANS_AHEAD``).
SPANS_AHEAD = 64

_RU_CONS = "бвгдзклмнпрстфхчшжц"
_RU_CONS_W = [3, 6, 3, 5, 2, 7, 5, 5, 8, 4, 8, 9, 9, 1, 2, 2, 1, 1, 1]
_RU_VOW = "аеиоуыяю"
_RU_VOW_W = [9, 9, 7, 11, 3, 2, 2, 1]
_KK_EXTRA = "әғқңөұүһі"
_RU_ENDINGS = {
    "noun": ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"],
    "fem": ["а", "ы", "е", "у", "ой", "ам", "ами", "ах"],
    "adj": ["ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми"],
    "verb": ["ать", "ает", "ают", "ал", "ала", "али", "ался", "ение", "ения"],
}
_KK_ENDINGS = [
    "", "", "", "лар", "ға", "ды", "да", "дан", "мен", "ның", "ы", "сы", "лары", "ларды",
    "ларға", "дағы", "ін", "ге", "ні", "дің", "тер", "ке", "те", "тен", "нің", "ымыз",
]  # fmt: skip


def _split(text: str) -> list[str]:
    return text.split()


_RU_FUNCTION = _split(
    "и в на с по что не а также для из о к от как это его их за до при который были будет "
    "года году лет более между после уже только этом том числе время рамках связи но или "
    "он они мы все может сегодня ранее через под так если чтобы где когда отметил заявил"
)
_KK_FUNCTION = _split(
    "және мен бен да де бұл осы үшін деп болып жылы сол бір ол біз олар бойынша туралы "
    "арқылы бірақ сондай-ақ қазір кейін дейін жоқ бар болды екенін атап өтті"
)
_NAMES_RU = [
    *_split(
        "Токаев Токаева Токаеву Токаевым Бакаев Бакаева Хаменеи Иран Ирана Ирану Ираном Иране "
        "Палестина Палестины Палестину Казахстан Казахстана Казахстане Трамп Трампа Ашимбаев "
        "Ашимбаева эвакуация эвакуации министр министра президент президента Президент"
    ),
    *("Ближнем Востоке", "Ближнего Востока", "президента Казахстана", "Президент Казахстана"),
]
_NAMES_KK = _split(
    "Тоқаев Тоқаевтың Тоқаевқа Иран Иранды Иранға Иранның Қазақстан Қазақстанның "
    "Қазақстанға Әшімбаев Палестина Палестинаның министр министрі"
)
_SOURCES = [
    "Zakon.kz", "Kazpravda.kz", "Kazinform", "Tengrinews.kz", "Informburo.kz", "Vlast.kz",
    "Orda.kz", "Inbusiness.kz", "Kursiv.media", "Egemen.kz", "Aikyn.kz", "Baq.kz",
]  # fmt: skip


def _syllables(rng: random.Random, count: int, kazakh: bool) -> str:
    out = []
    for _ in range(count):
        out.append(rng.choices(_RU_CONS, _RU_CONS_W)[0])
        vowel = rng.choices(_RU_VOW, _RU_VOW_W)[0]
        if kazakh and rng.random() < 0.3:
            vowel = rng.choice(_KK_EXTRA)
        out.append(vowel)
    if rng.random() < 0.6:
        out.append(rng.choices(_RU_CONS, _RU_CONS_W)[0])
    return "".join(out)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.55:
        return word[:i] + word[i + 1 :]
    if kind < 0.8:
        return word[:i] + rng.choice(_RU_VOW + _RU_CONS) + word[i + 1 :]
    return word[:i] + rng.choice(_RU_VOW + _RU_CONS) + word[i:]


class _Lexicon:
    """Word forms with Zipf weights, as one population for ``random.choices``."""

    def __init__(self, rng: random.Random, stems: int, kazakh: bool) -> None:
        forms: list[str] = []
        weights: list[float] = []
        for rank in range(1, stems + 1):
            stem = _syllables(rng, rng.choice((1, 2, 2, 3, 3)), kazakh)
            weight = 1.0 / (rank + 2.7) ** 1.07
            if kazakh:
                endings = rng.sample(_KK_ENDINGS, rng.randint(3, 12))
            else:
                paradigm = _RU_ENDINGS[rng.choice(list(_RU_ENDINGS))]
                endings = rng.sample(paradigm, rng.randint(2, len(paradigm)))
            for k, ending in enumerate(endings):
                forms.append(stem + ending)
                weights.append(weight / (k + 1))
        self.forms = forms
        self.cum = list(itertools.accumulate(weights))

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.forms, cum_weights=self.cum, k=count)


def synthesize(count: int, seed: int = 7) -> list[Article]:
    """``count`` articles, newest first (undated last), like the loader returns them."""
    rng = random.Random(seed)
    lexicons = {"ru": _Lexicon(rng, 36000, False), "kk": _Lexicon(rng, 12000, True)}
    functions = {"ru": _RU_FUNCTION, "kk": _KK_FUNCTION}
    names = {"ru": _NAMES_RU, "kk": _NAMES_KK}
    authors = [" ".join(w.capitalize() for w in lexicons["ru"].sample(rng, 2)) for _ in range(400)]
    tags = [w.capitalize() for w in lexicons["ru"].sample(rng, 1500)]
    start = dt.date(2024, 1, 1).toordinal()
    dates = sorted((rng.randrange(start, start + 800) for _ in range(count)), reverse=True)
    articles = []

    def text(lang: str, words: int) -> str:
        lex = lexicons[lang]
        content = lex.sample(rng, words)
        glue = rng.choices(functions[lang], k=words // 2)
        out = []
        for i, word in enumerate(content):
            roll = rng.random()
            if roll < 0.01:
                word = _typo(rng, word)
            elif roll < 0.02:
                word = rng.choice(names[lang])
            elif roll < 0.0205:
                word = word.replace("о", "o", 1).replace("с", "c", 1)
            out.append(word)
            if i < len(glue):
                out.append(glue[i])
        out[0] = out[0].capitalize()
        return " ".join(out) + "."

    for i in range(count):
        lang = "kk" if rng.random() < 0.3 else "ru"
        undated = rng.random() < 0.03
        day = dt.date.fromordinal(dates[i])
        published = None if undated else Published(day, dt.time(rng.randrange(24), 0))
        body = tuple(text(lang, rng.randint(15, 40)) for _ in range(rng.randint(4, 8)))
        articles.append(
            Article(
                id=f"{i:016x}",
                path=f"/synthetic/{i:06d}.txt",
                title=text(lang, rng.randint(4, 8))[:-1],
                published=published,
                source=rng.choice(_SOURCES),
                author=rng.choice(authors) if rng.random() < 0.7 else None,
                lang=lang,
                rubric=None,
                tags=tuple(rng.sample(tags, rng.randint(0, 3))),
                captions=(f"Фото: {rng.choice(authors)}",) if rng.random() < 0.5 else (),
                body=body,
            )
        )
    articles.sort(key=Article.timeline_key)
    return articles


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, bisect.bisect_left(range(len(ordered)), q * len(ordered)))]


def _fmt(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:6.2f} ms   "
        f"p95 {_percentile(values, 0.95) * 1000:6.2f} ms   "
        f"max {max(values) * 1000:6.2f} ms   (n={len(values)})"
    )


def _timed_build(articles: list[Article]) -> tuple[SearchIndex, dict[str, float]]:
    """Build in memory, sampling the RSS of this process; print and return the figures."""
    gc.collect()
    rss_before = _rss_mb()
    sampler = RssSampler(interval=0.05).start()
    marks: list[int] = []
    started = time.perf_counter()
    cpu = time.process_time()
    index = SearchIndex.build(articles, progress=lambda done, total: marks.append(done))
    build = time.perf_counter() - started
    cpu = time.process_time() - cpu
    rss = sampler.stop()
    gc.collect()
    rss_after = _rss_mb()
    figures = {
        "build_s": build,
        "build_cpu_s": cpu,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "rss_tree_peak_mb": rss["rss_tree_peak_mb"],
        "rss_main_hwm_mb": rss["rss_main_hwm_mb"],
    }
    print(
        f"build (in memory): {build:.1f} s (this process's CPU {cpu:.1f} s), "
        f"{len(index):,} documents"
    )
    print(
        f"  RSS: articles {rss_before:.0f} MB, with index {rss_after:.0f} MB; "
        f"peak {rss['rss_main_hwm_mb']:.0f} MB"
    )
    return index, figures


def _library(corpus: Path, cache: Path) -> tuple[Any, dict[str, float]]:
    """A library of ``corpus`` built from scratch under ``cache``, as the reader builds one."""
    from newsreader.library import Library

    sampler = RssSampler(interval=0.05).start()
    started = time.perf_counter()
    library = Library.open([corpus], cache)
    update = library.update()
    build = time.perf_counter() - started
    rss = sampler.stop()
    started = time.perf_counter()
    count = len(library.articles)  # hits by position need the timeline, as in the UI
    headers = time.perf_counter() - started
    print(
        f"library: {update.added:,} files parsed and indexed in {build:.1f} s, "
        f"{count:,} headers read in {headers:.2f} s; peak RSS with workers "
        f"{rss['rss_tree_peak_mb']:.0f} MB"
    )
    return library, {
        "build_s": build,
        "headers_s": headers,
        "rss_tree_peak_mb": rss["rss_tree_peak_mb"],
    }


def _type_queries(
    search: Callable[[str], SearchResult], clear: Callable[[], None]
) -> dict[str, float]:
    """Type every query a key at a time: ``search(prefix)`` and the first hits' title spans."""
    per_kind: dict[str, list[float]] = {}
    every: list[float] = []
    cpu: list[float] = []
    slowest: list[tuple[float, str]] = []
    for kind, query in QUERIES:
        clear()
        for typed in keystrokes(query):
            t0, c0 = time.perf_counter(), time.thread_time()
            result = search(typed)
            hits = result.hits
            for position in range(min(SPANS_AHEAD, len(hits))):
                hits[position].title_spans  # noqa: B018 — the list shows highlighted titles
            elapsed = time.perf_counter() - t0
            cpu.append(time.thread_time() - c0)
            per_kind.setdefault(kind, []).append(elapsed)
            every.append(elapsed)
            slowest.append((elapsed, typed))
        print(f"  {query!r:34} → {search(query).count:6} hits")
    print("per keystroke (wall clock):")
    for kind, values in per_kind.items():
        print(f"  {kind:12} {_fmt(values)}")
    print(f"  {'all':12} {_fmt(every)}")
    print(f"  {'all, CPU':12} {_fmt(cpu)}  (CPU time: less noise on a shared machine)")
    slowest.sort(reverse=True)
    print("slowest:", ", ".join(f"{q!r} {t * 1000:.1f} ms" for t, q in slowest[:6]))
    return {
        "search_p50_ms": statistics.median(every) * 1000,
        "search_p95_ms": _percentile(every, 0.95) * 1000,
        "search_max_ms": max(every) * 1000,
        "search_cpu_p95_ms": _percentile(cpu, 0.95) * 1000,
    }


def _clearer(engine: SearchIndex) -> Callable[[], None]:
    def clear() -> None:
        with engine._lock:
            engine._cache.clear()

    return clear


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, help="real files (through a library) instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {}
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if args.corpus:
        with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
            library, built = _library(args.corpus, Path(folder))
            try:
                figures["articles"] = len(library)
                figures["build"] = built
                garbage.keep_for_life()  # as the app does once the corpus is loaded
                print("queries on the library:")
                figures.update(
                    _type_queries(
                        lambda q: library.search(q, positions=True), _clearer(library.engine)
                    )
                )
            finally:
                library.close()
    else:
        started = time.perf_counter()
        articles = synthesize(args.articles, args.seed)
        print(f"synthesized {len(articles)} articles in {time.perf_counter() - started:.1f} s")
        chars = sum(len(a.title) + sum(map(len, a.body)) for a in articles)
        print(f"text: {chars / max(1, len(articles)):.0f} characters per article")
        figures["articles"] = len(articles)
        index, figures["build"] = _timed_build(articles)
        garbage.keep_for_life()
        print("queries on the index:")
        figures.update(_type_queries(index.search, _clearer(index)))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
