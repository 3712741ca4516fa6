"""Whatever a plan's text holds, the site shows it as text: a property test through the whole
pipeline (YAML file, validation, Markdown, MkDocs + Material HTML)."""

from __future__ import annotations

import html
import json
import re
import shutil
import urllib.parse
from html.parser import HTMLParser
from xml.etree import ElementTree

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
        ]
    ),
)


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
    assert note in shown
    goal = html.unescape(
        re.sub(r"<[^>]+>", "", (work / "site" / "zoe-2" / "goals" / "g.html").read_text())
    )
    assert title in goal
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
            and not _our_chart(v)
        ]
        assert tags.scripts == tags.expected_scripts  # no script but Material's own


CHART_TAGS = {"svg", "title", "desc", "path", "polyline", "text"}
CHART_ATTRIBUTES = {"xmlns", "viewBox", "role", "font-family", "font-size", "font-weight"}
CHART_ATTRIBUTES |= {"d", "points", "x", "y", "text-anchor", "fill"}
CHART_ATTRIBUTES |= {"stroke", "stroke-width", "stroke-dasharray", "stroke-linecap"}


def _our_chart(src: str) -> bool:
    """A chart the site drew (chart.py): an SVG image of known elements and attributes only,
    so the plan's words in it are text, never an element, attribute or reference."""
    if not src.startswith("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'"):
        return False
    svg = ElementTree.fromstring(urllib.parse.unquote(src.split(",", 1)[1]))
    return all(
        e.tag.split("}")[-1] in CHART_TAGS and set(e.attrib) <= CHART_ATTRIBUTES for e in svg.iter()
    )


class Tags(HTMLParser):
    """Every attribute of every tag, and how many <script> elements a page has."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts = 0
        self.expected_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += attrs
        if tag == "script":
            self.scripts += 1
            # Material's: its bundle, its config (JSON) and its inline boot scripts.
            if dict(attrs).get("src", "").startswith("../") or "id" in dict(attrs) or not attrs:
                self.expected_scripts += 1
