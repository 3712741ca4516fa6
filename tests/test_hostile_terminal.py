"""What a plan or an imported cell holds reaches the teacher's terminal and spreadsheet as
text: control characters are shown (`\\u001b`), never obeyed, and no piece of a class.csv
cell that a spreadsheet could split off at `,` `;` or a tab starts a formula."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base import terminal
from generator.cli import main

from .conftest import ROOT, run

OSC = "\x1b]0;owned\x07"  # sets the terminal's title; ESC [2J would clear the screen
SHOWN = "\\u001b]0;owned\\u0007"


def rename(folder: Path, name: str) -> None:
    """Noah's name as YAML's double quotes write it (`\\e` is ESC, `\\x9b` a C1 CSI)."""
    noah = folder / "plans" / "students" / "noah-t.yml"
    noah.write_text(noah.read_text().replace("name: Noah T.", f"name: {name}"))


def csv_row(folder: Path, student: str) -> str:
    text = (folder / "private" / "class.csv").read_bytes().decode()
    return next(line for line in text.split("\r\n") if line.startswith(student + ","))


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        # Read with `;` as the separator, `x;=1+1;` would give the cell =1+1.
        ("'x;=1+1;'", '"x;\'=1+1;"'),
        ("'a,-2,b'", '"a,\'-2,b"'),
        ("'x; =1'", '"x;\' =1"'),  # a spreadsheet may trim the space
        ("'x;\"=1\"'", '"x;\'""=1"""'),  # or read a quoted cell
        ("'@SUM(A1)'", "'@SUM(A1)"),
        ('"x\\t+1"', "x\\u0009+1"),  # a tab is escaped, so it splits nothing
        ("'Noah; Jr.'", '"Noah; Jr."'),  # quoted, nothing else changed
    ],
)
def test_no_piece_of_a_csv_cell_a_spreadsheet_splits_off_starts_a_formula(
    folder: Path, name: str, cell: str
) -> None:
    rename(folder, name)
    assert run("class", "--format", "csv")[0] == 0
    assert csv_row(folder, "noah-t") == f"noah-t,{cell},2026-11-23,Understand fractions" + (
        ",,,,,,,,in progress: beginning,locked,mastered: proficient,,,,,in progress: developing,,,"
        "mastered: extending,in progress: developing,,,"  # 2 more: yasmin-k's and wei-l's own
    )


