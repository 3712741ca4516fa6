"""Stage 2, validate: load every file, check shapes, then cross-references on well-formed files.

`check(plans_dir)` returns a Project: the model of every plan that could be read and every
problem found, sorted. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base import collector, vocabulary
from generator.base.hints import suggest
from generator.base.ids import STUDENT_ID, SUFFIXES, plan_files, yaml_files
from generator.checking import schema
from generator.checking.crossref import PlanChecker, check_libraries
from generator.checking.shape import Rec, Shaper
from generator.language import i18n
from generator.load import load_file
from generator.mastery import engine as mastery
from generator.model import Plan, library_from, plan_from, school_from
from generator.problem import Problem, errors
from generator.project import Project
from generator.project import display as _display

if TYPE_CHECKING:
    from generator.checking.cache import CachedStudent


def check(
    plans_dir: Path,
    today: dt.date | None = None,
    override: tuple[Path, bytes] | dict[Path, bytes] | None = None,
    only: str | set[str] | None = None,
    cache: Path | None = None,
    student_documents: bool = False,
    jobs: int = 1,
) -> Project:
    """Load and validate a plans folder: every problem, in one run.

    `override` checks the folder as if one file (or, as a dict, several) held other bytes
    (authoring commands check a change before writing it); `only` checks one student's plan
    (or a set of them), with the school and the libraries it stands on (plans never refer to
    each other). With `cache` (a folder), a
    plan whose inputs are unchanged since a check that stored it there is not read again.
    `project.documents` keeps the school's and the libraries' parsed files, and the students'
    only with `student_documents` (commands that edit plans): those are two thirds of the
    memory, and dropping each as soon as its plan is checked keeps validate small and fast.
    With `cache`, students are checked in up to `jobs` worker processes.
    """
    # Loading allocates millions of small objects that all stay alive: see generator/base/collector.
    with collector.paused():
        return _check(plans_dir, today, override, only, cache, student_documents, jobs)


def _check(
    plans_dir: Path,
    today: dt.date | None,
    override: tuple[Path, bytes] | dict[Path, bytes] | None,
    only: str | set[str] | None,
    cache_dir: Path | None,
    student_documents: bool,
    jobs: int,
) -> Project:
    day = today or mastery.today()
    pairs = [override] if isinstance(override, tuple) else (override or {}).items()
    replaced = {path.absolute(): data for path, data in pairs}
    base = plans_dir.parent
    project = Project(plans_dir, school_from(Rec(), ""))
    project.problems += i18n.problems()  # a broken catalogue must stop validate, not build
    school_ok = _load_school(project, replaced)
    broken_libraries = set()
    for library_id, path in _yaml_files(project, plans_dir / "library", set()).items():
        rec, ok = _read(project, path, base, schema.LIBRARY, replaced)
        project.libraries[library_id] = library_from(
            rec, library_id, _display(path, base), project.school.written_in
        )
        if not ok:
            broken_libraries.add(library_id)
    check_libraries(project, broken_libraries)
    students = plans_dir / "students"
    added = {students / p.name for p in replaced if p.parent == students.absolute()}
    plans = _yaml_files(project if only is None else None, students, added)
    student = _Student(project, broken_libraries, day, school_ok, replaced, student_documents)
    checker: _Student | CachedStudent = student
    prune: Callable[[], None] | None = None
    # A check of unwritten bytes neither uses nor prunes the cache: its entries vouch for the
    # files on disk, not for the change being checked.
    if cache_dir is not None and not replaced:
        # Imported here: `learnpath validate` (what pre-commit runs) keeps no cache and
        # starts without loading it.
        from generator.checking.cache import CachedStudent

        checker = CachedStudent(student, cache_dir)
        prune = checker.cache.prune
    wanted = {only} if isinstance(only, str) else only
    todo = {sid: path for sid, path in plans.items() if wanted is None or sid in wanted}
    checker.check_all(todo, 1 if student_documents else jobs)  # a worker's documents stay there
    if prune is not None and only is None:
        prune()
    if not students.is_dir():
        project.problems.append(
            Problem(
                _display(plans_dir, base),
                1,
                1,
                "error",
                "no students/ folder: nothing to build",
                "missing-key",
            )
        )
    project.problems.sort()
    return project


@dataclass
class _Student:
    """Reads, models and cross-checks one student's plan into the project."""

    project: Project
    broken: set[str]
    day: dt.date
    school_ok: bool
    replaced: dict[Path, bytes]
    keep_document: bool = False

    def check_all(self, students: dict[str, Path], jobs: int = 1) -> None:
        for student_id, path in students.items():  # `jobs`: only the cached check forks
            self.check(student_id, path)

    def check(self, student_id: str, path: Path, data: bytes | None = None) -> Plan | None:
        project = self.project
        base = project.root.parent
        rec, ok = _read(project, path, base, schema.PLAN, self.replaced, data)
        display = _display(path, base)
        if not self.keep_document:
            del project.documents[display]
        if not STUDENT_ID.fullmatch(student_id):
            message = (
                f"file name '{path.name}' must be lowercase letters, digits and hyphens, "
                f"e.g. '{_slug(student_id)}.yml'"
            )
            project.problems.append(Problem(display, 1, 1, "error", message, "bad-student-id"))
            return None
        if not (ok and self.school_ok):
            return None
        plan = plan_from(rec, student_id, display, project.school, project.libraries)
        PlanChecker(project, plan, self.broken, self.day).run()
        project.plans[plan.id] = plan
        return plan


