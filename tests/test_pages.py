"""Page bodies as HTML: plan text is escaped once and shown literally, headings carry ids and
make the outline, links point at .html pages, and the nav lists the pages in reading order."""

from __future__ import annotations

import dataclasses
import html
import shutil
from pathlib import Path

import pytest

from generator.checking.validate import check
from generator.html.search import page_entries
from generator.rendering.outline import Outline, slug
from generator.rendering.render import PageTools, Words, anchor, environment, render_site
from generator.sitespec import Heading, NavItem

from .conftest import ROOT, TODAY

BASE = ROOT / "tests" / "plans" / "valid" / "everything" / "plans"
TITLE = "x\r# INJECTED <script>alert(1)</script> *em* `c` [a](javascript:alert(1))"
DESCRIPTION = "  1. one\n\n> quote {: onclick=alert(1) }\u2028- item\u2029\u2029!!! note\x85??? d"
NOTE = "a\\ | b | &lt; **b** _u_ ---\r\n# h\n\n  <!-- x --> second"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, object]:
    """zoe-2's pages, with hostile text in an objective's title and description, in a note,
    and (past validation, which refuses it) a javascript: link on the evidence."""
    plans = tmp_path_factory.mktemp("hostile") / "plans"
    shutil.copytree(BASE, plans)
    path = plans / "students" / "zoe-2.yml"
    text = path.read_text().replace(
        "title: Own objective",
        f"title: {_quoted(TITLE)}\n        description: {_quoted(DESCRIPTION)}",
    )
    path.write_text(text.replace("kind: project", f"kind: project\n    note: {_quoted(NOTE)}"))
    project = check(plans, TODAY)
    assert [str(p) for p in project.problems] == []
    plan = project.plans["zoe-2"]
    evidence = [dataclasses.replace(plan.evidence[0], link="javascript:alert(1)")]
    plan = dataclasses.replace(plan, evidence=evidence + list(plan.evidence[1:]))
    spec = render_site(plan, project.school, plans, environment(), TODAY)
    return {page.path: page for page in spec.pages}


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _section(body: str, start: str, end: str) -> str:
    return body[body.index(start) : body.index(end, body.index(start))]


def test_a_hostile_title_and_description_show_literally(pages) -> None:
    body = pages["goals/g.html"].body
    assert _section(body, '<h2 id="obj-own">', "<p><strong>Things to try") == (
        '<h2 id="obj-own"><bdi>x # INJECTED &lt;script&gt;alert(1)&lt;/script&gt; *em* `c` '
        "[a](javascript:alert(1))</bdi></h2>\n"
        "<ul>\n"
        "<li><strong>Status:</strong> ⊘ Locked</li>\n"
        "<li><strong>How it is mastered:</strong> Mastered when the latest level reached by "
        "teacher or other evidence reaches Meeting.</li>\n"
        "<li><strong>Current result:</strong> no teacher evidence yet</li>\n"
        '<li><strong>Needs first:</strong> <a href="g.html#obj-lib-b"><bdi>Skill B</bdi></a> '
        "(○ Ready to start)</li>\n"
        "</ul>\n"
        '<p dir="auto">1. one</p>\n'
        '<p dir="auto">&gt; quote {: onclick=alert(1) } - item</p>\n'
        '<p dir="auto">!!! note ??? d</p>\n'
    )
    assert pages["goals/g.html"].headings[-1] == Heading(
        2, "obj-own", "x # INJECTED <script>alert(1)</script> *em* `c` [a](javascript:alert(1))"
    )


def test_a_hostile_note_shows_literally_and_an_unsafe_link_is_dropped(pages) -> None:
    body = pages["evidence.html"].body
    assert _section(body, '<h2 id="2026-11-24-skill-a">', '<h2 id="2026-10-02') == (
        '<h2 id="2026-11-24-skill-a">Nov 24, 2026 — <bdi>Skill A</bdi></h2>\n'
        "<p><strong>Meeting</strong> · project · <bdi>Tutor Lee</bdi> (other) · <em>counts "
        "toward mastery</em></p>\n"
        '<p dir="auto">a\\ | b | &amp;lt; **b** _u_ --- # h</p>\n'
        '<p dir="auto">&lt;!-- x --&gt; second</p>\n'
        '<p><img alt="a\\ | b | &amp;lt; **b** _u_ --- # h &lt;!-- x --&gt; second" '
        'loading="lazy" src="evidence/photos/strips.png"></p>\n'
    )
    assert "javascript:" not in body.replace("[a](javascript:alert(1))", "")


