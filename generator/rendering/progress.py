"""The progress-over-time parts of a student's pages, for the templates: burn-up charts and
their figures, level histories, what changed since the previous report, and time to review.

Part of rendering: history.py computes, chart.py draws, this module puts both in the site's
words. `words` is words.Words (passed in, so imports still go down the pipeline only).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from generator.mastery import engine as mastery
from generator.mastery import history
from generator.model import Plan, School
from generator.rendering import chart
from generator.rendering.outline import one_line

# The charts' labels without placeholders, said once per site instead of once per chart.
LABELS = (
    "chart_legend_actual",
    "chart_legend_planned",
    "chart_legend_projected",
    "chart_figures",
    "chart_date",
    "chart_planned",
)


def context(
    plan: Plan,
    school: School,
    results: dict[str, mastery.ObjectiveResult],
    words: Any,
    day: dt.date,
) -> dict[str, Any]:
    """What home.html.j2 and goal.html.j2 use for progress over time."""
    timeline = history.Timeline(plan, day)
    burnups = {g.id: history.burnup(timeline, g) for g in plan.goals}
    # Home and goal pages both show a goal's chart: drawn once per site, as are level names.
    names = functools.cache(lambda scale: tuple(words.level_name(level) for level in scale))
    return {
        "changes": history.changes(timeline, school.report_every_days),
        "due_for_review": history.due_for_review(plan, school, results, day),
        "burnups": burnups,
        "burnup_chart": functools.cache(lambda goal_id: _burnup(burnups[goal_id], words)),
        "burnup_rows": functools.cache(lambda goal_id: _rows(burnups[goal_id], words)),
        "burnup_parts": functools.cache(lambda goal_id: _parts(burnups[goal_id])),
        "levels_chart": lambda ref: _levels(results[ref], words, names),
        "planned_figure": lambda value: _planned_figure(value, words),
        "chart_words": {key: words(key) for key in LABELS},
    }


def _burnup(data: history.Burnup | None, words: Any) -> Markup:
    if data is None:
        return Markup("")
    w, day, number = words.catalog, _plain_date(words), words.number
    points = "; ".join(w["chart_point"].format(date=day(d), n=number(n)) for d, n in data.points)
    desc = [w["chart_burnup_points"].format(points=points)]
    if data.goal.target:
        total = number(data.total)
        desc.append(w["chart_burnup_plan"].format(total=total, date=day(data.goal.target)))
    if data.projected:
        desc.append(w["chart_burnup_projected"].format(date=day(data.projected)))
    title = w["chart_burnup_title"].format(goal=one_line(data.goal.title))
    return chart.draw_burnup(data, w, title, " ".join(desc), day, number)


def _plain_date(words: Any) -> Callable[[dt.date], str]:
    """Dates as plain text, for the drawings (they escape what they draw)."""
    return lambda day: str(words.date(day).unescape())


def _rows(data: history.Burnup | None, words: Any) -> list[tuple[Markup, int, str]]:
    """The table of a burn-up's figures, as the goal page says them."""
    if data is None:
        return []
    rows = chart.burnup_rows(data)
    return [(words.date(d), n, _planned_figure(p, words)) for d, n, p in rows]


def _levels(
    result: mastery.ObjectiveResult, words: Any, names: Callable[[tuple[str, ...]], tuple[str, ...]]
) -> Markup:
    data = chart.levels(result)
    if data is None:
        return Markup("")
    w = words.catalog
    desc = w["chart_levels_desc"].format(
        counted=words.number(len(result.counted)),
        others=words.number(len(result.others)),
        level=words.level_name(result.objective.settings.level),
    )
    title = w["chart_levels_title"].format(objective=one_line(result.objective.title))
    return chart.draw_levels(data, names(data.scale), title, desc, _plain_date(words))


def _planned_figure(value: float | None, words: Any) -> str:
    """Planned objectives to one decimal (1.7, 1,7), whole numbers without one (4)."""
    if value is None:
        return "—"
    shown: str = words.number(round(value, 1))
    return shown


def _parts(burnup: history.Burnup | None) -> dict[str, Any] | None:
    """The burn-up's parts for a goal that has one (a goal without dates has none)."""
    return None if burnup is None else chart.burnup_parts(burnup)
