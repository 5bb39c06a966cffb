"""Where things live: platform dirs, environment overrides, explicit overrides, no side effects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsreader
from newsreader import locations
from newsreader.locations import Locations, describe, describe_lines

TUI = str(Path(newsreader.__file__).resolve().parents[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG variables are Linux's")
def test_xdg_variables_choose_the_defaults(isolated_user_dirs: Path) -> None:
    home = isolated_user_dirs
    assert locations.config_dir() == home / "xdg_config_home" / "newsreader"
    assert locations.config_file() == home / "xdg_config_home" / "newsreader" / "config.toml"
    assert locations.data_dir() == home / "xdg_data_home" / "newsreader"
    assert locations.state_db() == home / "xdg_data_home" / "newsreader" / "state.db"
    assert locations.cache_dir() == home / "xdg_cache_home" / "newsreader"


def test_environment_variables_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(tmp_path / "k"))
    assert locations.config_file() == tmp_path / "c" / "config.toml"
    assert locations.state_db() == tmp_path / "d" / "state.db"
    assert locations.cache_dir() == tmp_path / "k"


def test_explicit_override_beats_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(tmp_path / "env"))
    assert locations.data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert locations.state_db(str(tmp_path / "flag")) == tmp_path / "flag" / "state.db"
    where = Locations.resolve(data=tmp_path / "flag")
    assert where.data_dir == tmp_path / "flag"
    assert where.state_db == tmp_path / "flag" / "state.db"


def test_empty_values_are_ignored(monkeypatch, isolated_user_dirs: Path) -> None:
    monkeypatch.setenv("NEWSREADER_DATA_DIR", "")
    assert locations.data_dir("") == locations.data_dir()
    assert locations.data_dir().name == "newsreader"


def test_user_and_relative_paths_become_absolute(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert locations.cache_dir("~/cache") == tmp_path / "cache"
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", "conf")
    assert locations.config_dir() == tmp_path / "conf"
    assert locations.config_dir().is_absolute()


def test_nothing_is_created_until_written(isolated_user_dirs: Path) -> None:
    where = Locations.resolve()
    describe()
    describe_lines()
    for path in (where.config_dir, where.data_dir, where.cache_dir):
        assert not path.exists()
    assert locations.ensure_dir(where.cache_dir) == where.cache_dir
    assert where.cache_dir.is_dir()
    locations.ensure_dir(where.cache_dir)  # twice is fine


def test_describe_lists_every_location(tmp_path: Path) -> None:
    table = describe(config=tmp_path / "c", data=tmp_path / "d", cache=tmp_path / "k")
    assert table == {
        "config file": str(tmp_path / "c" / "config.toml"),
        "data dir": str(tmp_path / "d"),
        "state db": str(tmp_path / "d" / "state.db"),
        "cache dir": str(tmp_path / "k"),
    }
    (tmp_path / "k").mkdir()
    lines = describe_lines(config=tmp_path / "c", data=tmp_path / "d", cache=tmp_path / "k")
    assert len(lines) == 4
    assert lines[0].startswith("config file:") and lines[0].endswith("(not created yet)")
    assert lines[3] == f"cache dir:   {tmp_path / 'k'}"


def test_core_modules_never_import_textual() -> None:
    code = (
        "import sys\n"
        "import newsreader.locations, newsreader.state, newsreader.config, newsreader.library\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual imported'\n"
    )
    env = dict(os.environ, PYTHONPATH=TUI + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
