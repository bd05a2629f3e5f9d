"""The wings of graph/ import one way, downward, and never the UI: read from the code with ast."""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

LEVELS = {
    "errors": 0,
    "atomic": 0,
    "settings": 0,
    "model": 1,
    "store": 2,
    "network": 3,
    "sparql": 3,
    "view": 4,
    "ingest": 4,
    "briefing": 5,
    "cli": 9,
    "__main__": 10,
    "__init__": 10,
}
"""Each wing (or top-level module) of graph/ and its height: a module may import only lower
wings, its own wing, and the base modules; two wings of the same height never import each
other. Keep this table and the README's layout table in step."""

FORBIDDEN = ("streamlit", "app")
"""The core library knows nothing of any user interface."""

MAX_LINES = 400
MAX_TOP_LEVEL_FILES = 8


@dataclass(frozen=True)
class Violation:
    """One import that crosses the grain: who imports what, and why it may not."""

    module: str
    imported: str
    reason: str

    def __str__(self) -> str:
        return f"{self.module} imports {self.imported}: {self.reason}"


def wing_of(dotted: str) -> str:
    """Return the wing a module belongs to: 'graph.store.load' -> 'store'."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, package: str) -> list[str]:
    """Return every module that ``path`` imports, absolute, including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.append(node.module)
    return found


def violations(root: Path) -> list[Violation]:
    """Return every import under ``root`` (a graph/ folder) that breaks the layering."""
    problems: list[Violation] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        module = ".".join(parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        own = wing_of(module) if module != "graph" else "__init__"
        for imported in imports_of(path, package):
            top = imported.split(".")[0]
            if top in FORBIDDEN:
                problems.append(Violation(module, imported, "graph/ never imports the UI"))
                continue
            if top != "graph" or imported == "graph":
                continue
            other = wing_of(imported)
            if other == own:
                continue
            if other not in LEVELS or own not in LEVELS:
                unknown = other if other not in LEVELS else own
                problems.append(Violation(module, imported, f"wing {unknown!r} has no level"))
            elif LEVELS[other] > LEVELS[own]:
                problems.append(Violation(module, imported, f"{own} sits below {other}"))
            elif LEVELS[other] == LEVELS[own] and LEVELS[own] > 0:
                problems.append(Violation(module, imported, f"{own} and {other} are siblings"))
    return problems


def test_every_wing_of_graph_imports_only_downward() -> None:
    problems = violations(REPO / "graph")
    assert not problems, "\n".join(map(str, problems))


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of graph/ to plant violations in."""
    copy = tmp_path / "graph"
    shutil.copytree(REPO / "graph", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("where", "source", "reason"),
    [
        (
            "model/planted.py",
            "from graph.view.render import network_view\n",
            "model sits below view",
        ),
        (
            "store/planted.py",
            "def f():\n    import graph.briefing.deck\n",
            "store sits below briefing",
        ),
        (
            "network/planted.py",
            "from graph.sparql import checks\n",
            "network and sparql are siblings",
        ),
        ("view/planted.py", "import streamlit as st\n", "graph/ never imports the UI"),
        ("briefing/planted.py", "from app.state import ExplorerState\n", "never imports the UI"),
        ("view/planted.py", "from ..briefing import scene\n", "view sits below briefing"),
        ("errors2.py", "from graph.model import text\n", "wing 'errors2' has no level"),
    ],
)
def test_the_layering_check_catches_a_planted_violation(
    planted: Path, where: str, source: str, reason: str
) -> None:
    assert violations(planted) == []
    (planted / where).write_text(source, encoding="utf-8")
    found = violations(planted)
    assert len(found) == 1, found
    assert found[0].module == "graph." + where.removesuffix(".py").replace("/", ".")
    assert reason in found[0].reason


def test_no_module_of_graph_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in (REPO / "graph").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_graph_holds_only_its_base_modules_beside_the_wings() -> None:
    files = sorted(p.name for p in (REPO / "graph").iterdir() if p.is_file())
    assert len(files) <= MAX_TOP_LEVEL_FILES, files
    modules = {name.removesuffix(".py") for name in files if name.endswith(".py")}
    assert modules <= {"__init__", "__main__", "cli", "errors", "atomic", "settings"}, modules
    wings = {p.name for p in (REPO / "graph").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert wings <= set(LEVELS), wings - set(LEVELS)
    for wing in wings:
        docstring = ast.get_docstring(
            ast.parse((REPO / "graph" / wing / "__init__.py").read_text())
        )
        assert docstring and "May import" in docstring, wing


def test_no_app_script_has_a_bare_string_that_streamlit_would_print() -> None:
    # Streamlit's magic writes a top-level expression to the page: a "docstring" under a
    # constant in a page script shows up as text above the network.
    stray = []
    for script in [REPO / "app" / "main.py", *(REPO / "app" / "app_pages").glob("*.py")]:
        tree = ast.parse(script.read_text(encoding="utf-8"))
        for node in tree.body[1:]:  # the module docstring is not printed
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                stray.append(f"{script.name}:{node.lineno}")
    assert stray == []
