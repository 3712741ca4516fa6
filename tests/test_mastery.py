"""The six calculation methods against hand-computed values, and the status rules."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.mastery import calculate, pace, projected_finish, reaches_mastery, today
from generator.model import Goal, Settings
from generator.shape import Rec
from generator.status import rounded

CANVAS = [1, 2, 3, 4, 5]  # Canvas's published example, weight 65


@pytest.mark.parametrize(
    ("method", "scores", "weight", "expected"),
    [
        ("decaying_average", CANVAS, 65, 4.4696),  # Canvas: "about 4.47"
        ("weighted_average", CANVAS, 65, 4.125),  # Canvas: "about 4.13"
        ("decaying_average", [2, 4], 65, 0.35 * 2 + 0.65 * 4),
        ("decaying_average", [3], 65, 3.0),
        ("weighted_average", [3], 65, 3.0),
        ("weighted_average", [4, 2], 50, 3.0),
        ("latest", [4, 1, 2], 65, 2.0),
        ("highest", [2, 4, 1], 65, 4.0),
        ("average", [1, 2, 4], 65, 7 / 3),
        ("n_mastery", [3, 2, 4, 3], 65, 3.0),  # three scores at or above level 3
    ],
)
def test_methods_match_hand_computed_values(method, scores, weight, expected) -> None:
    assert calculate(method, scores, weight, mastery_score=3) == pytest.approx(expected, abs=1e-4)


def test_canvas_example_rounds_as_gradebooks_show_it() -> None:
    assert rounded(calculate("decaying_average", CANVAS, 65, 3)) == 4.47
    assert rounded(calculate("weighted_average", CANVAS, 65, 3)) == 4.13


@pytest.mark.parametrize(
    "method", ["latest", "highest", "average", "weighted_average", "decaying_average", "n_mastery"]
)
def test_no_counting_evidence_gives_no_score(method) -> None:
    assert calculate(method, [], 65, 3) is None


def _settings(**changes) -> Settings:
    base = Settings(
        ("beginning", "developing", "proficient", "extending"),
        "proficient",
        "decaying_average",
        65,
        3,
        ("teacher",),
    )
    return base.with_overrides(changes)


def test_a_float_a_hair_under_the_level_still_counts_as_mastery() -> None:
    result = calculate("decaying_average", [3, 3, 3, 3, 3, 3, 3], 65, 3)
    assert reaches_mastery(_settings(), result)
    assert not reaches_mastery(_settings(), 2.99)


def test_n_mastery_needs_count_scores_at_the_level() -> None:
    settings = _settings(method="n_mastery", count=2)
    assert not reaches_mastery(settings, calculate("n_mastery", [3, 2, 2], 65, 3))
    assert reaches_mastery(settings, calculate("n_mastery", [4, 2, 3], 65, 3))


def _goal(start, target) -> Goal:
    return Goal("g", "G", "", start, target, [], Rec())


@pytest.mark.parametrize(
    ("mastered", "day", "expected"),
    [
        (5, dt.date(2026, 10, 1), "ahead"),  # 0.50 done, 0.25 of the time gone
        (3, dt.date(2026, 10, 1), "on_track"),  # 0.30 vs 0.25
        (1, dt.date(2026, 10, 1), "behind"),  # 0.10 vs 0.25
        (0, dt.date(2026, 8, 1), "on_track"),  # before the start nothing is due
        (9, dt.date(2027, 3, 1), "on_track"),  # after the target: 0.90 vs 1.00 is on the edge
        (8, dt.date(2027, 3, 1), "behind"),
    ],
)
def test_pace_compares_mastered_with_elapsed_fraction(mastered, day, expected) -> None:
    goal = _goal(dt.date(2026, 9, 1), dt.date(2026, 12, 31))  # 121 days
    if day == dt.date(2026, 10, 1):
        goal = _goal(dt.date(2026, 9, 1), dt.date(2026, 9, 1) + dt.timedelta(days=120))
    assert pace(goal, mastered, 10, day) == expected


def test_pace_needs_start_and_target() -> None:
    assert pace(_goal(dt.date(2026, 9, 1), None), 1, 2, dt.date(2026, 10, 1)) is None
    assert pace(_goal(None, dt.date(2026, 9, 1)), 1, 2, dt.date(2026, 10, 1)) is None


def test_projected_finish_extends_the_rate_so_far() -> None:
    goal = _goal(dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    # 2 of 5 mastered in 30 days: 75 days for all five.
    assert projected_finish(goal, 2, 5, dt.date(2026, 10, 1)) == dt.date(2026, 11, 15)
    assert projected_finish(goal, 0, 5, dt.date(2026, 10, 1)) is None


def test_today_follows_source_date_epoch(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert today() == dt.date(1970, 1, 1)
