"""Stage 5, render: a plan and its mastery results -> the HTML pages of one student site.

No writes: returns a SiteSpec (page bodies as finished HTML, files as bytes; evidence files
are read here, once checked); generator/html/ wraps each body in the theme. Text from plans
is untrusted: the Jinja environment autoescapes every `{{ value }}`, once, so `<script>` or
`[x](javascript:...)` typed in a plan shows literally;
only helpers that build elements (labels, headings, drawings) return Markup, and they escape
what they put in.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from generator import ROOT
from generator.checking import evidence_files as files
from generator.checking.links import unsafe_link
from generator.contributions import page as contribution
from generator.contributions.page import Contribute
from generator.language import conventions, i18n
from generator.mastery import engine as mastery
from generator.model import Plan, School, localized
from generator.rendering import graph, offers, progress
from generator.rendering.outline import Outline, one_line, paragraphs
from generator.rendering.words import Words
from generator.sitespec import NavItem, Page, SiteSpec

TEMPLATES = ROOT / "templates"


def environment() -> jinja2.Environment:
    """The page templates' environment: HTML, autoescaped, strict about unknown names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=one_line,  # text from plans on one line; then autoescape escapes it
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = paragraphs
    return env


def anchor(ref: str) -> str:
    """The heading id of an objective: ids and refs are [a-z0-9-/], so this is safe."""
    return "obj-" + re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-")


def progress_bar(done: int, total: int, label: object) -> Markup:
    return Markup(
        f'<progress class="lp-progress" value="{done:d}" max="{total:d}" '
        f'aria-label="{escape(one_line(label))}"></progress>'
    )


