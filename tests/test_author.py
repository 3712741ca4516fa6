"""`learnpath new` and `learnpath evidence add`: every other byte kept, invalid input refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.validate import check

from .conftest import ROOT

HEAD = """\
# Ava's plan — written with her family
student: {name: "Ava M.", language: es}   # flow style, quoted
authors:
  - name: Ms. Rivera
    role: teacher
  - {name: 'Carlos M.', role: parent}
  - {name: Ava, role: student}
goals:
  - id: fractions
    title: Understand fractions
    why: "Quiero duplicar recetas — ¡para la venta!"
    objectives:
      - skill: math4/equivalent-fractions
      - id: recipe-scaling
        title: Scale a recipe
"""
ADD = [
    "--objective",
    "math4/equivalent-fractions",
    "--level",
    "proficient",
    "--by",
    "Ms. Rivera",
    "--kind",
    "quiz",
    "--date",
    "2026-11-20",
    "--note",
    "7/8 — ¡bien!",
]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans" / "library", folder / "library")
    (folder / "students").mkdir()
    return folder


def add(plans: Path, text: str | bytes, *extra: str) -> tuple[int, bytes]:
    path = plans / "students" / "ava-m.yml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    result = CliRunner().invoke(
        main,
        ["evidence", "add", "ava-m", "--plans", str(plans), *(extra or ADD)],
        catch_exceptions=False,
    )
    return result.exit_code, path.read_bytes()


BLOCK = (
    HEAD
    + """\
evidence:
  # --- equivalent fractions
  - objective: math4/equivalent-fractions
    date: 2026-10-02
    level: developing   # first try
    by: Ms. Rivera
    kind: observation

  # (next: comparing)

reflections:
  - {date: 2026-10-05, by: Ava, text: Me gustan las fracciones.}
"""
)
NEW_BLOCK = """\
  - objective: math4/equivalent-fractions
    date: 2026-11-20
    level: proficient
    by: Ms. Rivera
    kind: quiz
    note: "7/8 — ¡bien!"
