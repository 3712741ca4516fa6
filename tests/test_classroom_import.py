"""`learnpath evidence import`: real-looking exports of each format, exact plan diffs, refusals
that leave every file byte-identical, all-or-nothing writes and idempotent re-imports.

The exports in tests/imports/ are hand-made after what Canvas, Moodle and Google Forms write,
awkward rows included; tests/imports/expected/*.diff are the previews, reviewed by hand.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base import fsutil, journal
from generator.checking import rules
from generator.classroom import edits
from generator.cli import main

from .conftest import ROOT

IMPORTS = ROOT / "tests" / "imports"
EXPECTED = IMPORTS / "expected"
RIVERA = ["--by", "Ms. Rivera", "--kind", "quiz"]
CUTS = "cut_scores: {developing: 50, proficient: 75, extending: 95}   # percent of the points\n"
CASES = {
    "canvas": (
        "canvas-gradebook.csv",
        ["--column", "Compare fractions quiz", "--objective", "math4/compare-fractions", *RIVERA],
        "canvas: 2 new evidence entries in 2 plans, 1 excused or empty",
    ),
    "moodle": (
        "moodle-grades.csv",
        ["--column", "Equivalent fractions", "--objective", "math4/equivalent-fractions", *RIVERA],
        "moodle: 2 new evidence entries in 2 plans, 1 excused or empty",
    ),
    "google-forms": (
        "Compare fractions exit ticket (Responses).csv",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "google-forms: 3 new evidence entries in 3 plans",
    ),
    "generic": (
        "reading-conference.csv",
        ["--by", "Mr. Chen", "--kind", "conversation"],
        "generic: 3 new evidence entries in 2 plans",
    ),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example plans, with Lina K. added, ids for Ava, and the school's cut scores."""
    return class_folder(tmp_path, monkeypatch)


def class_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copy(IMPORTS / "lina-k.yml", tmp_path / "plans" / "students")
    ava = tmp_path / "plans" / "students" / "ava-m.yml"
    ids = '  ids: {canvas: "9002", email: ava.m@family.example.net}\n'
    ava.write_text(ava.read_text().replace("  name: Ava M.\n", "  name: Ava M.\n" + ids, 1))
    school = tmp_path / "plans" / "school.yml"
    school.write_text(school.read_text().replace("translations:", CUTS + "translations:", 1))
    for export in IMPORTS.glob("*.csv"):
        shutil.copy(export, tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the writers' lock (empty, and kept like the build's)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "journal.lock"
    }


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["evidence", "import", *args, "--date", "2026-11-23"], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES)
def test_preview_is_the_exact_diff_and_writes_nothing(folder: Path, case: str) -> None:
    file, args, summary = CASES[case]
    before = snapshot(folder)
    code, out, err = run(file, *args)
    assert (code, err) == (0, "")
    assert out == (EXPECTED / f"{case}.diff").read_text() + summary + (
        "; preview only: add --apply to write\n"
    )
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", CASES)
def test_apply_writes_the_previewed_change_and_a_second_import_adds_nothing(
    folder: Path, case: str
) -> None:
    file, args, summary = CASES[case]
    _, preview, _ = run(file, *args)
    code, out, err = run(file, *args, "--apply")
    assert (code, err) == (0, "")
    changed = sorted({line[4:] for line in preview.splitlines() if line.startswith("+++ ")})
    assert (
        out
        == preview.replace(summary, "").removesuffix("; preview only: add --apply to write\n")
        + "".join(f"wrote {path}\n" for path in changed)
        + summary
        + "\n"
    )
    after = snapshot(folder)
    assert CliRunner().invoke(main, ["validate"]).output == "0 errors, 0 warnings\n"
    code, out, err = run(file, *args, "--apply")
    added = summary.split(": ")[1].split(" new")[0]
    assert (code, err) == (0, "")
    assert out.startswith(f"{case}: 0 new evidence entries in 0 plans, {added} already recorded")
    assert snapshot(folder) == after


