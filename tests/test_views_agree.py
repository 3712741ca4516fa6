"""Every view of a student says the same thing: for every student, objective and day, the
family site's words, `status`, the class view (HTML, CSV, JSON) and the charts agree with the
mastery engine on status, level and pace, for the example plans, the test plans and synthetic
plans of all six calculation methods.

The rules they share have one home each (mastery.blocked_by, mastery.level_reached,
Goal.span, Words.level_name): this test is what keeps a second home from growing back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking.validate import check
from generator.classroom.overview import overview
from generator.classroom.page import WORDS, as_csv, as_html, as_json
from generator.mastery import engine as mastery
from generator.mastery import history, status
from generator.project import Project
from generator.rendering.words import Words

from .conftest import ROOT, TODAY

METHODS = ("latest", "highest", "average", "weighted_average", "decaying_average", "n_mastery")
SCALE = ("beginning", "developing", "proficient", "extending")
FOLDERS = [ROOT / "plans", *sorted((ROOT / "tests" / "plans" / "valid").iterdir())]


def days_of(project: Project, today: dt.date) -> list[dt.date]:
    """The days where something may change for any plan (evidence, starts, targets), the day
    before each, and today: every day a view can differ on."""
    days = {today}
    for plan in project.plans.values():
        days |= {e.date for e in plan.evidence}
        days |= {d for g in plan.goals for d in (g.start, g.target) if d}
    days |= {d - dt.timedelta(days=1) for d in days}
    return sorted(d for d in days if d <= today)


def assert_views_agree(project: Project, today: dt.date) -> None:
    for plan in project.plans.values():
        timeline = history.Timeline(plan, today)
        words = Words(plan, project.school)
        for day in days_of(project, today):
            engine = mastery.snapshot(plan, day)
            _family_site_agrees(words, engine)
            _status_agrees(status.summarize(plan, as_of=day), engine)
            _charts_agree(timeline, engine)
    _class_view_agrees(project, today)


def _family_site_agrees(words: Words, engine: mastery.Snapshot) -> None:
    for result in engine.results.values():
        said = str(words.result(result))
        level = mastery.level_reached(result)
        if result.score is None:
            assert said == str(words("no_result"))
        elif result.objective.settings.method == "n_mastery":  # a count, not a level
            assert said.startswith(f"{int(result.score)} ")
        else:
            # The level's name, in whatever brackets the language writes ("（熟练）" in Chinese)
            assert level is not None and str(words.level(level)) in said, (said, level)
        assert str(words.status(result.status)).endswith(str(words(f"status_{result.status}")))
    for goal_id, progress in engine.progress.items():
        assert words.pace(progress) == (
            words(f"pace_{progress.pace}") if progress.pace else words("no_target")
        ), goal_id


def _status_agrees(summary: dict, engine: mastery.Snapshot) -> None:
    assert summary["today"] == engine.day.isoformat()
    for goal in summary["goals"]:
        progress = engine.progress[goal["id"]]
        assert (goal["pace"], goal["progress"]["mastered"]) == (progress.pace, progress.mastered)
        for objective in goal["objectives"]:
            result = engine.results[objective["id"]]
            assert objective["status"] == result.status
            assert objective["score"] == mastery.rounded(result.score)


def _charts_agree(timeline: history.Timeline, engine: mastery.Snapshot) -> None:
    """Locked and mastered on the "what changed" timeline, the burn-up's count on each of its
    points, and its planned line against the goal's pace."""
    day, plan = engine.day, timeline.plan
    states = timeline.states(day)
    for ref, result in engine.results.items():
        shown = result.status if result.status in (mastery.MASTERED, mastery.LOCKED) else ""
        assert states[ref] == shown, (ref, day)
    for goal in plan.goals:
        progress, total = engine.progress[goal.id], len(goal.objectives)
        burnup = history.burnup(timeline, goal)
        if burnup is not None:
            counts = [n for d, n in burnup.points if d <= day]
            if counts and day in dict(burnup.points):
                assert dict(burnup.points)[day] == progress.mastered, (goal.id, day)
        planned = history.planned(goal, total, day)
        assert (planned is None) == (progress.pace is None)
        if planned is not None:
            gap = (progress.mastered - planned) / total
            pace = "ahead" if gap > 0.1 + 1e-9 else "behind" if gap < -0.1 - 1e-9 else "on_track"
            late = (
                progress.projected_finish
                and goal.target
                and progress.projected_finish > goal.target
            )
            if pace == "on_track" and late:  # the line and the projected finish, both drawn
                pace = "on_track_late"
            assert pace == progress.pace, (goal.id, day)


