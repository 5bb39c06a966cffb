"""Search engine benchmark: index build time and per-keystroke query latency.

    .venv/bin/python bench/search_bench.py                  # 100k synthetic articles
    .venv/bin/python bench/search_bench.py -n 20000         # smaller
    .venv/bin/python bench/search_bench.py --corpus DIR     # real files, via the loader

The synthetic corpus is made in memory, quickly and deterministically: pseudo-Russian and
pseudo-Kazakh stems (Zipf-distributed) × real inflection endings (Russian case and verb endings,
Kazakh suffix chains), function words, recurring names (Токаев/Тоқаев, Бакаев, Хаменеи, Иран …),
~1% typos and the odd Latin look-alike inside a Cyrillic word — several hundred thousand distinct
word forms at 100k articles, ~2 KB of body each.

Each benchmark query is typed one character at a time, as the UI runs it: every prefix is
searched (with the index's caches emptied before each query, so no query profits from an earlier
one) and the first screenful of hits (50, with the title spans of 20) is read. Reported: build
time, RSS, and p50/p95/max latency per keystroke, overall and per query kind.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import gc
import itertools
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))

from newsreader.article import Article, Published
from newsreader.search import SearchIndex

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, help="load real files instead of synthesizing")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.corpus:
        from newsreader.corpus import load_corpus

        articles = list(load_corpus([args.corpus]).articles)
        print(f"loaded {len(articles)} articles in {time.perf_counter() - started:.1f} s")
    else:
        articles = synthesize(args.articles, args.seed)
        print(f"synthesized {len(articles)} articles in {time.perf_counter() - started:.1f} s")
    chars = sum(len(a.title) + sum(map(len, a.body)) for a in articles)
    print(f"text: {chars / len(articles):.0f} characters per article")
    gc.collect()
    rss_before = _rss_mb()

    started = time.perf_counter()
    index = SearchIndex.build(articles)
    build = time.perf_counter() - started
    gc.collect()
    rss_after = _rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"build: {build:.1f} s   vocabulary: {len(index.vocab):,} terms")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"RSS: corpus {rss_before:.0f} MB, with index {rss_after:.0f} MB "
        f"(index {rss_after - rss_before:.0f} MB), peak {peak:.0f} MB"
    )

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