def test_the_applied_plan_keeps_every_other_byte(folder: Path) -> None:
    lina = folder / "plans" / "students" / "lina-k.yml"
    before = lina.read_text()
    file, args, _ = CASES["canvas"]
    run(file, *args, "--apply")
    assert lina.read_text() == before + (
        "  - objective: math4/compare-fractions\n"
        "    date: 2026-11-23\n"
        "    level: extending\n"
        "    by: Ms. Rivera\n"
        "    kind: quiz\n"
        '    note: "Compare fractions quiz: 9.5 / 10"\n'
    )


REFUSALS = {
    "unknown and ambiguous students": (
        "student,level\nZoe Q.,proficient\nLina K.,developing\n  Ava   M. ,proficient\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:1: error: no plan's student has the id or the name 'Zoe Q.' [unknown-student]\n"
        "quiz.csv:3:1: error: 'Lina K.' matches several plans by name (lina-k, lina-k-2); "
        "add student.ids to tell them apart [ambiguous-student]\n",
    ),
    "objective not in plan, author not in plan": (
        "student,sis,objective,level\nLiam O.,,math4/compare-fractions,proficient\n"
        "Lina K.,40021,math4/equivalent-fractions,proficient\n",
        ["--by", "Mr. Chen", "--kind", "quiz"],
        "quiz.csv:2:3: error: liam-o's plan has no objective 'math4/compare-fractions' "
        "[objective-not-in-plan]\n"
        "quiz.csv:3:1: error: 'Mr. Chen' is not an author of lina-k's plan "
        "(authors: Ms. Rivera, Omar K.) [unknown-author]\n",
    ),
    "a misspelt objective": (
        "student,level\nLina K.,proficient\n",
        ["--objective", "math4/compare-fraction", *RIVERA],
        "quiz.csv:2:1: error: lina-k's plan has no objective 'math4/compare-fraction' — did you "
        "mean 'math4/compare-fractions'? [objective-not-in-plan]\n",
    ),
    "a kind that is not a kind": (
        "student,level,kind\nLina K.,proficient,quizz\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:3: error: 'quizz' is not a kind — did you mean 'quiz'? [unknown-kind]\n",
    ),
    "bad cells": (
        "Timestamp,Email Address,Score\n2026/11/20 9:14:03,lina.k@example.org,4 of 5\n"
        "2026/13/20 9:15:00,ava.m@family.example.net,4 / 5\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:3: error: '4 of 5' is not a level (beginning, developing, proficient, "
        "extending) nor a score such as 4 / 5 or 80% [bad-cell]\n"
        "quiz.csv:3:1: error: '2026/13/20 9:15:00' is not a real date [bad-cell]\n",
    ),
    "a plain number without the points possible": (
        "student,score\nLina K.,8\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:2: error: '8' needs the points possible: write it as 8 / 10 or as a "
        "percent, or add an out_of column [bad-cell]\n",
    ),
    "ambiguous day and month": (
        "student,level,date\nLina K.,proficient,11/03/2026\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:3: error: '11/03/2026' could be day/month or month/day: say which with "
        "--date-order mdy or --date-order dmy [bad-cell]\n",
    ),
    "an assignment the file does not have": (
        "Student,ID,SIS User ID,SIS Login ID,Section,Fractions quiz (12),Exit ticket (13)\n"
        "    Points Possible,,,,,10,5\n",
        ["--column", "Fractions quz", "--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:1:1: error: no assignment 'Fractions quz' in the file; it has: 'Fractions "
        "quiz (12)', 'Exit ticket (13)' — did you mean 'Fractions quiz'? [bad-import]\n",
    ),
    "no assignment named": (
        "Student,ID,SIS User ID,SIS Login ID,Section,Fractions quiz (12),Exit ticket (13)\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:1:1: error: name the assignment with --column; the file has: "
        "'Fractions quiz (12)', 'Exit ticket (13)' [bad-import]\n",
    ),
    "not an export": (
        "name,mark\nLina K.,5\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:1:1: error: not a Canvas, Moodle or Google Forms export, nor a CSV with a "
        "'student' column [bad-import]\n",
    ),
    "a format the header does not fit": (
        "student,level\nLina K.,proficient\n",
        ["--format", "moodle", "--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:1:1: error: the header does not fit --format moodle: expected First name,"
        "Last name,... (a Moodle grader export) [bad-import]\n",
    ),
    "scores and no cut scores": (
        "student,score\nLina K.,4 / 5\nAva M.,80%\n",
        ["--objective", "math4/compare-fractions", *RIVERA],
        "quiz.csv:2:2: error: '4 / 5' is a score, and no cut scores are stated: add cut_scores "
        "to school.yml, e.g. {developing: 50, proficient: 75, extending: 95}, or pass --cut "
        "[no-cut-scores]\n",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_bad_row_is_located_and_nothing_is_written(folder: Path, case: str) -> None:
    text, args, expected = REFUSALS[case]
    (folder / "quiz.csv").write_text(text)
    lina = folder / "plans" / "students" / "lina-k.yml"
    if "ambiguous" in case:
        shutil.copy(lina, lina.with_name("lina-k-2.yml"))
        no_ids = lina.read_text().replace(
            '  ids: {sis: "40021", email: lina.k@example.org, canvas: "9001"}\n', ""
        )
        lina.with_name("lina-k-2.yml").write_text(no_ids)
    if "no cut scores" in case:
        school = folder / "plans" / "school.yml"
        school.write_text(school.read_text().replace(CUTS, ""))
    before = snapshot(folder)
    code, out, err = run("quiz.csv", *args, "--apply")
    errors = expected.count("\n")
    assert (code, out) == (1, "")
    assert err == expected + (
        f"{errors} error{'s' if errors > 1 else ''}, 0 warnings\n"
        "nothing written: every plan is unchanged\n"
    )
    assert snapshot(folder) == before


def test_school_cut_scores_out_of_order_are_refused_where_they_are_written(folder: Path) -> None:
    school = folder / "plans" / "school.yml"
    school.write_text(school.read_text().replace("proficient: 75", "proficient: 45"))
    before = snapshot(folder)
    file, args, _ = CASES["canvas"]
    code, _, err = run(file, *args, "--apply")
    assert code == 1
    assert err.splitlines()[0] == (
        "plans/school.yml:13:13: error: the cut for 'proficient' (45) must be above the cut for "
        "'developing' (50) [bad-setting]"
    )
    assert snapshot(folder) == before


def test_cut_option_overrides_the_school(folder: Path) -> None:
    file, args, _ = CASES["canvas"]
    code, out, _ = run(file, *args, "--cut", "developing=40,proficient=85,extending=96")
    assert code == 0
    assert "+    level: developing\n" in out  # Ava's 8 / 10 is below 85 now
    assert "+    level: proficient\n" in out  # Lina's 9.5 / 10 is below 96
    code, _, err = run(file, *args, "--cut", "proficent=75")
    assert code == 2
    assert "'proficent' is not a level of the scale" in err


def test_a_failed_rename_puts_back_the_plans_already_replaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, args, _ = CASES["google-forms"]
    before = snapshot(folder)
    real, calls = os.replace, []

    def flaky(source, target) -> None:
        if str(target).endswith(".yml"):  # a plan, not the journal
            calls.append(target)
        if len(calls) == 3:  # the third plan: the first two are already replaced
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(journal.os, "replace", flaky)
    code, out, err = run(file, *args, "--apply")
    assert code == 1
    assert "wrote" not in out
    assert (
        err
        == "error: [Errno 28] No space left on device\nnothing written: every plan is unchanged\n"
    )
    assert snapshot(folder) == before  # no plan changed, no temporary file left


def test_a_plan_edited_during_the_import_stops_every_write(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, args, _ = CASES["google-forms"]
    real = journal._write_one

    def and_meanwhile(change, token):
        noah = folder / "plans" / "students" / "noah-t.yml"
        if change.path.name == noah.name:
            noah.write_bytes(noah.read_bytes() + b"# a teacher's edit\n")
        return real(change, token)

    monkeypatch.setattr(journal, "_write_one", and_meanwhile)
    before = snapshot(folder)
    code, _, err = run(file, *args, "--apply")
    assert code == 1
    assert err == (
        "error: plans/students/noah-t.yml changed during the evidence import; run the evidence "
        "import again\nnothing written: every plan is unchanged\n"
    )
    after = snapshot(folder)
    assert after.pop("plans/students/noah-t.yml").endswith(b"# a teacher's edit\n")
    before.pop("plans/students/noah-t.yml")
    assert after == before


def test_a_plan_broken_during_the_import_is_a_located_error_not_a_crash(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, args, _ = CASES["google-forms"]
    real = edits._read

    def broken_meanwhile(project, path, display, result):
        if path.name == "noah-t.yml":
            path.write_text("name: [unclosed\n")
        return real(project, path, display, result)

    monkeypatch.setattr(edits, "_read", broken_meanwhile)
    before = snapshot(folder)
    code, out, err = run(file, *args, "--apply")
    assert (code, out) == (1, "")
    assert err == (
        "plans/students/noah-t.yml:1:16: error: YAML syntax: did not find expected ',' or ']' "
        "[syntax]\n1 error, 0 warnings\nnothing written: every plan is unchanged\n"
    )
    after = snapshot(folder)
    assert after.pop("plans/students/noah-t.yml") == b"name: [unclosed\n"
    before.pop("plans/students/noah-t.yml")
    assert after == before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.mkdir(), "not a regular file; give the exported .csv file"),
        (lambda p: os.mkfifo(p), "not a regular file; give the exported .csv file"),
        (
            lambda p: p.write_bytes(b"student,level\nL\xe9a,proficient\n"),
            "the file is not UTF-8; export or save it as CSV UTF-8",
        ),
        (
            lambda p: p.write_bytes(b"student,level\x00\n"),
            "the file holds NUL bytes: it is not a CSV export",
        ),
        (lambda p: p.write_bytes(b""), "the file is empty"),
    ],
)
def test_hostile_files_are_refused_without_a_traceback(folder: Path, make, expected: str) -> None:
    make(folder / "export.csv")
    before = snapshot(folder)
    code, _, err = run("export.csv", "--objective", "math4/compare-fractions", *RIVERA)
    assert code == 1
    assert err.splitlines()[0].endswith(f"error: {expected} [bad-import]")
    assert snapshot(folder) == before


def test_dev_zero_is_refused(folder: Path) -> None:
    code, _, err = run("/dev/zero", "--objective", "math4/compare-fractions", *RIVERA)
    assert code == 1
    assert err.splitlines()[0] == (
        "/dev/zero:1:1: error: not a regular file; give the exported .csv file [bad-import]"
    )


def test_every_classroom_rule_has_a_failing_case() -> None:
    seen = {
        line.rsplit("[", 1)[1].rstrip("]")
        for _, _, expected in REFUSALS.values()
        for line in expected.splitlines()
    }
    # The class page's rule is checked in test_classroom_class.py, the site folder's others
    # in test_privacy.py.
    in_site = {"class-page-in-site", "letters-in-site", "foreign-file-in-site"}
    assert rules.CLASSROOM_RULES - in_site <= seen


def test_evidence_on_a_locked_objective_is_a_warning_and_is_still_recorded(folder: Path) -> None:
    lina = folder / "plans" / "students" / "lina-k.yml"
    lina.write_text(lina.read_text().replace("level: proficient", "level: developing"))
    file, args, summary = CASES["canvas"]
    code, out, err = run(file, *args, "--apply")
    assert code == 0
    assert err == (
        "canvas-gradebook.csv:3:7: warning: math4/compare-fractions is locked for lina-k: "
        "its prerequisites are not mastered yet [evidence-on-locked]\n"
        "0 errors, 1 warning\n"
    )
    assert out.endswith("wrote plans/students/lina-k.yml\n" + summary + "\n")


def test_a_temporary_file_that_cannot_be_written_leaves_every_plan_as_it_was(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, args, _ = CASES["google-forms"]
    real = fsutil.write_new

    def full_disk(path, *args):
        if path.name.startswith(".noah-t.yml."):
            raise OSError(28, "No space left on device")
        return real(path, *args)

    monkeypatch.setattr(fsutil, "write_new", full_disk)
    before = snapshot(folder)
    code, out, err = run(file, *args, "--apply")
    assert code == 1 and "wrote" not in out
    assert err.endswith(
        "error: [Errno 28] No space left on device\nnothing written: every plan is unchanged\n"
    )
    assert snapshot(folder) == before  # the other plans' temporary files are gone too


def test_a_canvas_export_without_sis_columns_and_a_level_column_named_student(folder: Path) -> None:
    # Teachers without SIS permissions get no SIS columns; "Student,ID,level" is generic.
    (folder / "quiz.csv").write_text(
        'Student,ID,Section,Exit ticket (77)\n    Points Possible,,,4\n"K., Lina",9001,4C,3\n'
    )
    code, out, err = run(
        "quiz.csv", "--column", "Exit ticket", "--objective", "math4/compare-fractions", *RIVERA
    )
    assert (code, err) == (0, "")
    assert "+    level: proficient\n" in out and out.endswith(
        "canvas: 1 new evidence entry in 1 plan; preview only: add --apply to write\n"
    )
    (folder / "quiz.csv").write_text("Student,ID,level\nLina K.,9001,developing\n")
    code, out, err = run("quiz.csv", "--objective", "math4/compare-fractions", *RIVERA)
    assert (code, err) == (0, "")
    assert out.endswith(
        "generic: 1 new evidence entry in 1 plan; preview only: add --apply to write\n"
    )


def test_an_import_that_would_break_a_plan_stops_with_the_plans_own_message(folder: Path) -> None:
    # Nine long notes take Ava's plan over the 1 MB a plan may hold: every class build would stop.
    rows = [f"Ava M.,2026-11-{10 + day},proficient,{'word ' * 24_000}" for day in range(9)]
    (folder / "notes.csv").write_text("student,date,level,note\n" + "\n".join(rows) + "\n")
    before = snapshot(folder)
    code, out, err = run("notes.csv", "--objective", "math4/equivalent-fractions", *RIVERA)
    assert (code, out) == (1, "")
    assert err == (
        "plans/students/ava-m.yml:1:1: error: file is 1,086,966 bytes; plans must stay under "
        "1,000,000 [syntax]\n"
        "1 error, 0 warnings\n"
        "nothing written: every plan is unchanged\n"
    )
    assert snapshot(folder) == before


def test_rows_for_one_student_read_the_plan_a_fixed_number_of_times(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linear time: 300 rows for Ava parse her plan as often as one row does (each entry used
    # to parse the grown plan again: 2,000 rows took two minutes).
    from generator import load
    from generator.classroom import edits

    parsed: list[str] = []

    def counted(real):
        def parse(document):
            parsed.append(document.display)
            return real(document)

        return parse

    monkeypatch.setattr(load, "parse_text", counted(load.parse_text))
    monkeypatch.setattr(edits, "parse_text", counted(edits.parse_text))
    for rows in (1, 300):
        parsed.clear()
        days = [
            f"Ava M.,2026-{1 + n % 11:02d}-{1 + n % 28:02d},proficient,{n}" for n in range(rows)
        ]
        (folder / "many.csv").write_text("student,date,level,note\n" + "\n".join(days) + "\n")
        code, out, _ = run("many.csv", "--objective", "math4/equivalent-fractions", *RIVERA)
        entries = "entry" if rows == 1 else "entries"
        assert (code, out.splitlines()[-1]) == (
            0,
            f"generic: {rows} new evidence {entries} in 1 plan; preview only: add --apply to write",
        )
        assert parsed.count("plans/students/ava-m.yml") == 2  # before and as it would be written


@pytest.mark.parametrize(
    "evidence",
    [
        "evidence: []\n",
        "evidence:\n",
        "",
        "evidence: [{a: b}]\n",
        "evidence:\n  - {a: b}\n",
        "evidence:\n- a: b\n# the end\n",
    ],
)
def test_appending_several_entries_at_once_is_appending_each_in_turn(evidence: str) -> None:
    from generator.authoring import splice
    from generator.load import Document, parse_text

    def tree(text: str):
        return parse_text(Document(Path("x.yml"), "x.yml", text)).tree

    text = "student: {name: A}\n" + evidence + "reflections: []\n"
    entries = [{"objective": "x", "note": "one, two"}, {"objective": "y", "note": "3"}]
    one_by_one = text
    for entry in entries:
        one_by_one = splice.append(one_by_one, tree(one_by_one), "evidence", entry)
    assert splice.append_all(text, tree(text), "evidence", entries) == one_by_one
