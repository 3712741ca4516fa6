"""The pieces under import-case: YAML scalars that read back exactly, positions in JSON, and
statements with markup shown as text on a built site."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.load import Document, parse_text
from generator.standards import import_case, library, position
from generator.standards.selection import Selection

from .conftest import ROOT


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_statement_reads_back_as_the_same_text(value: str) -> None:
    value = value.replace("\r", "")  # statements come with their line ends normalized
    lines = library.field_lines("title", value, 4)
    doc = parse_text(Document(Path("x.yml"), "x.yml", "skill:\n" + "\n".join(lines) + "\n"))
    assert doc.problems == []
    assert doc.tree["skill"]["title"].text == value


def test_plain_scalars_where_a_person_would_write_them_plain() -> None:
    assert library.scalar("Compare two fractions, e.g., 1/2 and 2/4.") == (
        "Compare two fractions, e.g., 1/2 and 2/4."
    )
    assert library.scalar("Number and Operations—Fractions") == "Number and Operations—Fractions"
    assert library.scalar("Note: use models") == '"Note: use models"'
    assert library.scalar("no") == '"no"'
    assert library.scalar("4.5") == '"4.5"'
    assert library.scalar("[draft] Add") == '"[draft] Add"'
    assert library.scalar("a\u2028b") == '"a\\u2028b"'


PACKAGE = """{
  "CFDocument": {"identifier": "d", "title": "T"},
  "CFItems": [
    {"identifier": "a", "fullStatement": "One"},
    {"identifier": "b", "notes": {"x": [1, "}"]}, "fullStatement": "Two \\"quoted\\""}
  ],
  "CFAssociations": []
}"""


def test_positions_of_values_in_a_json_file() -> None:
    assert position.locate(PACKAGE, ("CFItems", 0)) == (4, 5)
    assert position.locate(PACKAGE, ("CFItems", 1)) == (5, 5)
    assert position.locate(PACKAGE, ("CFItems", 1, "fullStatement")) == (5, 68)
    assert position.locate(PACKAGE, ("CFAssociations",)) == (7, 21)
    assert position.locate(PACKAGE, ("CFAssociations", 3)) == (7, 21)  # nearest that exists
    wrapped = json.dumps({"CFPackage": json.loads(PACKAGE)})
    assert position.locate(wrapped, ("CFPackage", "CFItems", 1)) == (1, 122)


def test_a_statement_with_a_script_shows_literally_on_the_built_site(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests" / "plans" / "valid" / "everything" / "plans", plans)
    outcome = import_case(
        ROOT / "tests" / "case" / "markup.json", plans, "pasted", Selection(), False
    )
    assert outcome.written
    assert [p.rule for p in outcome.problems] == ["case-markup"]
    plan = plans / "students" / "zoe-2.yml"
    plan.write_text(
        plan.read_text().replace(
            "      - skill: lib/a\n", "      - skill: lib/a\n      - skill: pasted/4-f-1\n"
        )
    )
    result = build(plans, tmp_path / "site")
    assert not result.failed, result.problems
    page = (tmp_path / "site" / "zoe-2" / "goals" / "g.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "<b>two</b>" not in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Compare <b>two</b> fractions<script>alert(1)</script>" in shown


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.sampled_from(["a", "b"])
)
NODE = st.one_of(SCALARS, st.fixed_dictionaries({"identifier": st.sampled_from(["a", "b", "d"])}))
ITEM = st.fixed_dictionaries(
    {
        "identifier": st.sampled_from(["a", "b", "c", "d"]),
        "fullStatement": st.text(min_size=1) | st.just("<p>Add</p>\nwith models") | st.none(),
    },
    optional={
        "humanCodingScheme": st.one_of(SCALARS, st.just("X.4.NF.A.1")),
        "CFItemType": SCALARS,
        "educationLevel": st.one_of(SCALARS, st.lists(SCALARS, max_size=3)),
        "notes": SCALARS,
    },
)
ASSOCIATION = st.fixed_dictionaries(
    {},
    optional={
        "associationType": st.sampled_from(["isChildOf", "precedes", "exemplar", ""]),
        "originNodeURI": NODE,
        "destinationNodeURI": NODE,
        "sequenceNumber": SCALARS,
    },
)
# Mostly sound packages with odd values everywhere (broken shapes have their own tests).
PACKAGES = st.fixed_dictionaries(
    {
        "CFDocument": st.fixed_dictionaries({"identifier": st.just("d")}),
        "CFItems": st.lists(ITEM, max_size=6, unique_by=lambda item: item["identifier"]),
    },
    optional={"CFAssociations": st.lists(ASSOCIATION | SCALARS, max_size=8)},
)


@settings(max_examples=150, deadline=None)
@given(package=PACKAGES, wrapped=st.booleans(), level=st.sampled_from([(), ("4",)]))
def test_any_package_gives_a_valid_library_or_problems_never_an_exception(
    tmp_path_factory, package: dict, wrapped: bool, level: tuple
) -> None:
    work = tmp_path_factory.mktemp("fuzz")
    (work / "plans" / "students").mkdir(parents=True)
    source = work / "package.json"
    source.write_text(json.dumps({"CFPackage": package} if wrapped else package))
    outcome = import_case(source, work / "plans", "fuzz", Selection(levels=level), False)
    written = work / "plans" / "library" / "fuzz.yml"
    assert outcome.written == written.exists()
    if outcome.written:
        from generator.checking.validate import check

        assert [p for p in check(work / "plans").problems if p.path.endswith("fuzz.yml")] == []
    else:
        assert [p for p in outcome.problems if p.level == "error"]


def test_levels_compare_as_numbers_only_when_int_reads_them() -> None:
    """Hypothesis found "¹": str.isdigit() accepts it, int() refuses it (a traceback)."""
    from generator.standards.selection import _level

    assert [_level(v) for v in ("04", " 4 ", "¹", "k", "٤")] == ["4", "4", "¹", "K", "4"]
