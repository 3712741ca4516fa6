"""Stage 5, render: a plan and its mastery results -> the Markdown pages of one student site.

Pure: returns a SiteSpec (pages as text, files as bytes); html.py turns it into HTML.
Text from plans is untrusted: every `{{ value }}` is escaped for Markdown and HTML unless a
template marks it safe, so `<script>` or `[x](javascript:...)` typed in a plan shows literally.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from generator import ROOT, files, graph, i18n, mastery, progress
from generator.html import SiteSpec
from generator.links import unsafe_link
from generator.model import Objective, Plan, School, localized
from generator.status import rounded

TEMPLATES = ROOT / "templates"
INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")  # emphasis, code, links, attributes, tables
LIST_NUMBER = re.compile(r"^([0-9]+)([.)])(?=\s|$)")  # "1. " would open an ordered list
BLOCK_OPENERS = set("#-+=!?:>~%")  # headings, lists, rules, admonitions, details, ...
LINE_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")  # every break that is not \n


def md(value: object) -> Markup:
    """Plan text as inert Markdown, whatever it holds and wherever a template puts it.

    <, > and & become entities (no HTML); inline Markdown punctuation is backslash-escaped
    (no emphasis, code, links or attributes); a first character that could open a block (a
    heading, list, quote, admonition, details) becomes an entity. Several lines become
    paragraphs split at blank lines, without leading spaces, so no code block can open.
    Escaping only what can act keeps the Markdown small and fast to convert.
    """
    if isinstance(value, Markup):
        return value
    # Markdown breaks lines at CR too, and at NEL, LS and PS here and there: one break for all.
    # Blanks first would open a code block, or hide a list marker (" - x") from the check
    # below; a page shows the text the same without them.
    text = LINE_BREAK.sub("\n", str(value)).lstrip(" \t")
    if "\n" in text:
        paragraphs = re.split(r"\n\s*\n", text.strip())
        lines = [" ".join(line.strip() for line in p.splitlines()) for p in paragraphs]
        return Markup("\n\n".join(md(line) for line in lines))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = LIST_NUMBER.sub(lambda m: f"{m[1]}&#{ord(m[2])};", text)
    if text[:1] in BLOCK_OPENERS:
        text = f"&#{ord(text[0])};{text[1:]}"
    return Markup(text)


def attr(value: object) -> Markup:
    """Plan text inside an HTML attribute or a raw HTML block."""
    return Markup(escape(" ".join(str(value).split())))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        undefined=jinja2.StrictUndefined,
        finalize=md,  # safe by default: every expression is escaped unless marked Markup
        autoescape=False,  # Markdown, not HTML: `md` does the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = attr
    return env


def anchor(ref: str) -> Markup:
    """The heading id of an objective: ids and refs are [a-z0-9-/], so this is safe."""
    return Markup("obj-" + re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-"))


def progress_bar(done: int, total: int, label: object) -> Markup:
    return Markup(
        f'<progress class="lp-progress" value="{done}" max="{total}" aria-label="{attr(label)}">'
        "</progress>"
    )


class Page:
    """Helpers for one page: relative links depend on where the page sits."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.depth = len(PurePosixPath(path).parts) - 1

    def link(self, target: str) -> Markup:
        """A relative link from this page; targets are built from ids, never from free text."""
        return Markup("../" * self.depth + quote(target, safe="/#.-_"))

    def file_link(self, path: str) -> Markup:
        """A link to a published evidence file: every character of its name is encoded, so
        `a#b.png`, `a b.png` or `niño.png` reach the file (MkDocs decodes them to find it)."""
        return Markup("../" * self.depth + "evidence/" + quote(path, safe="/"))


class Words:
    """The site's labels in its language; parameters from plans are escaped as Markdown."""

    def __init__(self, plan: Plan, school: School) -> None:
        self.language = plan.language if plan.language in i18n.languages() else i18n.FALLBACK
        self.catalog = i18n.catalog(self.language)
        self.plan = plan
        self.scale = school.settings.scale
        self.level_names = school.level_names.get(plan.language, self.scale)

    def level(self, level: str) -> Markup:
        """A level's name in the site's language, when school.yml translates the scale."""
        name = self.level_names[self.scale.index(level)] if level in self.scale else level
        return md(name[:1].upper() + name[1:])

    def __call__(self, key: str, **params: object) -> Markup:
        """A label with its placeholders filled in, in the plural form the count asks for."""
        text = i18n.choose(self.catalog[key], key, self.language, params)
        return Markup(text.format(**{k: md(v) for k, v in params.items()}))

    def status(self, status: str) -> Markup:
        """Status as symbol and word: never colour alone."""
        return Markup(f"{graph.SYMBOLS[status]} ") + self(f"status_{status}")

    def pace(self, progress: mastery.GoalProgress) -> Markup:
        return self(f"pace_{progress.pace}") if progress.pace else self("no_target")

    def kind(self, kind: str) -> Markup:
        return self(f"kind_{kind}") if f"kind_{kind}" in self.catalog else md(kind)

    def by(self, name: str) -> Markup:
        return self("by", name=name, role=self(f"role_{self.plan.role_of(name)}"))

    def rule(self, objective: Objective) -> Markup:
        """The mastery rule in plain words: "mastered when 2 pieces of teacher evidence..."."""
        s = objective.settings
        who = Markup(self.catalog["who_sep"]).join(self(f"role_{r}") for r in s.assessed_by)
        level = self.level(s.level)
        if s.method == "n_mastery":
            return self("rule_n_mastery", count=s.count, who=who, level=level)
        method = self(f"method_{s.method}", who=who, weight=s.weight)
        return self("rule_text", method=method, level=level)

    def result(self, result: mastery.ObjectiveResult) -> Markup:
        s = result.objective.settings
        if result.score is None:
            return self("no_result")
        counted = len(result.counted)
        evidence = self("counted_evidence", n=counted)
        if s.method == "n_mastery":
            return self(
                "result_count",
                score=int(result.score),
                count=s.count,
                level=self.level(s.level),
                evidence=evidence,
            )
        score = rounded(result.score)
        reached = self.level(s.scale[min(int(score + mastery.EPSILON), len(s.scale)) - 1])
        return self("result_value", score=f"{score:g}", level=reached, evidence=evidence)


