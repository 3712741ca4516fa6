"""Whatever a plan's text holds, the site shows it as text: a property test through the whole
pipeline (YAML file, validation, the page templates, the theme's HTML)."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build import build

from .conftest import ROOT

BASE = ROOT / "tests" / "plans" / "valid" / "everything" / "plans"
# Printable text on one line: Markdown expands tabs, and YAML refuses control characters.
TEXT = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "![x](https://evil.example/t.png)",
            "{: onclick=alert(1) }",
            "# heading",
            "1. one",
            "!!! note",
            "??? note",
            "---",
            "> quote",
            "`code` *em* _em_ **b**",
            "&lt;b&gt; &amp; &#60;",
            "<!-- x -->",
            "a\\",
            "| a | b |",
            # Line breaks other than LF: Markdown (and YAML 1.1) break lines at them too.
            "x\r# INJECTED",
            "x\r\n- item",
            "a\u2028# b",
            "a\x85> quote",
            "a\u2029\u20291. one",
        ]
    ),
    st.text(
        alphabet=st.sampled_from(list("\r\x85\u2028\u2029#->1. x")), min_size=1, max_size=12
    ).map(lambda t: f"a{t}z"),  # breaks inside text, not blanks at its ends
)
BREAKS = ("\r", "\n", "\x85", "\u2028", "\u2029")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's, with characters beyond the BMP as themselves)."""
    return json.dumps(text, ensure_ascii=False)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=HOSTILE, note=HOSTILE)
def test_any_text_in_a_plan_is_shown_literally(tmp_path_factory, title: str, note: str) -> None:
    work = tmp_path_factory.mktemp("hostile")
    plans = work / "plans"
    shutil.copytree(BASE, plans)
    path = plans / "students" / "zoe-2.yml"
    text = path.read_text().replace("title: Own objective", f"title: {quoted(title)}")
    path.write_text(text.replace("kind: project", f"kind: project\n    note: {quoted(note)}"))
    result = build(plans, work / "site")
    assume(not result.failed)  # text YAML itself refuses is a located problem, tested elsewhere
    assert result.built == ["zoe-2"]
    page = (work / "site" / "zoe-2" / "evidence.html").read_text()
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert _as_shown(note) in _as_shown(shown) if _breaks(note) else note in shown
    goal = html.unescape(
        re.sub(r"<[^>]+>", "", (work / "site" / "zoe-2" / "goals" / "g.html").read_text())
    )
    assert _as_shown(title) in _as_shown(goal) if _breaks(title) else title in goal
    for name in ("evidence.html", "goals/g.html"):
        tags = Tags()
        tags.feed((work / "site" / "zoe-2" / name).read_text())
        assert not [a for a in tags.attributes if a[0].startswith("on")]  # no event handler
        assert not [
            v
            for k, v in tags.attributes
            if k in ("href", "src")
            and v
            and v.strip().lower().startswith(("javascript:", "data:", "//", "https://evil"))
        ]
        assert not tags.strays  # the plan's words in a chart (the goal page's) are text
        assert (tags.charts > 0) == (name == "goals/g.html")
        assert tags.scripts == tags.expected_scripts  # no script but Material's own


def _breaks(text: str) -> bool:
    return any(b in text for b in BREAKS)


def _as_shown(text: str) -> str:
    """Text with line breaks as a page shows it: lines joined by single spaces."""
    return " ".join(text.split())


LINE_BREAKS = set("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # str.splitlines' breaks
TEXT_ANY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\r\n\x85\u2028\u2029\t #->!?=*+_`|:~%1.)[]{}<&\"'")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
)


