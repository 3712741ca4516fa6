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

from generator import graph, i18n, mastery
from generator.crossref import unsafe_link
from generator.html import SiteSpec
from generator.model import Objective, Plan
from generator.status import rounded

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Published as they are; anything else (HTML, SVG, scripts) is named, not served.
PUBLISHED_FILES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".mp3", ".m4a", ".mp4", ".txt"}
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


def md(value: object) -> Markup:
    """Plan text as inert Markdown: <, > and & as entities, Markdown punctuation escaped.

    Several lines become paragraphs (split at blank lines) without leading spaces, so a note
    can never open a code block, a list or a heading.
    """
    if isinstance(value, Markup):
        return value
    text = str(value)
    if "\n" in text:
        paragraphs = re.split(r"\n\s*\n", text.strip())
        text = "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", text))


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


def render_site(
    plan: Plan, school_name: str, plans_root: Path, env: jinja2.Environment, day: dt.date
) -> SiteSpec:
    """Every page of one student's site, in memory."""
    language = plan.language if plan.language in i18n.languages() else i18n.FALLBACK
    words = i18n.catalog(language)
    results = mastery.evaluate(plan)
    progress = {g.id: mastery.progress(g, results, day) for g in plan.goals}
    files, published = _evidence_files(plan, plans_root)
    interests = {i.casefold() for i in plan.interests}

    def t(key: str, **params: object) -> Markup:
        return Markup(words[key].format(**{k: md(v) for k, v in params.items()}))

    def status_word(status: str) -> Markup:
        return Markup(f"{graph.SYMBOLS[status]} ") + t(f"status_{status}")

    def goal_of(ref: str) -> str:
        return plan.objectives[ref].goal

    def objective_link(ref: str, page: Page) -> Markup:
        return page.link(f"goals/{goal_of(ref)}.md#{anchor(ref)}")

    def pace_word(p: mastery.GoalProgress) -> Markup:
        return t(f"pace_{p.pace}") if p.pace else t("no_target")

    context = {
        "plan": plan,
        "school": school_name,
        "results": results,
        "progress": progress,
        "today": day.isoformat(),
        "t": t,
        "status_word": status_word,
        "anchor": anchor,
        "objective_link": objective_link,
        "progress_bar": progress_bar,
        "pace_word": pace_word,
        "goal_link": lambda goal_id, page: page.link(f"goals/{goal_id}.md"),
        # Activities built on the student's own interests come first.
        "activities_for": lambda o: sorted(
            o.activities, key=lambda a: a.interest.casefold() not in interests
        ),
        "titles": lambda refs: ", ".join(plan.objectives[r].title for r in refs),
        "rule": lambda o: _rule(o, t, words),
        "result_text": lambda r: _result(r, t),
        "by": lambda name: _by(plan, name, t),
        "kind": lambda k: t(f"kind_{k}") if f"kind_{k}" in words else md(k),
        "counts": lambda e: _counts(plan, e),
        "published": published,
        "file_href": lambda name, page: page.link(f"evidence/{published[name]}"),
        "is_image": lambda name: PurePosixPath(name).suffix.lower() in IMAGES,
        "safe_link": lambda url: "" if unsafe_link(url) else url,
        "next_up": [
            r
            for layer in graph.path_order(results)
            for r in layer
            if results[r].status in (mastery.IN_PROGRESS, mastery.READY)
        ],
        "path_layers": graph.path_order(results),
        "counts_by_status": {
            s: sum(r.status == s for r in results.values()) for s in mastery.STATUSES
        },
        "mastered_total": sum(r.status == mastery.MASTERED for r in results.values()),
    }
    labels = {ref: o.title for ref, o in plan.objectives.items()} | words
    pages: dict[str, str] = {}

    def page(name: str, template: str, **extra: object) -> None:
        pages[name] = env.get_template(template).render(context, page=Page(name), **extra)

    page("index.md", "home.md.j2")
    graph_page = Page("path.md")
    context["graph_svg"] = graph.draw(
        results,
        labels,
        {ref: objective_link(ref, graph_page).replace(".md#", ".html#") for ref in results},
        words["path_graph_title"].format(name=plan.name),
        words["graph_desc"].format(n=len(results), **context["counts_by_status"]),
    )
    page("path.md", "path.md.j2")
    for goal in plan.goals:
        page(f"goals/{goal.id}.md", "goal.md.j2", goal=goal)
    page("evidence.md", "evidence.md.j2")
    page("reflections.md", "reflections.md.j2")
    page("report.md", "report.md.j2")
    nav = [
        {words["nav_home"]: "index.md"},
        {words["nav_path"]: "path.md"},
        {words["nav_goals"]: [{g.title: f"goals/{g.id}.md"} for g in plan.goals]},
        {words["nav_evidence"]: "evidence.md"},
        {words["nav_reflections"]: "reflections.md"},
        {words["nav_report"]: "report.md"},
    ]
    title = words["site_title"].format(name=plan.name)
    return SiteSpec(plan.id, title, language, pages, nav, files)


def _rule(objective: Objective, t, words: dict[str, str]) -> Markup:  # noqa: ANN001
    s = objective.settings
    who = Markup(words["who_sep"]).join(t(f"role_{r}") for r in s.assessed_by)
    level = s.level.capitalize()
    if s.method == "n_mastery":
        return t("rule_n_mastery", count=s.count, who=who, level=level)
    method = t(f"method_{s.method}", who=who, weight=s.weight)
    return t("rule_text", method=method, level=level)


def _result(result: mastery.ObjectiveResult, t) -> Markup:  # noqa: ANN001
    s = result.objective.settings
    if result.score is None:
        return t("no_result")
    if s.method == "n_mastery":
        return t(
            "result_count",
            score=int(result.score),
            count=s.count,
            level=s.level.capitalize(),
            n=len(result.counted),
        )
    score = rounded(result.score)
    reached = s.scale[min(int(score + mastery.EPSILON), len(s.scale)) - 1].capitalize()
    return t("result_value", score=f"{score:g}", level=reached, n=len(result.counted))


def _by(plan: Plan, name: str, t) -> Markup:  # noqa: ANN001
    return t("by", name=name, role=t(f"role_{plan.role_of(name)}"))


def _counts(plan: Plan, entry) -> bool:  # noqa: ANN001
    objective = plan.objectives.get(entry.objective)
    return objective is not None and plan.role_of(entry.by) in objective.settings.assessed_by


def _evidence_files(plan: Plan, plans_root: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Copy the evidence files that may be published; return site files and name -> path."""
    folder = plans_root / "students" / plan.id
    files, published = {}, {}
    for entry in plan.evidence:
        name = entry.file
        if name and PurePosixPath(name).suffix.lower() in PUBLISHED_FILES:
            published[name] = PurePosixPath(name.replace("\\", "/")).as_posix()
            files[f"evidence/{published[name]}"] = (folder / name).read_bytes()
    return files, published


def render_golden(student_id: str, plans_dir: Path | None = None) -> dict[str, str]:
    """One example student's pages and nav as text: what tests/golden/ holds."""
    import json

    from generator.validate import check

    plans = plans_dir or TEMPLATES.parent / "plans"
    project = check(plans)
    spec = render_site(
        project.plans[student_id], project.school.name, plans, environment(), mastery.today()
    )
    nav = json.dumps(spec.nav, indent=2, ensure_ascii=False) + "\n"
    return {**spec.pages, "nav.json": nav}
