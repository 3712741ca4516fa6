"""Progress over time for the example students, checked by their data, not their pixels:
burn-up points, dates and projections; level histories and thresholds; what changed; time
to review; and the drawings' text alternatives. Figures worked out by hand from the plans
(scores in counting order, as in tests/expected/README.md).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.checking.validate import check
from generator.language import i18n
from generator.mastery import history
from generator.mastery.engine import IN_PROGRESS, LOCKED, MASTERED, READY, evaluate, snapshot
from generator.mastery.status import summarize
from generator.rendering import chart
from generator.rendering.render import render_golden

from .conftest import ROOT, TODAY

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def project():
    return check(ROOT / "plans")


def _burnup(project, student: str, goal_id: str) -> history.Burnup:
    plan = project.plans[student]
    goal = next(g for g in plan.goals if g.id == goal_id)
    data = history.burnup(history.Timeline(plan, TODAY), goal)
    assert data is not None
    return data


def _points(*pairs: tuple[str, int]) -> list[tuple[dt.date, int]]:
    return [(D(day), n) for day, n in pairs]


# The start, each day the count of mastered objectives changed, and today.
BURNUPS = {
    # equivalent mastered 10-20 (3.5275); compare 10-27 (3), lost 11-05 (2.35), back 11-16
    # (0.35*2.35 + 0.65*4 = 3.42); fraction-as-multiple 2.65 is not there yet.
    ("ava-m", "fractions"): _points(
        ("2026-09-01", 0),
        ("2026-10-20", 1),
        ("2026-10-27", 2),
        ("2026-11-05", 1),
        ("2026-11-16", 2),
        ("2026-11-24", 2),
    ),
    ("ava-m", "reading"): _points(("2026-09-14", 0), ("2026-10-15", 1), ("2026-11-24", 1)),
    # latest: unit 09-15; join 10-06; decompose (average) 3 on 09-29, 2.5 on 10-08, 3 on 10-13;
    # mixed numbers 11-03.
    ("liam-o", "fraction-sums"): _points(
        ("2026-09-08", 0),
        ("2026-09-15", 1),
        ("2026-09-29", 2),
        ("2026-10-06", 3),
        ("2026-10-08", 2),
        ("2026-10-13", 3),
        ("2026-11-03", 4),
        ("2026-11-24", 4),
    ),
    # text-details (weight 80): 0.8*4 + 0.2*2 = 3.6 on 11-04; theme 0.6*3 + 0.4*2 = 2.6.
    ("liam-o", "reading-science"): _points(("2026-10-01", 0), ("2026-11-04", 1), ("2026-11-24", 1)),
    # myth-reading 09-18; text-details 0.75*4 + 0.25*2 = 3.5 on 10-14; word-meaning 10-21.
    ("mia-c", "myths"): _points(
        ("2026-09-08", 0),
        ("2026-09-18", 1),
        ("2026-10-14", 2),
        ("2026-10-21", 3),
        ("2026-11-24", 3),
    ),
    ("mia-c", "costumes"): _points(("2026-10-05", 0), ("2026-11-24", 0)),
    # decaying, weight 50: 1, 3, 3, 4 -> 2, 2.5, 3.25 on 11-04.
    ("noah-t", "fractions"): _points(("2026-09-01", 0), ("2026-11-04", 1), ("2026-11-24", 1)),
    # No start: from the first evidence; the third proficient quiz on 11-05.
    ("noah-t", "times-tables"): _points(("2026-09-29", 0), ("2026-11-05", 1), ("2026-11-24", 1)),
}


@pytest.mark.parametrize(("student", "goal"), BURNUPS, ids="/".join)
def test_burnup_points_of_every_example_goal(project, student, goal) -> None:
    data = _burnup(project, student, goal)
    assert data.points == BURNUPS[student, goal]
    assert data.today == TODAY


@pytest.mark.parametrize(("student", "goal"), BURNUPS, ids="/".join)
def test_every_chart_point_is_what_status_as_of_that_day_says(project, student, goal) -> None:
    plan = project.plans[student]
    for day, mastered in _burnup(project, student, goal).points:
        summary = summarize(plan, as_of=day)
        by_id = {g["id"]: g for g in summary["goals"]}
        assert by_id[goal]["progress"]["mastered"] == mastered, day


@pytest.mark.parametrize(
    ("student", "goal", "total", "projected", "parts"),
    [
        ("ava-m", "fractions", 4, "2027-02-16", (True, True, None)),
        ("ava-m", "reading", 2, "2027-02-03", (False, True, None)),
        ("liam-o", "fraction-sums", 5, "2026-12-13", (True, True, None)),
        ("mia-c", "costumes", 3, None, (True, False, None)),
        # 336 days from a 108-day plan: more than twice its span, said in words instead.
        ("noah-t", "fractions", 4, "2027-08-03", (True, False, "2027-08-03")),
        ("noah-t", "times-tables", 2, None, (False, False, None)),
    ],
)
def test_burnup_projection_and_what_the_chart_shows(
    project, student, goal, total, projected, parts
) -> None:
    data = _burnup(project, student, goal)
    assert (data.total, data.projected) == (total, projected and D(projected))
    shown = chart.burnup_parts(data)
    far = shown["far"] and shown["far"].isoformat()
    assert (shown["planned"], shown["projected"], far) == parts


def test_burnup_figures_with_the_planned_line(project) -> None:
    # 4 objectives planned from 09-01 to 01-31 (152 days): 4 * days / 152.
    rows = chart.burnup_rows(_burnup(project, "ava-m", "fractions"))
    assert [(d.isoformat(), n, round(p, 4)) for d, n, p in rows] == [
        ("2026-09-01", 0, 0.0),
        ("2026-10-20", 1, round(4 * 49 / 152, 4)),
        ("2026-10-27", 2, round(4 * 56 / 152, 4)),
        ("2026-11-05", 1, round(4 * 65 / 152, 4)),
        ("2026-11-16", 2, 2.0),
        ("2026-11-24", 2, round(4 * 84 / 152, 4)),
    ]


def test_each_day_of_the_timeline_is_what_status_as_of_that_day_says(project) -> None:
    # "What changed" compares these states: mastered, locked, or neither (in progress, ready).
    shown = {MASTERED: MASTERED, LOCKED: LOCKED, IN_PROGRESS: "", READY: ""}
    checked = 0
    for plan in project.plans.values():
        timeline = history.Timeline(plan, TODAY)
        for day in [D("2026-08-31"), *timeline.days]:
            results = snapshot(plan, day).results
            assert timeline.states(day) == {ref: shown[r.status] for ref, r in results.items()}
            checked += 1
    assert checked == 95  # every evidence day of the examples, today and a day before


def test_the_last_point_and_projection_are_what_status_says_today(project) -> None:
    for plan in project.plans.values():
        progress = snapshot(plan, TODAY).progress
        timeline = history.Timeline(plan, TODAY)
        for goal in plan.goals:
            data = history.burnup(timeline, goal)
            now = progress[goal.id]
            assert (data.points[-1], data.total) == ((TODAY, now.mastered), now.total), goal.id
            assert data.projected == now.projected_finish, goal.id


def test_a_goal_with_neither_start_nor_evidence_has_no_chart(project) -> None:
    plan = project.plans["noah-t"]
    goal = next(g for g in plan.goals if g.id == "times-tables")
    # As of a day before any of its evidence: nothing to draw yet.
    assert history.burnup(history.Timeline(plan, D("2026-09-28")), goal) is None


def _drawing(page: str, kind: str) -> tuple[ET.Element, str]:
    """The first chart of a kind on a page: its inline SVG, and the text after it."""
    match = re.search(rf'<svg class="lp-chart lp-{kind}" .*?</svg>', page, re.S)
    return ET.fromstring(match.group(0)), page[match.end() :]


def _marks(svg: ET.Element, tag: str, cls: str | None = None, **attrs: str) -> list[ET.Element]:
    """The elements of a tag drawn as this kind of mark (its class), with these attributes."""
    return [
        e
        for e in svg.iter(tag)
        if e.get("class") == cls and all(e.get(k) == v for k, v in attrs.items())
    ]


def test_burnup_drawing_is_an_image_with_its_figures_in_words(project) -> None:
    page = render_golden("ava-m")["goals/fractions.html"]
    svg, after = _drawing(page, "burnup")
    assert svg.get("role") == "img"
    assert (svg.get("viewBox"), svg.get("width"), svg.get("height")) == (
        "0 0 360 230",
        "360",
        "230",
    )
    title, desc = svg.find("title").text, svg.find("desc").text
    assert title == "Understand fractions: objetivos dominados en el tiempo"
    assert desc == (
        "Objetivos dominados, por fecha: 1 sept 2026: 0; 20 oct 2026: 1; 27 oct 2026: 2; "
        "5 nov 2026: 1; 16 nov 2026: 2; 24 nov 2026: 2. El plan: los 4 para el 31 ene 2027. "
        "Fin previsto al ritmo actual: 16 feb 2027."
    )
    assert page.count(desc) == 1  # said once: no alt text repeating it
    # One dot per point; today and the target named in the drawing, in Spanish.
    (dots,) = _marks(svg, "path", "lp-actual-dot")
    assert dots.get("d").count("a4 4 0 1 0 8 0") == 6
    labels = _marks(svg, "text", "lp-today-label") + _marks(svg, "text", "lp-target-label")
    assert [t.text for t in labels] == ["Hoy", "Meta"]
    assert [t.text for t in _marks(svg, "text", x="24")] == ["0", "1", "2", "3", "4"]
    # The planned line runs from (start, 0) to (target, 4): from the chart's first day, which
    # is the start, to 152 of its 168 days (it ends at the projected finish, 2027-02-16).
    data = _burnup(project, "ava-m", "fractions")
    assert chart.burnup_range(data) == (D("2026-09-01"), D("2027-02-16"), True)
    (planned,) = _marks(svg, "path", "lp-planned")
    (today,) = _marks(svg, "path", "lp-today")
    x = lambda days: round(chart.LEFT + days / 168 * 316)  # noqa: E731
    assert planned.get("d") == f"M30 196L{x(152)} 44"
    assert today.get("d") == f"M{x(84)} 20V196"
    # The legend says in words which line is which.
    assert after.startswith(
        '<figcaption><ul class="lp-legend"><li class="lp-legend-actual">Línea continua con '
        "puntos: objetivos dominados hasta ahora</li>"
    )


def _css_rules() -> dict[str, str]:
    """learnpath.css's chart rules: each selector's last class, and its declarations."""
    css = (ROOT / "templates" / "assets" / "learnpath.css").read_text()
    rules: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]*)\{([^}]*)\}", css):
        for name in re.findall(r"\.lp-chart\s*(?::is\()?([^{]*)", selectors):
            for cls in re.findall(r"\.(lp-[a-z-]+)", name):
                rules[cls] = rules.get(cls, "") + " ".join(body.split())
    return rules


def test_every_kind_of_mark_is_drawn_by_the_stylesheet() -> None:
    rules = _css_rules()
    # Each kind's look: the colours and dashes that tell the lines apart (chart.py's module
    # docstring: 3:1 or more on white, never told by colour alone).
    assert "stroke: #1b5e20; stroke-width: 3;" in rules["lp-actual"]
    assert "fill: #1b5e20; stroke: #fff;" in rules["lp-actual-dot"]
    assert "stroke: #0d47a1; stroke-width: 2; stroke-dasharray: 8 5;" in rules["lp-planned"]
    assert "stroke-dasharray: 2 4; stroke-linecap: round;" in rules["lp-projected"]
    assert "fill: #fff; stroke: #595959; stroke-width: 2;" in rules["lp-not-counted"]
    assert "font-weight: 700; fill: #0d47a1;" in rules["lp-mastery-level"]
    for mark in chart.MARKS:
        assert mark.split()[-1] in rules, mark
    # Every class the example sites draw is one the stylesheet knows.
    pages = "".join(render_golden("ava-m").values())
    charts = "".join(re.findall(r'<svg class="lp-chart .*?</svg>', pages, re.S))
    drawn = set(re.findall(r'<(?:path|polyline|text) class="([^"]*)"', charts))
    assert drawn <= chart.MARKS and len(drawn) >= 12, drawn


def test_burnup_table_on_the_goal_page(project) -> None:
    page = render_golden("ava-m")["goals/fractions.html"]
    table = page[page.index("<table>") : page.index("</table>") + 8]
    assert _cells(table) == [
        ["th", "Fecha", "Objetivos dominados (de 4)", "Previstos para esa fecha"],
        # Dates and decimals as Spanish writes them (CLDR, through Babel).
        ["td", "1 sept 2026", "0", "0"],
        ["td", "20 oct 2026", "1", "1,3"],
        ["td", "27 oct 2026", "2", "1,5"],
        ["td", "5 nov 2026", "1", "1,7"],
        ["td", "16 nov 2026", "2", "2"],
        ["td", "24 nov 2026", "2", "2,2"],
    ]
    # Right after the chart and its legend, under the heading the home page links to.
    assert page.index('<h2 id="lp-progress">Progreso en el tiempo</h2>') < page.index("<table>")


class _Table(HTMLParser):
    """A table's rows: the kind of cell (th or td), then each cell's text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.rows[-1][:1] = [tag]
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        self.in_cell = self.in_cell and tag not in ("th", "td")

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.rows[-1][-1] += data


