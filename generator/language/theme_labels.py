"""The theme's own labels (search, skip to content, back to top…) for the languages Material
for MkDocs has none for, such as Haitian Creole and Somali: templates/locales/material/<code>.yml,
with the keys of Material's partials/languages/en.html. The HTML stage hands them to the
theme as one more language; a successor theme would take the same file.
"""

from __future__ import annotations

from pathlib import Path

from generator import ROOT
from generator.load import Map, Scalar, load_file
from generator.problem import Problem

FOLDER = ROOT / "templates" / "locales" / "material"


def labels() -> dict[str, dict[str, str]]:
    """The labels of each language whose file passed its checks, by language code."""
    return {path.stem: found for path, (found, bad) in _all().items() if not bad}


def problems() -> list[Problem]:
    """Every problem of every file, located, for `validate`."""
    return [problem for _, bad in _all().values() for problem in bad]


def _all() -> dict[Path, tuple[dict[str, str], list[Problem]]]:
    # Read each time (two small files, once per build): `serve` sees an edit at once.
    return {path: _checked(path) for path in sorted(FOLDER.glob("*.yml"))}


def _checked(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """One file: a mapping of the theme's keys to texts, its language code under `language`
    (the theme writes it into <html lang>)."""
    shown = f"templates/locales/material/{path.name}"
    document = load_file(path, shown)
    found: dict[str, str] = {}
    bad = list(document.problems)

    def add(at: tuple[int, int], message: str, rule: str) -> None:
        bad.append(Problem.at(shown, at, "error", message, rule))

    tree = document.tree
    if tree is None:
        return found, bad
    if not isinstance(tree, Map):
        add((tree.line, tree.column), "the theme's labels are a mapping of key: text", "wrong-type")
        return found, bad
    for key, value in tree.items():
        if isinstance(value, Scalar):
            found[key] = value.text
        else:
            add(tree.key_pos[key], f"the theme's label '{key}' must be one text", "wrong-type")
    if found.get("language") != path.stem:
        add((tree.line, tree.column), f"the file needs 'language: {path.stem}'", "bad-label")
    return found, bad
