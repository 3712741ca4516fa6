"""`learnpath class`: the class at a glance, as data that the page module writes out.

Per objective, who is ready (every prerequisite mastered, nothing counted yet: tomorrow's small
group), in progress, mastered, locked; per student, each cell's status and current level, the
pace of each goal and the date of the last evidence. An objective is grouped by its ref, so a
library skill is one row across plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.base import collector
from generator.classroom import groups
from generator.classroom.groups import WayGroup
from generator.classroom.settings import stale_after_days
from generator.language import i18n
from generator.mastery import engine as mastery
from generator.mastery import history
from generator.model import Plan, School
from generator.project import Project

LANGUAGE = "en"  # the class view is written in English (page.py, templates/class.html)


@dataclass(frozen=True)
class Cell:
    status: str
    level: str | None  # the current level from counting evidence, None before any


@dataclass
class Student:
    id: str
    name: str
    cells: dict[str, Cell]
    goals: list[tuple[str, str, str | None]]  # (id, title, pace)
    last_evidence: dt.date | None
    stale: bool
    due: list[str] = field(default_factory=list)  # titles mastered long ago: time to review

    @property
    def behind(self) -> list[str]:
        return [title for _, title, pace in self.goals if pace == "behind"]


@dataclass
class Objective:
    id: str
    title: str
    groups: dict[str, list[str]] = field(
        default_factory=lambda: {status: [] for status in mastery.STATUSES}
    )
    by_way: list[WayGroup] = field(default_factory=list)  # the ready group, split


@dataclass
class ClassView:
    school: str
    today: dt.date
    stale_after: int
    objectives: list[Objective]
    students: list[Student]
    by_way: bool = False  # the ready groups are split by way of learning
    # Each way's name as the class page (in English, LANGUAGE) says it: the label, not the id.
    way_names: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # for information: nothing is wrong


def overview(project: Project, today: dt.date | None = None, by_way: bool = False) -> ClassView:
    """The class view of every valid plan of the project; with `by_way`, each ready group
    split by the ways of learning the students' preferences name."""
    with collector.paused():
        view = _overview(project, today)
    view.way_names = way_names(project.school)
    view.notes = [
        _variety_note(path, way, project)
        for path, way in groups.one_way_libraries(project.libraries)
    ]
    if by_way:
        view.by_way = True
        for objective in view.objectives:
            ready = [project.plans[sid] for sid in objective.groups["ready"]]
            objective.by_way = groups.split(ready, objective.id, project.school.ways)
    return view


def way_names(school: School) -> dict[str, str]:
    """Every way of the school, named in the class view's language (English): what school.yml
    calls it in English, else our English label ("hands-on work"), else its id in words."""
    labels = i18n.catalog(LANGUAGE)
    return {
        way: school.ways.name(way, LANGUAGE, school.language, labels) for way in school.ways.ways
    }


def _variety_note(path: str, way: str, project: Project) -> str:
    names = way_names(project.school)
    others = [names[w] for w in project.school.ways.ways if w != way][:2]
    return (
        f"{path}: every activity that names a way of learning is for {names.get(way, way)}; varied "
        f"ways matter more than matching one: add activities for others, such as "
        f"{' or '.join(others)}"
    )


def _overview(project: Project, today: dt.date | None) -> ClassView:
    day = today or mastery.today()
    stale_after = stale_after_days(project)
    objectives: dict[str, Objective] = {}
    students = []
    for plan_id in sorted(project.plans):
        plan = project.plans[plan_id]
        student = _student(plan, project.school, day, stale_after)
        students.append(student)
        for ref, cell in student.cells.items():
            if ref not in objectives:
                objectives[ref] = Objective(ref, _title(plan, ref))
            objectives[ref].groups[cell.status].append(plan_id)
    ordered = [objectives[ref] for ref in sorted(objectives, key=_order)]
    return ClassView(project.school.name, day, stale_after, ordered, students)


def _order(ref: str) -> tuple[str, str]:
    """Library skills by library, then the plans' own objectives."""
    library, _, skill = ref.rpartition("/")
    return (library or "\uffff", skill)


def _title(plan: Plan, ref: str) -> str:
    objective = plan.objectives[ref]
    return objective.skill.title if objective.skill else objective.title


def _student(plan: Plan, school: School, day: dt.date, stale_after: int) -> Student:
    results = mastery.evaluate(plan)
    cells = {ref: Cell(r.status, mastery.level_reached(r)) for ref, r in results.items()}
    goals = [(g.id, g.title, mastery.progress(g, results, day).pace) for g in plan.goals]
    last = max((e.date for e in plan.evidence), default=None)
    stale = last is None or (day - last).days >= stale_after
    due = [_title(plan, r.ref) for r in history.due_for_review(plan, school, results, day)]
    return Student(plan.id, plan.name, cells, goals, last, stale, due)
