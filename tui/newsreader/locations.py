"""Every place newsreader reads or writes on disk, in one module.

Each location is chosen, first match wins, from:

1. an explicit override passed by the caller (a ``--data-dir`` style command-line flag);
2. an environment variable: ``NEWSREADER_CONFIG_DIR``, ``NEWSREADER_DATA_DIR``,
   ``NEWSREADER_CACHE_DIR``;
3. the platform's user directory from platformdirs (on Linux this honours ``XDG_CONFIG_HOME``,
   ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME``).

Nothing here creates a directory: the code that first writes into one calls :func:`ensure_dir`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "newsreader"

ENV_CONFIG_DIR = "NEWSREADER_CONFIG_DIR"
ENV_DATA_DIR = "NEWSREADER_DATA_DIR"
ENV_CACHE_DIR = "NEWSREADER_CACHE_DIR"

CONFIG_FILE_NAME = "config.toml"
STATE_DB_NAME = "state.db"

StrPath = str | os.PathLike[str]


def _choose(override: StrPath | None, env_name: str, default: Path) -> Path:
    if override is not None and os.fspath(override) != "":
        chosen = Path(override)
    elif os.environ.get(env_name):
        chosen = Path(os.environ[env_name])
    else:
        return default
    return Path(os.path.abspath(chosen.expanduser()))


def config_dir(override: StrPath | None = None) -> Path:
    """The directory holding ``config.toml``."""
    default = platformdirs.user_config_path(APP_NAME, appauthor=False)
    return _choose(override, ENV_CONFIG_DIR, default)


def config_file(override_dir: StrPath | None = None) -> Path:
    """The config file (it need not exist)."""
    return config_dir(override_dir) / CONFIG_FILE_NAME


def data_dir(override: StrPath | None = None) -> Path:
    """The directory holding the reader's state (read marks, stars, positions)."""
    default = platformdirs.user_data_path(APP_NAME, appauthor=False)
    return _choose(override, ENV_DATA_DIR, default)


def state_db(override_dir: StrPath | None = None) -> Path:
    """The SQLite state database (it need not exist)."""
    return data_dir(override_dir) / STATE_DB_NAME


def cache_dir(override: StrPath | None = None) -> Path:
    """The directory for what can be made again from the files at any time: the libraries
    (article headers and search indexes, one per set of folders opened)."""
    default = platformdirs.user_cache_path(APP_NAME, appauthor=False)
    return _choose(override, ENV_CACHE_DIR, default)


def ensure_dir(path: StrPath) -> Path:
    """Create ``path`` (and its parents) if missing and return it; raises ``OSError``."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@dataclass(frozen=True, slots=True)
class Locations:
    """All locations, resolved once (overrides, then environment, then platform defaults)."""

    config_dir: Path
    config_file: Path
    data_dir: Path
    state_db: Path
    cache_dir: Path

    @classmethod
    def resolve(
        cls,
        *,
        config: StrPath | None = None,
        data: StrPath | None = None,
        cache: StrPath | None = None,
    ) -> Locations:
        """Resolve every location; the keyword arguments are explicit directory overrides."""
        return cls(
            config_dir=config_dir(config),
            config_file=config_file(config),
            data_dir=data_dir(data),
            state_db=state_db(data),
            cache_dir=cache_dir(cache),
        )


def describe(
    *,
    config: StrPath | None = None,
    data: StrPath | None = None,
    cache: StrPath | None = None,
) -> dict[str, str]:
    """Where things live, for ``newsreader --paths`` (labels to absolute paths)."""
    where = Locations.resolve(config=config, data=data, cache=cache)
    return {
        "config file": str(where.config_file),
        "data dir": str(where.data_dir),
        "state db": str(where.state_db),
        "cache dir": str(where.cache_dir),
    }


def describe_lines(
    *,
    config: StrPath | None = None,
    data: StrPath | None = None,
    cache: StrPath | None = None,
) -> list[str]:
    """:func:`describe` as aligned ``label: path`` lines, marking paths that do not exist yet."""
    table = describe(config=config, data=data, cache=cache)
    width = max(len(label) for label in table) + 1
    lines = []
    for label, path in table.items():
        note = "" if os.path.exists(path) else "  (not created yet)"
        lines.append(f"{label + ':':<{width}} {path}{note}")
    return lines