def test_links_typed_in_a_plan_are_marked_as_such(pages) -> None:
    """The build checks every link the site makes; a link from a plan is the plan's own."""
    body = pages["goals/g.html"].body
    body = body[body.index('<h2 id="obj-own">') :]
    assert _section(body, "<p><strong>Things to try", "<p><strong>Evidence") == (
        "<p><strong>Things to try</strong></p>\n"
        "<ul>\n"
        '<li><a class="lp-plan-link" href="notes/own.html"><bdi>Relative link</bdi></a></li>\n'
        '<li><a class="lp-plan-link" href="mailto:t@example.org"><bdi>Mail the teacher</bdi></a>'
        "</li>\n"
        "</ul>\n"
    )


def test_a_note_in_a_list_stays_in_its_item(pages) -> None:
    body = pages["goals/g.html"].body
    assert (
        "· <em>counts toward mastery</em> — <bdi>a\\ | b | &amp;lt; **b** _u_ --- # h "
        "&lt;!-- x --&gt; second</bdi></li>\n</ul>\n" in body
    )


def test_the_outline_is_every_heading_with_its_id_in_order(pages) -> None:
    goal = pages["goals/g.html"]
    assert [(h.level, h.id) for h in goal.headings] == [
        (1, "goal"),
        (2, "lp-progress"),
        (2, "checklist"),
        (2, "obj-lib-a"),
        (2, "obj-lib-b"),
        (2, "obj-own"),
    ]
    assert goal.title == "Goal"
    for page in pages.values():
        assert page.title == page.headings[0].title and page.headings[0].level == 1
        for h in page.headings:
            assert f'<h{h.level} id="{h.id}">' in page.body
    home = pages["index.html"]
    assert home.headings[0] == Heading(1, "hello-zoe-btwob", "Hello, Zoë <b>Two</b>!")
    assert home.body.startswith(
        '<h1 id="hello-zoe-btwob">Hello, <bdi>Zoë &lt;b&gt;Two&lt;/b&gt;</bdi>!</h1>'
    )
    assert '<h3 id="goal"><a href="goals/g.html"><bdi>Goal</bdi></a></h3>' in home.body


def test_made_up_ids_are_unique_and_never_take_a_reserved_form() -> None:
    outline = Outline()
    texts = ("Notes", "Notes", "Notes", "漢字", "漢字", "¡!", "¡!")
    made = [outline.heading(2, text) for text in texts]
    made.append(outline.heading(2, "obj lib a"))
    made.append(outline.heading(2, "Progress", id="lp-progress"))
    assert [h.id for h in outline.headings] == [
        "notes",
        "notes_1",
        "notes_2",
        "漢字",  # Chinese words make their own id (docs/translating.md, "Heading ids")
        "漢字_1",
        "_1",  # no letter or digit at all: a counted id
        "_2",
        "h-obj-lib-a",
        "lp-progress",
    ]
    assert made[3] == '<h2 id="漢字">漢字</h2>'
    assert slug("¿Qué cambió desde el 2026-11-17?") == "que-cambio-desde-el-2026-11-17"


def test_links_are_relative_to_the_page_and_point_at_html_files() -> None:
    home, goal = PageTools("index.html"), PageTools("goals/fractions.html")
    assert home.link("goals/fractions.html#obj-a") == "goals/fractions.html#obj-a"
    assert goal.link("goals/fractions.html#obj-a") == "fractions.html#obj-a"
    assert goal.link("goals/reading.html") == "reading.html"
    assert goal.link("index.html") == "../index.html"
    assert home.file_link("niño (1).png") == "evidence/ni%C3%B1o%20%281%29.png"
    assert goal.file_link("a#b?.png") == "../evidence/a%23b%3F.png"


def test_labels_escape_their_own_text_and_their_parameters_once() -> None:
    project = check(ROOT / "plans", TODAY)
    words = Words(project.plans["ava-m"], project.school)
    words.catalog = {**words.catalog, "hello": "Q&A <{name}>"}
    # Text from the plan is isolated, and said in the plan's language (English) on a
    # Spanish page.
    assert words("hello", name="<b>Zoë</b> & co\r\nx") == (
        'Q&amp;A &lt;<bdi lang="en">&lt;b&gt;Zoë&lt;/b&gt; &amp; co x</bdi>&gt;'
    )
    # A label inside a label is HTML already: it is not escaped twice.
    assert words("by", name="A & B", role=words("role_teacher")) == (
        '<bdi lang="en">A &amp; B</bdi> (docente)'
    )


def test_the_nav_lists_every_page_in_reading_order() -> None:
    project = check(ROOT / "plans", TODAY)
    spec = render_site(
        project.plans["liam-o"], project.school, ROOT / "plans", environment(), TODAY
    )
    assert spec.nav == (
        NavItem("Home", "index.html"),
        NavItem("Learning path", "path.html"),
        NavItem(
            "Goals",
            children=(
                NavItem("Add and subtract fractions", "goals/fraction-sums.html"),
                NavItem("Read closely and explain what a story says", "goals/reading-science.html"),
            ),
        ),
        NavItem("Evidence", "evidence.html"),
        NavItem("Reflections", "reflections.html"),
        NavItem("Progress report", "report.html"),
    )
    assert [p.path for p in spec.pages] == [
        "index.html",
        "path.html",
        "goals/fraction-sums.html",
        "goals/reading-science.html",
        "evidence.html",
        "reflections.html",
        "report.html",
    ]
    # The name is one unit in a title of either direction (U+2068 ... U+2069).
    assert spec.title == "\u2068Liam O.\u2069 — learning path"


