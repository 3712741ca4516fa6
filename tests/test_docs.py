"""The documentation in docs/ stays true: the reference pages are generated from the schema and
the rule catalogue, `learnpath rules` prints the catalogue, and nothing points outside."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from generator.checking import reference
from generator.cli import main

from .conftest import ROOT


def test_generated_reference_pages_are_up_to_date() -> None:
    """After changing schema.py or rules.py: .venv/bin/python -m generator.checking.reference"""
    for name, make in reference.PAGES.items():
        assert (ROOT / name).read_text(encoding="utf-8") == make(), name


def test_the_format_reference_lists_every_key_of_every_record() -> None:
    from generator.checking import schema

    page = (ROOT / "docs" / "plan-format.md").read_text()
    for record in (schema.SCHOOL, schema.LIBRARY, schema.PLAN, schema.SKILL, schema.EVIDENCE):
        for key in record.fields:
            assert f"| `{key}` |" in page, (record.name, key)


def test_learnpath_rules_prints_one_rule_with_its_examples() -> None:
    result = CliRunner().invoke(main, ["rules", "unknown-key"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == (
        "unknown-key (error): A key the format does not know; usually a typo.\n"
        "  bad (in plans/students/ava-m.yml):\n"
        "    intrests: [horses]\n"
        "  good:\n"
        "    interests: [horses]\n"
    )


def test_learnpath_rules_lists_every_rule() -> None:
    from generator.checking.rules import RULES

    output = CliRunner().invoke(main, ["rules"], catch_exceptions=False).output
    assert re.findall(r"^([a-z-]+) \((?:error|warning)\):", output, re.M) == list(RULES)


def test_an_unknown_rule_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["rules", "bad-studnt-id"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for RULE: no rule 'bad-studnt-id' — did you mean 'bad-student-id'?\n"
    )


# The product brief and style guide live outside the repository; users never have them.
OUTSIDE = re.compile(rb"\.\./shared|PRODUCT\.md|STYLE\.md")
OWN_TEXT = {".py", ".md", ".html", ".js", ".j2", ".yml", ".yaml", ".toml", ".txt", ".json"}


def test_nothing_in_the_repository_points_outside_it() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    pointing = [
        name
        for name in tracked
        if Path(name).suffix in OWN_TEXT and OUTSIDE.search((ROOT / name).read_bytes())
    ]
    assert pointing == []


def test_the_readme_points_at_the_format_reference() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "[docs/plan-format.md](docs/plan-format.md)" in readme
    for name in ("plan-format.md", "rules.md", "teachers-guide.md"):
        assert (ROOT / "docs" / name).is_file()


def test_the_teachers_guide_commands_work_in_order(tmp_path, monkeypatch) -> None:
    """Every `learnpath` line of the guide's sh blocks, run on a copy of the plans; then its
    example of a failing check gives exactly the message the guide shows."""
    import shlex
    import shutil

    guide = (ROOT / "docs" / "teachers-guide.md").read_text()
    commands = [
        shlex.split(line)[1:]
        for block in re.findall(r"```sh\n(.*?)```", guide, re.S)
        for line in block.splitlines()
        if line.startswith("learnpath ")
    ]
    assert [c[0] for c in commands] == ["new", "evidence", "status", "validate", "build"]
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    for args in commands:
        if args[0] == "build":  # an absolute site folder: MkDocs reads paths from its own
            args = [*args, "--site", str(tmp_path / "site")]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    assert (tmp_path / "site" / "lina-k" / "index.html").is_file()
    plan = tmp_path / "plans" / "students" / "lina-k.yml"
    plan.write_text(plan.read_text().replace("level: proficient", "level: proficent"))
    shown = re.search(r"```text\n(.*?)\n```", guide, re.S)[1]
    result = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert result.output.splitlines()[0] == shown
