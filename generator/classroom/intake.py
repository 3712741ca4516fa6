"""`learnpath evidence import`: an export -> new evidence entries -> per-plan diffs -> one commit.

Every row is checked before anything is written: an unmatched or ambiguous student, a plan
without the objective, a cell that is neither a level nor a score, scores with no cut scores.
Any error and nothing is written. An entry the plan already has is not added again, so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.authoring import author
from generator.base import collector, vocabulary
from generator.base.hints import suggest
from generator.checking.validate import check
from generator.classroom import edits, formats, grading, settings
from generator.classroom.roster import Roster, roster
from generator.classroom.table import Table, read_table
from generator.classroom.transaction import Result, commit
from generator.mastery import engine as mastery
from generator.model import Plan
from generator.problem import Problem, errors
from generator.project import Project


@dataclass
class Request:
    """What the teacher asked for on the command line."""

    file: Path
    display: str
    objective: str | None
    by: str
    kind: str
    day: dt.date
    fmt: str = "auto"
    column: str | None = None
    cuts: grading.Cuts | None = None  # from --cut; else the school's cut_scores
    date_order: str | None = None


def prepare(
    plans_dir: Path, request: Request, step: Callable[[str], object] = lambda text: None
) -> Result:
    """Read the export and work out every plan's new bytes; write nothing. `step` is told
    what is being done, for a progress line (a large import takes a while)."""
    with collector.paused():
        return _prepare(plans_dir, request, step)


def _prepare(plans_dir: Path, request: Request, step: Callable[[str], object]) -> Result:
    step("checking the plans")
    project = check(plans_dir, student_documents=True)  # edits splice into the files
    result = Result(problems=errors(project.problems))
    if result.problems:
        return result  # the plans must be valid before we can add to them
    step(f"reading {request.display}")
    table = read_table(request.file, request.display)
    result.fmt = _format(table, request.fmt)
    marks = formats.marks(table, result.fmt, _options(request)) if result.fmt else []
    step(f"matching {len(marks):,} rows to {len(project.plans):,} plans")
    entries = _entries(table, marks, project, request, result)
    if not errors(table.problems):
        step(f"adding to {len(entries):,} plans and checking each as it would be written")
        edits.edit(project, entries, result)
    result.problems = sorted(table.problems) + result.problems
    return result


def apply(plans_dir: Path, result: Result) -> None:
    """Write every changed plan, or none (see transaction.commit)."""
    commit(plans_dir.absolute().parent, result.changes)


def _options(request: Request) -> formats.Options:
    return formats.Options(request.column, request.date_order)


def _format(table: Table, wanted: str) -> str:
    """The format asked for, if the header fits it; with `auto`, the likeliest that fits."""
    if table.problems:
        return ""
    found = formats.fitting(table.header)
    if wanted in found or (wanted == "auto" and found):
        return wanted if wanted != "auto" else found[0]
    expected = {
        "canvas": "Student,ID,... (a Canvas gradebook export)",
        "moodle": "First name,Last name,... (a Moodle grader export)",
        "google-forms": "Timestamp,...,Score,... (Google Forms responses)",
        "generic": "a 'student' column",
    }
    if wanted == "auto":
        message = "not a Canvas, Moodle or Google Forms export, nor a CSV with a 'student' column"
    else:
        message = f"the header does not fit --format {wanted}: expected {expected[wanted]}"
    table.problem(1, 1, message, "bad-import")
    return ""


def _entries(
    table: Table, marks: list[formats.Mark], project: Project, request: Request, result: Result
) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Each matched plan's new entries with their lines, in file order; problems go to the
    table."""
    people = roster(project.plans)
    levels = Levels(table, project, request)
    entries: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    locked: dict[str, set[str]] = {}
    known = {ref for plan in project.plans.values() for ref in plan.objectives}
    for mark in marks:
        if grading.is_blank(mark.cell):
            result.blank += 1
            continue
        plan = _plan(table, mark, people, project.plans)
        level = levels.of(mark)
        if plan is None or level is None:
            continue
        entry = _entry(table, mark, plan, level, request, (known, project.school.kinds))
        if entry is not None:
            entries[plan.id].append((mark.line, entry))
            _warn_if_locked(table, mark, plan, entry["objective"], locked)
    return entries


def _warn_if_locked(
    table: Table, mark: formats.Mark, plan: Plan, ref: str, locked: dict[str, set[str]]
) -> None:
    """Mastery learning: a student should not have been assessed on a locked objective."""
    if plan.id not in locked:
        results = mastery.evaluate(plan)
        locked[plan.id] = {r for r, result in results.items() if result.status == mastery.LOCKED}
    if ref in locked[plan.id]:
        message = f"{ref} is locked for {plan.id}: its prerequisites are not mastered yet"
        table.problems.append(
            Problem(table.display, mark.line, mark.column, "warning", message, "evidence-on-locked")
        )


def _plan(
    table: Table, mark: formats.Mark, people: Roster, plans: Mapping[str, Plan]
) -> Plan | None:
    found, how = people.match(mark.name, mark.ids)
    shown = mark.name or ", ".join(value for _, value in mark.ids) or "(no name)"
    if len(found) == 1:
        plan_id = found.pop()
        others = people.named(mark.name) - {plan_id} if how == "id" else set()
        if others and plan_id not in people.named(mark.name):
            message = (
                f"the id in this row is {plan_id}'s, but the name '{shown}' is "
                f"{', '.join(sorted(others))}'s: correct the row, or the plans' student.ids"
            )
            table.problem(mark.line, mark.name_column, message, "ambiguous-student")
            return None
        return plans[plan_id]
    if found:
        names = ", ".join(sorted(found))
        message = (
            f"'{shown}' matches several plans by {how} ({names}); "
            "add student.ids to tell them apart"
        )
        table.problem(mark.line, mark.name_column, message, "ambiguous-student")
    else:
        message = f"no plan's student has the id or the name '{shown}'"
        table.problem(mark.line, mark.name_column, message, "unknown-student")
    return None


