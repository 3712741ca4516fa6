"""Every rule against its folder of broken plans: the exact problems, lines and columns.

Each tests/plans/invalid/<case>/ holds a plans folder and expected.txt, the exact text report.
After a deliberate change of messages, refresh them with:  python tests/refresh_expected.py
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import report, rules
from generator.validate import check

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
    assert seen == set(rules.RULES) - rules.CLASSROOM_RULES


def test_every_rule_is_documented_with_examples() -> None:
    for rule in rules.RULES.values():
        assert rule.level in ("error", "warning")
        assert rule.summary and rule.bad and rule.good, rule.id