def _class_view_agrees(project: Project, today: dt.date) -> None:
    """The class view is of today, from every piece of evidence: as the engine says today."""
    view = overview(project, today)
    rows = {row["student"]: row for row in _csv_rows(as_csv(view))}
    data = json.loads(as_json(view))
    groups = {o["id"]: o for o in data["objectives"]}
    paces = {s["id"]: {g["id"]: g["pace"] for g in s["goals"]} for s in data["students"]}
    page, cells = as_html(view), Counter()
    for student in view.students:
        engine = mastery.snapshot(project.plans[student.id], today)
        for ref, result in engine.results.items():
            level = mastery.level_reached(result)
            cell = student.cells[ref]
            assert (cell.status, cell.level) == (result.status, level), (student.id, ref)
            text = WORDS[result.status] + (f": {level}" if level else "")
            assert rows[student.id][ref] == text
            assert student.id in groups[ref][result.status]
            cells[f'<td class="{result.status}">{WORDS[result.status]}'] += 1
            if level:
                cells[f"<br>{level}</td>"] += 1
        assert paces[student.id] == {g: p.pace for g, p in engine.progress.items()}
    for fragment, count in cells.items():
        assert page.count(fragment) >= count, fragment


def _csv_rows(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_every_view_agrees_on_the_example_and_test_plans(folder: Path) -> None:
    project = check(folder / "plans" if (folder / "plans").is_dir() else folder, TODAY)
    assert project.plans
    assert_views_agree(project, TODAY)


# --- synthetic plans ------------------------------------------------------------------------

START = dt.date(2026, 9, 1)


@st.composite
def plans(draw: st.DrawFn, method: str) -> str:
    """A valid plan: one or two goals of own objectives, prerequisites on earlier ones, and
    evidence by a teacher (counted) or a parent (not), at any level, over three months."""
    count = draw(st.integers(1, 6))
    refs = [f"o{n}" for n in range(count)]
    lines = ["student: {name: Sam}", "authors:", "  - {name: T, role: teacher}"]
    lines += ["  - {name: P, role: parent}", "goals:"]
    split = draw(st.integers(1, count))
    for goal, members in enumerate((refs[:split], refs[split:])):
        if not members:
            continue
        lines += [f"  - id: g{goal}", f"    title: Goal {goal}"]
        if draw(st.booleans()):
            start = START + dt.timedelta(days=draw(st.integers(0, 60)))
            target = start + dt.timedelta(days=draw(st.integers(1, 120)))
            lines += [f"    start: {start}", f"    target: {target}"]
        lines += ["    objectives:"]
        for ref in members:
            index = refs.index(ref)
            requires = draw(st.lists(st.sampled_from(refs[:index]), unique=True)) if index else []
            own = draw(st.sampled_from([method, *METHODS]))
            weight, needed = draw(st.integers(1, 100)), draw(st.integers(1, 4))
            lines += [f"      - id: {ref}", f"        title: Objective {ref}"]
            lines += [f"        requires: [{', '.join(requires)}]"] if requires else []
            lines += [f"        mastery: {{method: {own}, weight: {weight}, count: {needed}}}"]
    entries = draw(
        st.lists(
            st.tuples(
                st.sampled_from(refs),
                st.integers(0, 84),
                st.sampled_from(SCALE),
                st.sampled_from("TTTP"),
            ),
            max_size=14,
        )
    )
    lines += ["evidence:"] if entries else []
    for ref, offset, level, by in entries:
        day = START + dt.timedelta(days=offset)
        lines += [f"  - {{objective: {ref}, date: {day}, level: {level}, by: {by}, kind: quiz}}"]
    return "\n".join(lines) + "\n"


SCHOOL = """name: Synthetic School
scale: [beginning, developing, proficient, extending]
mastery: {{level: {level}, method: {method}, weight: 65, count: 2, assessed_by: [teacher]}}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("synthetic")


@pytest.mark.slow
@pytest.mark.parametrize("method", METHODS)
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_view_agrees_on_synthetic_plans(
    method: str, data: st.DataObject, workspace: Path
) -> None:
    """50 plans for each school-wide method (objectives draw their own too): 300 in all."""
    level = data.draw(st.sampled_from(SCALE[1:]))
    folder = workspace / method
    (folder / "students").mkdir(parents=True, exist_ok=True)
    (folder / "school.yml").write_text(SCHOOL.format(level=level, method=method))
    (folder / "students" / "sam.yml").write_text(data.draw(plans(method)))
    project = check(folder, TODAY)
    assert [p for p in project.problems if p.level == "error"] == []
    assert_views_agree(project, TODAY)


def test_the_family_site_and_the_class_view_agree_just_under_a_level() -> None:
    """Where the two homes of "the level a student is at" disagreed: a decaying average of
    2.998 shows as 3 but is not mastered at 3, so both say developing, as the engine does."""
    project = check(ROOT / "plans", TODAY)
    plan = project.plans["noah-t"]  # an English site
    result = next(r for r in mastery.evaluate(plan).values() if r.score is not None)
    close = mastery.ObjectiveResult(
        result.objective, mastery.IN_PROGRESS, 2.998, result.counted, result.others, ()
    )
    assert result.objective.settings.method != "n_mastery"
    said = str(Words(plan, project.school).result(close))
    assert re.match(r"3 \(Developing\), from ", said), said
    assert mastery.level_reached(close) == "developing"
