"""Charts drawn at build time as SVG images (no script, no chart library in the browser):
a goal's burn-up and an objective's level history.

Drawn 360 units wide, so that on a 390 px phone one unit is about one pixel and 13-unit
text stays legible. Nothing is told by colour alone: each line has its own dash pattern or
markers, and is named in words (labels in the drawing, a legend, and the figures in a table
beside it). Colours are 3:1 or more on white for lines, 4.5:1 or more for text.

A site has a few dozen charts, so the markup is kept small: whole-unit coordinates, and one
<path> for all grid lines and one for all dots of a kind, instead of one element each.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup, escape

from generator.mastery import engine as mastery
from generator.mastery import history
from generator.model import Evidence

WIDTH = 360
BURNUP_H, LEVELS_H = 230, 150
LEFT, RIGHT = 30, 14  # room for the y labels, and for a label at the right edge
MIN_DAYS = 14  # a chart never spans less, so one day is never the whole width
FAR = 2  # a projection further than twice the planned span is said, not drawn
# How a day is written under the plot, in the site's language (plain text).
DayText = Callable[[dt.date], str]
NumberText = Callable[[int], str]


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

    def x(self, day: dt.date) -> int:
        return self.xs((day,))[0]

    def xs(self, days: Iterable[dt.date]) -> list[int]:
        """The x of each day, the span worked out once (a chart has many marks)."""
        first, left, width = self.first, self.left, self.right - self.left
        span = max((self.last - first).days, 1)
        return [round(left + (day - first).days / span * width) for day in days]

    def y(self, value: float) -> int:
        share = (value - self.low) / (self.high - self.low)
        return round(self.bottom - share * (self.bottom - self.top))


# Each kind of mark is drawn by a class of learnpath.css (`.lp-chart .lp-actual` and so on),
# not by attributes on every mark: a page has a few dozen charts. Text is black on white;
# lines are 3:1 or more on white; every line has its own dash pattern or markers, so none is
# told by colour alone.
MARKS = frozenset(
    [
        "lp-gridline",
        "lp-axis",
        "lp-actual",
        "lp-actual-dot",
        "lp-planned",
        "lp-projected",
        "lp-projected-end",
        "lp-today",
        "lp-target",
        "lp-today-label",
        "lp-target-label",
        "lp-level",
        "lp-threshold",
        "lp-counted-line",
        "lp-counted",
        "lp-not-counted",
        "lp-level lp-mastery-level",
    ]
)


def _svg(kind: str, height: int, title: str, desc: str, body: list[str]) -> Markup:
    """The drawing, inline in the page: an image (role="img") named by its <title> and
    described by its <desc>, as screen readers announce it.

    Inline rather than an <img> of a data: URL: the text is said once (an <img> needs it
    again as alt text, and a data: URL encodes every < and >), and the page's stylesheet
    draws the marks. Its words stay out of the site's search (html/search.py skips <svg>).

    Time runs left to right on every page, right-to-left languages too (direction="ltr"):
    a chart is a number line, drawn as in maths lessons in Arabic and Persian, and its
    text keeps its anchors whatever the page's direction; the words in it still read right
    to left (docs/languages.md, "Right to left").
    """
    return Markup(
        f'<svg class="lp-chart lp-{kind}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" direction="ltr"><title>{escape(title)}</title>'
        f"<desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _look(cls: str) -> str:
    """The class attribute of a mark of this kind; a kind learnpath.css does not draw is a
    mistake in this module (KeyError), not an unstyled mark."""
    if cls not in MARKS:
        raise KeyError(cls)
    return f'class="{cls}"'


def _text(x: float, y: float, words: str, cls: str = "", anchor: str = "start") -> str:
    klass = f" {_look(cls)}" if cls else ""
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{x}" y="{y}"{align}{klass}>{escape(words)}</text>'


def _dots(points: list[tuple[int, int]], cls: str, r: int) -> str:
    """Circles at the points, as one path (two half-circle arcs each)."""
    d = "".join(f"M{x - r} {y}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0" for x, y in points)
    return f'<path {_look(cls)} d="{d}"/>' if d else ""


def _squares(points: list[tuple[int, int]], cls: str, r: int) -> str:
    d = "".join(f"M{x - r} {y - r}h{2 * r}v{2 * r}h{-2 * r}z" for x, y in points)
    return f'<path {_look(cls)} d="{d}"/>' if d else ""


def _rules(left: int, right: int, ys: list[int], cls: str) -> str:
    """Horizontal lines across the plot, as one path."""
    return f'<path {_look(cls)} d="{"".join(f"M{left} {y}H{right}" for y in ys)}"/>'


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
        last = mastery.days_after(first, MIN_DAYS)
    return first, last, shown


def burnup_parts(data: history.Burnup) -> dict[str, Any]:
    """What the chart shows beyond the mastered line, for its legend: the planned line, the
    projected finish; `far`: a projected finish too far out to draw (said in words)."""
    goal = data.goal
    shown = burnup_range(data)[2]
    ahead = data.projected is not None and data.points[-1][1] < data.total
    return {
        "planned": goal.span is not None,
        "projected": shown and ahead,
        "far": data.projected if ahead and not shown else None,
    }


def draw_burnup(
    data: history.Burnup,
    labels: dict[str, str],
    title: str,
    desc: str,
    day: DayText,
    number: NumberText = str,
) -> Markup:
    """Objectives mastered over time (a step line with a dot at each change), the planned
    line from start to target, the target and today, and the projected finish."""
    first, last, _ = burnup_range(data)
    parts = burnup_parts(data)
    axis = Axis(first, last, LEFT, WIDTH - RIGHT, 44, BURNUP_H - 34, 0, max(data.total, 1))
    body = [*_grid(axis, data.total, number), *_dates(axis, day(first), day(last))]
    goal = data.goal
    body += _marker(axis, data.today, labels["chart_today"], "lp-today", 16)
    if goal.target:
        row = 32 if abs(axis.x(goal.target) - axis.x(data.today)) < 70 else 16
        body += _marker(axis, goal.target, labels["chart_target"], "lp-target", row)
    if parts["planned"] and goal.start and goal.target:
        body.append(
            f'<path {_look("lp-planned")} d="M{axis.x(goal.start)} {axis.y(0)}'
            f'L{axis.x(goal.target)} {axis.y(data.total)}"/>'
        )
    done = data.points[-1][1]
    if parts["projected"] and data.projected:
        x, y = axis.x(data.projected), axis.y(data.total)
        body.append(
            f'<path {_look("lp-projected")} d="M{axis.x(data.today)} {axis.y(done)}L{x} {y}"/>'
            f'<path {_look("lp-projected-end")} d="M{x} {y - 6}l6 6l-6 6l-6-6z"/>'
        )
    body += _steps(axis, data.points)
    return _svg("burnup", BURNUP_H, title, desc, body)


def _grid(axis: Axis, total: int, number: NumberText) -> tuple[str, ...]:
    """A line and a number for each objective count (fewer past ten), and for all of them,
    in the site's digits: the same for every chart of as many objectives in a language,
    whatever its dates, so drawn once."""
    top = max(total, 1)
    step = next(n for n in (1, 2, 5, 10, 20, 50, 100, top) if top / n <= 10)
    values = tuple(sorted(set(range(0, top + 1, step)) | {top}))
    said = tuple(number(v) for v in values)
    return _dateless_grid(replace(axis, first=dt.date.min, last=dt.date.min), values, said)


@functools.lru_cache(maxsize=64)
def _dateless_grid(axis: Axis, values: tuple[int, ...], said: tuple[str, ...]) -> tuple[str, ...]:
    left, right = round(axis.left), round(axis.right)
    return (
        _rules(left, right, [axis.y(v) for v in values if v], "lp-gridline"),
        _rules(left, right, [axis.y(0)], "lp-axis"),
        *(_text(left - 6, axis.y(v) + 4, s, "", "end") for v, s in zip(values, said, strict=True)),
    )


def _dates(axis: Axis, first: str, last: str) -> list[str]:
    """The first and last day under the plot, as the site's language writes them."""
    y = axis.bottom + 20
    return [_text(round(axis.left), y, first), _text(round(axis.right), y, last, "", "end")]


