"""`evidence import` reads numbers and files as people and their tools write them, and refuses,
at the CSV line and column, what it cannot read for sure.

Each case is an export, the options, and the exact messages (or the exact evidence written).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .test_classroom_import import RIVERA, class_folder, run, snapshot

OBJECTIVE = ["--objective", "math4/compare-fractions", *RIVERA]
CANVAS = "Student,ID,SIS User ID,SIS Login ID,Section,Essay (77)\n"
NOTHING = "nothing written: every plan is unchanged\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return class_folder(tmp_path, monkeypatch)


def entry(level: str, note: str, day: str = "2026-11-23") -> str:
    return (
        f"+  - objective: math4/compare-fractions\n+    date: {day}\n+    level: {level}\n"
        f"+    by: Ms. Rivera\n+    kind: quiz\n+    note: {note}\n"
    )


def test_a_thousands_separator_is_read_as_one_when_it_must_be(folder: Path) -> None:
    # 1,000 read as 1.0 made 850 points 85,000 % (extending); 850 / 1,000 is 85 %.
    (folder / "essay.csv").write_text(
        CANVAS + '    Points Possible,,,,,"1,000"\n"K., Lina",9001,,,4C,850\n'
    )
    code, out, err = run("essay.csv", "--column", "Essay", *OBJECTIVE)
    assert (code, err) == (0, "")
    assert entry("proficient", '"Essay: 850 / 1,000"') in out
    (folder / "essay.csv").write_text('student,score\nLina K.,"850 / 1,000"\nAva M.,"4,9 / 5"\n')
    code, out, err = run("essay.csv", *OBJECTIVE)
    assert (code, err) == (0, "")
    assert out.count("+    level: proficient\n") == 1 and "+    level: extending\n" in out


REFUSED = {
    "a score above 100 % and one with 400 digits": (
        "student,score\nLina K.,12 / 10\nAva M.," + "9" * 400 + " / 10\n",
        [],
        "quiz.csv:2:2: error: '12 / 10' is 120 % of the points possible: a score above 100 % "
        "is refused; correct it, or the points possible [bad-cell]\n"
        "quiz.csv:3:2: error: '9999999999999999999999999999999999999...' has more digits than "
        "any score; correct it [bad-cell]\n",
    ),
    "a plain score above the points possible": (
        CANVAS + '    Points Possible,,,,,10\n"K., Lina",9001,,,4C,11\n',
        ["--column", "Essay"],
        "quiz.csv:3:6: error: '11' is 110 % of the points possible of 10: a score above 100 % "
        "is refused; correct it, or the points possible [bad-cell]\n",
    ),
    "two Points Possible rows": (
        CANVAS + '    Points Possible,,,,,10\n    Points Possible,,,,,20\n"K., Lina",9001,,,4C,8\n',
        ["--column", "Essay"],
        "quiz.csv:3:1: error: a second 'Points Possible' row (the first is line 2): export the "
        "gradebook again [bad-import]\n",
    ),
    "two note columns and two student columns": (
        "student,note,level,Note,Student\nLina K.,a,proficient,b,Lina K.\n",
        [],
        "quiz.csv:1:4: error: two 'note' columns (2 and 4): keep one [bad-import]\n"
        "quiz.csv:1:5: error: two 'student' columns (1 and 5): keep one [bad-import]\n",
    ),
    "two objective columns": (
        "student,objective,level,objective\nLina K.,math4/compare-fractions,proficient,x\n",
        [],
        "quiz.csv:1:4: error: two 'objective' columns (2 and 4): keep one [bad-import]\n",
    ),
    "an id of one student beside the name of another": (
        "student,email,level\nAva M.,lina.k@example.org,proficient\n",
        [],
        "quiz.csv:2:1: error: the id in this row is lina-k's, but the name 'Ava M.' is ava-m's: "
        "correct the row, or the plans' student.ids [ambiguous-student]\n",
    ),
    "a column named in another case": (
        "student,score\nLina K.,4 / 5\n",
        ["--column", "Score"],
        "quiz.csv:1:1: error: no level or score column 'Score' in the file; it has: 'student', "
        "'score' — did you mean 'score'? [bad-import]\n",
    ),
    "a DEL and a NEL in cells": (
        'student,level,note\nLina K.,proficient,a\x7fb\nAva M.,proficient,"x\x85y"\n',
        [],
        "quiz.csv:2:3: error: the cell holds an invisible character (U+007F DELETE); delete it "
        "and export again [bad-cell]\n"
        "quiz.csv:3:3: error: the cell holds an invisible character (U+0085 NEXT LINE); delete "
        "it and export again [bad-cell]\n",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_cannot_be_read_for_sure_is_refused_at_its_cell(folder: Path, case: str) -> None:
    text, args, expected = REFUSED[case]
    (folder / "quiz.csv").write_text(text)
    before = snapshot(folder)
    code, out, err = run("quiz.csv", *args, *OBJECTIVE)
    count = expected.count("\n")
    assert (code, out) == (1, "")
    assert err == expected + f"{count} error{'s' if count > 1 else ''}, 0 warnings\n" + NOTHING
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        ("proficient=75,proficient=80", "'proficient' is given twice; give each level one cut"),
        ("extending=150", "the cut for 'extending' (150) must be a percent, from 0 to 100"),
    ],
)
def test_cut_scores_that_cannot_be_meant_are_refused(folder: Path, cut: str, why: str) -> None:
    (folder / "quiz.csv").write_text("student,score\nLina K.,80%\n")
    code, _, err = run("quiz.csv", "--cut", cut, *OBJECTIVE)
    assert code == 2
    assert err.endswith(f"Error: Invalid value for --cut: {why}\n")


EXPORTS = {
    "classic Mac Excel: CR line ends and ';'": (
        b'student;score;note\rLina K.;"8,5 / 10";counted on, by twos, fives, tens\r'
        b"Ava M.;9 / 10;fine, quick, sure, neat, tidy\r",
        [entry("proficient", '"counted on, by twos, fives, tens"')],
    ),
    "UTF-16 without a BOM, tab-separated": (
        "student\tlevel\nLina K.\tproficient\n".encode("utf-16-le"),
        [entry("proficient", "")[: -len("+    note: \n")]],
    ),
    "UTF-16 with a BOM (Excel's Unicode text)": (
        "student\tlevel\nLina K.\tdeveloping\n".encode("utf-16"),
        [entry("developing", "")[: -len("+    note: \n")]],
    ),
}


@pytest.mark.parametrize("case", EXPORTS)
def test_exports_as_they_come(folder: Path, case: str) -> None:
    data, entries = EXPORTS[case]
    (folder / "quiz.csv").write_bytes(data)
    code, out, err = run("quiz.csv", *OBJECTIVE)
    assert (code, err) == (0, "")
    assert all(e in out for e in entries)


def test_a_name_a_mac_decomposed_matches_the_plan(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    noah.write_text(noah.read_text().replace("name: Noah T.", "name: Noé T."))
    export = unicodedata.normalize("NFD", "student,level\nNoé T.,proficient\n")
    assert "e\u0301" in export
    (folder / "quiz.csv").write_text(export)
    code, out, err = run("quiz.csv", *OBJECTIVE)
    assert (code, err) == (0, "")
    assert out.startswith("--- plans/students/noah-t.yml\n")


FORM = "Times tables check (Responses) - Form Responses 1.csv"


def test_a_form_sent_twice_keeps_both_and_says_so_and_the_note_names_the_quiz(
    folder: Path,
) -> None:
    (folder / FORM).write_text(
        "Timestamp,Email Address,Score\n"
        "2026/11/20 9:14:03,lina.k@example.org,4 / 5\n"
        "2026/11/20 9:20:41,lina.k@example.org,4 / 5\n"
    )
    code, out, err = run(FORM, *OBJECTIVE, "--apply")
    assert (code, err) == (0, "")
    twice = entry("proficient", '"Times tables check: 4 / 5"', "2026-11-20")
    assert twice + twice in out
    assert out.endswith(
        f"{FORM} lines 2 and 3: lina-k has math4/compare-fractions 2 times on 2026-11-20 (sent "
        "again?); both are kept\n"
        "wrote plans/students/lina-k.yml\n"
        "google-forms: 2 new evidence entries in 1 plan\n"
    )
    code, out, _ = run(FORM, *OBJECTIVE, "--apply")
    assert (code, out) == (
        0,
        "google-forms: 0 new evidence entries in 0 plans, 2 already recorded\n",
    )
    assert CliRunner().invoke(main, ["validate"]).output == "0 errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("stem", "title"),
    [
        ("Times tables check (Responses) - Form Responses 1", "Times tables check"),
        ("Times tables check (Responses) (2)", "Times tables check"),
        ("Exit ticket (Respuestas) - Respuestas de formulario 1", "Exit ticket"),
        ("Compare fractions exit ticket (Responses)", "Compare fractions exit ticket"),
        ("results", "results"),
    ],
)
def test_the_note_names_the_form_not_the_sheet(stem: str, title: str) -> None:
    from generator.classroom.formats import form_title

    assert form_title(stem) == title


def test_a_terminal_sees_what_the_import_is_doing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.classroom import commands

    (folder / "quiz.csv").write_text("student,level\nLina K.,proficient\nAva M.,developing\n")
    code, _, err = run("quiz.csv", *OBJECTIVE, "--apply")
    assert (code, err) == (0, "")  # not a terminal: the preview alone
    monkeypatch.setattr(commands, "_on_terminal", lambda: True)
    (folder / "quiz.csv").write_text("student,level\nNoah T.,proficient\nAva M.,proficient\n")
    code, _, err = run("quiz.csv", *OBJECTIVE, "--apply")
    assert code == 0
    assert err.split("\r\x1b[K") == [
        "",
        "checking the plans…",
        "reading quiz.csv…",
        "matching 2 rows to 7 plans…",
        "adding to 2 plans and checking each as it would be written…",
        "",
        "writing 2 plans…",
        "",
    ]
