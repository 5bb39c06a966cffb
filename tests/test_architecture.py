"""The house rules, read from the code (an ``ast`` walk of every module's imports): data flows one
way — files → corpus → search, state → library → ui and cli — and nothing below the UI imports
Textual. A new upward import fails here, naming the module and the line."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "tui" / "newsreader"

#: Each module's layer, by its dotted name under ``newsreader`` (a package: every module in it
#: but those named on their own, ``corpus.letters``). A module may import from its own layer and
#: the ones below, never from one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("article", "locations", "garbage"),
    ("corpus.letters", "corpus.fileio", "corpus.sanitize", "corpus.decode"),
    ("corpus.dates", "corpus.headline", "corpus.bylines", "corpus.outlets", "corpus.sources"),
    ("corpus",),  # the parser, the loading, and the package's own names
    ("search", "state", "config", "export"),
    ("library",),
    ("ui",),
    ("cli", "__main__", "__init__"),
)
#: What only the UI (and the command line on top) may use.
UI_ONLY = ("textual",)


def _layer(module: str) -> int:
    """The layer of the longest name in :data:`LAYERS` that is ``module`` or a package of it."""
    found: tuple[int, int] | None = None
    for number, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                found is None or len(name) > found[0]
            ):
                found = (len(name), number)
    if found is None:
        raise AssertionError(f"newsreader.{module} is in no layer: add it to LAYERS")
    return found[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, what is imported, whether it is ours) for every import in the file."""
    module = _module_name(path)
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found: list[tuple[int, str, bool]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                ours = alias.name.startswith("newsreader")
                name = alias.name.removeprefix("newsreader").lstrip(".")
                found.append((node.lineno, name if ours else alias.name, ours))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                ours = (node.module or "").startswith("newsreader")
                name = (node.module or "").removeprefix("newsreader").lstrip(".")
                found.append((node.lineno, name if ours else node.module or "", ours))
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            if not node.module:  # from . import bindings (a module), or __version__ (a name)
                for alias in node.names:
                    inner = PACKAGE.joinpath(*target, alias.name)
                    is_module = inner.with_suffix(".py").exists() or inner.is_dir()
                    name = ".".join([*target, alias.name] if is_module else target)
                    found.append((node.lineno, name or "__init__", True))
            else:
                found.append((node.lineno, ".".join(target), True))
    return found


def _violations() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        if module in ("__init__", "__main__"):
            continue
        layer = _layer(module)
        for line, name, ours in _imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if ours and name and _layer(name) > layer:
                wrong.append(f"{where}: {module} imports {name}, a layer above it")
            if not ours and name.split(".")[0] in UI_ONLY and layer < _layer("ui"):
                wrong.append(f"{where}: {module} imports {name}, which only the UI may use")
    return wrong


def test_every_import_goes_down_the_layers_and_textual_stays_in_the_ui() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) > 30
    assert _violations() == []


def test_the_check_sees_an_upward_import(tmp_path: Path, monkeypatch) -> None:
    """The rule can fail: a corpus module importing the library, and one importing Textual."""
    import tests.test_architecture as rules

    fake = tmp_path / "newsreader"
    (fake / "library").mkdir(parents=True)
    (fake / "corpus.py").write_text("from .library import Library\nimport textual.app\n")
    (fake / "library" / "__init__.py").write_text("from ..corpus import x\n")
    monkeypatch.setattr(rules, "PACKAGE", fake)
    monkeypatch.setattr(rules, "LAYERS", (("corpus",), ("library",), ("ui",)))
    assert rules._violations() == [
        "newsreader/corpus.py:1: corpus imports library, a layer above it",
        "newsreader/corpus.py:2: corpus imports textual.app, which only the UI may use",
    ]


def test_the_parts_of_the_ui_never_import_the_app() -> None:
    """The app imports its parts (palette, mixins, widgets), never the other way: a part asks
    for what it needs by a Protocol or a message (the palette once imported the app: a circle)."""
    wrong = [
        f"{path.name}:{line}"
        for path in sorted((PACKAGE / "ui").glob("*.py"))
        if path.name != "app.py"
        for line, name, ours in _imports(path)
        if ours and name == "ui.app"
    ]
    assert wrong == []


def test_the_check_sees_an_upward_import_inside_a_package(tmp_path: Path, monkeypatch) -> None:
    """A module named on its own in LAYERS (``corpus.letters``) sits below the rest of its
    package: it may not import the parser."""
    import tests.test_architecture as rules

    fake = tmp_path / "newsreader" / "corpus"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("from .letters import UPPER\n")
    (fake / "letters.py").write_text("from .parser import parse_article\n")
    (fake / "parser.py").write_text("from .letters import UPPER\n")
    monkeypatch.setattr(rules, "PACKAGE", fake.parent)
    monkeypatch.setattr(rules, "LAYERS", (("corpus.letters",), ("corpus",)))
    assert rules._violations() == [
        "newsreader/corpus/letters.py:1: corpus.letters imports corpus.parser, a layer above it"
    ]
