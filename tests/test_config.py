"""Config: a good file is read, a broken one gives the defaults and a warning naming the file."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.config import TEMPLATE, Config, load_config, parse_config, save_theme

from .helpers import python_output


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_silently(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")
    assert config == Config()
    assert config.warnings == () and config.paths == () and config.theme is None
    assert dict(config.keys) == {}


def test_default_file_is_in_the_config_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSREADER_CONFIG_DIR", str(tmp_path))
    write(tmp_path, 'theme = "nord"\n')
    config = load_config()
    assert config.theme == "nord"
    assert config.source == tmp_path / "config.toml"


def test_a_good_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write(
        tmp_path,
        """
        paths = ["~/news/kz", "relative/ru", "/abs/путь"]
        theme = "gruvbox"

        [keys]
        star = "f"
        next_article = ["j", "ctrl+n"]
        quit = "q, ctrl+c"
        """,
    )
    config = load_config(path)
    assert config.warnings == ()
    assert config.paths == (
        tmp_path / "home" / "news" / "kz",
        tmp_path / "relative" / "ru",  # relative to the config file's folder
        Path("/abs/путь"),
    )
    assert config.theme == "gruvbox"
    assert dict(config.keys) == {"star": "f", "next_article": "j,ctrl+n", "quit": "q,ctrl+c"}
    assert config.source == path


def test_a_single_path_string_is_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'paths = "/srv/news"\n'))
    assert config.paths == (Path("/srv/news"),) and config.warnings == ()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('theme = "nord"\npaths = ["a"\n', "end of file: Unclosed array"),
        ('paths = ["a"\ntheme = "x"\n', "line 2"),
        ("theme = \n", "line 1"),
        ('[keys]\nstar = "f"\nstar = "g"\n', "line 3"),
        ("= 1\n", "line 1"),
    ],
)
def test_bad_toml_gives_defaults_and_names_file_and_line(
    tmp_path: Path, text: str, line: str
) -> None:
    path = write(tmp_path, text)
    config = load_config(path)
    assert (config.paths, config.theme, dict(config.keys)) == ((), None, {})
    (warning,) = config.warnings
    assert warning.startswith(f"{path}: {line}")
    assert "defaults" in warning
    assert config.source == path


def test_wrong_types_fall_back_per_setting(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        paths = 3
        theme = "nord"
        keys = "f"
        """,
    )
    config = load_config(path)
    assert config.paths == () and dict(config.keys) == {}
    assert config.theme == "nord"  # the good part is kept
    assert len(config.warnings) == 2
    assert all(warning.startswith(f"{path}: ") for warning in config.warnings)
    assert "'paths' must be a list" in config.warnings[0]
    assert "'keys' must be a table" in config.warnings[1]