def render_site(
    plan: Plan, school: School, plans_root: Path, env: jinja2.Environment, day: dt.date
) -> SiteSpec:
    """Every page of one student's site, in memory."""
    words = Words(plan, school)
    plan = localized(plan, words.language)
    results = mastery.evaluate(plan)
    files, published = _evidence_files(plan, plans_root)
    context = _context(plan, school.name, results, words, published, day)
    context.update(progress.context(plan, school, results, words, day))  # charts, changes
    pages = {}
    for name, template, extra in _pages(plan):
        pages[name] = env.get_template(template).render(context, page=Page(name), **extra)
        if name == "index.md":  # the path page embeds the drawing, made once
            context["graph_svg"] = _drawing(plan, results, words)
    w = words.catalog
    nav = [
        {w["nav_home"]: "index.md"},
        {w["nav_path"]: "path.md"},
        {w["nav_goals"]: [{g.title: f"goals/{g.id}.md"} for g in plan.goals]},
        {w["nav_evidence"]: "evidence.md"},
        {w["nav_reflections"]: "reflections.md"},
        {w["nav_report"]: "report.md"},
    ]
    title = w["site_title"].format(name=plan.name)
    return SiteSpec(plan.id, title, words.language, pages, nav, files)


def _pages(plan: Plan) -> list[tuple[str, str, dict]]:
    """(page, template, extra context), in the order of the site's navigation."""
    goals = [(f"goals/{g.id}.md", "goal.md.j2", {"goal": g}) for g in plan.goals]
    return [
        ("index.md", "home.md.j2", {}),
        ("path.md", "path.md.j2", {}),
        *goals,
        ("evidence.md", "evidence.md.j2", {}),
        ("reflections.md", "reflections.md.j2", {}),
        ("report.md", "report.md.j2", {}),
    ]


def _objective_link(plan: Plan, ref: str, page: Page) -> Markup:
    return page.link(f"goals/{plan.objectives[ref].goal}.md#{anchor(ref)}")


def _drawing(plan: Plan, results: dict[str, mastery.ObjectiveResult], words: Words) -> Markup:
    labels = {ref: o.title for ref, o in plan.objectives.items()} | words.catalog
    at = Page("path.md")
    hrefs = {ref: _objective_link(plan, ref, at).replace(".md#", ".html#") for ref in results}
    return graph.draw(
        results,
        labels,
        hrefs,
        words.catalog["path_graph_title"].format(name=plan.name),
        _graph_description(results, words),
    )


def _graph_description(results: dict[str, mastery.ObjectiveResult], words: Words) -> str:
    """ "5 objectives: 1 mastered, 2 in progress, 1 ready, 1 locked.", each count in its
    plural form; plain text, since graph.draw escapes it for the SVG."""

    def phrase(key: str, n: int) -> str:
        return i18n.choose(words.catalog[key], key, words.language, {"n": n}).format(n=n)

    counts = {s: sum(r.status == s for r in results.values()) for s in mastery.STATUSES}
    parts = {s: phrase(f"graph_{s}", n) for s, n in counts.items()}
    objectives = phrase("graph_objectives", len(results))
    return words.catalog["graph_desc"].format(objectives=objectives, **parts)


def _context(
    plan: Plan,
    school_name: str,
    results: dict[str, mastery.ObjectiveResult],
    words: Words,
    published: dict[str, str],
    day: dt.date,
) -> dict:
    """What every page template may use."""
    interests = {i.casefold() for i in plan.interests}
    order = graph.path_order(results)
    return {
        "plan": plan,
        "school": school_name,
        "results": results,
        "today": day.isoformat(),
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
        "goal_link": lambda goal_id, page: page.link(f"goals/{goal_id}.md"),
        "file_href": lambda name, page: page.file_link(published[name]),
        # Activities built on the student's own interests come first.
        "activities_for": lambda o: sorted(
            o.activities, key=lambda a: a.interest.casefold() not in interests
        ),
        "titles": lambda refs: ", ".join(plan.objectives[r].title for r in refs),
        "counts": lambda e: plan.role_of(e.by) in plan.objectives[e.objective].settings.assessed_by,
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
    """One example student's pages and nav as text: what tests/golden/ holds."""
    import json

    from generator.validate import check

    plans = plans_dir or ROOT / "plans"
    project = check(plans)
    spec = render_site(
        project.plans[student_id], project.school, plans, environment(), mastery.today()
    )
    nav = json.dumps(spec.nav, indent=2, ensure_ascii=False) + "\n"
    return {**spec.pages, "nav.json": nav}
