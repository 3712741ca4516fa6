"""`learnpath library import-case`: CASE packages in, libraries a person would write out.

The packages in tests/case/ are hand-made after real CASE 1.0/1.1 packages (OpenSALT and the
CASE Network serve them this way); tests/case/expected/ holds the exact libraries, and
tests/case/school/nf4.yml the first import with a school's work added to it. After a deliberate
change of the output, write them again with the commands the tests run (in a copy of plans/):

    learnpath library import-case tests/case/ccss-math.json --id nf4 --level 4 --under 4.NF \
        --type Standard --type Component                 # -> expected/nf4.yml
    cp tests/case/school/nf4.yml plans/library/ && learnpath library import-case \
        tests/case/ccss-math-2026.json --id nf4 ... --update   # -> expected/nf4-updated.yml

and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from generator.checking.validate import check
from generator.cli import main

from .conftest import ROOT

CASES = ROOT / "tests" / "case"
GRADE4 = ["--level", "4", "--under", "4.NF", "--type", "Standard", "--type", "Component"]
MATH_WARNINGS = (
    "ccss-math.json:439:5: warning: 'CCSS.Math.Content.3.NF.A.1' precedes "
    "'CCSS.Math.Content.4.NF.A.1', but 'CCSS.Math.Content.3.NF.A.1' is not selected: "
    "no prerequisite [case-outside]\n"
    "ccss-math.json:460:5: warning: exactMatchOf from 'CCSS.Math.Content.4.NF.A.2' to "
    "'9d0f1c2e-0000-4000-8000-00000000a402' is not imported: "
    "'9d0f1c2e-0000-4000-8000-00000000a402' is outside this framework [case-outside]\n"
    "0 errors, 2 warnings\n"
)


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans folder with the example school, run from its parent; packages copied in."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    for package in CASES.glob("*.json"):
        shutil.copy(package, tmp_path / package.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "plans"


def run(*args: str):
    return CliRunner().invoke(main, ["library", "import-case", *args], catch_exceptions=False)


def test_grade_4_fractions_become_a_library_with_prerequisites_drawn(school: Path) -> None:
    result = run("ccss-math.json", "--id", "nf4", *GRADE4)
    assert result.exit_code == 0
    assert result.stdout == (
        "imported 5 skill(s) from 'Common Core State Standards for Mathematics'\n"
        "wrote plans/library/nf4.yml\n"
    )
    assert result.stderr == MATH_WARNINGS
    assert (school / "library" / "nf4.yml").read_text() == (CASES / "expected/nf4.yml").read_text()


def test_the_written_library_validates_and_matches_its_editor_schema(school: Path) -> None:
    run("ccss-math.json", "--id", "nf4", *GRADE4)
    assert check(school).problems == []
    schema = json.loads((ROOT / "schema" / "library.schema.json").read_text())
    data = json.loads(json.dumps(YAML(typ="safe").load(school / "library" / "nf4.yml")))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_a_package_wrapped_in_cfpackage_imports_the_same_way(school: Path) -> None:
    result = run("ccss-ela-package.json", "--id", "ela-rl4", "--type", "Standard")
    assert result.exit_code == 0
    assert result.stderr == (
        "ccss-ela-package.json:91:7: warning: isRelatedTo from 'CCSS.ELA-Literacy.RI.4.1' to "
        "'CCSS.ELA-Literacy.RL.4.1' is not imported: 'CCSS.ELA-Literacy.RL.4.1' is imported "
        "too, but a library records only precedes (as requires) [case-outside]\n"
        "0 errors, 1 warning\n"
    )
    assert (school / "library" / "ela-rl4.yml").read_text() == (
        "# yaml-language-server: $schema=../../schema/library.schema.json\n"
        '# Imported from the CASE framework "Common Core State Standards for English Language '
        'Arts & Literacy".\n'
        "# To bring in its changes later: learnpath library import-case ccss-ela-package.json "
        "--id ela-rl4 --type Standard --update\n"
        "title: Common Core State Standards for English Language Arts & Literacy\n"
        "case_id: c64961be-d7cb-11e8-824f-0242ac160002\n"
        "skills:\n"
        "  - id: rl-4-1\n"
        "    title: Refer to details and examples in a text when explaining what the text says "
        "explicitly and when drawing inferences from the text.\n"
        "    standard: CCSS.ELA-Literacy.RL.4.1\n"
        "    group: Key Ideas and Details\n"
        "    case_id: 74f2f3a4-d7cc-11e8-824f-0242ac160002\n"
        "\n"
        "  - id: rl-4-2\n"
        "    title: Determine a theme of a story, drama, or poem from details in the text; "
        "summarize the text.\n"
        "    standard: CCSS.ELA-Literacy.RL.4.2\n"
        "    group: Key Ideas and Details\n"
        "    case_id: 74f2f5d4-d7cc-11e8-824f-0242ac160002\n"
        "    requires: [rl-4-1]\n"
        "\n"
        "  - id: ri-4-1\n"
        "    title: Refer to details and examples in a text when explaining what the text says "
        "explicitly and when drawing inferences from the text.\n"
        "    standard: CCSS.ELA-Literacy.RI.4.1\n"
        "    case_id: 74f31b90-d7cc-11e8-824f-0242ac160002\n"
    )


def test_an_update_brings_in_one_changed_statement_and_one_new_item_only(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    before = (CASES / "school" / "nf4.yml").read_text()  # the import, plus the school's work
    library.write_text(before)
    result = run("ccss-math-2026.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    assert result.stdout == (
        "updated 4-nf-a-2: title\nadded 4-nf-b-3-c\nwrote plans/library/nf4.yml\n"
    )
    after = library.read_text()
    assert after == (CASES / "expected" / "nf4-updated.yml").read_text()
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    ][2:]
    assert diff == [
        "@@ -26 +26 @@",
        "-    title: Compare two fractions with different numerators and different denominators, "
        "e.g., by creating common denominators or numerators, or by comparing to a benchmark "
        "fraction such as 1/2.",
        "+    title: Compare two fractions with different numerators and different denominators, "
        "by creating common denominators or numerators, or by comparing to a benchmark "
        "fraction such as 1/2.",
        "@@ -66,0 +67,7 @@",
        "+  - id: 4-nf-b-3-c",
        "+    title: Add and subtract mixed numbers with like denominators.",
        "+    standard: CCSS.Math.Content.4.NF.B.3.c",
        "+    group: Build fractions from unit fractions by applying and extending previous "
        "understandings of operations on whole numbers.",
        "+    case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160010",
        "+    requires: [4-nf-b-3-a]",
        "+",
    ]
    assert check(school).problems == []


def test_an_update_with_nothing_new_leaves_the_file_alone(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    library.write_text((CASES / "expected" / "nf4-updated.yml").read_text())
    stamp = library.stat().st_mtime_ns
    result = run("ccss-math-2026.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    assert result.stdout == (
        "no changes: the library already matches the framework\n"
        "plans/library/nf4.yml is unchanged\n"
    )
    assert library.stat().st_mtime_ns == stamp


def precedes(origin: int, destination: int) -> dict:
    """A precedes association between two items of ccss-math.json, by their number."""
    return {
        "identifier": f"0f3b8a4e-d7cd-11e8-824f-0242ac16{origin:02d}{destination:02d}",
        "uri": "https://case.example.org/ims/case/v1p0/CFAssociations/x",
        "associationType": "precedes",
        "originNodeURI": {"identifier": f"5b1ea9ba-d7cc-11e8-824f-0242ac16{origin:04d}"},
        "destinationNodeURI": {"identifier": f"5b1ea9ba-d7cc-11e8-824f-0242ac16{destination:04d}"},
        "lastChangeDateTime": "2026-06-01T09:00:00+00:00",
    }


def test_an_update_adds_new_prerequisites_and_keeps_the_schools(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    # The school dropped the framework's prerequisite of 4-nf-a-2; it comes back.
    text = (CASES / "school" / "nf4.yml").read_text()
    text = text.replace("    requires: [4-nf-a-1]\n    family_tips", "    family_tips")
    library.write_text(text)
    package = json.loads((school.parent / "ccss-math.json").read_text())
    package["CFAssociations"] += [
        precedes(3, 6),  # 4.NF.A.1 before 4.NF.B.3: the school wrote that one already
        precedes(4, 8),  # 4.NF.A.2 before 4.NF.B.3.b, whose requires is a block list
        precedes(3, 7),  # 4.NF.A.1 before 4.NF.B.3.a, whose requires is a flow list
    ]
    (school.parent / "v2.json").write_text(json.dumps(package))
    result = run("v2.json", "--id", "nf4", *GRADE4, "--update")
    assert result.stdout == (
        "updated 4-nf-a-2: requires\nupdated 4-nf-b-3-a: requires\n"
        "updated 4-nf-b-3-b: requires\nwrote plans/library/nf4.yml\n"
    )
    diff = list(
        difflib.unified_diff(text.splitlines(), library.read_text().splitlines(), lineterm="", n=0)
    )[2:]
    assert diff == [
        "@@ -29,0 +30 @@",
        "+    requires: [4-nf-a-1]",
        "@@ -49 +50 @@",
        "-    requires: [4-nf-b-3]",
        "+    requires: [4-nf-b-3, 4-nf-a-1]",
        "@@ -62,0 +64 @@",
        "+      - 4-nf-a-2",
    ]
    assert check(school).problems == []


def test_without_update_an_existing_library_is_never_overwritten(school: Path) -> None:
    before = (school / "library" / "math4.yml").read_bytes()
    result = run("ccss-math.json", "--id", "math4", *GRADE4)
    assert result.exit_code == 1
    assert result.stderr == (
        "plans/library/math4.yml:1:1: error: library 'math4' already exists; add --update to "
        "bring in changes [duplicate-id]\n"
        "1 error, 0 warnings\n"
        "nothing written: plans/library/math4.yml is unchanged\n"
    )
    assert (school / "library" / "math4.yml").read_bytes() == before


def test_an_update_from_another_framework_is_refused(school: Path) -> None:
    run("ccss-math.json", "--id", "nf4", *GRADE4)
    before = (school / "library" / "nf4.yml").read_bytes()
    result = run("ccss-ela-package.json", "--id", "nf4", "--update")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "plans/library/nf4.yml:5:10: error: this library was imported from the CASE framework "
        "'c6496676-d7cb-11e8-824f-0242ac160002', not from "
        "'c64961be-d7cb-11e8-824f-0242ac160002' (ccss-ela-package.json); nothing was changed "
        "[case-mismatch]"
    )
    assert (school / "library" / "nf4.yml").read_bytes() == before


def test_a_hand_written_library_is_updated_by_standard_code(school: Path) -> None:
    """math4.yml was typed by hand: skills are found by their code, and keep their ids."""
    package = json.loads((school.parent / "ccss-math.json").read_text())
    for item in package["CFItems"]:
        item["humanCodingScheme"] = item["humanCodingScheme"].upper()
    (school.parent / "upper.json").write_text(json.dumps(package))
    result = run("upper.json", "--id", "math4", "--under", "4.NF.A", "--update")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "updated equivalent-fractions: description, group, case_id",
        "updated compare-fractions: group, case_id",
    ]
    assert check(school).problems == []
    before = (ROOT / "plans" / "library" / "math4.yml").read_text().splitlines()
    after = (school / "library" / "math4.yml").read_text().splitlines()
    assert list(difflib.unified_diff(before, after, lineterm="", n=0))[2:] == [
        "@@ -5,0 +6 @@",
        "+case_id: c6496676-d7cb-11e8-824f-0242ac160002",
        "@@ -9,0 +11,3 @@",
        "+    description: Grade 4 expectations are limited to fractions with denominators 2, 3, "
        "4, 5, 6, 8, 10, 12, and 100.",
        "+    group: Extend understanding of fraction equivalence and ordering.",
        "+    case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160003",
        "@@ -49,0 +54,2 @@",  # after its Arabic and Chinese translations
        "+    group: Extend understanding of fraction equivalence and ordering.",
        "+    case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160004",
    ]


def test_removed_and_recoded_items_are_reported_where_plans_use_them(school: Path) -> None:
    (school / "library" / "nf4.yml").write_text((CASES / "school" / "nf4.yml").read_text())
    plan = school / "students" / "ava-m.yml"
    plan.write_text(
        plan.read_text().replace(
            "      - skill: math4/compare-fractions\n",
            "      - skill: math4/compare-fractions\n      - skill: nf4/4-nf-a-2\n"
            "      - skill: nf4/4-nf-b-3-b\n",
        )
    )
    package = json.loads((school.parent / "ccss-math-2026.json").read_text())
    package["CFItems"] = [
        item for item in package["CFItems"] if not item["humanCodingScheme"].endswith("4.NF.B.3.b")
    ]
    for item in package["CFItems"]:
        if item["humanCodingScheme"].endswith("4.NF.A.2"):
            item["humanCodingScheme"] = "CCSS.Math.Content.4.NF.A.3"
    (school.parent / "v3.json").write_text(json.dumps(package))
    result = run("v3.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    problems = [line for line in result.stderr.splitlines() if "case-outside" not in line]
    assert problems == [
        "plans/library/nf4.yml:59:1: warning: skill '4-nf-b-3-b' is no longer in the framework: "
        "it is kept until you delete it; used by plans/students/ava-m.yml [case-removed]",
        "plans/students/ava-m.yml:22:16: warning: 'nf4/4-nf-a-2' now imports "
        "CCSS.Math.Content.4.NF.A.3 (was CCSS.Math.Content.4.NF.A.2): the update keeps its id "
        "so this plan still works; check the plan still means it [case-renamed]",
        "0 errors, 5 warnings",
    ]
    assert "- id: 4-nf-b-3-b\n" in (school / "library" / "nf4.yml").read_text()
    assert [p for p in check(school).problems if p.level == "error"] == []


JUNK = "\n".join(f'"x{i}": {i},' for i in range(10))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "not-json.json",
            '{"CFDocument": {"identifier": "d"},\n  "CFItems": [,]}',
            "not-json.json:2:15: error: not JSON: Expecting value [syntax]",
        ),
        (
            "latin1.json",
            b'{"CFDocument": {"title": "Math\xe9matiques"}}',
            "latin1.json:1:31: error: not UTF-8 text [syntax]",
        ),
        (
            "not-case.json",
            '{"data": [1, 2, 3]}',
            "not-case.json:1:1: error: not a CASE package: expected CFDocument and CFItems at "
            "the top level or inside CFPackage [missing-key]",
        ),
        (
            "items-not-a-list.json",
            '{"CFDocument": {"identifier": "d"},\n "CFItems": {"a": 1}}',
            "items-not-a-list.json:2:13: error: CFItems must be a list, found dict [wrong-type]",
        ),
        (
            "deep.json",
            "[" * 100_000 + "]" * 100_000,
            "deep.json:1:1: error: not JSON: nested too deeply [syntax]",
        ),
        (
            "cycle.json",
            None,
            "cycle.json:17:5: error: precedes associations form a cycle: 'MS.4.F.1' → "
            "'MS.4.F.2' → 'MS.4.F.3' → 'MS.4.F.1' [prerequisite-cycle]",
        ),
        (
            "duplicate-identifier.json",
            None,
            "duplicate-identifier.json:17:5: error: identifier "
            "'0d6f1a52-3c55-4d3c-9d2e-6b1f6f0c0101' is used by two items (the first on line 10) "
            "[duplicate-id]",
        ),
        (
            "no-statement.json",
            None,
            "no-statement.json:17:5: error: item 'MS.4.F.2' has no fullStatement, so the skill "
            "would have no title [missing-key]",
        ),
    ],
)
def test_bad_input_gets_a_located_message_and_writes_nothing(
    school: Path, name: str, content: str | bytes | None, expected: str
) -> None:
    if isinstance(content, str):
        (school.parent / name).write_text(content)
    elif isinstance(content, bytes):
        (school.parent / name).write_bytes(content)
    before = sorted((school / "library").iterdir())
    result = run(name, "--id", "new")
    assert result.exit_code == 1
    assert result.stderr == (f"{expected}\n1 error, 0 warnings\nnothing written\n")
    assert sorted((school / "library").iterdir()) == before


def test_a_50_mb_file_is_refused_before_it_is_read(school: Path) -> None:
    big = school.parent / "big.json"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: nothing is written to disk
    result = run("big.json", "--id", "new")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "big.json:1:1: error: file is 52,428,800 bytes; a CASE package must stay under "
        "20,000,000 [syntax]"
    )
    assert not (school / "library" / "new.yml").exists()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_not_read(school: Path, kind: str) -> None:
    path = school.parent / "pipe.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = run("pipe.json", "--id", "new")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "pipe.json:1:1: error: not a regular file; save the framework's JSON to a file first "
        "[syntax]"
    )


def test_usage_errors_exit_2(school: Path) -> None:
    assert run("ccss-math.json", "--id", "Grade 4").exit_code == 2
    assert run("missing.json", "--id", "nf4").exit_code == 2
    result = run("ccss-math.json", "--id", "nf4", "--plans", "nowhere")
    assert result.exit_code == 2


def test_a_selection_that_matches_nothing_names_what_there_is(school: Path) -> None:
    result = run("ccss-math.json", "--id", "nf4", "--level", "KG")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "ccss-math.json:1:1: error: no item matches the selection; the framework has levels "
        "03, 04 and types Cluster, Component, Domain, Standard [missing-key]"
    )
    result = run("ccss-math.json", "--id", "nf4", "--under", "5.NF")
    assert result.stderr.splitlines()[0] == (
        "ccss-math.json:1:1: error: --under 5.NF: no item of the framework has this coding "
        "scheme [unknown-skill]"
    )


def test_levels_compare_as_grades_and_codes_make_unique_ids(school: Path) -> None:
    package = json.loads((school.parent / "ccss-math.json").read_text())
    for item in package["CFItems"]:
        item["educationLevel"] = "4,5" if item["educationLevel"] == ["04"] else "3"
        if item["humanCodingScheme"].endswith("4.NF.A.2"):
            item["humanCodingScheme"] = "CCSS.Math.Content.4.NF.A.1"  # a publisher's slip
    (school.parent / "slip.json").write_text(json.dumps(package))
    result = run("slip.json", "--id", "nf4", "--level", "04", "--type", "standard")
    assert result.exit_code == 0
    text = (school / "library" / "nf4.yml").read_text()
    ids = [line.split(": ")[1] for line in text.splitlines() if line.startswith("  - id: ")]
    assert ids == ["4-nf-a-1", "4-nf-a-1-2", "4-nf-b-3"]


def test_a_library_over_the_size_limit_is_not_written(
    school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.standards.MAX_LIBRARY_BYTES", 2_000)
    result = run("ccss-math.json", "--id", "nf4", *GRADE4)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("plans/")] == [
        "plans/library/nf4.yml:1:1: error: the library would be 2,849 bytes; a library must "
        "stay under 2,000: select fewer items (--level, --under, --type) [syntax]"
    ]
    assert not (school / "library" / "nf4.yml").exists()


def test_an_update_the_validator_refuses_is_not_written(school: Path) -> None:
    """The school made 4.NF.A.1 wait for 4.NF.B.3; the framework now says the opposite."""
    library = school / "library" / "nf4.yml"
    text = (CASES / "school" / "nf4.yml").read_text()
    text = text.replace(
        "    case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160003\n",
        "    case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160003\n    requires: [4-nf-b-3]\n",
    ).replace(
        "    # Ms. Rivera: equivalence first, our students need it for sums of unit fractions.\n"
        "    requires: [4-nf-a-1]\n",
        "",
    )
    library.write_text(text)
    package = json.loads((school.parent / "ccss-math.json").read_text())
    package["CFAssociations"].append(precedes(3, 6))
    (school.parent / "v2.json").write_text(json.dumps(package))
    result = run("v2.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "plans/library/nf4.yml:13:16: error: prerequisites form a cycle: nf4/4-nf-a-1 → "
        "nf4/4-nf-b-3 → nf4/4-nf-a-1 [prerequisite-cycle]"
    )
    assert result.stderr.splitlines()[-2:] == [
        "1 error, 2 warnings",
        "nothing written: plans/library/nf4.yml is unchanged",
    ]
    assert library.read_text() == text


def test_an_update_keeps_windows_line_ends_and_a_byte_order_mark(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    before = (CASES / "school" / "nf4.yml").read_text()
    library.write_bytes(b"\xef\xbb\xbf" + before.replace("\n", "\r\n").encode())
    result = run("ccss-math-2026.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    expected = (CASES / "expected" / "nf4-updated.yml").read_text().replace("\n", "\r\n")
    assert library.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_update_of_a_broken_library_changes_nothing(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    library.write_text("title: Fractions\nskills:\n  - id: a\n    title: [A\n")
    result = run("ccss-math.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("plans/")] == [
        "plans/library/nf4.yml:1:1: error: fix this library before updating it [syntax]",
        "plans/library/nf4.yml:4:14: error: YAML syntax: did not find expected ',' or ']' [syntax]",
    ]
    assert library.read_text() == "title: Fractions\nskills:\n  - id: a\n    title: [A\n"


def test_update_of_a_library_that_is_not_there_yet_imports_it(school: Path) -> None:
    result = run("ccss-math.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    assert (school / "library" / "nf4.yml").read_text() == (
        (CASES / "expected" / "nf4.yml").read_text()
    )


def test_a_skill_written_on_one_line_is_left_as_it_is(school: Path) -> None:
    library = school / "library" / "nf4.yml"
    text = (CASES / "expected" / "nf4.yml").read_text()
    start = text.index("  - id: 4-nf-a-2\n")
    end = text.index("\n\n", start)
    one_line = (
        "  - {id: 4-nf-a-2, title: Compare fractions, standard: CCSS.Math.Content.4.NF.A.2, "
        "case_id: 5b1ea9ba-d7cc-11e8-824f-0242ac160004}"
    )
    text = text[:start] + one_line + text[end:]
    library.write_text(text)
    result = run("ccss-math-2026.json", "--id", "nf4", *GRADE4, "--update")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "4-nf-a-2: written on one line, so not updated"
    assert one_line + "\n" in library.read_text()


def test_another_broken_library_does_not_stop_the_import(school: Path) -> None:
    (school / "library" / "draft.yml").write_text("title: [Draft\n")
    result = run("ccss-math.json", "--id", "nf4", *GRADE4)
    assert result.exit_code == 0
    assert (school / "library" / "nf4.yml").read_text() == (CASES / "expected/nf4.yml").read_text()


def test_numbers_no_case_package_holds_get_a_located_message(school: Path) -> None:
    """Python's int() refuses past 4,300 digits, and float() of a 400-digit sequenceNumber
    overflows: both were tracebacks."""
    text = (school.parent / "ccss-math.json").read_text()
    huge = text.replace('"CFItems": [', '"x": ' + "9" * 4301 + ', "CFItems": [', 1)
    (school.parent / "huge.json").write_text(huge)
    package = json.loads(text)
    package["CFAssociations"][0]["sequenceNumber"] = int("9" * 400)
    (school.parent / "sequence.json").write_text(json.dumps(package, indent=1))
    for name, where, digits in (("huge.json", "21:8", "4,301"), ("sequence.json", "198:22", "400")):
        result = run(name, "--id", "new", *GRADE4)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{name}:{where}: error: a number of {digits} digits; no value of a CASE package "
            "is that long [syntax]\n1 error, 0 warnings\n"
            "nothing written\n"
        )
    assert not (school / "library" / "new.yml").exists()


def test_a_5000_digit_grade_level_is_compared_digit_by_digit(school: Path) -> None:
    package = json.loads((school.parent / "ccss-math.json").read_text())
    for item in package["CFItems"]:
        item["educationLevel"] = ["0" + "9" * 5000] if item["educationLevel"] == ["04"] else "3"
    (school.parent / "levels.json").write_text(json.dumps(package))
    result = run("levels.json", "--id", "nf4", "--level", "9" * 5000, "--type", "Standard")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 3 skill(s) from ")
    result = run("levels.json", "--id", "other", "--level", "9" * 4999)
    assert result.exit_code == 1
    assert result.stderr.startswith("levels.json:1:1: error: no item matches the selection;")


def test_an_id_too_long_for_a_file_name_is_a_usage_error(school: Path) -> None:
    result = run("ccss-math.json", "--id", "a" * 300, *GRADE4)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for --id: 300 characters; at most 200\n")
    assert run("ccss-math.json", "--id", "a" * 200, *GRADE4).exit_code == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda folder, outside: folder.write_text("not a folder"),
            "is a file, not a folder: libraries are library/<id>.yml files; move it away",
        ),
        (
            lambda folder, outside: folder.symlink_to(outside, target_is_directory=True),
            "is a link to a folder outside the plans folder; libraries must be in the "
            "repository: replace the link with the folder itself",
        ),
    ],
)
def test_a_library_folder_that_is_a_file_or_links_out_is_refused(
    school: Path,
    make,
    message: str,
) -> None:
    outside = school.parent / "elsewhere"
    shutil.move(school / "library", outside)
    make(school / "library", outside)
    before = sorted(p.name for p in outside.iterdir())
    result = run("ccss-math.json", "--id", "nf4", *GRADE4)
    assert result.exit_code == 1
    assert result.stderr == (
        f"plans/library:1:1: error: {message} [syntax]\n1 error, 0 warnings\nnothing written\n"
    )
    assert sorted(p.name for p in outside.iterdir()) == before


def test_validate_refuses_libraries_read_through_a_folder_linked_out_of_plans(
    school: Path,
) -> None:
    """As docs/files-and-commands.md says: a link is followed only inside plans/."""
    outside = school.parent / "elsewhere"
    shutil.move(school / "library", outside)
    (school / "library").symlink_to(outside, target_is_directory=True)
    message = (
        "is in a folder that links outside the plans folder; replace the link with the folder "
        "itself [syntax]"
    )
    found = [str(p) for p in check(school).problems if p.rule == "syntax"]
    assert found == [
        f"plans/library/ela4.yml:1:1: error: {message}",
        f"plans/library/math4.yml:1:1: error: {message}",
    ]