class PageTools:
    """Helpers for one page: relative links depend on where the page sits; its outline."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.folder = posixpath.dirname(path) or "."
        self.outline = Outline()

    def link(self, target: str) -> str:
        """A relative link from this page to a page of the site (``goals/g.html#obj-x``);
        targets are built from ids, never from free text."""
        path, hash_, fragment = target.partition("#")
        relative = posixpath.relpath(path, self.folder)
        return quote(relative + hash_ + fragment, safe="/#.-_")

    def file_link(self, path: str) -> str:
        """A link to a published evidence file: every character of its name is encoded, so
        `a#b.png`, `a b.png` or `niño.png` reach the file."""
        return posixpath.relpath("evidence", self.folder) + "/" + quote(path, safe="/")


def render_site(
    plan: Plan,
    school: School,
    plans_root: Path,
    env: jinja2.Environment,
    day: dt.date,
    contribute: Contribute | None = None,
) -> SiteSpec:
    """Every page of one student's site, in memory; with `contribute`, a sealed site's page to
    add to the plan too."""
    words = Words(plan, school)
    plan = localized(plan, words.language)
    results = mastery.evaluate(plan)
    files, published = _evidence_files(plan, plans_root)
    context = _context(plan, school.name, results, words, published, day)
    context.update(progress.context(plan, school, results, words, day))  # charts, changes
    context["contribute"] = contribute is not None
    pages = []
    for path, template, extra in _pages(plan, contribute):
        if path == "contribute.html" and contribute is not None:
            extra = contribution.context(plan, words, results, context, contribute)
        if path == "path.html":  # only the path page shows the drawing
            context["graph_svg"] = _drawing(plan, results, words)
        pages.append(_page(env.get_template(template), context, path, extra))
    title = i18n.text(words.catalog, "site_title")
    title = title.format(name=conventions.isolated(one_line(plan.name)))
    nav = _nav(plan, words, contribute is not None)
    return SiteSpec(plan.id, title, words.language, tuple(pages), nav, files)


def render_contribute(
    plan: Plan, school: School, env: jinja2.Environment, day: dt.date, contribute: Contribute
) -> str:
    """The body of the page to add to the plan alone, in the school's language: the teacher's
    index has one for every student (`plan` only gives it the school's words)."""
    plan = replace(plan, language=school.language)
    words = Words(plan, school)
    plan = localized(plan, words.language)
    results = mastery.evaluate(plan)
    context = _context(plan, school.name, results, words, {}, day)
    context["contribute"] = True
    extra = contribution.context(plan, words, results, context, contribute)
    return _page(env.get_template("contribute.html.j2"), context, "contribute.html", extra).body


def _page(
    template: jinja2.Template, context: dict[str, Any], path: str, extra: dict[str, Any]
) -> Page:
    """One page: its body, and its outline and title as the template wrote its headings."""
    tools = PageTools(path)
    body = template.render(context, page=tools, heading=tools.outline.heading, **extra)
    headings = tuple(tools.outline.headings)
    return Page(path, headings[0].title if headings else "", body, headings)


def _nav(plan: Plan, words: Words, contribute: bool = False) -> tuple[NavItem, ...]:
    def w(key: str) -> str:
        return i18n.text(words.catalog, key)

    goals = tuple(NavItem(str(one_line(g.title)), f"goals/{g.id}.html") for g in plan.goals)
    add = (NavItem(w("nav_add"), "contribute.html"),) if contribute else ()
    return (
        NavItem(w("nav_home"), "index.html"),
        NavItem(w("nav_path"), "path.html"),
        NavItem(w("nav_goals"), children=goals),
        NavItem(w("nav_evidence"), "evidence.html"),
        NavItem(w("nav_reflections"), "reflections.html"),
        *add,
        NavItem(w("nav_report"), "report.html"),
    )


def _pages(
    plan: Plan, contribute: Contribute | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(page, template, extra context), in the order of the site's navigation."""
    goals = [(f"goals/{g.id}.html", "goal.html.j2", {"goal": g}) for g in plan.goals]
    add: list[tuple[str, str, dict[str, Any]]] = []
    if contribute:
        add.append(("contribute.html", "contribute.html.j2", {}))
    return [
        ("index.html", "home.html.j2", {}),
        ("path.html", "path.html.j2", {}),
        *goals,
        ("evidence.html", "evidence.html.j2", {}),
        ("reflections.html", "reflections.html.j2", {}),
        *add,
        ("report.html", "report.html.j2", {}),
    ]


def _objective_link(plan: Plan, ref: str, page: PageTools) -> str:
    return page.link(f"goals/{plan.objectives[ref].goal}.html#{anchor(ref)}")


def _drawing(plan: Plan, results: dict[str, mastery.ObjectiveResult], words: Words) -> Markup:
    labels = {ref: str(one_line(o.title)) for ref, o in plan.objectives.items()}
    labels |= {key: label for key, label in words.catalog.items() if isinstance(label, str)}
    at = PageTools("path.html")
    hrefs = {ref: _objective_link(plan, ref, at) for ref in results}
    return graph.draw(
        results,
        labels,
        hrefs,
        i18n.text(words.catalog, "path_graph_title").format(name=one_line(plan.name)),
        _graph_description(results, words),
        words.direction,
        {ref: o.lang for ref, o in plan.objectives.items() if o.lang != words.language},
    )


def _graph_description(results: dict[str, mastery.ObjectiveResult], words: Words) -> str:
    """ "5 objectives: 1 mastered, 2 in progress, 1 ready, 1 locked.", each count in its
    plural form; plain text, since graph.draw escapes it for the SVG."""

    def phrase(key: str, n: int) -> str:
        text = i18n.choose(words.catalog[key], key, words.language, {"n": n})
        return text.format(n=words.number(n))

    counts = {s: sum(r.status == s for r in results.values()) for s in mastery.STATUSES}
    parts = {s: phrase(f"graph_{s}", n) for s, n in counts.items()}
    objectives = phrase("graph_objectives", len(results))
    return i18n.text(words.catalog, "graph_desc").format(objectives=objectives, **parts)


def _context(
    plan: Plan,
    school_name: str,
    results: dict[str, mastery.ObjectiveResult],
    words: Words,
    published: dict[str, str],
    day: dt.date,
) -> dict[str, Any]:
    """What every page template may use."""
    ways = words.ways.named_in(plan.preferences)
    order = graph.path_order(results)
    return {
        "plan": plan,
        "school": school_name,
        "results": results,
        "today": words.date(day),
        "date": words.date,
        "number": words.number,
        # Text from the plan: `part(text, lang)` inline (isolated, in its language), and
        # `lang(code)` the attribute for a block of it; `written_in` the plan's own words.
        "part": words.part,
        "lang": words.lang,
        "written_in": plan.written_in,
        "progress": {g.id: mastery.progress(g, results, day) for g in plan.goals},
        "t": words,
        "status_word": words.status,
        "pace_word": words.pace,
        "kind": words.kind,
        "by": words.by,
        "rule": words.rule,
        "level": words.level,
        "result_text": words.result,
        "anchor": anchor,
        "progress_bar": progress_bar,
        "published": published,
        "objective_link": lambda ref, page: _objective_link(plan, ref, page),
        "goal_link": lambda goal_id, page: page.link(f"goals/{goal_id}.html"),
        "file_href": lambda name, page: page.file_link(published[name]),
        # What suits the student's ways of learning, then interests, comes first; all shown.
        "activities_for": lambda o: offers.ordered(o.activities, ways, plan.interests),
        "tips_for": lambda o: offers.ordered(o.family_tips, ways, plan.interests),
        "note": words.note,
        "title_of": lambda ref: words.part(plan.objectives[ref].title, plan.objectives[ref].lang),
        "titles": lambda refs: Markup(", ").join(
            words.part(plan.objectives[r].title, plan.objectives[r].lang) for r in refs
        ),
        "counts": lambda e: (
            bool(e.level)
            and plan.role_of(e.by) in plan.objectives[e.objective].settings.assessed_by
        ),
        "is_image": lambda name: PurePosixPath(name).suffix.lower() in files.IMAGES,
        "safe_link": lambda url: "" if unsafe_link(url) else url,
        "next_up": [r for r in order if results[r].status in (mastery.IN_PROGRESS, mastery.READY)],
        "path_order": order,
        "helpful": [
            r
            for r in order
            if results[r].status in (mastery.IN_PROGRESS, mastery.READY)
            and plan.objectives[r].family_tips
        ],
        "mastered_total": sum(r.status == mastery.MASTERED for r in results.values()),
    }


def _evidence_files(plan: Plan, plans_root: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Copy the evidence files that may be published; return site files and name -> path.

    Only what the cross-reference stage accepted is read: the same check, then the bytes of
    a regular file of bounded size (a file swapped since is left out, not followed).
    """
    site_files, published = {}, {}
    for entry in plan.evidence:
        name = entry.file
        if not name or not files.publishable(name):
            continue
        found = files.locate(plans_root, plan.id, name)
        data = files.read(found.path) if found.path else None
        if data is not None:
            published[name] = files.relative(name).as_posix()
            site_files[f"evidence/{published[name]}"] = data
    return site_files, published


def render_golden(student_id: str, plans_dir: Path | None = None) -> dict[str, str]:
    """One example student's page bodies, nav and outlines as text: what tests/golden/ holds."""
    from generator.checking.validate import check

    plans = plans_dir or ROOT / "plans"
    project = check(plans)
    spec = render_site(
        project.plans[student_id], project.school, plans, environment(), mastery.today()
    )
    nav = json.dumps([_nav_json(item) for item in spec.nav], indent=2, ensure_ascii=False)
    headings = {
        page.path: [
            [h.level, h.id, h.title, *([] if h.search else ["not searched"])] for h in page.headings
        ]
        for page in spec.pages
    }
    return {
        **{page.path: page.body for page in spec.pages},
        "nav.json": nav + "\n",
        "headings.json": _outline_json(headings),
    }


def _nav_json(item: NavItem) -> dict[str, Any]:
    if item.children:
        return {"title": item.title, "children": [_nav_json(c) for c in item.children]}
    return {"title": item.title, "path": item.path}


def _outline_json(headings: dict[str, list[list[Any]]]) -> str:
    """Every page's outline, one heading a line, so that a golden diff shows what moved."""
    pages = []
    for path, entries in headings.items():
        lines = ",\n".join(f"    {json.dumps(e, ensure_ascii=False)}" for e in entries)
        pages.append(f"  {json.dumps(path)}: [\n{lines}\n  ]")
    return "{\n" + ",\n".join(pages) + "\n}\n"
