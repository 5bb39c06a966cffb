"""The scripting CLI, run as a user runs it: a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS

ORDER = ["000", "003", "001", "004", "002"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def test_list_json_gives_the_seeds_in_timeline_order(tmp_path: Path) -> None:
    done = run("--list", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [Path(r["path"]).name[:3] for r in records] == ORDER
    first = records[0]
    assert list(first) == [
        "id", "path", "title", "published", "source", "author", "lang", "rubric", "tags",
        "captions", "body", "read", "starred",
    ]  # fmt: skip
    assert Path(first["path"]).is_absolute()
    by_number = {Path(r["path"]).name[:3]: r for r in records}
    assert by_number["004"]["published"] == "2025-12-11T12:05+05:00"
    assert by_number["002"]["published"] is None
    assert by_number["001"]["tags"] == ["Референдум-2026", "Казахмыс"]
    assert "\n\n" in by_number["001"]["body"]


def test_list_piped_is_one_tab_separated_line_per_article_in_timeline_order() -> None:
    done = run("--list")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == [
        "2026-03-05", "2026-03-03T12:53", "2026-03-02T23:42", "2025-12-11T12:05+05:00", "",
    ]  # fmt: skip
    assert [Path(row[4]).name[:3] for row in rows] == ORDER
    assert rows[3][1:4] == [
        "Kazinform", "kk",
        "Президент: Қазақстан Иранды бауырлас көрші, Орта Шығыстағы сенімді серіктес деп біледі",
    ]  # fmt: skip
    assert all(Path(row[4]).is_absolute() for row in rows)


def test_missing_path_exits_2_naming_it() -> None:
    done = run("--list", "/no/such/dir")
    assert done.returncode == 2
    assert "/no/such/dir" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_articles_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    done = run("--list", str(tmp_path))
    assert done.returncode == 1
    assert "empty.txt: empty file" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_files_are_named_on_stderr_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "ok.txt").write_bytes((SEEDS / "002_a67589d166abfaf7.txt").read_bytes())
    done = run("--list", "--json", str(tmp_path))
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 1
    assert "bin.txt" in done.stderr and "binary" in done.stderr


def test_a_broken_link_is_named_on_stderr_and_the_rest_lists(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "ok.txt").write_bytes((SEEDS / "002_a67589d166abfaf7.txt").read_bytes())
    (news / "gone.txt").symlink_to(tmp_path / "deleted.txt")  # its target removed
    done = run("--list", "--json", str(news))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 1
    (line,) = [line for line in done.stderr.splitlines() if "gone.txt" in line]
    assert line.startswith("newsreader: skipped ") and "No such file" in line


def test_markup_in_titles_is_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("Title [/bar] and [bold]x[/bold] here\n\nBody text here.\n")
    done = run("--list", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "[/bar]" in done.stdout and "[bold]x[/bold]" in done.stdout


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("newsreader ")
    assert "--list" in run("--help").stdout


def _numbers(stdout: str) -> list[str]:
    return sorted(Path(r["path"]).name[:3] for r in json.loads(stdout))


def test_search_json_finds_what_the_issue_lists() -> None:
    expected = {
        "tokaev": ["000", "002", "004"],
        "тоакев": ["000", "002", "004"],
        "khamenei": ["000", "001", "003"],
        "трамп хаменеи": ["001", "003"],
        "source:zakon": ["001", "003"],
        "lang:kk": ["004"],
    }
    for query, numbers in expected.items():
        done = run("--search", query, "--json")
        assert done.returncode == 0, done.stderr
        assert _numbers(done.stdout) == numbers, query


def test_search_json_records_carry_score_and_matches() -> None:
    done = run("--search", "palestina", "--json")
    (record,) = json.loads(done.stdout)
    assert record["score"] > 0
    start, end = record["matches"]["title"][0]
    assert record["title"][start:end].lower().startswith("палестин")
    paragraph, start, end = record["matches"]["body"][0]
    assert record["body"].split("\n\n")[paragraph][start:end].lower().startswith("палестин")


def test_search_lines_and_no_hits() -> None:
    done = run("--search", "tokaev")
    assert done.returncode == 0
    assert [line.split("\t")[1] for line in done.stdout.splitlines()] == [
        "Kazpravda.kz", "Kazinform", "Kazpravda.kz",
    ]  # fmt: skip
    assert "3 of 5" in done.stderr
    nothing = run("--search", "zzzzqqq", "--json")
    assert nothing.returncode == 1 and json.loads(nothing.stdout) == []
    assert "zzzzqqq" in nothing.stderr


def test_long_listings_on_a_terminal_are_plain_columns_in_the_same_order(
    monkeypatch, capsys
) -> None:
    from newsreader import cli
    from newsreader.cli import output

    monkeypatch.setattr(output, "PLAIN_LISTING_ROWS", 2)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["--list", "--no-cache", str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["published", "source", "lang", "title"]
    assert [line.split()[0] for line in lines[1:]] == [
        "2026-03-05", "2026-03-03", "2026-03-02", "2025-12-11", "undated",
    ]  # fmt: skip
    assert lines[4].endswith(
        "Президент: Қазақстан Иранды бауырлас көрші, Орта Шығыстағы сенімді серіктес деп біледі"
    )


# ------------------------------------------------- hostile file names (issue 14, part 1)

HOSTILE = "a_\x1b]52;c;cHduZWQ=\x07_\x9b2J_\u202e_"


def test_hostile_file_names_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{HOSTILE}empty.txt").write_bytes(b"")  # skipped: named on stderr
    shutil.copy(next(SEEDS.glob("000_*.txt")), corpus / f"{HOSTILE}000.txt")
    done = run("--list", "--json", "--no-cache", str(corpus))
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream
        assert "\u202e" not in stream
    assert "\\x1b]52" in done.stderr  # the name is still readable, its escapes visible
    records = json.loads(done.stdout)
    assert Path(records[0]["path"]).name == f"{HOSTILE}000.txt"  # exact, for opening
