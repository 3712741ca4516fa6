"""Authoring from the terminal: `learnpath new`, `evidence add` and `author add`.

Each validates the would-be file in memory first and refuses to write an invalid one; each
writes atomically. `evidence add` and `author add` edit the text itself (splice), so every
other byte of the file (comments, key order, quoting, flow or block style, unicode) stays.
A command touches only plans/students/<id>.yml (and, for an attached file, that student's
folder): an id that is not an id is refused before any path is made from it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.authoring import splice
from generator.base import vocabulary
from generator.base.fsutil import copy_atomically, write_atomically
from generator.base.hints import suggest
from generator.base.ids import STUDENT_ID
from generator.checking import schema
from generator.checking.validate import check, plan_paths
from generator.load import Map, Unreadable, load_file, read_limited
from generator.load.yamltext import scalar
from generator.model import Library, find_skill
from generator.problem import Problem, errors


@dataclass
class Outcome:
    """What an authoring command did: the problems it found, and whether it wrote the file."""

    problems: list[Problem]
    written: bool
    path: Path


class Refused(Exception):
    """A command that cannot be done as asked; the message says why. Nothing was written."""


def _validated_write(plans_dir: Path, path: Path, data: bytes, kind: str = "") -> Outcome:
    """Check the plan as if `path` held `data` (with the school and libraries it stands on);
    write only if the plan is valid and a new entry's `kind` is one the school knows (a kind
    already in a plan only warns; a new one is a typo until the school adds it)."""
    project = check(plans_dir, override=(path, data), only=path.stem)
    display = project.display(path)
    mine = [p for p in project.problems if p.path == display]
    kinds = project.school.kinds
    if kind and vocabulary.canonical(kind, kinds) is None:
        hint = suggest(kind, kinds) or f"the kinds are {', '.join(kinds)}"
        message = (
            f"'{kind}' is not an evidence kind — {hint} (a school adds its own under "
            "evidence_kinds: in school.yml)"
        )
        return _refusal(plans_dir, path, 1, 1, message, "unknown-kind")
    if errors(mine):
        return Outcome(mine, False, path)
    write_atomically(path, data)
    return Outcome(mine, True, path)


# ---- learnpath new ---------------------------------------------------------------------------


def new_plan(
    plans_dir: Path,
    student_id: str,
    name: str,
    teacher: str,
    skills: list[str],
    language: str | None,
) -> Outcome:
    """Write plans/students/<id>.yml with one goal per library of the chosen skills."""
    if not STUDENT_ID.fullmatch(student_id):
        return _bad_id(plans_dir, student_id)
    path = plan_paths(plans_dir).get(student_id, plans_dir / "students" / f"{student_id}.yml")
    if os.path.lexists(path):
        message = f"a plan for '{student_id}' already exists; it was left as it is"
        return Outcome(
            [Problem(_shown(plans_dir, path), 1, 1, "error", message, "duplicate-id")], False, path
        )
    libraries = check(plans_dir, only=student_id).libraries
    path.parent.mkdir(parents=True, exist_ok=True)
    return _validated_write(
        plans_dir, path, _plan_text(student_id, name, teacher, skills, language, libraries).encode()
    )


def _shown(plans_dir: Path, path: Path) -> str:
    return path.relative_to(plans_dir.parent).as_posix()


def _plan_text(
    student_id: str,
    name: str,
    teacher: str,
    skills: list[str],
    language: str | None,
    libraries: dict[str, Library],
) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/plan.schema.json",
        "student:",
        f"  name: {scalar(name)}",
        *([f"  language: {scalar(language)}"] if language else []),
        "authors:",
        f"  - {{name: {scalar(teacher)}, role: teacher}}",
        "interests: []",
        "goals:",
    ]
    groups: dict[str, list[str]] = {}
    added = with_prerequisites(skills, libraries)
    for ref in added:
        groups.setdefault(ref.partition("/")[0], []).append(ref)
    if not groups:
        lines += [
            "  - id: first-goal",
            "    title: Our first goal",
            "    objectives:",
            "      - id: first-objective",
            "        title: Choose a first objective together",
        ]
    for library_id, refs in groups.items():
        library = libraries.get(library_id)
        title = library.title if library else library_id
        lines += [f"  - id: {_slug(library_id)}", f"    title: {scalar(title)}", "    objectives:"]
        lines += [
            f"      - skill: {scalar(ref)}"
            + (f"  # added: {added[ref]} builds on it" if added[ref] else "")
            for ref in refs
        ]
    lines += ["evidence: []", "reflections: []"]
    return "\n".join(lines) + "\n"


def with_prerequisites(skills: list[str], libraries: dict[str, Library]) -> dict[str, str]:
    """The chosen skills with every library prerequisite they build on, prerequisites first:
    a plan that names a skill without what it requires would be warned about at once
    (prerequisite-not-in-plan). Each added skill maps to the chosen skill that needs it."""
    order: dict[str, str] = {}

    def visit(ref: str, needed_by: str) -> None:
        if ref in order:
            return
        skill = find_skill(ref, libraries)
        order[ref] = ""  # placed (a cycle is the validator's to report, not ours to follow)
        for required in skill.requires if skill else ():
            visit(required, needed_by or ref)
        del order[ref]
        order[ref] = needed_by

    for ref in skills:
        visit(ref, "")
    for ref in skills:
        order[ref] = ""  # chosen, even when another chosen skill also needs it
    return order


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "goal"


# ---- learnpath evidence add and author add ---------------------------------------------------


def add_evidence(
    plans_dir: Path, student_id: str, entry: dict[str, str], attach: Path | None = None
) -> Outcome:
    """Append one evidence entry to the plan's `evidence` list, keeping every other byte.

    `attach` is a file for the entry: one inside the student's folder is named as it is; one
    elsewhere is copied in (never over a different file) and removed again if the plan is
    not written.
    """
    if attach is None:
        return _add_item(plans_dir, student_id, "evidence", entry)
    if not STUDENT_ID.fullmatch(student_id):
        return _bad_id(plans_dir, student_id)
    name, copied, made = _attach(plans_dir / "students" / student_id, attach)
    outcome = None
    try:
        outcome = _add_item(plans_dir, student_id, "evidence", {**entry, "file": name})
    finally:
        if copied is not None and not (outcome and outcome.written):
            copied.unlink(missing_ok=True)
            if made:
                copied.parent.rmdir()
    return outcome


def add_author(plans_dir: Path, student_id: str, name: str, role: str) -> Outcome:
    """Append `{name: ..., role: ...}` to the plan's authors, keeping every other byte."""
    return _add_item(plans_dir, student_id, "authors", {"name": name, "role": role})


