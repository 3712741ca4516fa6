"""Charts drawn at build time as inline SVG (no script, no chart library in the browser):
a goal's burn-up and an objective's level history.

Drawn 360 units wide, so that on a 390 px phone one unit is about one pixel and 13-unit
text stays legible. Nothing is told by colour alone: each line has its own dash pattern or
markers, and is named in words (labels in the drawing, a legend, and the figures in a table
beside it). Colours are 3:1 or more on white for lines, 4.5:1 or more for text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator import history, mastery
from generator.model import Evidence

WIDTH = 360
FONT = 13
BURNUP_H, LEVELS_H = 230, 150
LEFT, RIGHT = 30, 14  # room for the y labels, and for a label at the right edge
MIN_DAYS = 14  # a chart never spans less, so one day is never the whole width
FAR = 2  # a projection further than twice the planned span is said, not drawn


@dataclass(frozen=True)
class Axis:
    """Dates to x, values to y, in a plot box."""

    first: dt.date
    last: dt.date
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def x(self, day: dt.date) -> float:
        span = max((self.last - self.first).days, 1)
        return round(self.left + (day - self.first).days / span * (self.right - self.left), 1)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(self.bottom - share * (self.bottom - self.top), 1)


def _svg(kind: str, key: str, height: int, title: str, desc: str, body: list[str]) -> Markup:
    """The <svg> frame: an image with a title and a description, for screen readers."""
    ids = f"lp-{kind}-{key}-title lp-{kind}-{key}-desc"
    return Markup(
        f'<svg class="lp-chart lp-{kind}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ids}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="lp-{kind}-{key}-title">{escape(title)}</title>'
        f'<desc id="lp-{kind}-{key}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, words: str, cls: str = "", anchor: str = "start") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}"{klass}>{escape(words)}</text>'


def _anchor_for(x: float) -> str:
    """Text near an edge runs inward, so it never leaves the drawing."""
    if x < 60:
        return "start"
    if x > WIDTH - 60:
        return "end"
    return "middle"


# --- burn-up --------------------------------------------------------------------------------


def burnup_range(data: history.Burnup) -> tuple[dt.date, dt.date, bool]:
    """First and last day shown, and whether the projected finish is inside them."""
    goal = data.goal
    first = min([data.points[0][0]] + ([goal.start] if goal.start else []))
    last = max([data.today] + ([goal.target] if goal.target else []))
    shown = False
    if data.projected and data.projected > data.today:
        planned_span = max((last - first).days, MIN_DAYS)
        if (data.projected - first).days <= FAR * planned_span:
            last, shown = max(last, data.projected), True
    if (last - first).days < MIN_DAYS:
        last = first + dt.timedelta(days=MIN_DAYS)
    return first, last, shown


def burnup_parts(data: history.Burnup) -> dict:
    """What the chart shows beyond the mastered line, for its legend: the planned line, the
    projected finish; `far`: a projected finish too far out to draw (said in words)."""
    goal = data.goal
    shown = burnup_range(data)[2]
    ahead = data.projected is not None and data.points[-1][1] < data.total
    return {
        "planned": bool(goal.start and goal.target and goal.target > goal.start),
        "projected": shown and ahead,
        "far": data.projected if ahead and not shown else None,
    }


def draw_burnup(data: history.Burnup, labels: dict[str, str], title: str, desc: str) -> Markup:
    """Objectives mastered over time (a step line with a dot at each change), the planned
    line from start to target, the target and today, and the projected finish."""
    first, last, _ = burnup_range(data)
    parts = burnup_parts(data)
    axis = Axis(first, last, LEFT, WIDTH - RIGHT, 44, BURNUP_H - 34, 0, max(data.total, 1))
    body = _grid(axis, data.total) + _dates(axis, first, last)
    goal = data.goal
    body += _marker(axis, data.today, labels["chart_today"], "lp-today", 16)
    if goal.target:
        row = 32 if abs(axis.x(goal.target) - axis.x(data.today)) < 70 else 16
        body += _marker(axis, goal.target, labels["chart_target"], "lp-target", row)
    if parts["planned"] and goal.start and goal.target:
        body.append(
            f'<line class="lp-planned" x1="{axis.x(goal.start)}" y1="{axis.y(0)}" '
            f'x2="{axis.x(goal.target)}" y2="{axis.y(data.total)}"/>'
        )
    done = data.points[-1][1]
    if parts["projected"] and data.projected:
        x, y = axis.x(data.projected), axis.y(data.total)
        body.append(
            f'<line class="lp-projected" x1="{axis.x(data.today)}" y1="{axis.y(done)}" '
            f'x2="{x}" y2="{y}"/>'
            f'<path class="lp-projected-end" d="M{x},{y - 6} l6,6 l-6,6 l-6,-6 z"/>'
        )
    body += _steps(axis, data.points)
    return _svg("burnup", goal.id, BURNUP_H, title, desc, body)


def _grid(axis: Axis, total: int) -> list[str]:
    """A line and a number for each objective count (every other one past ten)."""
    step = 1 if total <= 10 else 2 if total <= 20 else 5
    parts = []
    for value in range(0, max(total, 1) + 1, step):
        y = axis.y(value)
        cls = "lp-axis" if value == 0 else "lp-gridline"
        parts.append(f'<line class="{cls}" x1="{axis.left}" y1="{y}" x2="{axis.right}" y2="{y}"/>')
        parts.append(_text(axis.left - 6, y + 4, str(value), "lp-tick", "end"))
    return parts


def _dates(axis: Axis, first: dt.date, last: dt.date) -> list[str]:
    y = axis.bottom + 20
    return [
        _text(axis.left, y, first.isoformat(), "lp-tick", "start"),
        _text(axis.right, y, last.isoformat(), "lp-tick", "end"),
    ]


def _marker(axis: Axis, day: dt.date, label: str, cls: str, row: int) -> list[str]:
    """A vertical line at a day, named above the plot."""
    x = axis.x(day)
    return [
        f'<line class="{cls}" x1="{x}" y1="{row + 4}" x2="{x}" y2="{axis.bottom}"/>',
        _text(x, row, label, f"{cls}-label", _anchor_for(x)),
    ]


def _steps(axis: Axis, points: list[tuple[dt.date, int]]) -> list[str]:
    """Mastered so far: flat until the day it changes, then up or down; a dot at each change."""
    x, y = axis.x(points[0][0]), axis.y(points[0][1])
    path = [f"M{x},{y}"]
    for day, value in points[1:]:
        x = axis.x(day)
        path.append(f"H{x}V{axis.y(value)}")
    dots = [
        f'<circle class="lp-actual-dot" cx="{axis.x(day)}" cy="{axis.y(value)}" r="4"/>'
        for day, value in points
    ]
    return [f'<path class="lp-actual" d="{"".join(path)}"/>', *dots]


def burnup_rows(data: history.Burnup) -> list[tuple[dt.date, int, float | None]]:
    """The chart's figures: each point's day, objectives mastered, and planned by then."""
    return [(d, n, history.planned(data.goal, data.total, d)) for d, n in data.points]


# --- level history --------------------------------------------------------------------------


@dataclass(frozen=True)
class Levels:
    """An objective's evidence by date as level positions (1 = lowest), and the threshold."""

    points: list[tuple[dt.date, int, bool]]  # day, level position, counts toward mastery
    threshold: int  # the level position that counts as mastery
    scale: tuple[str, ...]


