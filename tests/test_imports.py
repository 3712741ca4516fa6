"""The package's modules import each other down the pipeline only: no cycle, not even one
hidden under TYPE_CHECKING or inside a function."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports anywhere in its text (every ast node)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from .y import z
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:  # `from pkg import module` imports that module
                name = f"{base}.{alias.name}"
                found.add(name if name in modules else base)
    return {_owner(name, modules) for name in found if _owner(name, modules)} - {here}


def _owner(name: str, modules: set[str]) -> str | None:
    """The module that `name` is, or is inside of (generator.load.Document -> generator.load)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported(p, modules) for p in paths}


def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "generator.validate" in graph["generator.build"]  # top level
    assert "generator.validate" in graph["generator.render"]  # inside a function
    assert "generator.load.tree" in graph["generator.load"]  # from a package's own module
    assert "generator.project" in graph["generator.crossref"]
    assert "generator.standards.position" in graph["generator.standards.package"]
    assert "generator.standards" not in graph["generator.standards.package"]
    assert "generator" in graph["generator.build"]  # from generator import ROOT


def test_no_import_cycle_in_the_package():
    try:
        graphlib.TopologicalSorter(import_graph()).prepare()
    except graphlib.CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None