def _marker(axis: Axis, day: dt.date, label: str, cls: str, row: int) -> list[str]:
    """A vertical line at a day, named above the plot."""
    x = axis.x(day)
    return [
        f'<path {_look(cls)} d="M{x} {row + 4}V{round(axis.bottom)}"/>',
        _text(x, row, label, f"{cls}-label", _anchor_for(x)),
    ]


def _steps(axis: Axis, points: list[tuple[dt.date, int]]) -> list[str]:
    """Mastered so far: flat until the day it changes, then up or down; a dot at each change."""
    xs = axis.xs(day for day, _ in points)
    xy = [(x, axis.y(value)) for x, (_, value) in zip(xs, points, strict=True)]
    path = f"M{xy[0][0]} {xy[0][1]}" + "".join(f"H{x}V{y}" for x, y in xy[1:])
    return [f'<path {_look("lp-actual")} d="{path}"/>', _dots(xy, "lp-actual-dot", 4)]


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
        (e, False)
        for e in result.others
        if e.level  # no level: no point to draw
    ]
    if not entries:
        return None
    entries.sort(key=lambda item: (item[0].date, item[0].index))
    points = [(e.date, s.scale.index(e.level) + 1, counts) for e, counts in entries]
    return Levels(points, s.mastery_score, s.scale)


