"""A student's status as data (the `status --format json` contract) and as terminal text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.language import conventions
from generator.mastery import engine as mastery
from generator.mastery import history
from generator.mastery.engine import rounded
from generator.model import Plan, School

SYMBOLS = {"mastered": "[x]", "in_progress": "[~]", "ready": "[ ]", "locked": "[-]"}


def summarize(
    plan: Plan,
    today: dt.date | None = None,
    *,
    as_of: dt.date | None = None,
    school: School | None = None,
) -> dict[str, Any]:
    """The status today, or with `as_of` as it stood at the end of that day (evidence dated
    after it ignored; that day is "today" for pace). With `school`, what is due for review."""
    day = as_of or today or mastery.today()
    results = mastery.snapshot(plan, as_of).results if as_of else mastery.evaluate(plan)
    goals = []
    for goal in plan.goals:
        progress = mastery.progress(goal, results, day)
        goals.append(
            {
                "id": goal.id,
                "title": goal.title,
                "progress": {"mastered": progress.mastered, "total": progress.total},
                "pace": progress.pace,
                "projected_finish": _iso(progress.projected_finish),
                "start": _iso(goal.start),
                "target": _iso(goal.target),
                "objectives": [_objective(results[o.ref]) for o in goal.objectives],
            }
        )
    due = history.due_for_review(plan, school, results, day) if school else []
    return {
        "student": plan.id,
        "name": plan.name,
        "today": day.isoformat(),
        "goals": goals,
        "due_for_review": [
            {
                "id": review.ref,
                "title": plan.objectives[review.ref].title,
                "last_counted": review.last_counted.isoformat(),
                "after_days": review.after_days,
            }
            for review in due
        ],
    }


def _objective(result: mastery.ObjectiveResult) -> dict[str, Any]:
    objective = result.objective
    return {
        "id": objective.ref,
        "title": objective.title,
        "status": result.status,
        "score": rounded(result.score),
        "counted": len(result.counted),
        "requires": list(objective.requires),
        "method": objective.settings.method,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


PACE_WORDS = {"on_track_late": "on track, but projected to finish after the target"}


def as_text(summary: dict[str, Any], language: str = conventions.FALLBACK) -> str:
    """The status for a terminal, in English words with dates and numbers as the family's
    language writes them (`language`, the site's), so the teacher reads what the site says."""

    def day(iso: str) -> str:
        return conventions.date(dt.date.fromisoformat(iso), language)

    def number(value: float) -> str:
        return conventions.number(value, language)

    lines = [f"{summary['name']} ({summary['student']}), as of {day(summary['today'])}"]
    for goal in summary["goals"]:
        done, total = number(goal["progress"]["mastered"]), number(goal["progress"]["total"])
        pace = PACE_WORDS.get(goal["pace"]) or (goal["pace"] or "no target").replace("_", " ")
        finish = (
            f", projected finish {day(goal['projected_finish'])}"
            if goal["projected_finish"]
            else ""
        )
        lines.append(f"\n{goal['title']} [{goal['id']}]: {done}/{total} mastered, {pace}{finish}")
        for o in goal["objectives"]:
            score = "" if o["score"] is None else f" score {number(o['score'])}"
            status = o["status"].replace("_", " ")
            lines.append(
                f"  {SYMBOLS[o['status']]} {o['id']}: {status}{score}"
                f" ({number(o['counted'])} counted)"
            )
    if summary.get("due_for_review"):
        lines.append("\nTime to review (mastered, no counted evidence lately):")
        for review in summary["due_for_review"]:
            lines.append(
                f"  {review['id']}: last counted evidence {day(review['last_counted'])}, "
                f"more than {number(review['after_days'])} days ago"
            )
    return "\n".join(lines)
