"""`pip install .` ships the seed corpus inside the wheel, byte for byte."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

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
        assert "newsreader/cli.py" in archive.namelist()
    assert shipped == {path.name: path.read_bytes() for path in SEEDS.glob("*.txt")}
