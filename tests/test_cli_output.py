"""What the CLI prints and how it exits (issue 15, part 5): usage errors, no hits, one
tab-separated line per article when piped (at any length), a table only on a terminal."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader import cli
from newsreader.article import Article, Published
from newsreader.export import TSV_COLUMNS, tsv_field, tsv_line

from .conftest import ROOT, SEEDS
from .test_cli import run


def _unescape(field: str) -> str:
    """The inverse of the documented TSV escapes: ``\\\\``, ``\\xNN``, ``\\uNNNN``."""
    return re.sub(
        r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})",
        lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)),
        field,
    )


@pytest.mark.parametrize(
    "args",
    [("--json",), ("--json", str(SEEDS)), ("--limit", "3"), ("--paths", "--json")],
)
def test_json_or_limit_without_a_listing_is_a_usage_error(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,  # the reader launched into the pipe would hang here
    )
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "needs --list or --search" in line


def test_search_without_hits_exits_1_and_prints_nothing() -> None:
    done = run("--search", "zzzzqqq")
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "nothing matches 'zzzzqqq'" in line


def test_empty_corpus_as_json_is_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    done = run("--list", "--json", str(tmp_path))
    assert done.returncode == 1
    assert json.loads(done.stdout) == []


def test_piped_lines_are_the_same_at_5_and_100_000_rows(monkeypatch, capsys) -> None:
    """The old listing switched to other columns above 2,000 rows."""
    articles = [
        Article(
            id="a",
            path="/n/a.txt",
            title="Иран",
            published=Published(dt.date(2026, 3, 5)),
            source="Tengri",
        ),
        Article(id="b", path="/n/b.txt", title="Без даты", lang="kk"),
    ]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    cli.print_articles(articles)
    small = capsys.readouterr().out
    assert small == "2026-03-05\tTengri\tru\tИран\t/n/a.txt\n\t\tkk\tБез даты\t/n/b.txt\n"
    cli.print_articles(articles * 50_000)
    assert capsys.readouterr().out == small * 50_000


def test_a_corpus_past_the_old_limit_is_still_one_line_per_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2_100):
        (corpus / f"{i:05d}.txt").write_text(
            f"Заголовок номер {i}\n\n05.03.2026\n\nТекст статьи номер {i}.\n", encoding="utf-8"
        )
    done = run("--list", str(corpus))
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert len(rows) == 2_100
    assert {len(row) for row in rows} == {len(TSV_COLUMNS)}
    assert sorted(Path(row[4]).name for row in rows) == sorted(p.name for p in corpus.iterdir())
    searched = run("--search", "номер", "--limit", "2050", str(corpus))
    assert {len(line.split("\t")) for line in searched.stdout.splitlines()} == {5}
    assert len(searched.stdout.splitlines()) == 2_050


def test_tabs_newlines_escapes_and_backslashes_in_a_name_stay_in_their_field(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "a\tb\nc\\x09\x1b[2J\u202e.txt"
    (corpus / name).write_bytes(next(SEEDS.glob("002_*.txt")).read_bytes())
    done = run("--list", str(corpus))
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert "\x1b" not in line and "\u202e" not in line
    fields = line.split("\t")
    assert len(fields) == 5
    assert fields[4].endswith("a\\x09b\\x0ac\\\\x09\\x1b[2J\\u202e.txt")
    assert _unescape(fields[4]) == str(corpus / name)


def test_every_field_goes_through_the_escapes() -> None:
    hostile = Article(
        id="x",
        path="/n/x\tx.txt",
        title="t\x1b]52;c;x\x07",
        source="s\\rc\u202e",
        lang="r\nu",
    )
    fields = tsv_line(hostile).rstrip("\n").split("\t")
    assert fields == [
        "", "s\\\\rc\\u202e", "r\\x0au", "t\\x1b]52;c;x\\x07", "/n/x\\x09x.txt",
    ]  # fmt: skip
    assert [_unescape(f) for f in fields[1:]] == [
        hostile.source, hostile.lang, hostile.title, hostile.path,
    ]  # fmt: skip
    assert tsv_field("plain Ü text") == "plain Ü text"


def _run_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with stdout on a pseudo-terminal; its exit status and what it showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", *args],
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200", "LINES": "50"},
    )
    os.close(terminal)
    chunks = []
    while True:  # until the child closes the terminal: EIO (Linux) or EOF
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_the_listing_is_a_table() -> None:
    status, shown = _run_on_a_terminal("--list")
    assert status == 0
    assert "published" in shown and "┃" in shown and "━" in shown
    assert "\t" not in shown
    assert "Kazinform" in shown and "undated" in shown


def test_on_a_terminal_markup_in_a_title_is_shown_literally(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("Title [/bar] and [bold]x[/bold] here\n\nBody text here.\n")
    status, shown = _run_on_a_terminal("--list", str(tmp_path))
    assert status == 0
    assert "[/bar]" in shown and "[bold]x[/bold]" in shown


def test_matches_stay_highlighted_when_a_title_needs_escapes(monkeypatch, capsys) -> None:
    """The escape shown as text, and the match after it (not 3 characters early) in reverse."""
    for name, value in (("FORCE_COLOR", "1"), ("TERM", "xterm-256color"), ("COLUMNS", "80")):
        monkeypatch.setenv(name, value)
    article = Article(id="a", path="/n/a.txt", title="a\x1bb tokaev c")
    cli.print_table([article], [[(4, 10)]])
    (row,) = [line for line in capsys.readouterr().out.splitlines() if "undated" in line]
    assert row.endswith("a\\x1bb \x1b[1;7mtokaev\x1b[0m c")


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_the_json_keys_and_tsv_columns_the_cli_prints() -> None:
    section = _readme_section("Scripting")
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| ")]
    columns = [re.findall(r"`(\w+)`", row)[0] for row in rows if re.match(r" \d\. ", row)]
    keys = [key for row in rows if row.startswith(" `") for key in re.findall(r"`(\w+)`", row)]
    assert columns == list(TSV_COLUMNS)
    (record,) = json.loads(run("--search", "palestina", "--json").stdout)
    assert [*keys, "score", "matches"] == list(record)
    assert "`score`" in section and "`matches`" in section