def plan_paths(plans_dir: Path) -> dict[str, Path]:
    """Every student's plan file by student id: the file validate reads."""
    return {sid: paths[0] for sid, paths in plan_files(plans_dir).items()}


def _load_school(project: Project, replaced: dict[Path, bytes]) -> bool:
    """Read school.yml (or school.yaml) if there is one; False if it has errors."""
    plans_dir = project.root
    present = [plans_dir / f"school{s}" for s in SUFFIXES if _lexists(plans_dir / f"school{s}")]
    if not present:
        return True
    if len(present) > 1:
        _duplicate(project, present[1], present[0])
    path = present[0]
    rec, ok = _read(project, path, plans_dir.parent, schema.SCHOOL, replaced)
    project.school = school_from(rec, _display(path, plans_dir.parent))
    return _check_school(project, rec) if ok else False


def _lexists(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def _yaml_files(project: Project | None, folder: Path, added: set[Path]) -> dict[str, Path]:
    """The YAML files directly in `folder` by stem; anything else is reported as not read
    (unless `project` is None: a command about one student reports only that student)."""
    found = yaml_files(folder, added)
    if project is not None:
        _report_unread(project, folder, found, added)
    return {stem: paths[0] for stem, paths in found.items()}


def _report_unread(
    project: Project, folder: Path, found: dict[str, list[Path]], added: set[Path]
) -> None:
    """A second file for one id is a duplicate; anything else in the folder is not read."""
    read = set()
    for paths in found.values():
        read.update(paths)
        for path in paths[1:]:
            _duplicate(project, path, paths[0])
    for path in sorted({*(folder.iterdir() if folder.is_dir() else ()), *added} - read):
        if path.name.startswith(".") and path.suffix not in SUFFIXES:
            continue  # .gitkeep, .DS_Store, an editor's swap file: not meant for us
        if not (folder.name == "students" and path.name in found):  # a student's files
            _not_read(project, path, folder)


def _duplicate(project: Project, path: Path, kept: Path) -> None:
    message = f"both {kept.name} and {path.name} exist; keep one (this one is not read)"
    project.problems.append(Problem(project.display(path), 1, 1, "error", message, "duplicate-id"))


def _not_read(project: Project, path: Path, folder: Path) -> None:
    kind = "plans" if folder.name == "students" else "libraries"
    where = f"{folder.name}/<{'student' if kind == 'plans' else 'library'}-id>.yml (or .yaml)"
    if path.is_dir() and not path.is_symlink():
        inner = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)[:20]
        for file in inner:
            message = (
                f"will not be read: {kind} must be directly in {folder.name}/; "
                f"move it to {folder.name}/{file.name}"
            )
            project.problems.append(
                Problem(project.display(file), 1, 1, "warning", message, "not-read")
            )
        if inner:
            return
        message = (
            f"folder will not be read: there is no plan {folder.name}/{path.name}.yml it could "
            "hold evidence for"
            if kind == "plans"
            else f"folder will not be read: libraries are {where} files"
        )
    else:
        message = f"'{path.name}' will not be read: {kind} are {where}"
    project.problems.append(Problem(project.display(path), 1, 1, "warning", message, "not-read"))


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "student"


