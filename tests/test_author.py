"""`learnpath new` and `learnpath evidence add`: every other byte kept, invalid input refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checking.validate import check
from generator.cli import main

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


def test_an_empty_flow_list_becomes_a_block_list(plans: Path) -> None:
    # Not one 500-character line: the first entry opens a block list, as the file indents.
    code, after = add(plans, HEAD + "evidence: []\nreflections: []\n")
    assert (code, after.decode()) == (0, HEAD + "evidence:\n" + NEW_BLOCK + "reflections: []\n")
    code, after = add(plans, HEAD + "evidence: [ ]   # none yet\nreflections: []\n")
    assert (code, after.decode()) == (
        0,
        HEAD + "evidence:   # none yet\n" + NEW_BLOCK + "reflections: []\n",
    )


def test_a_new_block_list_follows_the_files_indentation(plans: Path) -> None:
    four = (
        "student: {name: Ava M.}\nauthors:\n    - {name: Ms. Rivera, role: teacher}\n"
        "goals:\n    - id: g\n      title: G\n      objectives:\n"
        "          - skill: math4/equivalent-fractions\n"
    )
    code, after = add(plans, four + "evidence: ~\n")
    assert (code, after.decode()) == (
        0,
        four + "evidence:\n" + NEW_BLOCK.replace("\n  ", "\n    ").replace("  - ", "    - ", 1),
    )
    flush = four.replace("\n    - {", "\n- {")
    code, after = add(plans, flush + "evidence: null   # none\n")
    assert (code, after.decode()) == (
        0,
        flush + "evidence:   # none\n" + NEW_BLOCK.replace("\n  ", "\n").removeprefix("  "),
    )


def test_evidence_that_is_not_a_list_is_a_located_refusal(plans: Path) -> None:
    for value, found in (("{}", "a mapping"), ("none yet", "'none yet'")):
        text = HEAD + f"evidence: {value}\n"
        path = plans / "students" / "ava-m.yml"
        path.write_text(text)
        result = CliRunner().invoke(
            main, ["evidence", "add", "ava-m", "--plans", str(plans), *ADD], catch_exceptions=False
        )
        assert (result.exit_code, path.read_text()) == (1, text)
        assert result.output.splitlines()[0] == (
            f"plans/students/ava-m.yml:16:11: error: expected a list of evidence fields, "
            f"found {found} [wrong-type]"
        )


def test_cr_only_line_endings_are_kept(plans: Path) -> None:
    text = BLOCK.replace("\n", "\r")
    code, after = add(plans, text)
    anchor = "    kind: observation\r"
    assert (code, after.decode()) == (
        0,
        text.replace(anchor, anchor + NEW_BLOCK.replace("\n", "\r")),
    )


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


def test_new_adds_the_prerequisites_so_the_plan_has_no_warning(plans: Path) -> None:
    """A plan `new` writes validates with 0 warnings: what a chosen skill builds on is added
    first, with a comment that says why (no prerequisite-not-in-plan)."""
    args = ["new", "lu", "--name", "Lu", "--teacher", "Ms. Rivera", "--plans", str(plans)]
    result = CliRunner().invoke(
        main, [*args, "--skills", "math4/add-subtract-mixed-numbers"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    text = (plans / "students" / "lu.yml").read_text()
    assert (
        "    objectives:\n"
        "      - skill: math4/unit-fraction-sums  # added: math4/add-subtract-mixed-numbers "
        "builds on it\n"
        "      - skill: math4/join-separate-parts  # added: math4/add-subtract-mixed-numbers "
        "builds on it\n"
        "      - skill: math4/decompose-fractions  # added: math4/add-subtract-mixed-numbers "
        "builds on it\n"
        "      - skill: math4/add-subtract-mixed-numbers\n"
    ) in text
    assert check(plans).problems == []


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


# ---- issue 10: ids that escape, --file, --kind, author add ---------------------------------


@pytest.mark.parametrize("student_id", ["../school", "../../x/victim", "/tmp/abs", "Ava M"])
@pytest.mark.parametrize("command", ["evidence", "status", "author"])
def test_a_student_id_that_is_not_an_id_is_a_usage_error(
    plans: Path, tmp_path: Path, student_id: str, command: str
) -> None:
    (plans / "school.yml").write_text("name: School\n")
    victim = tmp_path / "x" / "victim.yml"
    victim.parent.mkdir()
    victim.write_text("authors: []\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = {
        "evidence": ["evidence", "add", student_id, *ADD],
        "status": ["status", student_id],
        "author": ["author", "add", student_id, "--name", "Carlos M.", "--role", "parent"],
    }[command]
    result = CliRunner().invoke(main, [*args, "--plans", str(plans)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for 'STUDENT_ID': "
        f"'{student_id}' is not a student id: use lowercase letters, digits and hyphens, "
        "e.g. ava-m"
    )
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_library_function_refuses_a_path_as_id_too(plans: Path) -> None:
    from generator.authoring import author

    outcome = author.add_evidence(plans, "../school", {"objective": "x"})
    assert (outcome.written, [p.rule for p in outcome.problems]) == (False, ["bad-student-id"])


def test_a_yaml_suffix_plan_gets_evidence(plans: Path) -> None:
    path = plans / "students" / "ava-m.yaml"
    path.write_text(HEAD)
    result = CliRunner().invoke(
        main, ["evidence", "add", "ava-m", "--plans", str(plans), *ADD], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert path.read_text() == HEAD + "evidence:\n" + NEW_BLOCK
    assert not (plans / "students" / "ava-m.yml").exists()


def _with_file(plans: Path, given: str, *extra: str):
    (plans / "students" / "ava-m.yml").write_text(HEAD)
    return CliRunner().invoke(
        main,
        ["evidence", "add", "ava-m", "--plans", str(plans), *ADD, "--file", given, *extra],
        catch_exceptions=False,
    )


def test_a_file_from_outside_is_copied_into_the_students_folder(
    plans: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "Downloads" / "strips.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"JPEG")
    result = _with_file(plans, str(photo))
    assert result.exit_code == 0, result.output
    assert (plans / "students" / "ava-m" / "strips.jpg").read_bytes() == b"JPEG"
    assert (plans / "students" / "ava-m.yml").read_text().endswith("    file: strips.jpg\n")
    assert photo.read_bytes() == b"JPEG"  # copied, not moved


def test_a_copy_never_overwrites_a_different_file(plans: Path, tmp_path: Path) -> None:
    photo = tmp_path / "strips.jpg"
    photo.write_bytes(b"NEW")
    (plans / "students" / "ava-m").mkdir()
    (plans / "students" / "ava-m" / "strips.jpg").write_bytes(b"OLD")
    result = _with_file(plans, str(photo))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: plans/students/ava-m/strips.jpg already exists and differs from {photo}; "
        "rename one of them (nothing written)"
    )
    assert (plans / "students" / "ava-m" / "strips.jpg").read_bytes() == b"OLD"
    assert (plans / "students" / "ava-m.yml").read_text() == HEAD
    # The same bytes are the same file: nothing to copy, the entry names it.
    photo.write_bytes(b"OLD")
    assert _with_file(plans, str(photo)).exit_code == 0


def test_a_file_already_inside_is_named_relative_to_the_folder(plans: Path, monkeypatch) -> None:
    inside = plans / "students" / "ava-m" / "week 3" / "quiz.pdf"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"%PDF")
    monkeypatch.chdir(plans / "students")
    result = _with_file(plans, "ava-m/week 3/quiz.pdf")
    assert result.exit_code == 0, result.output
    assert (plans / "students" / "ava-m.yml").read_text().endswith("    file: week 3/quiz.pdf\n")
    # A name relative to the student's folder still works from anywhere else.
    monkeypatch.chdir(plans.parent)
    assert _with_file(plans, "week 3/quiz.pdf").exit_code == 0
    assert sorted(p.name for p in inside.parent.iterdir()) == ["quiz.pdf"]


def test_a_refused_entry_leaves_no_copied_file(plans: Path, tmp_path: Path) -> None:
    photo = tmp_path / "strips.jpg"
    photo.write_bytes(b"JPEG")
    args = [a if a != "proficient" else "proficent" for a in ADD]
    (plans / "students" / "ava-m.yml").write_text(HEAD)
    result = CliRunner().invoke(
        main,
        ["evidence", "add", "ava-m", "--plans", str(plans), *args, "--file", str(photo)],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert (plans / "students" / "ava-m.yml").read_text() == HEAD
    assert not (plans / "students" / "ava-m").exists()


def test_a_new_entry_of_an_unknown_kind_is_refused_and_help_lists_the_kinds(plans: Path) -> None:
    args = ["evidence", "add", "ava-m", "--plans", str(plans)]
    args += [a if a != "quiz" else "worksheet" for a in ADD]
    (plans / "students" / "ava-m.yml").write_text(HEAD)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert (plans / "students" / "ava-m.yml").read_text() == HEAD
    assert result.output.splitlines()[0] == (
        "plans/students/ava-m.yml:1:1: error: 'worksheet' is not an evidence kind — did you "
        "mean 'work-sample'? (a school adds its own under evidence_kinds: in school.yml) "
        "[unknown-kind]"
    )
    help_text = " ".join(CliRunner().invoke(main, ["evidence", "add", "--help"]).output.split())
    assert (
        "What it is: observation, work-sample, quiz, project, conversation, self-assessment, "
        "other, or one of the school's evidence_kinds." in help_text
    )
    for option in ("--objective", "--level", "--by", "--kind", "--date", "--note", "--file"):
        assert option in help_text


def test_a_kind_spelled_as_people_write_it_is_written_as_the_kind(plans: Path) -> None:
    code, after = add(plans, HEAD, *[a if a != "quiz" else "Work Sample" for a in ADD])
    assert code == 0
    text = after.decode()
    assert text.startswith(HEAD) and "kind: work-sample" in text[len(HEAD) :]


def test_a_plan_with_an_unknown_kind_still_validates_with_a_warning(plans: Path) -> None:
    """Kinds were free text in version 1: an unknown one is a warning, never an error."""
    (plans / "students" / "ava-m.yml").write_text(
        HEAD + "evidence:\n  - {objective: recipe-scaling, date: 2026-10-01, level: beginning, "
        "by: Ms. Rivera, kind: quizz}\n"
    )
    assert [str(p) for p in check(plans).problems] == [
        "plans/students/ava-m.yml:17:91: warning: 'quizz' is not one of the evidence kinds "
        "(observation, work-sample, quiz, project, conversation, self-assessment, other) — did "
        "you mean 'quiz'? If not, add it to the school's kinds: \"evidence_kinds: {quizz: {en: "
        'quizz}}" in plans/school.yml; it is shown as written until then [unknown-kind]'
    ]


def test_author_add_keeps_every_other_byte(plans: Path) -> None:
    path = plans / "students" / "ava-m.yml"
    path.write_text(BLOCK)
    result = CliRunner().invoke(
        main,
        ["author", "add", "ava-m", "--name", "Abuela Rosa", "--role", "parent"]
        + ["--plans", str(plans)],
        catch_exceptions=False,
    )
    assert (result.exit_code, result.output) == (0, f"wrote {path}\n")
    anchor = "  - {name: Ava, role: student}\n"
    assert path.read_text() == BLOCK.replace(
        anchor, anchor + "  - {name: Abuela Rosa, role: parent}\n"
    )


def test_author_add_refuses_a_duplicate_and_an_unknown_role(plans: Path) -> None:
    path = plans / "students" / "ava-m.yml"
    path.write_text(BLOCK)
    base = ["author", "add", "ava-m", "--plans", str(plans), "--name"]
    result = CliRunner().invoke(main, [*base, "Ava", "--role", "student"], catch_exceptions=False)
    assert result.exit_code == 1 and path.read_text() == BLOCK
    assert result.output.splitlines()[0] == (
        "plans/students/ava-m.yml:8:12: error: author 'Ava' is listed twice [duplicate-id]"
    )
    result = CliRunner().invoke(main, [*base, "X", "--role", "aunt"], catch_exceptions=False)
    assert result.exit_code == 2 and path.read_text() == BLOCK
    assert (
        "Invalid value for '--role': 'aunt' is not a role — did you mean 'parent'? (roles: "
        "teacher, parent, student, other)" in " ".join(result.output.split())
    )
    result = CliRunner().invoke(main, [*base, "Rosa", "--role", "Parent"], catch_exceptions=False)
    assert result.exit_code == 0 and "  - {name: Rosa, role: parent}\n" in path.read_text()


def test_unknown_author_message_shows_the_line_to_add(plans: Path) -> None:
    (plans / "students" / "ava-m.yml").write_text(
        HEAD + "reflections:\n  - {date: 2026-10-02, by: Abuela Rosa, text: Proud.}\n"
    )
    assert [str(p) for p in check(plans).problems] == [
        "plans/students/ava-m.yml:17:28: error: 'Abuela Rosa' is not among the plan's "
        'authors (Ms. Rivera, Carlos M., Ava) — add "- {name: Abuela Rosa, role: parent}" '
        "under authors: with the right role (teacher, parent, student or other), or run "
        "learnpath author add ava-m --name 'Abuela Rosa' --role parent [unknown-author]"
    ]


def test_new_with_a_relative_plans_folder_still_refuses_an_invalid_plan(
    plans: Path, monkeypatch
) -> None:
    monkeypatch.chdir(plans.parent)
    result = CliRunner().invoke(
        main,
        ["new", "bo", "--name", "Bo", "--teacher", "Y", "--skills", "math4/nope"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("plans/students/bo.yml:")
    assert not (plans / "students" / "bo.yml").exists()


def test_a_line_separator_in_text_does_not_misplace_the_new_entry(plans: Path) -> None:
    text = BLOCK.replace("kind: observation\n", 'kind: observation\n    note: "a\u2028b"\n', 1)
    code, after = add(plans, text)
    anchor = '    note: "a\u2028b"\n'
    assert (code, after.decode()) == (0, text.replace(anchor, anchor + NEW_BLOCK))
