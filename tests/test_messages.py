"""Messages a teacher can act on: each names what is wrong, where, and what to type instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checking.validate import check
from generator.cli import main

from .conftest import ROOT

PLAN = """\
student: {name: A}
authors: [{name: T, role: teacher}]
goals:
  - id: g
    title: G
    objectives:
      - id: o
        title: O
evidence:
  - objective: o
    date: 2026-10-01
    level: proficient
    by: T
    kind: quiz
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "plans" / "students").mkdir(parents=True)
    (tmp_path / "plans" / "students" / "a.yml").write_text(text)
    return [str(p) for p in check(tmp_path / "plans").problems]


CASES = {
    "a zero-width space after a level": (
        PLAN.replace("level: proficient", "level: proficient\u200b"),
        "12:22: error: level 'proficient\u200b' is not in the mastery scale — it holds an "
        "invisible character, a zero width space (U+200B), after 'proficient': delete it "
        "[unknown-level]",
    ),
    "a zero-width space in a key": (
        PLAN.replace("    by: T", "    by\u200b: T"),
        "13:7: error: unknown key 'by\u200b' in evidence — it holds an invisible character, a "
        "zero width space (U+200B), after 'by': delete it [unknown-key]",
    ),
    "an em space for indentation": (
        PLAN.replace("    by: T", "\u2003   by: T"),
        "13:1: error: YAML syntax: an invisible character, an em space (U+2003), is here; "
        "replace it with an ordinary space (or delete it) [syntax]",
    ),
    "a narrow no-break space after a colon": (
        PLAN.replace("by: T", "by:\u202fT"),
        "13:8: error: YAML syntax: an invisible character, a narrow no-break space (U+202F), "
        "is here; replace it with an ordinary space (or delete it) [syntax]",
    ),
    "a byte-order mark inside a value": (
        PLAN.replace("kind: quiz", "kind: \ufeffquiz"),
        "14:11: warning: '\ufeffquiz' is not one of the evidence kinds — it holds an invisible "
        "character, a zero width no-break space (U+FEFF), at its start: delete it [unknown-kind]",
    ),
    "a line indented one space too few": (
        PLAN.replace("    date: 2026-10-01", "   date: 2026-10-01"),
        "11:4: error: YAML syntax: line 11 is indented 3 spaces, but line 10 above by 4: YAML "
        "reads indentation as structure, so line them up [syntax]",
    ),
    "a line indented one space too many": (
        PLAN.replace("    kind: quiz", "     kind: quiz"),
        "14:6: error: YAML syntax: line 14 is indented 5 spaces, but line 13 above by 4: YAML "
        "reads indentation as structure, so line them up [syntax]",
    ),
    "a list item without its dash": (
        PLAN.replace("        title: O\n", "        title: O\n      id: p\n        title: P\n"),
        "9:7: error: YAML syntax: line 9 lines up with the '-' of the list item on line 7: to "
        "start a new item, begin it with '- '; to continue that item, indent it by 8 spaces "
        "[syntax]",
    ),
    "the only item of a list without its dash": (
        PLAN.replace("  - objective: o", "    objective: o"),
        "10:5: error: expected a list of a mapping of evidence fields, found a mapping — each "
        "item of a list starts with '- ' (a dash and a space) [wrong-type]",
    ),
    "a family tip cut at its comma": (
        PLAN.replace(
            "        title: O\n",
            "        title: O\n        family_tips: [At the store, round prices to the nearest "
            "ten., Count coins.]\n",
        ),
        "9:23: warning: 'At the store' + 'round prices to the nearest ten.' read as one "
        "sentence cut at its comma: in [brackets] a comma starts a new item; write it in "
        'quotes: "At the store, round prices to the nearest ten." (learnpath fix does it) '
        "[split-sentence]",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_message_names_the_problem_at_its_own_line_and_column(case, tmp_path) -> None:
    text, expected = CASES[case]
    assert problems_of(tmp_path, text) == [f"plans/students/a.yml:{expected}"]


def test_two_interests_are_not_a_sentence(tmp_path) -> None:
    text = PLAN.replace(
        "goals:", "interests: [Horses, drawing]\npreferences: [Lego, maps.]\ngoals:"
    )
    assert problems_of(tmp_path, text) == []


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


ADD = ["--objective", "math4/equivalent-fractions", "--level", "proficient", "--by", "Ms. Rivera"]


def test_evidence_add_for_a_student_who_does_not_exist(plans: Path) -> None:
    code, out = run("evidence", "add", "ava", "--plans", str(plans), *ADD, "--kind", "quiz")
    assert code == 1
    assert out == (
        "plans/students/ava.yml:1:1: error: no plan for student 'ava' — did you mean 'ava-m'? "
        "(students: ava-m, liam-o, mia-c, noah-t, wei-l, yasmin-k) [unknown-student]\n"
        "1 error, 0 warnings\n"
        "nothing written\n"
    )


def test_author_add_for_a_student_who_does_not_exist(plans: Path) -> None:
    code, out = run(
        "author", "add", "liam", "--plans", str(plans), "--name", "X", "--role", "parent"
    )
    assert (code, out.splitlines()[0], out.splitlines()[-1]) == (
        1,
        "plans/students/liam.yml:1:1: error: no plan for student 'liam' — did you mean "
        "'liam-o'? (students: ava-m, liam-o, mia-c, noah-t, wei-l, yasmin-k) [unknown-student]",
        "nothing written",
    )


def test_a_file_that_does_not_exist(plans: Path) -> None:
    before = (plans / "students" / "ava-m.yml").read_bytes()
    args = ["evidence", "add", "ava-m", "--plans", str(plans), *ADD, "--kind", "quiz"]
    code, out = run(*args, "--file", "photo-of-work.jpg")
    assert (code, out) == (1, "Error: no such file: photo-of-work.jpg (nothing written)\n")
    assert (plans / "students" / "ava-m.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("12/03/2026", "(2026-12-03, or 2026-03-12 if 12 is the day)"),
        ("12/31/2026", "(2026-12-31)"),
        ("31.12.2026", "(2026-12-31)"),
        ("tomorrow", "(2026-11-24 is today)"),
    ],
)
def test_a_date_written_another_way(plans: Path, written: str, hint: str) -> None:
    args = ["evidence", "add", "ava-m", "--plans", str(plans), *ADD, "--kind", "quiz"]
    code, out = run(*args, "--date", written)
    assert code == 2
    assert out.splitlines()[-1] == (
        f"Error: Invalid value for '--date': '{written}' is not a date learnpath reads: write "
        f"the date as YYYY-MM-DD {hint}"
    )


def test_outside_a_class_repository(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("validate")
    assert code == 2
    assert out.splitlines()[-1] == (
        f"Error: no plans/ folder in {tmp_path} or any folder above it: cd into the class "
        "repository, or pass --plans DIR"
    )