def _cells(table: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(table)
    return parser.rows


# Every piece of evidence (date, level position, counts), and the mastery level's position.
LEVELS = {
    ("ava-m", "math4/equivalent-fractions"): (
        [("2026-09-15", 2, True), ("2026-10-02", 3, True), ("2026-10-03", 2, False)]
        + [("2026-10-20", 4, True)],
        3,
    ),
    ("mia-c", "myth-reading"): (
        [("2026-09-18", 3, True), ("2026-09-21", 2, False), ("2026-10-02", 3, True)]
        + [("2026-10-06", 4, False), ("2026-10-16", 4, True)],
        3,
    ),
    ("liam-o", "math4/join-separate-parts"): (
        [("2026-09-29", 2, True), ("2026-10-06", 2, True), ("2026-10-06", 3, True)],
        3,
    ),
    ("noah-t", "facts-to-10"): (
        [("2026-11-12", 3, False), ("2026-11-13", 2, True), ("2026-11-23", 2, True)],
        3,
    ),
}


@pytest.mark.parametrize(("student", "ref"), LEVELS, ids="|".join)
def test_level_history_points_and_threshold(project, student, ref) -> None:
    data = chart.levels(evaluate(project.plans[student])[ref])
    points, threshold = LEVELS[student, ref]
    assert [(d.isoformat(), p, c) for d, p, c in data.points] == points
    assert data.threshold == threshold


def test_level_drawing_shows_counted_and_not_counted_evidence_differently() -> None:
    page = render_golden("ava-m")["goals/fractions.html"]
    svg, _ = _drawing(page, "levels")
    assert svg.get("role") == "img"
    assert f"{svg.find('title').text}. {svg.find('desc').text}" == (
        "Explicar por qué dos fracciones son equivalentes, con modelos: nivel de cada "
        "evidencia. Cuentan para el dominio: 3. Se muestran, no cuentan: 1. Nivel de dominio: "
        "Competente. Cada evidencia está en la lista de abajo."
    )
    (counted,) = _marks(svg, "path", "lp-counted")
    (others,) = _marks(svg, "path", "lp-not-counted")
    assert counted.get("d").count("a5 5 0 1 0 10 0") == 3
    assert others.get("d").count("h10v10h-10z") == 1
    names = [t.text for t in svg.iter("text") if "lp-level" in t.get("class", "")]
    assert names == ["Inicial", "En desarrollo", "Competente", "Avanzado"]
    assert [t.text for t in _marks(svg, "text", "lp-level lp-mastery-level")] == ["Competente"]
    # Said in words once on the page, before the objectives, and per piece in the list.
    assert page.count("los cuadrados vacíos se muestran, no cuentan") == 1
    assert (
        '<bdi lang="en">Ava</bdi> (estudiante) · <em>se muestra, no cuenta para el dominio</em>'
        in page
    )


# --- what changed ---------------------------------------------------------------------------


def _changes(project, student: str, day: str, every: int) -> history.Changes:
    return history.changes(history.Timeline(project.plans[student], D(day)), every)


def test_what_changed_in_noahs_last_30_days(project) -> None:
    # Since 10-25: equivalent fractions reached 3.25 on 11-04, which unlocked comparing;
    # the third proficient facts quiz on 11-05 unlocked facts-to-10.
    changed = _changes(project, "noah-t", "2026-11-24", 30)
    assert changed.since == D("2026-10-25")
    assert changed.mastered == [
        (D("2026-11-04"), "math4/equivalent-fractions"),
        (D("2026-11-05"), "facts-2-5-10"),
    ]
    assert changed.unlocked == [
        (D("2026-11-04"), "math4/compare-fractions"),
        (D("2026-11-05"), "facts-to-10"),
    ]
    assert changed.unmastered == []
    assert [(e.date.isoformat(), e.objective) for e in changed.evidence][:3] == [
        ("2026-10-29", "math4/equivalent-fractions"),
        ("2026-10-29", "facts-2-5-10"),
        ("2026-11-04", "math4/equivalent-fractions"),
    ]
    assert len(changed.evidence) == 11
    assert [r.date.isoformat() for r in changed.reflections] == [
        "2026-11-06",
        "2026-11-17",
        "2026-11-21",
    ]


def test_what_changed_is_the_net_change_and_says_what_was_lost(project) -> None:
    # Ava's compare-fractions: mastered 10-27, lost 11-05, back 11-16.
    lost = _changes(project, "ava-m", "2026-11-08", 7)  # since 11-01
    assert (lost.mastered, lost.unmastered) == ([], [(D("2026-11-05"), "math4/compare-fractions")])
    back = _changes(project, "ava-m", "2026-11-24", 23)  # since 11-01: mastered then and now
    assert (back.mastered, back.unmastered) == ([], [])
    again = _changes(project, "ava-m", "2026-11-24", 12)  # since 11-12: lost then
    assert again.mastered == [(D("2026-11-16"), "math4/compare-fractions")]


def test_the_previous_report_day_itself_is_not_new(project) -> None:
    # Jordan's reflection of 11-17 was in the report of 11-17; Noah's of 11-21 is new.
    changed = _changes(project, "noah-t", "2026-11-24", 7)
    assert [r.date.isoformat() for r in changed.reflections] == ["2026-11-21"]
    assert [e.date.isoformat() for e in changed.evidence] == ["2026-11-20", "2026-11-23"]
    assert not (changed.mastered or changed.unlocked or changed.unmastered)


def test_home_page_opens_with_what_changed_in_spanish() -> None:
    page = render_golden("ava-m")["index.html"]
    block = page[page.index('<h2 id="que-cambio') : page.index('<h2 id="lo-que-sigue">')]
    assert block == (
        # The heading keeps the id of its ISO date; names and titles from the plan are
        # isolated, and marked English (the plan's language) on this Spanish page.
        '<h2 id="que-cambio-desde-el-2026-11-17">Qué cambió desde el 17 nov 2026</h2>\n'
        '<h3 id="evidencias-nuevas">Evidencias nuevas</h3>\n'
        "<ul>\n"
        "<li>18 nov 2026 — <bdi>Describir a fondo un personaje, un lugar o un suceso, con "
        "detalles del texto</bdi>: <strong>En desarrollo</strong> · autoevaluación · "
        '<bdi lang="en">Ava</bdi> (estudiante) · '
        "<em>se muestra, no cuenta para el dominio</em></li>\n"
        "<li>19 nov 2026 — <bdi>Entender una fracción a/b como un múltiplo de 1/b</bdi>: "
        "<strong>Competente</strong> · observación · "
        '<bdi lang="en">Ms. Rivera</bdi> (docente) · <em>cuenta para el dominio</em></li>\n'
        "<li>21 nov 2026 — <bdi>Entender una fracción a/b como un múltiplo de 1/b</bdi>: "
        "<strong>Competente</strong> · observación · "
        '<bdi lang="en">Carlos M.</bdi> (familia) · <em>se muestra, no cuenta para el '
        "dominio</em></li>\n"
        "</ul>\n"
        '<h3 id="reflexiones-nuevas">Reflexiones nuevas</h3>\n'
        "<ul>\n"
        '<li>20 nov 2026 — <bdi lang="en">Ava</bdi> (estudiante): <bdi lang="en">Comparar '
        "fracciones ya me sale. Ahora quiero aprender a multiplicarlas para la receta.</bdi>"
        "</li>\n"
        '<li>22 nov 2026 — <bdi lang="en">Ms. Rivera</bdi> (docente): <bdi lang="en">Ava is '
        "ready to start scaling recipes once she can write fractions as multiples on her own."
        "</bdi></li>\n"
        "</ul>\n"
    )


def _plans_with_school(tmp_path: Path, extra: str) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    school = plans / "school.yml"
    school.write_text(school.read_text() + extra)
    return plans


def test_report_every_days_comes_from_school_yml(tmp_path: Path) -> None:
    plans = _plans_with_school(tmp_path, "report_every_days: 30\n")
    page = render_golden("noah-t", plans)["index.html"]
    block = page[page.index('<h2 id="what-changed') : page.index('<h3 id="new-evidence">')]
    assert block == (
        '<h2 id="what-changed-since-2026-10-25">What changed since Oct 25, 2026</h2>\n'
        '<h3 id="newly-mastered">Newly mastered</h3>\n'
        "<ul>\n"
        '<li>Nov 4, 2026 — <a href="goals/fractions.html#obj-math4-equivalent-fractions">'
        "<bdi>Show equal fractions with fraction strips</bdi></a></li>\n"
        '<li>Nov 5, 2026 — <a href="goals/times-tables.html#obj-facts-2-5-10">'
        "<bdi>Recall multiplication facts for 2, 5 and 10</bdi></a></li>\n"
        "</ul>\n"
        '<h3 id="newly-unlocked">Newly unlocked</h3>\n'
        "<ul>\n"
        '<li>Nov 4, 2026 — <a href="goals/fractions.html#obj-math4-compare-fractions">'
        "<bdi>Compare fractions with different numerators and denominators</bdi></a></li>\n"
        '<li>Nov 5, 2026 — <a href="goals/times-tables.html#obj-facts-to-10">'
        "<bdi>Recall all multiplication facts to 10 × 10</bdi></a></li>\n"
        "</ul>\n"
    )


# --- time to review -------------------------------------------------------------------------


def test_due_for_review_from_the_goal_setting(project) -> None:
    # Liam's fraction goal: review_after_days 45. Newest counted evidence: unit 09-22 (63 days),
    # join 10-06 (49), decompose 10-13 (42: not yet), mixed numbers 11-10 (14).
    plan = project.plans["liam-o"]
    due = history.due_for_review(plan, project.school, evaluate(plan), TODAY)
    assert [(r.ref, r.last_counted.isoformat(), r.after_days) for r in due] == [
        ("math4/unit-fraction-sums", "2026-09-22", 45),
        ("math4/join-separate-parts", "2026-10-06", 45),
    ]
    # Off without a setting anywhere.
    ava = project.plans["ava-m"]
    assert history.due_for_review(ava, project.school, evaluate(ava), TODAY) == []


def test_due_for_review_from_school_yml_and_the_goal_overrides_it(tmp_path: Path) -> None:
    result = check(_plans_with_school(tmp_path, "review_after_days: 30\n"))
    assert [str(p) for p in result.problems] == []
    ava, liam = result.plans["ava-m"], result.plans["liam-o"]
    # Ava: equivalent 10-20 (35 days) is due; compare 11-16 and text-details 11-02 are not.
    due = history.due_for_review(ava, result.school, evaluate(ava), TODAY)
    assert [(r.ref, r.last_counted.isoformat()) for r in due] == [
        ("math4/equivalent-fractions", "2026-10-20")
    ]
    # Liam's goal says 45; his reading goal takes the school's 30 (text-details 11-04: 20 days).
    due = history.due_for_review(liam, result.school, evaluate(liam), TODAY)
    assert [(r.ref, r.after_days) for r in due] == [
        ("math4/unit-fraction-sums", 45),
        ("math4/join-separate-parts", 45),
    ]


def test_time_to_review_on_the_home_page_with_family_tips() -> None:
    page = render_golden("liam-o")["index.html"]
    block = page[page.index('<h2 id="time-to-review">') : page.index('<h2 id="how-to-help')]
    assert block == (
        '<h2 id="time-to-review">Time to review</h2>\n'
        "<p>Mastered a while ago, with no counted evidence since. A short practice keeps it "
        "fresh. Nothing changes by itself: it stays mastered unless new evidence says "
        "otherwise.</p>\n"
        '<p><strong><a href="goals/fraction-sums.html#obj-math4-unit-fraction-sums">'
        "<bdi>Understand a fraction a/b as a sum of unit fractions 1/b</bdi></a></strong> — "
        "mastered; last counted evidence Sep 22, 2026</p>\n"
        "<ul>\n"
        "<li><bdi>Count pieces out loud as fractions, &#34;one eighth, two eighths, three "
        "eighths...&#34;, when sharing a pizza.</bdi></li>\n"
        "</ul>\n"
        '<p><strong><a href="goals/fraction-sums.html#obj-math4-join-separate-parts">'
        "<bdi>Add and subtract fractions as joining and separating parts of the same whole"
        "</bdi></a></strong> — mastered; last counted evidence Oct 6, 2026</p>\n"
        "<ul>\n"
        "<li><bdi>When you take slices away, ask what fraction of the whole is left.</bdi>"
        "</li>\n"
        "</ul>\n"
    )


# --- the Spanish site -----------------------------------------------------------------------


def test_every_new_label_is_translated_into_spanish() -> None:
    english, spanish = (YAML(typ="safe").load(i18n.LOCALES / f"{c}.yml") for c in ("en", "es"))
    keys = [k for k in english if k.startswith(("changes_", "review_", "chart_"))]
    assert len(keys) == 29
    assert [k for k in keys if k not in spanish] == []
    same = [
        k
        for k in keys
        if spanish[k] == english[k] and k not in ("chart_point", "chart_level_point")
    ]
    assert same == []


def test_the_spanish_site_shows_no_english_chart_words() -> None:
    pages = render_golden("ava-m")
    english = i18n.catalog("en")
    words = [english[k] for k in ("chart_today", "chart_target", "chart_legend_actual")]
    words += [english["chart_heading"], english["changes_evidence"]]
    for name in ("index.html", "goals/fractions.html", "goals/reading.html"):
        assert [w for w in words if w in pages[name]] == [], name
