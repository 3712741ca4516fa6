"""What the page to add to the plan shows (templates/pages/contribute.html.j2): the plan's
objectives by title, the scale in the site's words, its goals, interests and writers, what
was received already, and the words contribute.js needs for what it writes itself."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from generator.mastery import engine as mastery
from generator.model import Objective, Plan
from generator.rendering.words import Words


@dataclass(frozen=True)
class Contribute:
    """A sealed site gets the page to add to the plan (docs/contributions.md): what it needs
    besides the plan. With `teacher`, it is the teacher's index's one page for every
    student (sealed under the teacher's key)."""

    epoch: int
    contact: str = ""
    teacher: bool = False  # the teacher's index's page: any student, the teacher's key


WRITERS = ("parent", "student")  # a family or a student picks one of these authors
TEACHER = ("teacher",)  # on the teacher's index: the teacher picks their own name
RECEIVED = 20  # the newest items received are listed, not the whole history
_SCRIPT_WORDS = (
    "add_summary",
    "add_copied",
    "add_sent",
    "add_discarded",
    "add_missing",
    "add_photo_too_big",
    "add_photos_none",
    "add_needs_key",
    "add_teacher_intro",
    *(f"add_n_{what}" for what in ("observations", "self", "reflections", "whys")),
    *(f"add_n_{what}" for what in ("interests", "photos")),
)


def context(
    plan: Plan,
    words: Words,
    results: dict[str, mastery.ObjectiveResult],
    shared: dict[str, Any],
    contribute: Contribute,
) -> dict[str, Any]:
    """The page's own template variables. On the teacher's index (`contribute.teacher`) the
    page is one for every student: contribute.js fills in the chosen student's `student_data`.
    """
    order = shared["path_order"]
    teacher = contribute.teacher
    return {
        "objectives": [] if teacher else [(ref, plan.objectives[ref].title) for ref in order],
        "levels": [(level, words.level(level)) for level in words.scale],
        "goals": [] if teacher else [(goal.id, goal.title) for goal in plan.goals],
        "writers": [] if teacher else [a for a in plan.authors if a.role in WRITERS],
        "interests": [] if teacher else plan.interests,
        "received": [] if teacher else received(plan),
        "teacher": teacher,
        "model": json.dumps(
            {
                "epoch": contribute.epoch,
                "name": "" if teacher else plan.name,
                "contact": contribute.contact,
                "teacher": teacher,
                "language": words.language,
                "words": {key: words.catalog[key] for key in _SCRIPT_WORDS},
            },
            ensure_ascii=False,
            sort_keys=True,
        ),
    }


def student_data(plan: Plan, words: Words) -> bytes:
    """What the teacher's page to add to the plan needs of one student (`add/<folder>.json`
    in the teacher's index): a few KB, made without rendering a page."""
    teachers = [a for a in plan.authors if a.role in TEACHER]
    data = {
        "name": plan.name,
        "objectives": [[ref, _title(o, words.language)] for ref, o in plan.objectives.items()],
        "goals": [[goal.id, goal.title] for goal in plan.goals],
        "writers": [[a.name, a.role, words.catalog[f"role_{a.role}"]] for a in teachers],
        "interests": list(plan.interests),
    }
    return json.dumps(data, ensure_ascii=False).encode()


def _title(objective: Objective, language: str) -> str:
    """An objective's title in `language`, by model.localized's rule (the plan's own title,
    else the library's translation, else the skill's): without copying the whole plan."""
    words = objective.skill.translations.get(language) if objective.skill else None
    return objective.src.get("title") or (words or {}).get("title") or objective.title


def received(plan: Plan) -> list[tuple[dt.date, str, str, str]]:
    """(date, kind, objective ref or "", writer) of what families and students wrote, newest
    first: what the teacher applied from their contributions (or typed in for them)."""
    found = [
        (e.date, e.kind, e.objective, e.by)
        for e in plan.evidence
        if plan.role_of(e.by) not in (None, "teacher")
    ]
    found += [
        (r.date, "reflection", "", r.by)
        for r in plan.reflections
        if plan.role_of(r.by) not in (None, "teacher")
    ]
    return sorted(found, key=lambda item: item[0], reverse=True)[:RECEIVED]