def draw_levels(
    data: Levels, names: tuple[str, ...], title: str, desc: str, day: DayText
) -> Markup:
    """Each piece of evidence at its level: counted ones as dots joined by a line, the others
    as hollow squares; a dashed line at the mastery level, whose name is in bold. `names`:
    the scale's levels as said on the site, plain text."""
    first, last = data.points[0][0], data.points[-1][0]
    if (last - first).days < MIN_DAYS:
        last = mastery.days_after(first, MIN_DAYS)
    left, ys, column = _level_column(names, data.threshold)
    axis = Axis(first, last, left, WIDTH - 16, 16, LEVELS_H - 30, 0.6, len(names) + 0.4)
    body = [column, *_dates(axis, day(first), day(last)), *_level_marks(axis, ys, data.points)]
    return _svg("levels", LEVELS_H, title, desc, body)


@functools.lru_cache(maxsize=64)
def _level_column(names: tuple[str, ...], threshold: int) -> tuple[int, tuple[int, ...], str]:
    """The plot's left edge, each level's y, and the drawing of the levels: the same for
    every chart on a scale, so drawn once. The names sit in a column of their own, so that
    no mark ever covers one."""
    left = min(max(len(n) for n in names) * 7 + 12, WIDTH // 3)
    # Only the y of this axis is used: it does not depend on the dates.
    axis = Axis(
        dt.date.min, dt.date.min, left, WIDTH - 16, 16, LEVELS_H - 30, 0.6, len(names) + 0.4
    )
    ys = tuple(axis.y(position) for position in range(1, len(names) + 1))
    column = [_rules(left - 6, WIDTH, list(ys), "lp-gridline")]
    for position, (name, y) in enumerate(zip(names, ys, strict=True), start=1):
        cls = "lp-level lp-mastery-level" if position == threshold else "lp-level"
        column.append(_text(left - 10, y + 4, name, cls, "end"))
    column.append(_rules(left - 6, WIDTH, [axis.y(threshold)], "lp-threshold"))
    return left, ys, "".join(column)


def _level_marks(
    axis: Axis, ys: tuple[int, ...], points: list[tuple[dt.date, int, bool]]
) -> list[str]:
    """Evidence on the same day sits side by side instead of on top of each other."""
    seen: dict[dt.date, int] = {}
    counted: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    xs = axis.xs(day for day, _, _ in points)
    for (day, position, counts), x in zip(points, xs, strict=True):
        before = seen.get(day, 0)
        seen[day] = before + 1
        (counted if counts else others).append((min(x + 9 * before, WIDTH - 6), ys[position - 1]))
    line = " ".join(f"{x},{y}" for x, y in counted)
    return [
        f'<polyline {_look("lp-counted-line")} points="{line}"/>' if len(counted) > 1 else "",
        _dots(counted, "lp-counted", 5),
        _squares(others, "lp-not-counted", 5),
    ]