"""


def test_block_list_gets_a_block_item_after_its_last_item(plans: Path) -> None:
    code, after = add(plans, BLOCK)
    assert code == 0
    anchor = "    kind: observation\n"
    assert after.decode() == BLOCK.replace(anchor, anchor + NEW_BLOCK)


def test_flow_items_get_a_flow_item(plans: Path) -> None:
    text = HEAD + (
        "evidence:\n    - {objective: recipe-scaling, date: 2026-10-01, level: beginning, "
        "by: Ms. Rivera, kind: quiz}\n"
    )
    code, after = add(plans, text)
    assert code == 0
    assert after.decode() == text + (
        "    - {objective: math4/equivalent-fractions, date: 2026-11-20, level: proficient, "
        'by: Ms. Rivera, kind: quiz, note: "7/8 — ¡bien!"}\n'
    )


def test_flow_list_and_empty_list_grow_in_place(plans: Path) -> None:
    one = "{objective: recipe-scaling, date: 2026-10-01, level: beginning, by: Ms. Rivera, kind: quiz}"  # noqa: E501
    new = (
        "{objective: math4/equivalent-fractions, date: 2026-11-20, level: proficient, "
        'by: Ms. Rivera, kind: quiz, note: "7/8 — ¡bien!"}'
    )
    code, after = add(plans, HEAD + f"evidence: [{one}]  # kept\n")
    assert (code, after.decode()) == (0, HEAD + f"evidence: [{one}, {new}]  # kept\n")
    code, after = add(plans, HEAD + "evidence: []\nreflections: []\n")
    assert (code, after.decode()) == (0, HEAD + f"evidence: [{new}]\nreflections: []\n")


def test_missing_or_empty_evidence_key(plans: Path) -> None:
    code, after = add(plans, HEAD)
    assert (code, after.decode()) == (0, HEAD + "evidence:\n" + NEW_BLOCK)
    code, after = add(plans, HEAD + "evidence:   # none yet\nreflections: []\n")
    assert (code, after.decode()) == (
        0,
        HEAD + "evidence:   # none yet\n" + NEW_BLOCK + "reflections: []\n",
    )


def test_crlf_and_byte_order_mark_are_kept(plans: Path) -> None:
    text = BLOCK.replace("\n", "\r\n")
    code, after = add(plans, b"\xef\xbb\xbf" + text.encode())
    anchor = "    kind: observation\r\n"
    expected = text.replace(anchor, anchor + NEW_BLOCK.replace("\n", "\r\n"))
    assert (code, after) == (0, b"\xef\xbb\xbf" + expected.encode())


def test_an_invalid_entry_is_refused_and_the_file_is_byte_identical(plans: Path) -> None:
    path = plans / "students" / "ava-m.yml"
    path.write_text(BLOCK)
    result = CliRunner().invoke(
        main,
        [
            "evidence",
            "add",
            "ava-m",
            "--plans",
            str(plans),
            "--objective",
            "recipe-scalng",
            "--level",
            "proficent",
            "--by",
            "Ms Rivera",
            "--kind",
            "quiz",
            "--date",
            "2026-11-20",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert path.read_text() == BLOCK
    assert result.output.splitlines()[:3] == [
        "plans/students/ava-m.yml:23:16: error: objective 'recipe-scalng' is not in this plan "
        "— did you mean 'recipe-scaling'? [unknown-objective]",
        "plans/students/ava-m.yml:25:12: error: level 'proficent' is not in the mastery scale "
        "— did you mean 'proficient'? [unknown-level]",
        "plans/students/ava-m.yml:26:9: error: 'Ms Rivera' is not among the plan's authors "
        "— did you mean 'Ms. Rivera'? [unknown-author]",
    ]
    assert sorted(p.name for p in path.parent.iterdir()) == ["ava-m.yml"]  # no temporary left


def test_date_defaults_to_today(plans: Path) -> None:
    args = [a for a in ADD if a not in ("--date", "2026-11-20")]
    code, after = add(plans, HEAD, *args)
    assert code == 0 and "date: 2026-11-24\n" in after.decode()


def test_new_writes_a_plan_that_validates(plans: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "new",
            "zoe-k",
            "--name",
            "Zoë K.",
            "--teacher",
            "Ms. Rivera",
            "--plans",
            str(plans),
            "--skills",
            "math4/equivalent-fractions,math4/compare-fractions,ela4/text-details",
            "--language",
            "es",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    text = (plans / "students" / "zoe-k.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    assert "  - id: math4\n    title: Grade 4 mathematics\n    objectives:\n" in text
    project = check(plans)
    assert project.problems == []
    assert [o.ref for g in project.plans["zoe-k"].goals for o in g.objectives] == [
        "math4/equivalent-fractions",
        "math4/compare-fractions",
        "ela4/text-details",
    ]


def test_new_refuses_to_overwrite_and_refuses_unknown_skills(plans: Path) -> None:
    path = plans / "students" / "ava-m.yml"
    path.write_text(BLOCK)
    result = CliRunner().invoke(
        main,
        ["new", "ava-m", "--name", "X", "--teacher", "Y", "--plans", str(plans)],
        catch_exceptions=False,
    )
    assert result.exit_code == 1 and path.read_text() == BLOCK
    result = CliRunner().invoke(
        main,
        [
            "new",
            "bo",
            "--name",
            "Bo",
            "--teacher",
            "Y",
            "--skills",
            "math4/compare-fraction",
            "--plans",
            str(plans),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "did you mean 'math4/compare-fractions'?" in result.output
    assert not (plans / "students" / "bo.yml").exists()


def test_new_refuses_a_bad_student_id(plans: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["new", "Ava M", "--name", "X", "--teacher", "Y", "--plans", str(plans)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
