"""A student's status as data (the `status --format json` contract) and as terminal text."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from generator import mastery
from generator.model import Plan

SYMBOLS = {"mastered": "[x]", "in_progress": "[~]", "ready": "[ ]", "locked": "[-]"}


def rounded(score: float | None) -> float | None:
    """Two decimals, halves up (4.125 -> 4.13, as gradebooks show it)."""
    if score is None:
        return None
    return float(Decimal(repr(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summarize(plan: Plan, today: dt.date | None = None) -> dict:
    day = today or mastery.today()
    results = mastery.evaluate(plan)
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
    return {"student": plan.id, "name": plan.name, "today": day.isoformat(), "goals": goals}


def _objective(result: mastery.ObjectiveResult) -> dict:
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


def as_text(summary: dict) -> str:
    lines = [f"{summary['name']} ({summary['student']}), as of {summary['today']}"]
    for goal in summary["goals"]:
        done, total = goal["progress"]["mastered"], goal["progress"]["total"]
        pace = (goal["pace"] or "no target").replace("_", " ")
        finish = (
            f", projected finish {goal['projected_finish']}" if goal["projected_finish"] else ""
        )
        lines.append(f"\n{goal['title']} [{goal['id']}]: {done}/{total} mastered, {pace}{finish}")
        for o in goal["objectives"]:
            score = "" if o["score"] is None else f" score {o['score']:g}"
            status = o["status"].replace("_", " ")
            lines.append(
                f"  {SYMBOLS[o['status']]} {o['id']}: {status}{score} ({o['counted']} counted)"
            )
    return "\n".join(lines)
