"""Every rule against its folder of broken plans: the exact problems, lines and columns; and
every example of the rule catalogue run, so `learnpath rules` and docs/rules.md stay true.

Each tests/plans/invalid/<case>/ holds a plans folder and expected.txt, the exact text report.
After a deliberate change of messages, refresh them with:  python tests/refresh_expected.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import report
from generator.checking import rules
from generator.checking.validate import check
from generator.language import i18n
from generator.problem import Problem

from .conftest import ROOT

CASES = Path(__file__).parent / "plans"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_plans_give_exactly_the_expected_problems(case: Path, monkeypatch) -> None:
    monkeypatch.chdir(case)
    project = check(Path("plans"))
    assert report.text(project.problems) + "\n" == (case / "expected.txt").read_text()


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_plans_have_no_problem(case: Path, monkeypatch) -> None:
    monkeypatch.chdir(case)
    assert check(Path("plans")).problems == []


def test_every_rule_has_a_failing_case_and_every_case_uses_known_rules() -> None:
    seen = set()
    for case in INVALID:
        for line in (case / "expected.txt").read_text().splitlines()[:-1]:
            seen.add(line.rsplit("[", 1)[1].rstrip("]"))
    assert seen <= set(rules.RULES)
    # case-* rules come from `library import-case`, not from validating plans: tests/test_case*.py
    imported = {rule for rule in rules.RULES if rule.startswith("case-")}
    # the classroom rules come from `evidence import` and `build`: tests/test_classroom*.py
    teachers = rules.CLASSROOM_RULES | rules.INBOX_RULES  # `inbox`: tests/test_inbox.py
    commands = teachers | rules.BUILD_RULES  # `build`'s own: tests/test_build.py
    assert seen | {rule.id for rule in RUNNABLE} | imported | commands == set(rules.RULES)


def test_every_rule_is_documented_with_examples() -> None:
    for rule in rules.RULES.values():
        assert rule.level in ("error", "warning")
        assert rule.summary and rule.bad and rule.good, rule.id


EXAMPLES = ROOT / "tests" / "rule_examples"
RUNNABLE = [rule for rule in rules.RULES.values() if rule.file]


def blocks(text: str) -> dict[str, list[str]]:
    """A YAML file's top-level blocks, by key, in order; comments before the first go to ''."""
    found: dict[str, list[str]] = {"": []}
    key = ""
    for line in text.splitlines():
        if line[:1] not in ("", " ", "#", "-") and ":" in line:
            key = line.split(":", 1)[0]
            found[key] = []
        found[key].append(line)
    return found


def merged(base: str, example: str) -> str:
    """The base file with the example's blocks replacing those of the same key, or added."""
    return "\n".join(sum({**blocks(base), **blocks(example)}.values(), [])) + "\n"


def run_example(rule: rules.Rule, text: str, work: Path, monkeypatch) -> list[Problem]:
    """Validate the example project with one example applied (tests/rule_examples/README.md)."""
    shutil.copytree(EXAMPLES / "plans", work / "plans")
    shutil.copytree(ROOT / "templates" / "locales", work / "templates" / "locales")
    monkeypatch.setattr(i18n, "LOCALES", work / "templates" / "locales")
    i18n.languages.cache_clear()
    i18n.catalog.cache_clear()
    with open(work / "plans" / "students" / "ava-m" / "video.mp4", "wb") as video:
        video.truncate(60_000_000)  # sparse: 60 MB that take no room
    students = work / "plans" / "students"
    if rule.file == "students/":
        (work / "plans" / text).parent.mkdir(parents=True, exist_ok=True)
        (students / "ava-m.yml").rename(work / "plans" / text)
        (students / "ava-m").rename((work / "plans" / text).with_suffix(""))
    else:
        target = work / (rule.file if rule.file.startswith("templates/") else f"plans/{rule.file}")
        target.write_text(merged(target.read_text(), text))
    monkeypatch.chdir(work)
    try:
        return check(Path("plans")).problems
    finally:
        i18n.languages.cache_clear()
        i18n.catalog.cache_clear()


@pytest.mark.parametrize("rule", RUNNABLE, ids=lambda r: r.id)
def test_each_bad_example_gives_exactly_its_rule(rule, tmp_path, monkeypatch) -> None:
    found = run_example(rule, rule.bad, tmp_path, monkeypatch)
    assert found and {p.rule for p in found} == {rule.id}, [str(p) for p in found]
    assert {p.level for p in found} == {rule.level}


@pytest.mark.parametrize("rule", RUNNABLE, ids=lambda r: r.id)
def test_each_good_example_gives_no_problem(rule, tmp_path, monkeypatch) -> None:
    assert [str(p) for p in run_example(rule, rule.good, tmp_path, monkeypatch)] == []


def test_every_rule_validate_finds_has_runnable_examples() -> None:
    """A rule in a folder of broken plans is found by `validate`: its examples must run."""
    for case in INVALID:
        for line in (case / "expected.txt").read_text().splitlines()[:-1]:
            rule = rules.RULES[line.rsplit("[", 1)[1].rstrip("]")]
            assert rule.file, f"{rule.id}: give its examples a file (see rules.py)"