def _add_item(plans_dir: Path, student_id: str, key: str, entry: dict[str, str]) -> Outcome:
    if not STUDENT_ID.fullmatch(student_id):
        return _bad_id(plans_dir, student_id)
    path = plan_paths(plans_dir).get(student_id)
    if path is None:
        path = plans_dir / "students" / f"{student_id}.yml"
        return _refusal(plans_dir, path, 1, 1, no_plan(plans_dir, student_id), "unknown-student")
    if path.is_symlink():
        message = "is a link; add to the file it points to, or replace the link with the file"
        return _refusal(plans_dir, path, 1, 1, message, "syntax")
    try:
        raw = read_limited(path, within=plans_dir)
    except Unreadable as exc:
        return _refusal(plans_dir, path, 1, 1, str(exc), "syntax")
    doc = load_file(path, _shown(plans_dir, path), raw)
    if errors(doc.problems) or not isinstance(doc.tree, Map):
        found = doc.problems or [Problem(doc.display, 1, 1, "error", "not a mapping", "wrong-type")]
        return Outcome(found, False, path)
    try:
        text = splice.append(doc.text, doc.tree, key, entry)
    except splice.NotAList as exc:
        expected = f"a list of {key if key == 'evidence' else 'author'} fields"
        message = f"expected {expected}, found {exc.found}"
        return _refusal(plans_dir, path, exc.line, exc.column, message, "wrong-type")
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return _validated_write(plans_dir, path, bom + text.encode(), entry.get("kind", ""))


def no_plan(plans_dir: Path, student_id: str) -> str:
    """There is no plan for this student: say so, with the nearest id and the ids there are."""
    known = sorted(plan_paths(plans_dir))
    hint = suggest(student_id, known)
    listed = f"students: {', '.join(known)}" if len(known) <= 12 else f"{len(known)} students"
    return f"no plan for student '{student_id}'" + (f" — {hint}" if hint else "") + f" ({listed})"


def _refusal(
    plans_dir: Path, path: Path, line: int, column: int, message: str, rule: str
) -> Outcome:
    problem = Problem(_shown(plans_dir, path), line, column, "error", message, rule)
    return Outcome([problem], False, path)


def _bad_id(plans_dir: Path, student_id: str) -> Outcome:
    message = f"'{student_id}' is not a student id: use lowercase letters, digits and hyphens"
    return _refusal(plans_dir, plans_dir / "students", 1, 1, message, "bad-student-id")


def _attach(folder: Path, given: Path) -> tuple[str, Path | None, bool]:
    """The entry's file name for `given`, the copy made (if any), and whether the student's
    folder was made for it."""
    source = given if given.is_file() else folder / given
    if not source.is_file():
        if not os.path.lexists(given) and not os.path.lexists(folder / given):
            raise Refused(f"no such file: {given} (nothing written)")
        return given.as_posix(), None, False  # validation says what is wrong with it
    real, home = source.resolve(), folder.resolve()
    if real.is_relative_to(home):
        return real.relative_to(home).as_posix(), None, False
    target = folder / source.name
    if os.path.lexists(target):
        if target.is_file() and filecmp.cmp(target, source, shallow=False):
            return source.name, None, False
        shown = target.relative_to(folder.parent.parent.parent).as_posix()
        raise Refused(
            f"{shown} already exists and differs from {given}; rename one of them (nothing written)"
        )
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    copy_atomically(source, target)
    return source.name, target, made


def evidence_entry(
    objective: str,
    level: str | None,
    by: str,
    kind: str,
    date: dt.date,
    note: str | None,
    file: str | None,
    link: str | None,
) -> dict[str, str]:
    """The entry in the format's key order; optional keys (a level too) only when given."""
    entry = {"objective": objective, "date": date.isoformat()}
    if level:
        entry["level"] = level
    entry |= {"by": by, "kind": kind}
    for key, value in (("note", note), ("file", file), ("link", link)):
        if value:
            entry[key] = value
    return {k: v for k, v in entry.items() if k in schema.EVIDENCE.fields}
