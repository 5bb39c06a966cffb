"""`pip install .` ships the seed corpus inside the wheel, byte for byte; `make run` installs
only what the reader needs, `make test` adds the test tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS


def test_wheel_contains_the_seed_corpus(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("newsreader-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            Path(name).name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("newsreader/seeds/")
        }
        assert "newsreader/cli/__init__.py" in archive.namelist()  # newsreader.cli:main
        assert "newsreader/corpus/data/outlets.toml" in archive.namelist()  # the outlet registry
    assert shipped == {path.name: path.read_bytes() for path in SEEDS.glob("*.txt")}


def _planned(target: str, folder: Path) -> str:
    """The commands ``make TARGET`` would run from a fresh clone (no .venv yet)."""
    for name in ("Makefile", "pyproject.toml"):
        (folder / name).write_bytes((ROOT / name).read_bytes())
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_installs_only_the_reader_and_shows_pips_progress(tmp_path: Path) -> None:
    planned = _planned("run", tmp_path)
    installs = [line for line in planned.splitlines() if "pip install" in line]
    assert installs == [".venv/bin/pip install -e ."]
    assert ".venv/bin/newsreader" in planned
    test = [line for line in _planned("test", tmp_path).splitlines() if "pip install" in line]
    assert test == [".venv/bin/pip install -e .", ".venv/bin/pip install -e '.[dev]'"]


def test_the_reader_needs_no_test_tools() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needs = {re.split(r"[<>=!~ \[]", dep)[0] for dep in project["dependencies"]}
    tools = {re.split(r"[<>=!~ \[]", dep)[0] for dep in project["optional-dependencies"]["dev"]}
    assert {"pytest", "hypothesis", "ruff"} <= tools
    assert not needs & tools
