"""Stage 4, mastery: pure functions from evidence and policy to results, statuses and pace.

Scores are level positions (1 = lowest). The six methods match the learning-mastery
gradebooks schools already use, so a school's policy carries over unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.model import Evidence, Goal, Objective, Plan, Settings

EPSILON = 1e-9  # float sums such as 0.35 * 3 + 0.65 * 3 land a hair under 3

MASTERED, LOCKED, IN_PROGRESS, READY = "mastered", "locked", "in_progress", "ready"
STATUSES = (MASTERED, IN_PROGRESS, READY, LOCKED)


LAST_EPOCH = 4_102_444_799  # 2099-12-31T23:59:59Z: pace projections stay within dates


class BadEpoch(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a usable number of seconds."""


def today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH (UTC) for reproducible builds.

    A set but unusable SOURCE_DATE_EPOCH raises BadEpoch: silently using the real date
    would make a "reproducible" build differ from the next one.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    if not re.fullmatch(r"[0-9]{1,10}", epoch) or int(epoch) > LAST_EPOCH:
        shown = epoch if len(epoch) <= 20 else epoch[:17] + "..."
        raise BadEpoch(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, from 0 to "
            f"{LAST_EPOCH} (2099-12-31); found '{shown}'"
        )
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()


def days_after(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days` (back when negative), held at the calendar's first and last day:
    a plan may hold any date Python knows, 0001-01-01 to 9999-12-31, and so may --as-of."""
    ordinal = min(max(day.toordinal() + days, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal)


def calculate(method: str, scores: Sequence[int], weight: int, mastery_score: int) -> float | None:
    """The method's result over scores in order; n_mastery gives the number of scores at mastery."""
    if not scores:
        return None
    w = weight / 100
    if method == "latest":
        return float(scores[-1])
    if method == "highest":
        return float(max(scores))
    if method == "average":
        return sum(scores) / len(scores)
    if method == "weighted_average":
        if len(scores) == 1:
            return float(scores[0])
        earlier = scores[:-1]
        return w * scores[-1] + (1 - w) * sum(earlier) / len(earlier)
    if method == "decaying_average":
        result = float(scores[0])
        for score in scores[1:]:
            result = (1 - w) * result + w * score
        return result
    if method == "n_mastery":
        return float(sum(1 for s in scores if s >= mastery_score))
    raise ValueError(f"unknown method {method!r}")


def reaches_mastery(settings: Settings, result: float | None) -> bool:
    if result is None:
        return False
    needed = settings.count if settings.method == "n_mastery" else settings.mastery_score
    return result >= needed - EPSILON


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    status: str
    score: float | None
    counted: list[Evidence]  # evidence by roles in assessed_by, in date order
    others: list[Evidence]  # self-assessments, family observations: shown, not counted
    blocked_by: tuple[str, ...]  # prerequisites in the plan not yet mastered


def evidence_by_objective(plan: Plan) -> dict[str, list[Evidence]]:
    """Each objective's evidence, ordered by date, then by order in the file."""
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for entry in sorted(plan.evidence, key=lambda e: (e.date, e.index)):
        grouped[entry.objective].append(entry)
    return grouped


def evaluate(plan: Plan, as_of: dt.date | None = None) -> dict[str, ObjectiveResult]:
    """Status and score of every objective of the plan, keyed by its ref; with `as_of`, as
    they stood at the end of that day (later evidence ignored)."""
    return Gradebook(plan).evaluate(as_of)


class Gradebook:
    """A plan's evidence sorted, split into counted and not counted, and scored once, so the
    plan can be evaluated as of many days (the charts) for little more than one."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        roles = {a.name: a.role for a in plan.authors}
        grouped = evidence_by_objective(plan)
        self._entries: dict[str, tuple[list[Evidence], list[Evidence], list[int]]] = {}
        for ref, objective in plan.objectives.items():
            s = objective.settings
            entries = grouped.get(ref, [])
            # An entry with no level (a home observation that named none) never counts.
            counted = [e for e in entries if e.level and roles.get(e.by) in s.assessed_by]
            others = [e for e in entries if not (e.level and roles.get(e.by) in s.assessed_by)]
            self._entries[ref] = (counted, others, [s.scale.index(e.level) + 1 for e in counted])
        self._scores: dict[tuple[str, int], float | None] = {}  # (ref, how many counted)
        self._days: dict[str, list[tuple[dt.date, bool]]] = {}  # mastered_on's, by ref

    def evaluate(self, as_of: dt.date | None = None) -> dict[str, ObjectiveResult]:
        """Every objective's result; with `as_of`, from the evidence dated up to that day."""
        scored = {}
        for ref, (counted, others, scores) in self._entries.items():
            if as_of is not None:
                counted = counted[: bisect_right(counted, as_of, key=_date)]
                others = others[: bisect_right(others, as_of, key=_date)]
            scored[ref] = (self._score(ref, len(counted), scores), counted, others)
        return _statuses(self.plan, scored, self._mastered(scored))

    def mastery_days(self, ref: str) -> list[tuple[dt.date, bool]]:
        """The days the objective became mastered (True) or stopped being mastered (False),
        oldest first: `evaluate`'s first step at each date of its counted evidence, scored once
        per date instead of once per date asked (mastery never depends on prerequisites)."""
        counted, _, scores = self._entries[ref]
        settings = self.plan.objectives[ref].settings
        days, was = [], False
        for n, entry in enumerate(counted, start=1):
            if n < len(counted) and counted[n].date == entry.date:
                continue  # the day's last counted evidence decides how the day ends
            now = reaches_mastery(settings, self._score(ref, n, scores))
            if now != was:
                days.append((entry.date, now))
                was = now
        return days

    def mastered_on(self, ref: str, day: dt.date) -> bool:
        """Whether the objective was mastered at the end of `day`."""
        if ref not in self._days:
            self._days[ref] = self.mastery_days(ref)
        state = False
        for when, now in self._days[ref]:
            if when > day:
                break
            state = now
        return state

    def _mastered(
        self, scored: dict[str, tuple[float | None, list[Evidence], list[Evidence]]]
    ) -> set[str]:
        objectives = self.plan.objectives
        return {
            ref
            for ref, (score, _, _) in scored.items()
            if reaches_mastery(objectives[ref].settings, score)
        }

    def snapshot(self, day: dt.date) -> Snapshot:
        results = self.evaluate(day)
        return Snapshot(day, results, {g.id: progress(g, results, day) for g in self.plan.goals})

    def _score(self, ref: str, n: int, scores: list[int]) -> float | None:
        if (ref, n) not in self._scores:
            s = self.plan.objectives[ref].settings
            self._scores[ref, n] = calculate(s.method, scores[:n], s.weight, s.mastery_score)
        return self._scores[ref, n]


def _date(entry: Evidence) -> dt.date:
    return entry.date


def prerequisites(objective: Objective, in_plan: Container[str]) -> list[str]:
    """The objective's prerequisites that are in the plan: one outside it is treated as met
    (the validator warns about it), so it neither locks the objective nor is drawn."""
    return [ref for ref in objective.requires if ref in in_plan]


def blocked_by(
    objective: Objective, in_plan: Container[str], mastered: Container[str]
) -> tuple[str, ...]:
    """The prerequisites not mastered yet: while there is one, the objective is locked (the
    family site, the charts, "what changed" and the class view all ask here)."""
    return tuple(ref for ref in prerequisites(objective, in_plan) if ref not in mastered)


def level_reached(result: ObjectiveResult) -> str | None:
    """The level the student stands at on the objective, None before counted evidence: the
    level of the method's result rounded down (2.7 is still developing; 2.996 too, since it
    is not mastered at 3), so that the level reaches the mastery level exactly when the
    objective is mastered. n_mastery's result is a count, not a level: there, the latest
    counted level."""
    if not result.counted or result.score is None:
        return None
    settings = result.objective.settings
    if settings.method == "n_mastery":
        return result.counted[-1].level
    position = math.floor(result.score + EPSILON)
    return settings.scale[min(max(position, 1), len(settings.scale)) - 1]


def rounded(score: float | None) -> float | None:
    """Two decimals, halves up (4.125 -> 4.13, as gradebooks show it)."""
    if score is None:
        return None
    return float(Decimal(repr(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _statuses(
    plan: Plan,
    scored: dict[str, tuple[float | None, list[Evidence], list[Evidence]]],
    mastered: set[str],
) -> dict[str, ObjectiveResult]:
    """Mastered from the score; then locked, in progress or ready, from the prerequisites."""
    results = {}
    for ref, (score, counted, others) in scored.items():
        objective = plan.objectives[ref]
        blocked = blocked_by(objective, plan.objectives, mastered)
        status = (
            MASTERED
            if ref in mastered
            else LOCKED
            if blocked
            else IN_PROGRESS
            if counted
            else READY
        )
        results[ref] = ObjectiveResult(objective, status, score, counted, others, blocked)
    return results


def locked_evidence(plan: Plan) -> list[tuple[Evidence, tuple[str, ...]]]:
    """Counted evidence recorded while its objective was locked, with the prerequisites in
    the plan not mastered at the end of that day (the rule `evidence-on-locked`)."""
    book = Gradebook(plan)
    found = []
    for ref, (counted, _, _) in book._entries.items():
        requires = [r for r in plan.objectives[ref].requires if r in plan.objectives]
        for entry in counted if requires else ():
            blocked = tuple(r for r in requires if not book.mastered_on(r, entry.date))
            if blocked:
                found.append((entry, blocked))
    return sorted(found, key=lambda pair: pair[0].index)


@dataclass(frozen=True)
class GoalProgress:
    mastered: int
    total: int
    pace: str | None  # ahead | on_track | on_track_late | behind; None: no start and target
    projected_finish: dt.date | None


def progress(goal: Goal, results: dict[str, ObjectiveResult], day: dt.date) -> GoalProgress:
    """Mastered objectives against the time elapsed between the goal's start and target."""
    total = len(goal.objectives)
    mastered = sum(1 for o in goal.objectives if results[o.ref].status == MASTERED)
    finish = projected_finish(goal, mastered, total, day)
    word = pace(goal, mastered, total, day)
    if word == "on_track" and finish is not None and goal.target and finish > goal.target:
        # Within the tolerance, yet the rate so far ends after the target: say both, so the
        # pace never contradicts the projected finish printed beside it.
        word = "on_track_late"
    return GoalProgress(mastered, total, word, finish)


def pace(goal: Goal, mastered: int, total: int, day: dt.date) -> str | None:
    if (span := goal.span) is None:
        return None
    gap = mastered / total - span.elapsed(day)
    if gap > 0.10 + EPSILON:
        return "ahead"
    if gap < -0.10 - EPSILON:
        return "behind"
    return "on_track"


def projected_finish(goal: Goal, mastered: int, total: int, day: dt.date) -> dt.date | None:
    """At the rate so far (mastered per day since start), when the last objective is mastered."""
    if goal.start is None or mastered == 0:
        return None
    elapsed = max((day - goal.start).days, 0)
    days = math.floor(elapsed * total / mastered + 0.5)
    if goal.start.toordinal() + days > dt.date.max.toordinal():
        return None  # past the calendar's last day: at this rate it is never finished
    return goal.start + dt.timedelta(days=days)


@dataclass(frozen=True)
class Snapshot:
    """Every objective's result and every goal's progress as they stood on one day."""

    day: dt.date
    results: dict[str, ObjectiveResult]
    progress: dict[str, GoalProgress]


def snapshot(plan: Plan, day: dt.date) -> Snapshot:
    """Everything as of the end of `day`, which is also "today" for pace and projection.

    `status --as-of`, the charts and "what changed" all go through this one function, so a
    point on a chart and `status --as-of` that day can never disagree.
    """
    return Gradebook(plan).snapshot(day)
