"""Progress over time, from the mastery engine: a goal's burn-up, what changed since the
previous report, and what is due for review.

Every figure here comes from `mastery.Gradebook`, the engine behind `status --as-of`: each
objective's mastery days are the first step of its evaluation as of any day, and locked is
what its prerequisites make it, as `mastery.evaluate` decides. So the charts, "what changed"
and the command line can never disagree (tests/test_chart.py checks every day).
Deterministic: it depends only on the plan, the school's settings and today.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.mastery import engine as mastery
from generator.model import Evidence, Goal, Plan, Reflection, School


class Timeline:
    """A plan's objectives as they stood at any day up to today, made once per site: each
    objective's rule scored once per evidence date, not once per day asked."""

    def __init__(self, plan: Plan, day: dt.date) -> None:
        self.plan, self.day = plan, day
        days = {e.date for e in plan.evidence if e.date <= day} | {day}
        self.days = sorted(days)
        gradebook = mastery.Gradebook(plan)
        self._mastery_days = {
            ref: [(d, now) for d, now in gradebook.mastery_days(ref) if d <= day]
            for ref in plan.objectives
        }
        self._evidence_days: dict[str, set[dt.date]] | None = None
        self._states: dict[dt.date, dict[str, str]] = {}

    def evidence_days(self, ref: str) -> set[dt.date]:
        """The days up to today with evidence on the objective, counted or not."""
        if self._evidence_days is None:
            self._evidence_days = defaultdict(set)
            for entry in self.plan.evidence:
                if entry.date <= self.day:
                    self._evidence_days[entry.objective].add(entry.date)
        return self._evidence_days.get(ref, set())

    def mastery_days(self, ref: str) -> list[tuple[dt.date, bool]]:
        """The days up to today the objective became mastered (True) or stopped being."""
        return self._mastery_days[ref]

    def mastered(self, day: dt.date) -> set[str]:
        """The objectives mastered at the end of `day`."""
        mastered = set()
        for ref, days in self._mastery_days.items():
            now = False
            for d, now_then in days:
                if d > day:
                    break
                now = now_then
            if now:
                mastered.add(ref)
        return mastered

    def states(self, day: dt.date) -> dict[str, str]:
        """Each objective at the end of `day`: mastered, locked, or "" (in progress or ready,
        which "what changed" does not tell apart); in plan order, as `mastery.evaluate`."""
        if day not in self._states:
            self._states[day] = self._states_at(day)
        return self._states[day]

    def _states_at(self, day: dt.date) -> dict[str, str]:
        mastered = self.mastered(day)
        objectives = self.plan.objectives
        states = {}
        for ref, objective in objectives.items():
            blocked = mastery.blocked_by(objective, objectives, mastered)
            states[ref] = mastery.MASTERED if ref in mastered else mastery.LOCKED if blocked else ""
        return states

    def between(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """The days where something may change, after `after` and up to `until`."""
        return [d for d in self.days if after < d <= until]


@dataclass(frozen=True)
class Burnup:
    """A goal's mastered objectives over time: the data behind its chart and table."""

    goal: Goal
    total: int
    points: list[tuple[dt.date, int]]  # the start, each day the count changed, today
    today: dt.date
    projected: dt.date | None


def burnup(timeline: Timeline, goal: Goal) -> Burnup | None:
    """The count of mastered objectives at the goal's start, then at every evidence date of
    its objectives where the count changed, and today; None with neither start nor evidence.

    Counted from each objective's mastery days, so each objective's rule is scored once per
    evidence date: the same counts as `mastery.snapshot` on each of those days."""
    refs = {o.ref for o in goal.objectives}
    day = timeline.day
    days = set().union(*(timeline.evidence_days(ref) for ref in refs))
    if goal.start is not None and goal.start <= day:
        days.add(goal.start)
    if not days:
        return None
    change: Counter[dt.date] = Counter()
    for ref in refs:
        for d, now in timeline.mastery_days(ref):
            change[d] += 1 if now else -1
    points: list[tuple[dt.date, int]] = []
    mastered = 0
    for d in sorted(days):  # the days things changed are evidence days
        mastered += change[d]
        if not points or points[-1][1] != mastered:
            points.append((d, mastered))
    # Nothing changes after the last evidence day: its count is today's, as `status` says.
    total = len(goal.objectives)
    if points[-1][0] != day:
        points.append((day, mastered))
    projected = mastery.projected_finish(goal, mastered, total, day)
    return Burnup(goal, total, points, day, projected)


def planned(goal: Goal, total: int, day: dt.date) -> float | None:
    """Objectives the plan expects mastered by `day`: a straight line from start to target."""
    span = goal.span
    return None if span is None else total * span.elapsed(day)


@dataclass(frozen=True)
class Changes:
    since: dt.date  # the previous report date; changes are after it, up to today
    mastered: list[tuple[dt.date, str]]  # (day, objective ref), oldest first
    unmastered: list[tuple[dt.date, str]]  # mastered before, not any more
    unlocked: list[tuple[dt.date, str]]
    evidence: list[Evidence]
    reflections: list[Reflection]

    def __bool__(self) -> bool:
        return any((self.mastered, self.unmastered, self.unlocked, self.evidence, self.reflections))


def changes(timeline: Timeline, every_days: int) -> Changes:
    """What is new since the previous report, `every_days` before today."""
    day = timeline.day
    since = mastery.days_after(day, -every_days)
    before = timeline.states(since)
    now = timeline.states(day)
    flips = _last_flips(timeline, since, day)
    mastered, unmastered, unlocked = [], [], []
    for ref, status in now.items():
        was = before[ref]
        if status == mastery.MASTERED and was != mastery.MASTERED:
            mastered.append((flips[ref, "mastered"], ref))
        elif was == mastery.MASTERED and status != mastery.MASTERED:
            unmastered.append((flips[ref, "unmastered"], ref))
        if was == mastery.LOCKED and status != mastery.LOCKED:
            unlocked.append((flips[ref, "unlocked"], ref))
    plan = timeline.plan
    return Changes(
        since,
        sorted(mastered),
        sorted(unmastered),
        sorted(unlocked),
        sorted((e for e in plan.evidence if since < e.date <= day), key=_evidence_order),
        sorted((r for r in plan.reflections if since < r.date <= day), key=lambda r: r.date),
    )


def _last_flips(timeline: Timeline, since: dt.date, day: dt.date) -> dict[tuple[str, str], dt.date]:
    """For each objective, the last day in the period it became mastered, stopped being
    mastered, or stopped being locked."""
    flips: dict[tuple[str, str], dt.date] = {}
    previous = timeline.states(since)
    for d in timeline.between(since, day):
        current = timeline.states(d)
        for ref, now in current.items():
            was = previous[ref]
            if now == mastery.MASTERED and was != mastery.MASTERED:
                flips[ref, "mastered"] = d
            if was == mastery.MASTERED and now != mastery.MASTERED:
                flips[ref, "unmastered"] = d
            if was == mastery.LOCKED and now != mastery.LOCKED:
                flips[ref, "unlocked"] = d
        previous = current
    return flips


def _evidence_order(entry: Evidence) -> tuple[dt.date, int]:
    return (entry.date, entry.index)


@dataclass(frozen=True)
class Review:
    ref: str
    last_counted: dt.date  # the newest counted evidence: mastery was last shown that day
    after_days: int


def review_after(plan: Plan, school: School, ref: str) -> int | None:
    """The objective's goal setting, else the school's; None means no review."""
    goal = next((g for g in plan.goals if g.id == plan.objectives[ref].goal), None)
    own = goal.review_after_days if goal else None
    return own if own is not None else school.review_after_days


def due_for_review(
    plan: Plan, school: School, results: dict[str, mastery.ObjectiveResult], day: dt.date
) -> list[Review]:
    """Mastered objectives whose newest counted evidence is more than N days old, in plan order.

    Only a list: being due never changes a status; new evidence does, through the usual rule.
    """
    due = []
    for ref, result in results.items():
        after = review_after(plan, school, ref)
        if after is None or result.status != mastery.MASTERED or not result.counted:
            continue
        last = result.counted[-1].date
        if (day - last).days > after:
            due.append(Review(ref, last, after))
    return due