def test_wrong_item_types_are_dropped_one_by_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        paths = ["/ok", 5, "", "/also-ok"]
        theme = 7

        [keys]
        star = "f"
        spaced = "a b"
        number = 3
        nested = { x = "y" }
        empty = []
        mixed = ["j", 1]
        """,
    )
    config = load_config(path)
    assert config.paths == (Path("/ok"), Path("/also-ok"))
    assert config.theme is None
    # a nested table is a dotted binding id (checked against the known ids when given)
    assert dict(config.keys) == {"star": "f", "nested.x": "y"}
    text = "\n".join(config.warnings)
    for expected in ("item 2", "item 3", "'theme'", "'spaced'", "'number'", "'empty'", "'mixed'"):
        assert expected in text
    assert len(config.warnings) == 7


def test_unknown_settings_are_reported_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, 'them = "nord"\ncolour = 1\npaths = ["/x"]\n')
    config = load_config(path)
    assert config.paths == (Path("/x"),)
    assert len(config.warnings) == 2
    assert "unknown setting 'them' (did you mean 'theme'?)" in config.warnings[0]
    assert "unknown setting 'colour'" in config.warnings[1]


def test_known_bindings_and_themes(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nrod"\n[keys]\nstar = "f"\nstr = "g"\n')
    config = load_config(path, known_bindings={"star", "quit"}, known_themes={"nord", "dracula"})
    assert dict(config.keys) == {"star": "f"}
    assert config.theme is None
    text = "\n".join(config.warnings)
    assert "unknown theme 'nrod' (did you mean 'nord'?)" in text
    assert "unknown binding id 'str' (did you mean 'star'?)" in text


def test_unreadable_or_undecodable_files(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    config = load_config(folder)
    assert config.paths == () and len(config.warnings) == 1
    assert config.warnings[0].startswith(f"{folder}: cannot read")

    other = tmp_path / "other"
    other.mkdir()
    path = write(other, b'theme = "nord"\n\xff\xfe = 1\n')
    config = load_config(path)
    assert config.theme is None
    assert config.warnings == (f"{path}: line 2: not UTF-8 text; the file was ignored",)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '\ufefftheme = "nord"\n'))
    assert config.theme == "nord" and config.warnings == ()


def test_template_parses_to_the_defaults() -> None:
    config = parse_config(TEMPLATE)
    assert config.warnings == ()
    assert (config.paths, config.theme, dict(config.keys)) == ((), None, {})


def test_config_is_frozen() -> None:
    config = parse_config('[keys]\nstar = "f"\n')
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.theme = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.keys["star"] = "g"  # type: ignore[index]
    assert isinstance(hash(config), int)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_raise(data: bytes) -> None:
    config = parse_config(data.decode("utf-8", "replace"))
    assert isinstance(config, Config)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["paths", "theme", "keys", "other"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            lambda children: (
                st.lists(children, max_size=3)
                | st.dictionaries(st.text(max_size=5), children, max_size=3)
            ),
            max_leaves=6,
        ),
    )
)
def test_any_toml_shape_never_raises(data: dict) -> None:
    lines = []
    for key, value in data.items():
        lines.append(f"{key} = {_toml(value)}")
    config = parse_config("\n".join(lines))
    assert isinstance(config, Config)
    assert all(isinstance(path, Path) for path in config.paths)
    assert all(isinstance(value, str) and value for value in config.keys.values())


def _toml(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    assert isinstance(value, dict)
    items = ", ".join(f"{_toml(str(key))} = {_toml(item)}" for key, item in value.items())
    return "{" + items + "}"


def test_dotted_binding_ids_may_be_written_bare_or_quoted() -> None:
    from newsreader.config import parse_config

    config = parse_config(
        '[keys]\ntimeline.down = "n"\n"article.toggle_star" = ["f", "ctrl+s"]\n',
        known_bindings={"timeline.down", "article.toggle_star"},
    )
    assert dict(config.keys) == {"timeline.down": "n", "article.toggle_star": "f,ctrl+s"}
    assert config.warnings == ()


def test_a_table_nested_too_deeply_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "theme = " + "{a = " * 500 + "1" + "}" * 500 + "\n")
    config = load_config(path)
    (warning,) = config.warnings
    assert warning.startswith(str(path)) and "nested too deeply" in warning
    assert config.theme is None


def test_a_very_long_dotted_key_is_read_not_a_crash(tmp_path: Path) -> None:
    key = ".".join(["k"] * 1500)  # a table 1,500 deep, flattened back into one binding id
    path = write(tmp_path, f'[keys]\n{key} = "x"\n')
    config = load_config(path)
    assert dict(config.keys) == {key: "x"}


def test_a_fifo_as_the_config_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    code = f"from newsreader.config import load_config; print(load_config({str(fifo)!r}).warnings)"
    assert "not a regular file" in python_output(code)


# ------------------------------------------------- the theme picked in the reader (issue 15)


def test_a_theme_is_saved_into_the_config_keeping_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert save_theme("nord", path) is None  # no file yet: the template, with the theme set
    assert load_config(path).theme == "nord" and "[keys]" in path.read_text()
    path.write_text('# mine\npaths = ["~/news"]\ntheme = "gruvbox"  # old\n\n[keys]\nx = "y"\n')
    assert save_theme('odd"name', path) is None
    text = path.read_text()
    assert text == '# mine\npaths = ["~/news"]\ntheme = "odd\\"name"\n\n[keys]\nx = "y"\n'
    path.write_text('paths = ["~/news"]\n[keys]\n')  # no theme line: one before the table
    save_theme("nord", path)
    assert path.read_text() == 'paths = ["~/news"]\ntheme = "nord"\n\n[keys]\n'
    path.write_text("paths = [")  # broken: left alone, said
    assert "not valid TOML" in (save_theme("nord", path) or "")
    assert path.read_text() == "paths = ["
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary file left