def test_no_page_template_is_left_in_markdown() -> None:
    templates = sorted(p.name for p in (ROOT / "templates" / "pages").iterdir())
    assert [t for t in templates if not t.endswith(".html.j2")] == []
    assert Path(environment().loader.searchpath[0]) == ROOT / "templates" / "pages"


def test_blocks_for_a_schools_templates_are_the_html_materials_css_styles() -> None:
    template = environment().from_string(
        '{% import "_blocks.html.j2" as blocks %}'
        '{% call blocks.admonition("tip", title) %}<p>x</p>{% endcall %}'
        '{% call blocks.details("note", "Why") %}<p>y</p>{% endcall %}'
        "{{ blocks.task_list([(true, title), (false, 'Not yet')]) }}"
    )
    box = (
        '<label class="task-list-control"><input type="checkbox" disabled{}>'
        '<span class="task-list-indicator"></span></label>'
    )
    assert template.render(title="At <home> & more") == (
        '<div class="admonition tip">\n'
        '<p class="admonition-title">At &lt;home&gt; &amp; more</p>\n'
        "<p>x</p>\n"
        "</div>\n"
        '<details class="note">\n'
        "<summary>Why</summary>\n"
        "<p>y</p>\n"
        "</details>\n"
        '<ul class="task-list">\n'
        f'<li class="task-list-item">{box.format(" checked")} At &lt;home&gt; &amp; more</li>\n'
        f'<li class="task-list-item">{box.format("")} Not yet</li>\n'
        "</ul>\n"
    )


@pytest.mark.parametrize("student", ["ava-m", "liam-o", "mia-c", "noah-t"])
def test_search_finds_each_piece_of_evidence_beside_its_objective(student: str) -> None:
    """The evidence log repeats what each objective's section lists: an entry is searched on
    the log only for what it adds (a file, a link), so a family's search finds a piece of
    evidence once, where its objective's status and tips are, and its file or link too."""
    project = check(ROOT / "plans", TODAY)
    plan = project.plans[student]
    spec = render_site(plan, project.school, ROOT / "plans", environment(), TODAY)
    docs = [entry for page in spec.pages for entry in page_entries(page)]
    goal = {o.ref: g.id for g in plan.goals for o in g.objectives}
    extras = [e for e in plan.evidence if e.file or e.link]
    logged = [d for d in docs if d["location"].startswith("evidence.html#")]
    assert len(logged) == len(extras) == EXTRAS[student]
    day = Words(plan, project.school).date  # "Oct 2, 2026", "2 oct 2026"
    for e, entry in zip(sorted(extras, key=lambda e: e.date, reverse=True), logged, strict=True):
        assert entry["title"].startswith(f"{day(e.date)} — ")
        assert not e.link or e.link in entry["text"]  # a file is a picture or a link to it
    notes = [e.note for e in plan.evidence]
    for e in (e for e in plan.evidence if e.note and notes.count(e.note) == 1):
        said = f"{day(e.date)} · "
        hits = [d for d in docs if said in d["text"] and e.note in html.unescape(d["text"])]
        assert [d["location"] for d in hits if not d["location"].startswith("evidence")] == [
            f"goals/{goal[e.objective]}.html#{anchor(e.objective)}"
        ], e


EXTRAS = {"ava-m": 1, "liam-o": 1, "mia-c": 1, "noah-t": 0}  # evidence with a file or a link


def test_drawings_stay_out_of_search_their_figures_are_in_words() -> None:
    project = check(ROOT / "plans", TODAY)
    spec = render_site(project.plans["ava-m"], project.school, ROOT / "plans", environment(), TODAY)
    path, goal = (
        next(p for p in spec.pages if p.path == name)
        for name in ("path.html", "goals/fractions.html")
    )
    assert "<svg" in path.body and "<svg" in goal.body
    # The graph's labels were glued into words ("modelos✓ DominadoComparar"): now only the
    # page's own sentence, and its list in order, which says the same.
    assert page_entries(path)[0]["text"] == (
        "Cada recuadro es un objetivo; cada flecha va de lo que viene primero a lo que desbloquea."
    )
    progress = next(e for e in page_entries(goal) if e["location"].endswith("#lp-progress"))
    assert "Hoy" not in progress["text"] and "Meta" not in progress["text"]
    # The chart's table, with dates and decimals as Spanish writes them.
    assert progress["text"].endswith("16 nov 2026 2 2 24 nov 2026 2 2,2")
