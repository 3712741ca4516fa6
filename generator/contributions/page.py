"""What the page to add to the plan shows (templates/pages/contribute.html.j2): the plan's
objectives by title, the scale in the site's words, its goals, interests and writers, what
was received already, and the words contribute.js needs for what it writes itself."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from generator import mastery
from generator.model import Plan
from generator.words import Words

if TYPE_CHECKING:
    from generator.render import Contribute

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
    "add_needs_key",
    *(f"add_n_{what}" for what in ("observations", "self", "reflections", "whys")),
    *(f"add_n_{what}" for what in ("interests", "photos")),
)


def context(
    plan: Plan,
    words: Words,
    results: dict[str, mastery.ObjectiveResult],
    shared: dict,
    contribute: Contribute,
) -> dict:
    """The page's own template variables."""
    order = shared["path_order"]
    return {
        "objectives": [(ref, plan.objectives[ref].title) for ref in order],
        "levels": [(level, words.level(level)) for level in words.scale],
        "goals": [(goal.id, goal.title) for goal in plan.goals],
        "writers": [
            a for a in plan.authors if a.role in (TEACHER if contribute.student else WRITERS)
        ],
        "received": received(plan),
        "teacher": bool(contribute.student),
        "model": json.dumps(
            {
                "epoch": contribute.epoch,
                "name": plan.name,
                "contact": contribute.contact,
                "student": contribute.student,
                "language": words.language,
                "words": {key: words.catalog[key] for key in _SCRIPT_WORDS},
            },
            ensure_ascii=False,
            sort_keys=True,
        ),
    }


def received(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(date, kind, objective ref or "", writer) of what families and students wrote, newest
    first: what the teacher applied from their contributions (or typed in for them)."""
    found = [
        (e.date.isoformat(), e.kind, e.objective, e.by)
        for e in plan.evidence
        if plan.role_of(e.by) not in (None, "teacher")
    ]
    found += [
        (r.date.isoformat(), "reflection", "", r.by)
        for r in plan.reflections
        if plan.role_of(r.by) not in (None, "teacher")
    ]
    return sorted(found, key=lambda item: item[0], reverse=True)[:RECEIVED]
