"""Shared fixtures: the seed corpus, parsed, and isolated user directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.article import Article
from newsreader.corpus.parser import parse_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def seed_file(number: str) -> Path:
    """The seed whose name starts with ``number`` (``"000"`` … ``"004"``)."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    """The five seeds parsed, by file number."""
    return {
        path.name[:3]: parse_article(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(SEEDS.glob("*.txt"))
    }


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never read or write the real user's config, data or cache from a test."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in ("NEWSREADER_DATA_DIR", "NEWSREADER_CONFIG_DIR", "NEWSREADER_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return home
