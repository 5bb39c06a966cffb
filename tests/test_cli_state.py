"""The CLI with the user's memory: read/starred in JSON, --paths, a damaged store, the cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsreader.state import State

from .conftest import SEEDS
from .test_cli import run


def _by_number(stdout: str) -> dict[str, dict]:
    return {Path(r["path"]).name[:3]: r for r in json.loads(stdout)}


def test_json_carries_read_and_starred_from_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    records = _by_number(run("--list", "--json", "--data-dir", str(data)).stdout)
    assert all(r["read"] is False and r["starred"] is False for r in records.values())
    with State.open(data / "state.db") as state:
        state.set_read(records["003"]["id"])
        state.set_starred(records["003"]["id"])
        state.set_read(records["004"]["id"])
    after = _by_number(run("--list", "--json", "--data-dir", str(data)).stdout)
    assert {n for n, r in after.items() if r["read"]} == {"003", "004"}
    assert {n for n, r in after.items() if r["starred"]} == {"003"}
    starred = run("--search", "is:starred", "--json", "--data-dir", str(data))
    assert [Path(r["path"]).name[:3] for r in json.loads(starred.stdout)] == ["003"]
    unread = run("--search", "is:unread иран", "--json", "--data-dir", str(data))
    assert sorted(Path(r["path"]).name[:3] for r in json.loads(unread.stdout)) == ["000", "001"]
    # another data dir is another memory
    other = _by_number(run("--list", "--json", "--data-dir", str(tmp_path / "other")).stdout)
    assert not any(r["starred"] for r in other.values())


def test_garbage_database_is_moved_aside_with_a_warning(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "state.db").write_bytes(b"this is not a database at all" * 100)
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(data))
    done = run("--list", "--json")
    assert done.returncode == 0
    assert "state.db" in done.stderr and "moved" in done.stderr
    assert "Traceback" not in done.stderr
    (aside,) = data.glob("state.db.corrupt-*")
    assert aside.read_bytes() == b"this is not a database at all" * 100
    assert len(json.loads(done.stdout)) == 5


def test_paths_prints_every_location_and_honours_overrides(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "cache"))
    done = run("--paths", "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0
    assert f"data dir:    {tmp_path / 'data'}" in done.stdout
    assert str(tmp_path / "cache") in done.stdout
    assert "config.toml" in done.stdout


def test_config_paths_are_the_corpus_when_no_path_is_given(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes((SEEDS / "002_a67589d166abfaf7.txt").read_bytes())
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'paths = ["{corpus}"]\n')
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(config))
    done = run("--list", "--json")
    assert [Path(r["path"]).name for r in json.loads(done.stdout)] == ["a.txt"]


def test_broken_config_warns_and_uses_the_defaults(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "config.toml").write_text("paths = [unclosed\n")
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path))
    done = run("--list", "--json")
    assert done.returncode == 0
    assert "config.toml" in done.stderr
    assert len(json.loads(done.stdout)) == 5  # the seeds


def test_cache_notices_changed_added_and_removed_files(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    for seed in ("001", "002", "003"):
        (source,) = SEEDS.glob(f"{seed}_*.txt")
        (corpus / source.name).write_bytes(source.read_bytes())
    first = _by_number(run("--list", "--json", str(corpus)).stdout)
    assert set(first) == {"001", "002", "003"}
    assert list(Path(os.environ["XDG_CACHE_HOME"]).rglob("articles.sqlite"))  # the parse was cached
    (changed,) = corpus.glob("002_*.txt")
    changed.write_text("Совсем другой заголовок статьи\n\nИ другой текст статьи.\n")
    (removed,) = corpus.glob("003_*.txt")
    removed.unlink()
    (added,) = SEEDS.glob("004_*.txt")
    (corpus / added.name).write_bytes(added.read_bytes())
    second = _by_number(run("--list", "--json", str(corpus)).stdout)
    assert set(second) == {"001", "002", "004"}
    assert second["002"]["title"] == "Совсем другой заголовок статьи"
    assert second["001"] == first["001"]


def test_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    assert run("--list", "--json").returncode == 0
    (cache_file,) = Path(os.environ["XDG_CACHE_HOME"]).rglob("articles.sqlite")
    cache_file.write_bytes(b"\x00garbage" * 50)
    done = run("--list", "--json")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert len(json.loads(done.stdout)) == 5
    assert cache_file.read_bytes() != b"\x00garbage" * 50
