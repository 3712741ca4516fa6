"""A plan file is a promise: every class in tests/plans/compat/ validates with 0 errors and
builds, with exactly the warnings in its expected.txt (tests/plans/compat/README.md).

After a deliberate change of messages: python tests/refresh_expected.py, and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import report
from generator.build import build
from generator.checking.validate import check
from generator.cli import main
from generator.problem import errors

COMPAT = Path(__file__).parent / "plans" / "compat"
CASES = sorted(p for p in COMPAT.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_an_earlier_plan_validates_with_no_error(case: Path, monkeypatch) -> None:
    monkeypatch.chdir(case)
    problems = check(Path("plans")).problems
    assert errors(problems) == []
    assert report.text(problems) + "\n" == (case / "expected.txt").read_text()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_an_earlier_plan_builds(case: Path, tmp_path: Path) -> None:
    result = build(case / "plans", tmp_path / "site")
    assert not result.failed
    students = sorted(p.stem for p in (case / "plans" / "students").glob("*.yml"))
    assert students and all((tmp_path / "site" / s / "index.html").is_file() for s in students)


def test_the_corpus_covers_what_the_docs_promise() -> None:
    assert [c.name for c in CASES] == [
        "examples-2026-11-24",
        "lists-and-dates",
        "optional-keys",
        "school-kinds",
        "spellings",
        "version-1-minimal",
    ]
    text = (COMPAT / "lists-and-dates" / "plans" / "students" / "lu.yml").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and text.count(b"\r\n") == text.count(b"\n")


def test_spellings_are_read_as_the_canonical_words() -> None:
    plan = check(COMPAT / "spellings" / "plans").plans["kai"]
    assert [e.kind for e in plan.evidence] == [
        "work-sample",
        "work-sample",
        "self-assessment",
        "quiz",
        "work-sample",
        "observation",
        "homework",  # the school may add it; until then it is kept as written
    ]
    assert [e.level for e in plan.evidence][:4] == [
        "proficient",
        "proficient",
        "developing",
        "developing",
    ]
    assert [a.role for a in plan.authors] == ["teacher", "student", "parent"]
    rounding = plan.objectives["math/rounding"].settings
    assert (rounding.method, rounding.weight) == ("weighted_average", 60)
    assert rounding.level == "proficient"


def test_status_of_spelled_plans_is_exact() -> None:
    result = CliRunner().invoke(
        main, ["status", "kai", "--plans", str(COMPAT / "spellings" / "plans")]
    )
    assert result.exit_code == 0
    # place-value: n_mastery, 2 teacher scores at proficient; rounding: weighted_average 60,
    # teacher scores 2, 3, 3 (homework counts: only the kind is unknown) -> 0.6*3 + 0.4*2.5.
    assert result.output.splitlines()[3:] == [
        "  [x] math/place-value: mastered score 2 (2 counted)",
        "  [~] math/rounding: in progress score 2.8 (3 counted)",
    ]


def test_a_schools_own_kinds_are_named_in_its_languages(tmp_path: Path) -> None:
    assert not build(COMPAT / "school-kinds" / "plans", tmp_path / "site").failed
    page = (tmp_path / "site" / "ines" / "evidence.html").read_text()
    assert "boleto de salida" in page  # es, the site's language
    assert "portfolio conference" in page  # only named in English: the school's words


def test_evidence_import_and_add_take_a_kind_as_people_spell_it(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COMPAT / "version-1-minimal" / "plans", plans)
    result = CliRunner().invoke(
        main,
        [
            "evidence", "add", "sam", "--plans", str(plans), "--objective", "fluency",
            "--level", "developing", "--by", "Mr. Park", "--kind", "Self Assessment",
            "--date", "2026-10-02",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        (plans / "students" / "sam.yml")
        .read_text()
        .endswith(
            "  - objective: fluency\n    date: 2026-10-02\n    level: developing\n"
            "    by: Mr. Park\n    kind: self-assessment\n"
        )
    )


def test_a_class_whose_only_problems_are_warnings_publishes(tmp_path: Path) -> None:
    """What the workflow runs: warnings are printed, the site is built, the exit code is 0;
    only --strict (for a school that asks for it) stops on them."""
    plans = COMPAT / "examples-2026-11-24" / "plans"
    result = CliRunner().invoke(
        main, ["build", "--plans", str(plans), "--site", str(tmp_path / "site")]
    )
    assert result.exit_code == 0, result.output
    assert "[prerequisite-not-in-plan]" in result.output
    assert (tmp_path / "site" / "ava-m" / "index.html").is_file()
    strict = CliRunner().invoke(
        main, ["build", "--plans", str(plans), "--site", str(tmp_path / "strict"), "--strict"]
    )
    assert strict.exit_code == 1 and not (tmp_path / "strict" / "ava-m").exists()


def test_evidence_import_takes_a_schools_own_kind(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COMPAT / "school-kinds" / "plans", plans)
    grades = tmp_path / "grades.csv"
    grades.write_text("student,level\nInés,proficient\n")
    args = ["evidence", "import", str(grades), "--plans", str(plans), "--objective", "halves"]
    args += ["--by", "Sra. Gil", "--kind", "Exit Ticket", "--date", "2026-10-15", "--apply"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        (plans / "students" / "ines.yml")
        .read_text()
        .endswith(
            "kind: portfolio conference}\n"  # the list's flow style is kept
            "  - {objective: halves, date: 2026-10-15, level: proficient, by: Sra. Gil, "
            "kind: exit-ticket}\n"
        )
    )
