"""Search engine benchmark: index build (in workers and in one process), the index file
(save, load), and per-keystroke query latency on the loaded index.

    .venv/bin/python bench/search_bench.py                  # 100k synthetic articles
    .venv/bin/python bench/search_bench.py -n 20000         # smaller
    .venv/bin/python bench/search_bench.py --corpus DIR     # real files, via the loader
    .venv/bin/python bench/search_bench.py --corpus DIR --serial --json out.json

The synthetic corpus is made in memory, quickly and deterministically: pseudo-Russian and
pseudo-Kazakh stems (Zipf-distributed) × real inflection endings (Russian case and verb endings,
Kazakh suffix chains), function words, recurring names (Токаев/Тоқаев, Бакаев, Хаменеи, Иран …),
~1% typos and the odd Latin look-alike inside a Cyrillic word — several hundred thousand distinct
word forms at 100k articles, ~2 KB of body each. ``make bench``'s corpus (``bench/synth.py``,
~6 KB each, a million word forms at 100k) is the one issue 6's targets are about: pass its
``articles`` folder with ``--corpus``.

The index is built as the app builds it (worker processes from 6,000 articles; ``--serial``
adds a build in this process only, for comparison), saved to a file, and loaded back for the
same articles *without their bodies*, as a warm start has them. Each benchmark query is then typed
one character at a time, as the UI runs it: every prefix is searched (with the index's caches
emptied before each query, so no query profits from an earlier one) and the first screenful of
hits (50, with the title spans of 20) is read. Reported: build time, peak RSS of this process and
of the whole process tree, save and load time, file size, and p50/p95/max latency per keystroke,
overall and per query kind.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import RssSampler
from newsreader.article import Article, Published
from newsreader.search import SearchIndex
from newsreader.search import build as build_module

QUERIES: list[tuple[str, str]] = [
    ("word", "токаев"),
    ("word", "палестина"),
    ("word", "эвакуация"),
    ("two words", "президент казахстана"),
    ("two words", "трамп хаменеи"),
    ("filter+word", "source:zakon иран"),
    ("filter+word", "lang:kk тоқаев"),
    ("filter+word", "date:2025-01..2025-06 министр"),
    ("typo", "тоакев"),
    ("typo", "хамнеи"),
    ("typo", "пелестина"),
    ("latin", "khamenei"),
    ("latin", "tokayev"),
    ("phrase", '"ближнем востоке"'),
    ("exclude", "министр -бакаев"),
]

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


def _timed_build(articles: list[Article], label: str) -> tuple[SearchIndex, dict[str, float]]:
    """Build, sampling the RSS of this process and its workers; print and return the figures."""
    gc.collect()
    rss_before = _rss_mb()
    sampler = RssSampler(interval=0.05).start()
    marks: list[float] = []
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
        "progress_reports": len(marks),
    }
    print(
        f"build ({label}): {build:.1f} s (this process's CPU {cpu:.1f} s)   "
        f"vocabulary: {len(index.vocab):,} terms   progress reports: {len(marks)}"
    )
    print(
        f"  RSS: corpus {rss_before:.0f} MB, with index {rss_after:.0f} MB "
        f"(index {rss_after - rss_before:.0f} MB); peak: this process "
        f"{rss['rss_main_hwm_mb']:.0f} MB, with workers {rss['rss_tree_peak_mb']:.0f} MB"
    )
    return index, figures


def _type_queries(index: SearchIndex) -> dict[str, float]:
    per_kind: dict[str, list[float]] = {}
    every: list[float] = []
    cpu: list[float] = []
    slowest: list[tuple[float, str]] = []
    for kind, query in QUERIES:
        index._cache.clear()
        for end in range(1, len(query) + 1):
            typed = query[:end]
            t0, c0 = time.perf_counter(), time.thread_time()
            result = index.search(typed)
            page = result.hits[:50]
            for hit in page[:20]:
                hit.title_spans  # noqa: B018 — the list shows highlighted titles
            elapsed = time.perf_counter() - t0
            cpu.append(time.thread_time() - c0)
            per_kind.setdefault(kind, []).append(elapsed)
            every.append(elapsed)
            slowest.append((elapsed, typed))
        final = index.search(query)
        print(f"  {query!r:34} → {final.count:6} hits")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, help="load real files instead of synthesizing")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--serial", action="store_true", help="also build in this process only, for comparison"
    )
    parser.add_argument(
        "--index-file", type=Path, help="where to save the index (default: a temporary folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {}

    started = time.perf_counter()
    if args.corpus:
        from newsreader.corpus import load_corpus

        articles = list(load_corpus([args.corpus]).articles)
        print(f"loaded {len(articles)} articles in {time.perf_counter() - started:.1f} s")
    else:
        articles = synthesize(args.articles, args.seed)
        print(f"synthesized {len(articles)} articles in {time.perf_counter() - started:.1f} s")
    chars = sum(len(a.title) + sum(map(len, a.body)) for a in articles)
    print(f"text: {chars / max(1, len(articles)):.0f} characters per article")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    figures["articles"] = len(articles)

    index, built = _timed_build(articles, "as the app builds it")
    figures["build"] = built
    if args.serial:
        del index
        gc.collect()
        saved_min = build_module.PARALLEL_MIN
        build_module.PARALLEL_MIN = 1 << 62
        try:
            index, serial = _timed_build(articles, "in this process only")
        finally:
            build_module.PARALLEL_MIN = saved_min
        figures["build_serial"] = serial

    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        path = args.index_file or Path(folder) / "index.bin"
        started = time.perf_counter()
        index.save(path)
        save_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 2**20
        # A warm start has the articles without their bodies (the parse cache's headers).
        headers = [dataclasses.replace(article, body=()) for article in articles]
        bodies = {article.path: article.body for article in articles}
        del index
        gc.collect()
        loads = []
        for _ in range(3):
            started = time.perf_counter()
            loaded = SearchIndex.load(path, headers, lambda article: bodies[article.path])
            loads.append(time.perf_counter() - started)
            assert loaded is not None, "the index just saved does not load"
        started = time.perf_counter()
        SearchIndex.fingerprint(headers)
        fingerprint_s = time.perf_counter() - started
    print(
        f"index file: {size_mb:.0f} MB, saved in {save_s:.2f} s, loaded in "
        f"{min(loads):.2f}–{max(loads):.2f} s "
        f"(fingerprint of the corpus: {fingerprint_s * 1000:.0f} ms)"
    )
    figures.update(
        file_mb=size_mb, save_s=save_s, load_s=statistics.median(loads), fingerprint_s=fingerprint_s
    )
    print("queries on the loaded index:")
    figures.update(_type_queries(loaded))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
