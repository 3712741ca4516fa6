"""Importing a skill library from a CASE framework: `learnpath library import-case`.

The stage reads a CASE package (`package`), picks and maps its items (`selection`), writes a
new library (`library`) or edits an existing one (`update`), and writes only what the
validator accepts. `position` finds where a problem sits in the JSON file.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.fsutil import write_atomically
from generator.checking import schema
from generator.checking.crossref import check_libraries
from generator.checking.shape import Rec, Shaper
from generator.checking.validate import check
from generator.load import MAX_BYTES as MAX_LIBRARY_BYTES
from generator.load import Map, load_file
from generator.model import library_from
from generator.problem import Problem, errors
from generator.project import Project
from generator.standards import library, package, update
from generator.standards.selection import Imported, Selection, select

__all__ = ["Outcome", "Selection", "import_case"]


@dataclass
class Outcome:
    """What the import did: problems, lines for people, and whether it wrote the library."""

    problems: list[Problem]
    written: bool
    path: Path
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False  # an update that found nothing to change wrote nothing


def import_case(
    file: Path, plans_dir: Path, library_id: str, selection: Selection, updating: bool
) -> Outcome:
    """Import the selected items of the CASE package `file` into plans/library/<id>.yml."""
    path = plans_dir / "library" / f"{library_id}.yml"
    shown = _shown(path, plans_dir)
    refused = _folder_refused(plans_dir, path.parent)
    if refused:
        return Outcome([refused], False, path)
    exists = os.path.lexists(path)
    if exists and not updating:
        message = f"library '{library_id}' already exists; add --update to bring in changes"
        return Outcome([Problem(shown, 1, 1, "error", message, "duplicate-id")], False, path)
    framework, problems = package.read(file, file.as_posix())
    if framework is None or errors(problems):
        return Outcome(problems, False, path)
    picked = select(framework, selection)
    problems += picked.problems
    if not errors(problems) and not picked.skills:
        problems.append(_nothing_selected(framework, selection))
    if errors(problems):
        return Outcome(problems, False, path)
    if exists:
        return _update(framework, picked.skills, plans_dir, path, problems)
    command = _command(file, library_id, selection)
    text = library.text(framework, picked.skills, framework.title, command)
    outcome = _write(plans_dir, path, text, problems)
    if outcome.written:
        outcome.notes.append(f"imported {len(picked.skills)} skill(s) from {framework.title!r}")
    return outcome


def _folder_refused(plans_dir: Path, folder: Path) -> Problem | None:
    """The library folder must be a folder inside plans/: a link out of it would be written
    through (and validate refuses what it reads there); a file cannot hold libraries."""
    if not os.path.lexists(folder):
        return None
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's word for a loop
        real = None
    if real is None or not real.is_relative_to(plans_dir.resolve()):
        message = (
            "is a link to a folder outside the plans folder; libraries must be in the "
            "repository: replace the link with the folder itself"
        )
    elif not real.is_dir():
        message = "is a file, not a folder: libraries are library/<id>.yml files; move it away"
    else:
        return None
    return Problem(_shown(folder, plans_dir), 1, 1, "error", message, "syntax")


def _update(
    framework: package.Framework,
    skills: list[Imported],
    plans_dir: Path,
    path: Path,
    problems: list[Problem],
) -> Outcome:
    """Edit the existing library's text; report what left the framework and what plans use."""
    project = check(plans_dir)
    shown = project.display(path)
    own = [p for p in project.problems if p.path == shown]
    document = project.documents.get(shown)
    if errors(own) or document is None or not isinstance(document.tree, Map):
        own.append(Problem(shown, 1, 1, "error", "fix this library before updating it", "syntax"))
        return Outcome(sorted(problems + own), False, path)
    library_id = path.stem
    result = update.Updater(document.text, document.tree, shown, framework).run(skills)
    problems = problems + result.problems
    if errors(problems):
        return Outcome(problems, False, path)
    for skill_id, (old, new) in result.code_changes.items():
        problems += _renamed(project, f"{library_id}/{skill_id}", old, new)
    raw = path.read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    outcome = _write(plans_dir, path, bom + result.text, problems, result.text == document.text)
    if outcome.written:
        outcome.problems += _removed(project, library_id, result, outcome.path, plans_dir)
        outcome.problems.sort()
        outcome.notes = result.notes or ["no changes: the library already matches the framework"]
    return outcome


