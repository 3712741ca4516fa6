"""The command line end to end: exact output and honest exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT

INVALID = ROOT / "tests" / "plans" / "invalid"


def run(*args: str, env: dict | None = None):  # noqa: ANN201
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def test_validate_examples_is_clean(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("validate")
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings\n")


def test_validate_reports_every_problem_and_exits_1(monkeypatch) -> None:
    monkeypatch.chdir(INVALID / "many-at-once")
    result = run("validate")
    assert result.exit_code == 1
    assert result.output == (INVALID / "many-at-once" / "expected.txt").read_text()


def test_warnings_pass_unless_strict(monkeypatch) -> None:
    monkeypatch.chdir(INVALID / "future-date")
    assert run("validate").exit_code == 0
    assert run("validate", "--strict").exit_code == 1


def test_json_format_has_exactly_the_documented_keys(monkeypatch) -> None:
    monkeypatch.chdir(INVALID / "unknown-author")
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == [
        {
            "path": "plans/students/s.yml",
            "line": 12,
            "column": 65,
            "level": "error",
            "rule": "unknown-author",
            "message": "'Ms T' is not among the plan's authors — did you mean 'Ms. T'?",
        },
        {
            "path": "plans/students/s.yml",
            "line": 14,
            "column": 28,
            "level": "error",
            "rule": "unknown-author",
            "message": "'Grandma' is not among the plan's authors (Ms. T, Pat) — add "
            '"- {name: Grandma, role: parent}" under authors: with the right role (teacher, '
            "parent, student or other), or run learnpath author add s --name Grandma --role "
            "parent",
        },
    ]


def test_github_format_is_chosen_on_actions(monkeypatch) -> None:
    monkeypatch.chdir(INVALID / "unknown-level")
    result = run("validate", env={"GITHUB_ACTIONS": "true"})
    assert result.output.splitlines()[:2] == [
        "::error file=plans/students/s.yml,line=9,col=22,title=unknown-level::level 'proficent' "
        "is not in the mastery scale — did you mean 'proficient'?",
        "::error file=plans/students/s.yml,line=13,col=49,title=unknown-level::level "
        "'profcient' is not in the mastery scale — did you mean 'proficient'?",
    ]


def test_github_format_summarises_past_ten_annotations(tmp_path: Path) -> None:
    from generator.problem import Problem
    from generator.report import github

    problems = [Problem("p.yml", i, 1, "error", "m", "syntax") for i in range(1, 14)]
    lines = github(problems).splitlines()
    assert sum(line.startswith("::error") for line in lines) == 10
    assert lines[10] == (
        "::notice title=learnpath::3 more errors and 0 more warnings not "
        "annotated (GitHub shows 10 of each); run 'learnpath validate' to see "
        "them all"
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", "--plans", str(tmp_path / "nowhere")).exit_code == 2
    assert run("validate", "--format", "xml").exit_code == 2


def test_status_text(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("status", "liam-o")
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "Liam O. (liam-o), as of 2026-11-24",
        "",
        "Add and subtract fractions [fraction-sums]: 4/5 mastered, ahead, "
        "projected finish 2026-12-13",
    ]


def test_status_json_follows_the_contract(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    data = json.loads(run("status", "ava-m", "--format", "json").output)
    objective = data["goals"][0]["objectives"][0]
    assert set(data) >= {"student", "name", "goals"}
    assert set(objective) >= {"id", "title", "status", "score", "counted", "requires"}


def test_status_of_an_unknown_student_says_who_exists(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["status", "ava"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == "no plan for student 'ava' (students: ava-m, liam-o, mia-c, noah-t)\n"


def test_status_of_a_broken_plan_shows_its_problems(monkeypatch) -> None:
    monkeypatch.chdir(INVALID / "unknown-key")
    result = run("status", "s")
    assert result.exit_code == 1
    assert "unknown key 'objectves' in goal" in result.output


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "validate" in result.stdout


def test_build_with_a_broken_plan_exits_1_and_writes_nothing(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(INVALID / "unknown-key")
    result = run("build", "--site", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"nothing written: {tmp_path / 'site'} is unchanged"
    assert not (tmp_path / "site").exists()