def _read(
    project: Project,
    path: Path,
    base: Path,
    record: schema.Record,
    replaced: dict[Path, bytes],
    data: bytes | None = None,
) -> tuple[Rec, bool]:
    """Load and shape one file (`data`: its bytes, already read); ok is False on any error."""
    data = replaced.get(path.absolute(), data)
    document = load_file(path, _display(path, base), data, project.root)
    project.documents[document.display] = document
    shaper = Shaper(document.display)
    rec = shaper.record(document.tree, record) if document.tree is not None else Rec()
    found = document.problems + shaper.problems
    project.problems.extend(found)
    return rec, not errors(found)


def _check_school(project: Project, rec: Rec) -> bool:
    path = project.school.path
    scale = list(rec.get("scale", schema.DEFAULT_SCALE))
    found = []
    for i, level in enumerate(scale):
        if level in scale[:i]:
            found.append(
                Problem.at(
                    path,
                    rec["scale"].at[i],
                    "error",
                    f"level '{level}' appears twice in the scale",
                    "bad-setting",
                )
            )
    level = rec.get("mastery", {}).get("level")
    if level is not None and vocabulary.canonical(level, scale) is None:
        hint = suggest(level, scale) or f"the scale is {', '.join(scale)}"
        found.append(
            Problem.at(
                path,
                rec["mastery"].at["level"],
                "error",
                f"mastery level '{level}' is not in the scale — {hint}",
                "bad-setting",
            )
        )
    for language, words in rec.get("translations", {}).items():
        names = words.get("scale")
        if names is not None and len(names) != len(scale):
            found.append(
                Problem.at(
                    path,
                    words.at["scale"],
                    "error",
                    f"the scale has {len(scale)} levels; the '{language}' names give {len(names)}",
                    "bad-setting",
                )
            )
    named = set(scale).union(*(w.get("scale", []) for w in rec.get("translations", {}).values()))
    for level in rec.get("cut_scores", {}):
        if level not in named:
            hint = suggest(level, scale) or f"the scale is {', '.join(scale)}"
            at = rec["cut_scores"].at[level]
            message = f"cut score for '{level}', which is not a level of the scale — {hint}"
            found.append(Problem.at(path, at, "error", message, "bad-setting"))
    language = rec.get("language")
    if language is not None and language not in i18n.languages():
        found.append(
            Problem.at(
                path,
                rec.at["language"],
                "warning",
                f"no labels in '{language}' yet, so sites are in English; add "
                f"templates/locales/{language}.yml to translate them",
                "unsupported-language",
            )
        )
    found += _family_words_later(path, rec.get("publish", Rec()))
    project.problems.extend(found)
    return not errors(found)


def _family_words_later(path: str, publish: Rec) -> list[Problem]:
    """A first epoch of family words after the current one: most likely the epoch was not
    raised with it (docs/privacy.md, "Passphrase words"). A warning: it may be on purpose."""
    start, epoch = publish.get("family_words_from"), publish.get("epoch", 1)
    if start is None or start <= epoch:
        return []
    message = (
        f"passphrases stay six English words until publish.epoch is {start} (it is {epoch}); "
        f"raise epoch to {start} with it for letters in the families' languages"
    )
    return [
        Problem(path, *publish.at["family_words_from"], "warning", message, "family-words-later")
    ]
