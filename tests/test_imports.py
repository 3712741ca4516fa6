"""The package's modules import each other down the pipeline only: every module has a layer
rank (LAYERS), and imports only from its own rank or lower; no cycle, not even one hidden under
TYPE_CHECKING or inside a function; and MkDocs/Material are imported by one module only.

docs/architecture.md explains the layers and what moves where next.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The pipeline, bottom first: a module may import from its own rank or a lower one. A module
# not named has its package's rank (generator.classroom.new -> generator.classroom).
LAYERS = {
    # 0, shared value types and infrastructure: no stage of its own
    "generator": 0,  # ROOT
    "generator.problem": 0,
    "generator.sitespec": 0,
    "generator.report": 0,
    "generator.base": 0,  # ids, hints, fsutil, journal, collector, workers, fingerprint, words
    # 10, reading YAML with its positions
    "generator.load": 10,
    # 15, the site's languages and labels, read by every later stage
    "generator.language": 15,  # labels (i18n), Material's labels, dates and numbers (CLDR)
    # 20, the part of checking the model is built from: the schema, the shaped records, and
    # the checks that need no model (links, evidence files)
    "generator.checking.schema": 20,
    "generator.checking.shape": 20,
    "generator.checking.links": 20,
    "generator.checking.evidence_files": 20,
    # 30, the model of plans and of the project
    "generator.model": 30,
    "generator.project": 30,
    # 40, the mastery engine and its view over time (pure functions of the model)
    "generator.mastery": 40,  # the engine, its view over time (history), the status report
    # 50, cross-references and the whole check (which runs the engine: evidence-on-locked)
    "generator.checking": 50,  # crossref, validate, the cache, the rule catalogue and its docs
    # 60, rendering pages, charts and the path
    "generator.contributions.page": 60,  # the page to add to the plan, rendered with the site
    "generator.rendering": 60,  # pages, the path, charts, the site's words
    # 70, the HTML stage (Material's layout; only html/theme.py knows MkDocs)
    "generator.html": 70,
    # 80, sealing and swapping the site in
    "generator.publishing": 80,  # keys, seal, sealed_site, access; swap: the site swapped in
    # 90, the orchestrator
    "generator.build": 90,
    # 100, commands' own stages: authoring, imports, the class view
    "generator.authoring": 100,  # author add, fix, and the splice that edits YAML in place
    "generator.standards": 100,
    "generator.classroom": 100,
    "generator.contributions": 100,  # `learnpath inbox`: what families send, into the plans
    # 110, entry points
    "generator.cli": 110,
    "generator.commands": 110,  # the commands of each stage, gathered by cli
    "generator.serve": 110,
    "generator.feedback": 110,
    "generator.__main__": 110,
}

# Imports up the pipeline that exist today, each with the reason it is a leak and where the
# code goes (docs/architecture.md, "Next"). Fix one, remove it here; never add one.
KNOWN_LEAKS = {
    # The teacher's index is built with the site: the class view is fine where it is, but the
    # build reaching into the teacher tools should go through one public function.
    ("generator.build", "generator.classroom.overview"): "class view called by the build",
    ("generator.build", "generator.classroom.page"): "class view called by the build",
}

THEME = "generator.html.theme"  # the one module that imports MkDocs and Material


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
    assert "generator.checking.validate" in graph["generator.build"]  # top level
    assert "generator.checking.validate" in graph["generator.rendering.render"]  # inside a function
    assert "generator.load.tree" in graph["generator.load"]  # from a package's own module
    assert "generator.project" in graph["generator.checking.crossref"]
    assert "generator.standards.position" in graph["generator.standards.package"]
    assert "generator.standards" not in graph["generator.standards.package"]
    assert "generator" in graph["generator.build"]  # from generator import ROOT


def test_no_import_cycle_in_the_package():
    try:
        graphlib.TopologicalSorter(import_graph()).prepare()
    except graphlib.CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def rank(module: str) -> int:
    """The module's rank, or its package's; a new module of generator/ itself has none."""
    name = module
    while name not in LAYERS:
        name = name.rpartition(".")[0]
        assert name not in ("", "generator"), f"{module} has no layer: give it a rank in LAYERS"
    return LAYERS[name]


def upward_imports() -> set[tuple[str, str]]:
    graph = import_graph()
    return {(m, i) for m, found in graph.items() for i in found if rank(i) > rank(m)}


def test_every_module_imports_down_the_pipeline_only() -> None:
    leaks = upward_imports()
    assert sorted(leaks - KNOWN_LEAKS.keys()) == []  # a new import up the pipeline
    assert sorted(KNOWN_LEAKS.keys() - leaks) == []  # fixed: remove it from KNOWN_LEAKS


def test_the_layer_check_sees_a_leak() -> None:
    assert rank("generator.classroom.transaction") == 100 > rank("generator.build")
    with pytest.raises(AssertionError, match="generator.new has no layer"):
        rank("generator.new")
    assert ("generator.build", "generator.classroom.page") in upward_imports()


def third_party(path: Path) -> set[str]:
    """The top-level names of everything `path` imports, anywhere in its text."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_theme_module_imports_mkdocs_or_material() -> None:
    importers = {
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if third_party(path) & {"mkdocs", "material"}
    }
    assert importers == {THEME}
