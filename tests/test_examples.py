"""The example plans validate clean, and `status` agrees with hand-computed mastery.

tests/expected/*.json were computed by hand from the mastery rules (README, "Mastery"),
independently of the engine (see tests/expected/README.md for the arithmetic).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.checking.validate import check
from generator.mastery.status import summarize

from .conftest import ROOT, TODAY

EXPECTED = sorted((ROOT / "tests" / "expected").glob("*.json"))
CONTRACT_GOAL = ("id", "title", "progress", "pace", "projected_finish")
CONTRACT_OBJECTIVE = ("id", "title", "status", "score", "counted", "requires")


def test_example_plans_validate_with_no_problem() -> None:
    assert [str(p) for p in check(ROOT / "plans").problems] == []


def test_every_example_student_has_a_hand_computed_expectation() -> None:
    assert {p.stem for p in EXPECTED} == set(check(ROOT / "plans").plans)


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_status_matches_hand_computed_mastery(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text())
    plan = check(ROOT / "plans").plans[expected["student"]]
    got = summarize(plan, TODAY)
    assert (got["student"], got["name"]) == (expected["student"], expected["name"])
    for goal, want in zip(got["goals"], expected["goals"], strict=True):
        assert {k: goal[k] for k in CONTRACT_GOAL} == {k: want[k] for k in CONTRACT_GOAL}
        for objective, want_objective in zip(goal["objectives"], want["objectives"], strict=True):
            assert {k: objective[k] for k in CONTRACT_OBJECTIVE} == want_objective