class Parts(HTMLParser):
    """The elements of an HTML fragment, and the text in each <p> (or outside any)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.texts.append("")

    def handle_data(self, data: str) -> None:
        self.texts[-1] += data


def _parts(fragment: str) -> Parts:
    parts = Parts()
    parts.feed(fragment)
    parts.close()
    return parts


@settings(max_examples=300, deadline=None)
@given(TEXT_ANY)
def test_plan_text_in_a_page_is_text_on_one_line(text: str) -> None:
    """Whatever a text field holds, `{{ value }}` gives its text and no element: every line
    break (CR, NEL, LS, PS...) one space, `<`, `&` and quotes escaped."""
    from generator.rendering.render import environment

    out = environment().from_string("{{ value }}").render(value=text)
    parts = _parts(out)
    assert parts.tags == []
    assert not set(parts.texts[0]) & LINE_BREAKS
    assert parts.texts[0].split() == text.split()


@settings(max_examples=300, deadline=None)
@given(TEXT_ANY)
def test_plan_text_with_several_lines_is_paragraphs_only(text: str) -> None:
    """The `paragraphs` filter: one <p> for each part between blank lines, nothing else."""
    from generator.rendering.render import environment

    template = "{% for p in value|paragraphs %}<p>{{ p }}</p>{% endfor %}"
    parts = _parts(environment().from_string(template).render(value=text))
    lines = [line.strip() for line in text.splitlines()]
    blocks = "\n".join(lines).split("\n\n")  # a blank line ends a paragraph
    assert parts.tags == ["p"] * sum(bool(b.strip()) for b in blocks)
    assert all(p.strip() and not set(p) & LINE_BREAKS for p in parts.texts[1:])
    assert [w for p in parts.texts for w in p.split()] == text.split()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_categories=("Cs", "Cc"), whitelist_characters="\x85\u2028\u2029"
            ),
            max_size=12,
        ),
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_reported_lines_count_breaks_as_yaml_1_2(texts: list[str], newline: str) -> None:
    """NEL, LS and PS inside quoted text are not line breaks (YAML 1.2, editors): a problem
    after them is reported on the line an editor shows, whatever the file's line endings."""
    from pathlib import Path

    from generator.checking import schema
    from generator.checking.shape import Shaper
    from generator.load import Document, parse_text

    lines = [f"k{i}: {quoted(t)}" for i, t in enumerate(texts)] + ["zzz: 1", ""]
    doc = parse_text(Document(Path("x.yml"), "x.yml", newline.join(lines)))
    assert doc.problems == [] and doc.tree is not None
    shaper = Shaper("x.yml")
    shaper.record(doc.tree, schema.PLAN)
    where = [(p.line, p.column) for p in shaper.problems if "'zzz'" in p.message]
    assert where == [(len(texts) + 1, 1)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("./-_aZ\\ ~")), min_size=1, max_size=12))
def test_no_student_id_reaches_outside_the_students_folder(tmp_path_factory, student_id) -> None:
    """Whatever is typed as a student id, a command writes nothing but students/<id>.yml."""
    from click.testing import CliRunner

    from generator.cli import main

    work = tmp_path_factory.mktemp("ids")
    shutil.copytree(BASE, work / "repo" / "plans")
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    args = ["--objective", "lib/a", "--level", "proficient", "--by", "Ms. T", "--kind", "quiz"]
    result = CliRunner().invoke(
        main,
        ["evidence", "add", student_id, "--plans", str(work / "repo" / "plans"), *args],
        catch_exceptions=False,
    )
    after = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert result.exit_code in (1, 2)
    assert changed == set()  # no such student here: nothing anywhere changes


# What a chart the site drew (chart.py) is made of; the plan's words in it (an objective's
# title) must stay text, never an element, attribute or reference. HTMLParser lowers names.
CHART_TAGS = {"title", "desc", "path", "polyline", "text"}
CHART_ATTRIBUTES = {"class", "d", "points", "x", "y", "text-anchor"}


class Tags(HTMLParser):
    """Every attribute of every tag, how many <script> elements a page has, and inside the
    site's charts, any element or attribute a chart is not made of (strays)."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts = 0
        self.expected_scripts = 0
        self.charts = 0
        self.in_chart = False
        self.strays: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += attrs
        if self.in_chart and (tag not in CHART_TAGS or {k for k, _ in attrs} - CHART_ATTRIBUTES):
            self.strays.append((tag, attrs))
        if tag == "svg" and (dict(attrs).get("class") or "").startswith("lp-chart "):
            self.charts += 1
            self.in_chart = True
        if tag == "script":
            self.scripts += 1
            # Material's: its bundle, its config (JSON) and its inline boot scripts.
            if dict(attrs).get("src", "").startswith("../") or "id" in dict(attrs) or not attrs:
                self.expected_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self.in_chart = self.in_chart and tag != "svg"
