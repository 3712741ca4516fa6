"""Stage 2, validate: load every file, check shapes, then cross-references on well-formed files.

`check(plans_dir)` returns a Project: the model of every plan that could be read and every
problem found, sorted. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import i18n, mastery, schema
from generator.crossref import PlanChecker, check_libraries
from generator.load import Document, load_file
from generator.model import Library, Plan, School, library_from, plan_from, school_from
from generator.problem import Problem, errors
from generator.shape import Rec, Shaper, suggest

STUDENT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class Project:
    """Everything read from a plans folder."""

    root: Path
    school: School
    libraries: dict[str, Library] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        """How reports name a file: relative to the plans folder's parent."""
        return _display(path, self.root.parent)


def check(
    plans_dir: Path,
    today: dt.date | None = None,
    override: tuple[Path, bytes] | None = None,
    only: str | None = None,
) -> Project:
    """Load and validate a plans folder: every problem, in one run.

    `override` checks the folder as if one file held other bytes (authoring commands check a
    change before writing it); `only` checks one student's plan, with the school and the
    libraries it stands on (plans never refer to each other).
    """
    # Loading allocates millions of small objects that all stay alive (every value keeps its
    # position), so the cyclic garbage collector would rescan them again and again for
    # nothing: 40% of the time for 1,000 plans. Reference counting still frees the rest.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _check(plans_dir, today, override, only)
    finally:
        if was_enabled:
            gc.enable()


def _check(
    plans_dir: Path, today: dt.date | None, override: tuple[Path, bytes] | None, only: str | None
) -> Project:
    day = today or mastery.today()
    replaced = {override[0].resolve(): override[1]} if override else {}
    base = plans_dir.parent
    project = Project(plans_dir, school_from(Rec(), ""))
    project.problems += i18n.problems()  # a broken catalogue must stop validate, not build
    school_path = plans_dir / "school.yml"
    school_ok = True
    if school_path.is_file():
        rec, school_ok = _read(project, school_path, base, schema.SCHOOL, replaced)
        project.school = school_from(rec, _display(school_path, base))
        if school_ok:
            school_ok = _check_school(project, rec)
    broken_libraries = set()
    for path in sorted((plans_dir / "library").glob("*.yml")):
        rec, ok = _read(project, path, base, schema.LIBRARY, replaced)
        project.libraries[path.stem] = library_from(rec, path.stem, _display(path, base))
        if not ok:
            broken_libraries.add(path.stem)
    check_libraries(project, broken_libraries)
    names = {p.name for p in (plans_dir / "students").glob("*.yml")}
    names |= {p.name for p in replaced if p.parent == (plans_dir / "students").resolve()}
    if only is not None:
        names &= {f"{only}.yml"}
    for path in (plans_dir / "students" / name for name in sorted(names)):
        rec, ok = _read(project, path, base, schema.PLAN, replaced)
        display = _display(path, base)
        if not STUDENT_ID.fullmatch(path.stem):
            project.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "error",
                    f"file name '{path.name}' must be lowercase letters, digits and hyphens, "
                    f"e.g. '{_slug(path.stem)}.yml'",
                    "bad-student-id",
                )
            )
            continue
        if ok and school_ok:
            plan = plan_from(rec, path.stem, display, project.school, project.libraries)
            PlanChecker(project, plan, broken_libraries, day).run()
            project.plans[plan.id] = plan
    if not (plans_dir / "students").is_dir():
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


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "student"


def _read(
    project: Project, path: Path, base: Path, record: schema.Record, replaced: dict[Path, bytes]
) -> tuple[Rec, bool]:
    """Load and shape one file; ok is False if it had any error."""
    document = load_file(path, _display(path, base), replaced.get(path.resolve()))
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
                Problem(
                    path,
                    *rec["scale"].at[i],
                    "error",
                    f"level '{level}' appears twice in the scale",
                    "bad-setting",
                )
            )
    level = rec.get("mastery", {}).get("level")
    if level is not None and level not in scale:
        hint = suggest(level, scale) or f"the scale is {', '.join(scale)}"
        found.append(
            Problem(
                path,
                *rec["mastery"].at["level"],
                "error",
                f"mastery level '{level}' is not in the scale — {hint}",
                "bad-setting",
            )
        )
    for language, words in rec.get("translations", {}).items():
        names = words.get("scale")
        if names is not None and len(names) != len(scale):
            found.append(
                Problem(
                    path,
                    *words.at["scale"],
                    "error",
                    f"the scale has {len(scale)} levels; the '{language}' names give {len(names)}",
                    "bad-setting",
                )
            )
    language = rec.get("language")
    if language is not None and language not in i18n.languages():
        found.append(
            Problem(
                path,
                *rec.at["language"],
                "warning",
                f"no labels in '{language}' yet, so sites are in English; add "
                f"templates/locales/{language}.yml to translate them",
                "unsupported-language",
            )
        )
    project.problems.extend(found)
    return not errors(found)
