"""The command line end to end: exact output and honest exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT

INVALID = ROOT / "tests" / "plans" / "invalid"


def run(*args: str, env: dict | None = None):
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
        "Liam O. (liam-o), as of Nov 24, 2026",
        "",
        "Add and subtract fractions [fraction-sums]: 4/5 mastered, ahead, "
        "projected finish Dec 13, 2026",
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
    assert result.output == (
        "no plan for student 'ava' (students: ava-m, liam-o, mia-c, noah-t, wei-l, yasmin-k)\n"
    )


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


# ---- issue 10: one-line errors, and learnpath from any folder below the repository --------


def test_a_broken_source_date_epoch_is_a_one_line_usage_error(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    for value in ("99999999999999", "-5", "yesterday", "1e9"):
        result = run("validate", env={"SOURCE_DATE_EPOCH": value})
        assert (result.exit_code, result.output) == (
            2,
            "Error: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, from 0 to "
            f"4102444799 (2099-12-31); found '{value}'\n",
        )
    assert run("validate", env={"SOURCE_DATE_EPOCH": ""}).exit_code == 0  # unset: real date


def test_serve_on_a_port_in_use_is_a_one_line_error(monkeypatch, tmp_path: Path) -> None:
    import socket

    monkeypatch.chdir(INVALID / "unknown-key")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--site", str(tmp_path / "site"), "--port", str(port))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: port {port} is in use (another learnpath serve?); stop it or choose another "
        f"port: --port {port + 1}\n",
    )
    assert run("serve", "--port", "70000").exit_code == 2


def test_serve_help_and_readme_agree() -> None:
    help_text = " ".join(run("serve", "--help").output.split())
    readme = (ROOT / "README.md").read_text()
    assert "| `learnpath serve [--plans DIR] [--site DIR] [--port N]` |" in readme
    for option in ("--plans", "--site", "--port"):
        assert option in help_text
    assert "rebuild when a plan or template changes and reload the open pages" in help_text


def test_every_option_has_help_text() -> None:
    import click

    def commands(group: click.Group, prefix: str = ""):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}", command

    missing = [
        f"{name} {param.opts[0]}"
        for name, command in commands(main)
        for param in command.params
        if isinstance(param, click.Option) and not param.help
    ]
    assert missing == []


def test_learnpath_works_from_a_folder_below_the_repository(monkeypatch, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "school"
    shutil.copytree(ROOT / "plans", repo / "plans")
    monkeypatch.chdir(repo / "plans" / "students")
    assert run("validate").output == "0 errors, 0 warnings\n"
    assert run("status", "liam-o").output.startswith("Liam O. (liam-o), as of Nov 24, 2026\n")
    photo = repo / "plans" / "students" / "photo.jpg"  # given relative to where we stand
    photo.write_bytes(b"JPEG")
    result = run(
        "evidence",
        "add",
        "liam-o",
        "--objective",
        "math4/unit-fraction-sums",
        "--level",
        "proficient",
        "--by",
        "Mr. Chen",
        "--kind",
        "quiz",
        "--date",
        "2026-11-20",
        "--file",
        "photo.jpg",
    )
    assert result.exit_code == 0, result.output
    assert (repo / "plans" / "students" / "liam-o" / "photo.jpg").read_bytes() == b"JPEG"
    monkeypatch.chdir(repo / "plans" / "students" / "liam-o")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (repo / "site" / "liam-o" / "index.html").is_file()
    assert not (repo / "plans" / "students" / "liam-o" / "site").exists()


def test_build_with_relative_folders_outside_the_checkout(monkeypatch, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    result = run("build", "--site", "out")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "  out/ava-m/index.html"
    assert (tmp_path / "out" / "ava-m" / "index.html").is_file()
