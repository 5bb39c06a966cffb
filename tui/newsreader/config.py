"""The user's settings: ``config.toml`` in the config dir (see :mod:`newsreader.locations`).

Example (every setting is optional)::

    paths = ["~/news/kz", "~/news/ru"]   # corpus folders opened when no PATH is given
    theme = "gruvbox"                    # a Textual theme name
    watch = false                        # don't follow the folders (as --no-watch)

    [keys]                               # binding id = key, or several keys
    article.toggle_star = "f"            # dotted ids may be written bare or quoted
    "timeline.down" = ["j", "ctrl+n"]

:func:`load_config` never raises: whatever is broken (bad TOML, a wrong type, an unknown setting)
falls back to its default and is described in :attr:`Config.warnings`, one line each, naming the
file, for the UI to show.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from . import locations
from .corpus.fileio import read_regular_file

TEMPLATE = """\
# newsreader settings. Every setting is optional; delete a line to get the default back.

# Corpus files or folders opened when newsreader is started without a PATH.
# paths = ["~/news"]

# A Textual theme name, e.g. "textual-dark", "nord", "gruvbox".
# theme = "textual-dark"

# Follow the folders: files that land, change or go show within seconds. false: at the next
# launch (as --no-watch).
# watch = true

# Key remaps: binding id = "key" or ["key", "other key"] (see `?` in the app for the ids).
[keys]
# article.toggle_star = "f"
# timeline.down = ["j", "ctrl+n"]
"""

_KNOWN = ("paths", "theme", "watch", "keys")
_KEY_RE = re.compile(r"^[^\s,]+$")
_TOML_POSITION = re.compile(r"^(?P<reason>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _empty_keys() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Config:
    """Settings after validation; anything missing or broken has its default.

    ``keys`` maps a binding id to a comma-separated key string (the form Textual's
    ``App.set_keymap`` takes). ``source`` is the file that was read (``None`` if there was none).
    """

    paths: tuple[Path, ...] = ()
    theme: str | None = None
    #: Whether the reader follows the folders as files land, change and go.
    watch: bool = True
    keys: Mapping[str, str] = field(default_factory=_empty_keys, hash=False)
    source: Path | None = None
    warnings: tuple[str, ...] = ()


def _type_name(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _toml_error(where: str, error: tomllib.TOMLDecodeError) -> str:
    text = str(error)
    match = _TOML_POSITION.match(text)
    if match:
        position = f"line {match['line']}, column {match['col']}"
        text = match["reason"] or "invalid TOML"
    elif text.endswith("(at end of document)"):
        position, text = "end of file", text.removesuffix("(at end of document)").rstrip()
    else:
        position = "invalid TOML"
    return f"{where}: {position}: {text}; the file was ignored and the defaults used"


def _paths(where: str, value: object, base: Path, warnings: list[str]) -> tuple[Path, ...]:
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list):
        items = value
    else:
        warnings.append(
            f"{where}: 'paths' must be a list of folder names, not {_type_name(value)}; "
            "using the default"
        )
        return ()
    found: list[Path] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, str) or not item.strip():
            what = "empty" if isinstance(item, str) else _type_name(item)
            warnings.append(
                f"{where}: 'paths' item {number} must be a folder name, not {what}; it was ignored"
            )
            continue
        path = Path(os.path.expandvars(item.strip())).expanduser()
        if not path.is_absolute():
            path = base / path
        found.append(Path(os.path.normpath(path)))
    return tuple(found)


def _theme(
    where: str, value: object, known: Collection[str] | None, warnings: list[str]
) -> str | None:
    if not isinstance(value, str) or not value.strip():
        what = "empty" if isinstance(value, str) else _type_name(value)
        warnings.append(f"{where}: 'theme' must be a theme name, not {what}; using the default")
        return None
    name = value.strip()
    if known is not None and name not in known:
        warnings.append(
            f"{where}: unknown theme {name!r}{_did_you_mean(name, known)}; using the default"
        )
        return None
    return name


def _keys(
    where: str, value: object, known: Collection[str] | None, warnings: list[str]
) -> Mapping[str, str]:
    if not isinstance(value, dict):
        warnings.append(
            f"{where}: 'keys' must be a table of binding id = key, not {_type_name(value)}; "
            "using the default keys"
        )
        return _empty_keys()
    keys: dict[str, str] = {}
    for binding, spec in _flatten(value).items():
        if known is not None and binding not in known:
            warnings.append(
                f"{where}: keys: unknown binding id {binding!r}"
                f"{_did_you_mean(binding, known)}; it was ignored"
            )
            continue
        pieces: list[object]
        if isinstance(spec, str):
            pieces = list(spec.split(","))
        elif isinstance(spec, list):
            pieces = list(spec)
        else:
            warnings.append(
                f"{where}: keys: {binding!r} must be a key or a list of keys, not "
                f"{_type_name(spec)}; the default key is kept"
            )
            continue
        names = [piece.strip() if isinstance(piece, str) else piece for piece in pieces]
        bad = [name for name in names if not isinstance(name, str) or not _KEY_RE.match(name)]
        if bad or not names:
            shown = ", ".join(repr(name) for name in bad) if bad else "no key"
            warnings.append(
                f"{where}: keys: {binding!r} has an invalid key ({shown}); the default key is kept"
            )
            continue
        keys[binding] = ",".join(str(name) for name in names)
    return MappingProxyType(keys)


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    """``timeline.down = "n"`` unquoted is a nested table in TOML: join it back to one id."""
    flat: dict[str, object] = {}
    todo: list[tuple[str, dict[str, object]]] = [(prefix, table)]  # a stack: any depth
    while todo:
        start, current = todo.pop()
        for key, value in current.items():
            name = f"{start}{key}"
            if isinstance(value, dict):
                todo.append((name + ".", value))
            else:
                flat[name] = value
    return flat


def parse_config(
    text: str,
    *,
    source: Path | None = None,
    known_bindings: Collection[str] | None = None,
    known_themes: Collection[str] | None = None,
) -> Config:
    """Validate TOML ``text``; never raises. Relative ``paths`` are taken from the file's folder."""
    where = str(source) if source is not None else "config"
    base = source.parent if source is not None else Path.cwd()
    warnings: list[str] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(source=source, warnings=(_toml_error(where, error),))
    except RecursionError:  # tomllib reads nested tables and arrays recursively
        message = f"{where}: nested too deeply to read (hundreds of levels); it was ignored"
        return Config(source=source, warnings=(message,))
    paths: tuple[Path, ...] = ()
    theme: str | None = None
    watch = True
    keys = _empty_keys()
    for name, value in data.items():
        if name == "paths":
            paths = _paths(where, value, base, warnings)
        elif name == "theme":
            theme = _theme(where, value, known_themes, warnings)
        elif name == "watch":
            if isinstance(value, bool):
                watch = value
            else:
                warnings.append(
                    f"{where}: 'watch' must be true or false, not {_type_name(value)}; "
                    "using the default (true)"
                )
        elif name == "keys":
            keys = _keys(where, value, known_bindings, warnings)
        else:
            warnings.append(
                f"{where}: unknown setting {name!r}{_did_you_mean(name, _KNOWN)}; it was ignored"
            )
    return Config(
        paths=paths, theme=theme, watch=watch, keys=keys, source=source, warnings=tuple(warnings)
    )


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    known_bindings: Collection[str] | None = None,
    known_themes: Collection[str] | None = None,
) -> Config:
    """Read the config file (default: ``config.toml`` in the config dir); never raises.

    A missing file gives the defaults silently. ``known_bindings`` / ``known_themes``, when
    given, turn unknown binding ids and theme names into warnings.
    """
    file = Path(path) if path is not None else locations.config_file()
    try:
        raw, _ = read_regular_file(file)
    except FileNotFoundError:
        return Config()
    except OSError as error:
        reason = error.strerror or str(error)
        return Config(
            source=file, warnings=(f"{file}: cannot read ({reason}); using the defaults",)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Config(
            source=file,
            warnings=(f"{file}: line {line}: not UTF-8 text; the file was ignored",),
        )
    return parse_config(text, source=file, known_bindings=known_bindings, known_themes=known_themes)


_THEME_LINE = re.compile(r"^[ \t]*#?[ \t]*theme[ \t]*=.*$", re.MULTILINE)
_FIRST_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def save_theme(theme: str, path: str | os.PathLike[str] | None = None) -> str | None:
    """Set ``theme = "…"`` in the config file (made from the template if there is none),
    keeping the rest of the file as it is; a warning naming the file if it cannot be done."""
    file = Path(path) if path is not None else locations.config_file()
    line = f"theme = {_toml_string(theme)}"
    try:
        raw, _ = read_regular_file(file)
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        text = TEMPLATE
    except (OSError, UnicodeDecodeError) as error:
        return f"{file}: cannot save the theme ({getattr(error, 'strerror', None) or error})"
    table = _FIRST_TABLE.search(text)
    top = text[: table.start()] if table else text
    found = [m for m in _THEME_LINE.finditer(top) if not m.group().lstrip().startswith("#")]
    found = found or list(_THEME_LINE.finditer(top))  # the template's commented example
    if found:
        text = text[: found[-1].start()] + line + text[found[-1].end() :]
    elif table:
        text = text[: table.start()] + line + "\n\n" + text[table.start() :]
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return f"{file}: not valid TOML; the theme was not saved there"
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f".{file.name}.tmp")  # one name: never more than one left
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, file)
    except OSError as error:
        return f"{file}: cannot save the theme ({error.strerror or error})"
    return None


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