def test_a_goal_behind_pace_list_with_semicolons_is_one_quoted_cell(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    noah.write_text(noah.read_text().replace("title: Understand fractions", "title: =A1;-B2"))
    assert run("class", "--format", "csv")[0] == 0
    assert csv_row(folder, "noah-t").startswith("noah-t,Noah T.,2026-11-23,\"'=A1;'-B2\",")


def test_control_characters_in_a_name_are_shown_in_csv_and_text(folder: Path) -> None:
    rename(folder, '"Noah\\e]0;owned\\a \\x9b2J\\x7f"')
    shown = f"Noah{SHOWN} \\u009b2J\\u007f"
    assert run("class", "--format", "csv")[0] == 0
    assert csv_row(folder, "noah-t").startswith(f'noah-t,"{shown}",2026-11-23,')  # ; in OSC
    code, out, _ = run("class", "--format", "text")
    assert code == 0
    assert f"  in progress: {shown}\n" in out
    assert "\x1b" not in out and "\x9b" not in out and "\x7f" not in out


def test_status_shows_a_name_with_escapes_as_text_and_json_keeps_its_value(
    folder: Path,
) -> None:
    rename(folder, '"Noah\\e]0;owned\\a\\x85"')
    code, out, _ = run("status", "noah-t")
    assert code == 0
    assert out.startswith(f"Noah{SHOWN}\\u0085 (noah-t), as of Nov 24, 2026\n")
    code, out, _ = run("status", "noah-t", "--format", "json")
    assert code == 0
    assert "\x1b" not in out and "\x85" not in out and '"Noah\\u001b]0;owned\\u0007\\u0085"' in out
    assert json.loads(out)["name"] == f"Noah{OSC}\x85"  # the same value, written safely


def test_validate_shows_an_escape_in_a_message_on_one_line(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    text = noah.read_text().replace("level: developing", 'level: "\\e[2J\\rdeveloping"', 1)
    noah.write_text(text)
    code, out, _ = run("validate")
    assert code == 1
    message = (
        "level '\\u001b[2J\\u000ddeveloping' is not in the mastery scale — did you mean "
        "'developing'?"
    )
    assert out == f"plans/students/noah-t.yml:85:12: error: {message} [unknown-level]\n" + (
        "1 error, 0 warnings\n"
    )
    code, out, _ = run("validate", "--format", "github")
    assert out.splitlines()[0] == (
        "::error file=plans/students/noah-t.yml,line=85,col=12,title=unknown-level::" + message
    )
    assert "\x1b" not in out and "\r" not in out


def test_a_value_quoted_back_in_a_usage_error_is_shown(folder: Path) -> None:
    code, _, err = run("status", f"x{OSC}")
    assert code == 2
    assert err.endswith(
        f"Error: Invalid value for 'STUDENT_ID': 'x{SHOWN}' is not a student id: use "
        "lowercase letters, digits and hyphens, e.g. ava-m\n"
    )


def test_an_import_named_with_an_escape_is_shown_in_its_messages(folder: Path) -> None:
    """A cell's control character is refused by the import itself (bad-cell); the file's
    name reaches every message."""
    name = f"x{OSC}.csv"
    (folder / name).write_text("student,objective,level\nNoah,math4/compare-fractions,3\n")
    result = CliRunner().invoke(
        main,
        ["evidence", "import", name, "--by", "Ms. Rivera", "--kind", "quiz"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"x{SHOWN}.csv:2:1: error: ")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_commands_print_through_the_one_helper() -> None:
    """terminal.echo escapes what a command prints; click.echo or print would not.
    (feedback.py prints only counts; reference.py is the docs' generator, not a command.)"""
    allowed = {"terminal.py", "feedback.py", "reference.py"}
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.name not in allowed
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"click\.s?echo\(|(?<![\w.])print\(", line)
    ]
    assert found == [], "print with generator.base.terminal.echo instead"


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidirectional_controls_are_shown_not_obeyed() -> None:
    """An override or isolate reorders the rest of the terminal line; each is escaped, on a
    line and in one value, and the letters of a right-to-left script are left alone."""
    shown = "\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"
    assert terminal.printable(f"a{BIDI_CONTROLS}b\n") == f"a{shown}b\n"
    assert terminal.inline(f"a{BIDI_CONTROLS}b\n") == f"a{shown}b\\u000a"
    assert terminal.printable("مرحبا יאיר\u200b") == "مرحبا יאיר\u200b"  # ZWSP: no reordering


def test_a_title_that_overrides_direction_cannot_reorder_a_line(folder: Path) -> None:
    """A goal title holding RIGHT-TO-LEFT OVERRIDE would print 'Understand fractions' backwards
    and carry the rest of the line with it; status shows the override, JSON keeps the value."""
    noah = folder / "plans" / "students" / "noah-t.yml"
    title = 'title: "\\u202eUnderstand fractions\\u2066"'
    noah.write_text(noah.read_text().replace("title: Understand fractions", title))
    code, out, _ = run("status", "noah-t")
    assert code == 0
    line = out.splitlines()[2]
    assert line.startswith("\\u202eUnderstand fractions\\u2066 [fractions]: 1/4 mastered, ")
    assert "\u202e" not in out and "\u2066" not in out
    code, out, _ = run("status", "noah-t", "--format", "json")
    assert code == 0 and "\u202e" not in out
    assert json.loads(out)["goals"][0]["title"] == "\u202eUnderstand fractions\u2066"