def _entry(
    table: Table,
    mark: formats.Mark,
    plan: Plan,
    level: str,
    request: Request,
    words: tuple[set[str], tuple[str, ...]],
) -> dict[str, str] | None:
    """The row's entry; `words` are the objectives any plan has and the school's kinds."""
    known, kinds = words
    column, objective = mark.extra.get("objective", (1, request.objective or ""))
    by = mark.extra.get("by", (1, request.by))
    kind = mark.extra.get("kind", (1, request.kind))
    if not objective:
        table.problem(
            mark.line, 1, "no objective: pass --objective or add an objective column", "bad-import"
        )
        return None
    if objective not in plan.objectives:
        # A typo gets a suggestion; an objective other plans have is simply not in this one.
        hint = "" if objective in known else suggest(objective, known)
        message = f"{plan.id}'s plan has no objective '{objective}'" + (
            f" — {hint}" if hint else ""
        )
        table.problem(mark.line, column, message, "objective-not-in-plan")
        return None
    if _kind(kind[1], kinds) is None:  # spelled freely: "Work sample" is work-sample
        hint = suggest(kind[1], kinds) or f"expected one of: {', '.join(kinds)}"
        table.problem(mark.line, kind[0], f"'{kind[1]}' is not a kind — {hint}", "unknown-kind")
        return None
    kind = (kind[0], _kind(kind[1], kinds) or kind[1])
    if plan.role_of(by[1]) is None:
        authors = ", ".join(a.name for a in plan.authors)
        message = f"'{by[1]}' is not an author of {plan.id}'s plan (authors: {authors})"
        table.problem(mark.line, by[0], message, "unknown-author")
        return None
    note = mark.extra.get("note", (0, ""))[1] or _note(mark, level)
    day = mark.day or request.day
    return author.evidence_entry(objective, level, by[1], kind[1], day, note, None, None)


@functools.lru_cache(maxsize=256)  # every row of an import names a kind, mostly the same one
def _kind(text: str, kinds: tuple[str, ...]) -> str | None:
    """The kind `text` spells: a built-in one or one of the school's `evidence_kinds`."""
    return vocabulary.canonical(text, kinds)


def _note(mark: formats.Mark, level: str) -> str:
    if mark.label and grading.fold(mark.cell) != grading.fold(level):
        score = f"{mark.cell} / {mark.out_of}" if mark.out_of else mark.cell
        return f"{mark.label}: {score}"
    return mark.label


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


class Levels:
    """A mark's level: its cell spelled as a level, else its score through the cut scores."""

    def __init__(self, table: Table, project: Project, request: Request) -> None:
        self.table, self.project = table, project
        self.scale = project.school.settings.scale
        self.spellings = grading.spellings(project.school)
        self.cuts = request.cuts
        self.cuts_read = request.cuts is not None
        self.reported = False
        self.percents: dict[tuple[str, str | None], float | None] = {}

    def of(self, mark: formats.Mark) -> str | None:
        level = self.spellings.get(grading.fold(mark.cell))
        if level is not None:
            return level
        key = (mark.cell, mark.out_of)  # a class's scores repeat: read each spelling once
        if key not in self.percents:
            self.percents[key] = grading.percent(mark.cell, mark.out_of)
        percent = self.percents[key]
        if percent is None:
            self.table.problem(mark.line, mark.column, self._not_a_score(mark))
            return None
        if percent > 100:
            of = f" of {mark.out_of}" if mark.out_of else ""
            message = (
                f"'{mark.cell}' is {percent:.4g} % of the points possible{of}: a score above "
                "100 % is refused; correct it, or the points possible"
            )
            self.table.problem(mark.line, mark.column, message)
            return None
        cuts = self._cuts(mark)
        return cuts.level(percent, self.scale) if cuts else None

    def _not_a_score(self, mark: formats.Mark) -> str:
        written = grading.FRACTION.fullmatch(mark.cell) or grading.PERCENT.fullmatch(mark.cell)
        numbers = written.groups() if written else [mark.cell]
        shaped = written or grading.is_number_shaped(mark.cell)
        if shaped and any(not grading.readings(number) for number in numbers):
            return f"'{_short(mark.cell)}' has more digits than any score; correct it"
        if grading.number(mark.cell) is not None:
            return (
                f"'{mark.cell}' needs the points possible: write it as "
                f"{mark.cell} / 10 or as a percent, or add an out_of column"
            )
        return (
            f"'{mark.cell}' is not a level ({', '.join(self.scale)}) "
            "nor a score such as 4 / 5 or 80%"
        )

    def _cuts(self, mark: formats.Mark) -> grading.Cuts | None:
        if not self.cuts_read:
            self.cuts, self.cuts_read = self._school_cuts(), True
        if self.cuts is None and not self.reported:
            self.reported = True
            message = (
                f"'{mark.cell}' is a score, and no cut scores are stated: add cut_scores to "
                "school.yml, e.g. {developing: 50, proficient: 75, extending: 95}, or pass --cut"
            )
            self.table.problem(mark.line, mark.column, message, "no-cut-scores")
        return self.cuts

    def _school_cuts(self) -> grading.Cuts | None:
        path = self.project.school.path
        rec = settings.school_record(self.project).get("cut_scores")
        if not rec:
            return None
        cuts, why = grading.check_cuts(dict(rec), self.scale, path)
        if cuts is None:
            self.reported = True  # the school's cut scores are the problem, not their absence
            self.table.problems.append(Problem.at(path, rec.pos, "error", why, "bad-setting"))
        return cuts
