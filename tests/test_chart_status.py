"""`learnpath status --as-of` and "time to review" at the command line: exact output."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_status_as_of_a_past_date(monkeypatch) -> None:
    # Hand-worked in tests/test_mastery.py: Ava on the day a quiz unmastered comparing.
    # Her family reads Spanish: dates and scores as her site writes them.
    monkeypatch.chdir(ROOT)
    result = run("status", "ava-m", "--as-of", "2026-11-05")
    assert (result.exit_code, result.output) == (
        0,
        "Ava M. (ava-m), as of 5 nov 2026\n"
        "\n"
        "Understand fractions [fractions]: 1/4 mastered, behind, projected finish 19 may 2027\n"
        "  [x] math4/equivalent-fractions: mastered score 3,53 (3 counted)\n"
        "  [~] math4/compare-fractions: in progress score 2,35 (2 counted)\n"
        "  [ ] math4/fraction-as-multiple: ready (0 counted)\n"
        "  [-] recipe-scaling: locked (0 counted)\n"
        "\n"
        "Read and talk about stories [reading]: 1/2 mastered, no target, "
        "projected finish 27 dic 2026\n"
        "  [x] ela4/text-details: mastered score 3 (3 counted)\n"
        "  [ ] ela4/describe-story-elements: ready (0 counted)\n",
    )


def test_status_lists_what_is_due_for_review(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("status", "liam-o")
    assert result.exit_code == 0
    assert result.output.endswith(
        "\nTime to review (mastered, no counted evidence lately):\n"
        "  math4/unit-fraction-sums: last counted evidence Sep 22, 2026, more than 45 days ago\n"
        "  math4/join-separate-parts: last counted evidence Oct 6, 2026, more than 45 days ago\n"
    )
    data = json.loads(run("status", "liam-o", "--format", "json").output)
    assert data["due_for_review"] == [
        {
            "id": "math4/unit-fraction-sums",
            "title": "Understand a fraction a/b as a sum of unit fractions 1/b",
            "last_counted": "2026-09-22",
            "after_days": 45,
        },
        {
            "id": "math4/join-separate-parts",
            "title": "Add and subtract fractions as joining and separating parts of the same whole",
            "last_counted": "2026-10-06",
            "after_days": 45,
        },
    ]


def test_nothing_is_due_for_review_as_of_a_day_soon_after(monkeypatch) -> None:
    # As of 2026-11-06, unit-fraction-sums (09-22) is 45 days old: not more than 45.
    monkeypatch.chdir(ROOT)
    data = json.loads(run("status", "liam-o", "--as-of", "2026-11-06", "--format", "json").output)
    assert (data["today"], data["due_for_review"]) == ("2026-11-06", [])
    data = json.loads(run("status", "liam-o", "--as-of", "2026-11-07", "--format", "json").output)
    assert [d["id"] for d in data["due_for_review"]] == ["math4/unit-fraction-sums"]


def test_a_bad_as_of_date_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("status", "ava-m", "--as-of", "2026-02-30")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': '2026-02-30' is not a real date" in (result.output)


def test_bad_settings_are_located_problems(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    school = tmp_path / "plans" / "school.yml"
    school.write_text(school.read_text() + "report_every_days: 0\nreview_after_days: soon\n")
    liam = tmp_path / "plans" / "students" / "liam-o.yml"
    liam.write_text(liam.read_text().replace("review_after_days: 45", "review_after_days: -3"))
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert (result.exit_code, result.output) == (
        1,
        "plans/school.yml:38:20: error: 0 is out of range; expected 1 to 366 [bad-setting]\n"
        "plans/school.yml:39:20: error: expected a whole number from 1 to 3660, found 'soon' "
        "[wrong-type]\n"
        "plans/students/liam-o.yml:19:24: error: -3 is out of range; expected 1 to 3660 "
        "[bad-setting]\n"
        "3 errors, 0 warnings\n",
    )