def levels(result: mastery.ObjectiveResult) -> Levels | None:
    """None without any evidence: there is nothing to draw."""
    s = result.objective.settings
    entries: list[tuple[Evidence, bool]] = [(e, True) for e in result.counted] + [
        (e, False) for e in result.others
    ]
    if not entries:
        return None
    entries.sort(key=lambda item: (item[0].date, item[0].index))
    points = [(e.date, s.scale.index(e.level) + 1, counts) for e, counts in entries]
    return Levels(points, s.mastery_score, s.scale)


def draw_levels(
    data: Levels, key: str, level_name: Callable[[str], str], title: str, desc: str
) -> Markup:
    """Each piece of evidence at its level: counted ones as dots joined by a line, the others
    as hollow squares; a dashed line at the mastery level, whose name is in bold."""
    first, last = data.points[0][0], data.points[-1][0]
    if (last - first).days < MIN_DAYS:
        last = first + dt.timedelta(days=MIN_DAYS)
    names = [level_name(name) for name in data.scale]
    # The level names in a column of their own, so no mark ever covers one.
    left = min(max(len(n) for n in names) * 7 + 12, WIDTH // 3)
    axis = Axis(first, last, left, WIDTH - 16, 16, LEVELS_H - 30, 0.6, len(names) + 0.4)
    body = []
    for position, name in enumerate(names, start=1):
        y = axis.y(position)
        cls = "lp-level-name lp-mastery-level" if position == data.threshold else "lp-level-name"
        body.append(f'<line class="lp-gridline" x1="{left - 6}" y1="{y}" x2="{WIDTH}" y2="{y}"/>')
        body.append(_text(left - 10, y + 4, name, cls, "end"))
    y = axis.y(data.threshold)
    body.append(f'<line class="lp-threshold" x1="{left - 6}" y1="{y}" x2="{WIDTH}" y2="{y}"/>')
    body += _dates(axis, first, last)
    body += _level_marks(axis, data.points)
    return _svg("levels", key, LEVELS_H, title, desc, body)


def _level_marks(axis: Axis, points: list[tuple[dt.date, int, bool]]) -> list[str]:
    """Evidence on the same day sits side by side instead of on top of each other."""
    seen: dict[dt.date, int] = {}
    counted, marks = [], []
    for day, position, counts in points:
        x = min(axis.x(day) + 9 * seen.get(day, 0), WIDTH - 6)
        seen[day] = seen.get(day, 0) + 1
        y = axis.y(position)
        if counts:
            counted.append(f"{x},{y}")
            marks.append(f'<circle class="lp-counted" cx="{x}" cy="{y}" r="5"/>')
        else:
            marks.append(
                f'<rect class="lp-not-counted" x="{x - 5}" y="{y - 5}" width="10" height="10"/>'
            )
    line = (
        [f'<polyline class="lp-counted-line" points="{" ".join(counted)}"/>']
        if len(counted) > 1
        else []
    )
    return line + marks
