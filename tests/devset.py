"""Score the parser against labelled real articles: one check per expected field.

Used by the tests (``test_devset.py``) and by ``python -m tests.devset DIR`` for a report.
A labelled set is a folder with ``raw/*.txt`` and ``expected.json`` mapping each file's number
to the fields it must parse to: ``lang``, ``date`` (acceptable ISO values, ``null`` = undated),
``title`` or ``title_starts``, ``source`` (alternatives with ``|``, matched as a lower-case
substring of the outlet found), ``rubric``, ``author``, ``tags``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from newsreader.article import Article
from newsreader.corpus import load_file

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Check:
    """One expected field of one file, and what the parser made of it."""

    number: str
    field: str
    expected: object
    got: object
    ok: bool


def _date_ok(article: Article, wanted: list[str | None]) -> bool:
    got = article.published
    if got is None:
        return None in wanted
    iso = got.iso()
    return any(w is not None and (iso == w or iso.startswith(w + "+")) for w in wanted)


def check_article(number: str, article: Article, expected: dict) -> list[Check]:
    """The checks of one article against its expected fields."""
    checks: list[Check] = []

    def add(name: str, want: object, got: object, ok: bool) -> None:
        checks.append(Check(number, name, want, got, ok))

    for name, want in expected.items():
        if name == "lang":
            add(name, want, article.lang, article.lang == want)
        elif name == "date":
            got = article.published.iso() if article.published else None
            add(name, want, got, _date_ok(article, want))
        elif name == "title":
            add(name, want, article.title, article.title == want)
        elif name == "title_starts":
            add(name, want, article.title, article.title.startswith(want))
        elif name == "source":
            got = (article.source or "").lower()
            ok = bool(got) and any(alt.lower() in got for alt in want.split("|"))
            add(name, want, article.source, ok)
        elif name in ("rubric", "author"):
            add(name, want, getattr(article, name), getattr(article, name) == want)
        elif name == "tags":
            add(name, want, list(article.tags), set(want) <= set(article.tags))
    return checks


def score(folder: Path) -> list[Check]:
    """Every check of a labelled folder."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    files = {p.name[:3]: p for p in sorted((folder / "raw").glob("*.txt"))}
    checks: list[Check] = []
    for number, fields in sorted(expected.items()):
        article = load_file(files[number])
        assert isinstance(article, Article), article
        checks.extend(check_article(number, article, fields))
    return checks


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or sorted(p.parent for p in DATA.glob("*/expected.json"))
    for folder in folders:
        checks = score(folder)
        passed = sum(c.ok for c in checks)
        print(f"{folder.name}: {passed}/{len(checks)} ({100 * passed / len(checks):.0f}%)")
        by_field: dict[str, list[int]] = {}
        for c in checks:
            by_field.setdefault(c.field, [0, 0])
            by_field[c.field][0] += c.ok
            by_field[c.field][1] += 1
        print("  " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in by_field.items()))
        for c in checks:
            if not c.ok:
                print(f"  ✘ {c.number} {c.field}: want {c.expected!r} got {c.got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