def _write(
    plans_dir: Path, path: Path, text: str, problems: list[Any], unchanged: bool = False
) -> Outcome:
    """Validate the library as if written; write it only if it is valid."""
    data = text.encode()
    found = problems + _validate(plans_dir, path, data)
    if errors(found):
        return Outcome(sorted(found), False, path)
    if not unchanged:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    return Outcome(sorted(found), True, path, [], unchanged)


def _validate(plans_dir: Path, path: Path, data: bytes) -> list[Problem]:
    """The validator's problems with the library as if it held `data`, beside the others.

    `check(override=...)` only replaces files that exist, so the new library is loaded, shaped
    and cross-checked here the way `validate` does it for every library.
    """
    shown = _shown(path, plans_dir)
    if len(data) > MAX_LIBRARY_BYTES:
        message = (
            f"the library would be {len(data):,} bytes; a library must stay under "
            f"{MAX_LIBRARY_BYTES:,}: select fewer items (--level, --under, --type)"
        )
        return [Problem(shown, 1, 1, "error", message, "syntax")]
    project = check(plans_dir, only="")  # the school and the other libraries, no plan
    document = load_file(path, shown, data)
    project.documents[shown] = document
    shaper = Shaper(shown)
    rec = shaper.record(document.tree, schema.LIBRARY) if document.tree is not None else Rec()
    found = document.problems + shaper.problems
    if not errors(found):
        broken = {p.path for p in errors(project.problems)}  # other libraries' own errors
        project.libraries[path.stem] = library_from(
            rec, path.stem, shown, project.school.written_in
        )
        project.problems = []
        check_libraries(project, {i for i, lib in project.libraries.items() if lib.path in broken})
        found += [p for p in project.problems if p.path == shown]
    return found


def _renamed(project: Project, ref: str, old: str, new: str) -> list[Problem]:
    message = (
        f"'{ref}' now imports {new} (was {old}): the update keeps its id so this plan still "
        "works; check the plan still means it"
    )
    return [
        Problem(path, line, column, "warning", message, "case-renamed")
        for path, line, column in uses(project, ref)
    ]


def _removed(
    project: Project, library_id: str, result: update.Update, path: Path, plans_dir: Path
) -> list[Problem]:
    found = []
    lines = result.text.splitlines()
    for skill_id, _, in_framework in result.removed:
        ref = f"{library_id}/{skill_id}"
        users = sorted({p for p, _, _ in uses(project, ref)})
        why = "is no longer selected" if in_framework else "is no longer in the framework"
        used = f"; used by {', '.join(users)}" if users else ""
        line = _line_of_id(lines, skill_id)
        message = f"skill '{skill_id}' {why}: it is kept until you delete it{used}"
        found.append(Problem(_shown(path, plans_dir), line, 1, "warning", message, "case-removed"))
    return found


def _line_of_id(lines: list[str], skill_id: str) -> int:
    for number, line in enumerate(lines, 1):
        if line.strip() in (f"- id: {skill_id}", f"id: {skill_id}"):
            return number
    return 1


def uses(project: Project, ref: str) -> list[tuple[str, int, int]]:
    """Every place a plan names `ref`: an objective's skill, a prerequisite, evidence."""
    found = []
    for plan in project.plans.values():
        for goal in plan.goals:
            for objective in goal.objectives:
                src = objective.src
                if src.get("skill") == ref:
                    found.append((plan.path, *src.at["skill"]))
                for i, required in enumerate(src.get("requires", [])):
                    if required == ref:
                        found.append((plan.path, *src["requires"].at[i]))
        for entry in plan.evidence:
            if entry.objective == ref:
                found.append((plan.path, *entry.src.at["objective"]))
    return sorted(found)


def _nothing_selected(framework: package.Framework, selection: Selection) -> Problem:
    levels = sorted({v for item in framework.items.values() for v in item.levels})
    types = sorted({item.item_type for item in framework.items.values() if item.item_type})
    message = (
        "no item matches the selection; the framework has "
        f"levels {', '.join(levels) or '(none)'} and types {', '.join(types) or '(none)'}"
    )
    return Problem(framework.display, 1, 1, "error", message, "missing-key")


def _command(file: Path, library_id: str, selection: Selection) -> str:
    words = ["learnpath", "library", "import-case", file.name, "--id", library_id]
    for option, values in (
        ("--level", selection.levels),
        ("--under", selection.under),
        ("--type", selection.types),
    ):
        for value in values:
            words += [option, value]
    return shlex.join(words + ["--update"])


def _shown(path: Path, plans_dir: Path) -> str:
    try:
        return path.relative_to(plans_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()
