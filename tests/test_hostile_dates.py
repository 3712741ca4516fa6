"""Any date a plan may hold, and any --as-of, gives pages and status, never OverflowError.

A date before 1900 or after 2200 is a warning (`unlikely-date`: usually a typo), not an error,
because plans holding one validated and built before; every date calculation is safe from
0001-01-01 to 9999-12-31. Hand-worked: Noah's fractions goal with a fifth objective has 1 of 5
mastered; from a start on 0001-01-01 the rate projects the end 739,572 days x 5 later, past
9999-12-31, so there is no projected finish (as with nothing mastered yet)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run

FIFTH = "      - skill: math4/add-subtract-mixed-numbers\n"


def test_a_goal_started_in_year_1_validates_with_a_warning_and_builds(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    text = noah.read_text().replace("    start: 2026-09-01\n", "    start: 0001-01-01\n", 1)
    decompose = "      - skill: math4/decompose-fractions\n"
    noah.write_text(text.replace(decompose, decompose + FIFTH, 1))
    code, out, _ = run("validate")
    assert (code, out.splitlines()[0], out.splitlines()[-1]) == (
        0,
        "plans/students/noah-t.yml:16:12: warning: 0001-01-01 is not between 1900-01-01 and "
        "2200-12-31: is the year a typo? Write the year in full, e.g. 2026-10-02 [unlikely-date]",
        "0 errors, 2 warnings",
    )
    code, out, _ = run("status", "noah-t")
    assert code == 0
    assert "\nUnderstand fractions [fractions]: 1/5 mastered, behind\n" in out
    code, out, _ = run("status", "noah-t", "--format", "json")
    fractions = json.loads(out)["goals"][0]
    assert (fractions["start"], fractions["projected_finish"]) == ("0001-01-01", None)
    assert run("class", "--format", "text")[0] == 0
    assert run("class", "--format", "csv")[0] == 0
    code, out, err = run("build", "--site", str(folder / "site"))
    assert (code, err.splitlines()[-1]) == (0, "0 errors, 2 warnings")
    page = (folder / "site" / "noah-t" / "goals" / "fractions.html").read_text()
    assert "Jan 1, 1" in page  # the date as English writes it (CLDR via Babel)


@pytest.mark.parametrize(
    ("day", "said"),  # as Ava's Spanish site writes the day
    [("0001-01-01", "1 ene 1"), ("9000-01-01", "1 ene 9000"), ("9999-12-31", "31 dic 9999")],
)
def test_status_as_of_any_day_of_the_calendar(folder: Path, day: str, said: str) -> None:
    code, out, _ = run("status", "ava-m", "--as-of", day)
    assert code == 0
    assert out.startswith(f"Ava M. (ava-m), as of {said}\n")
    code, out, _ = run("status", "ava-m", "--as-of", day, "--format", "json")
    assert code == 0
    goals = json.loads(out)["goals"]
    # Ava's fractions: 2 of 4 mastered by 9000, at a rate that ends long after 9999-12-31.
    assert goals[0]["projected_finish"] is None


def test_evidence_dated_in_the_last_week_of_the_calendar_builds(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests" / "plans" / "valid" / "everything" / "plans", plans)
    zoe = plans / "students" / "zoe-2.yml"
    lines = zoe.read_text().splitlines(keepends=True)
    assert lines[32].strip().startswith("date: ")
    lines[32] = lines[32].split("date:")[0] + "date: 9999-12-25\n"
    zoe.write_text("".join(lines))
    code, out, err = run("build", "--plans", str(plans), "--site", str(tmp_path / "site"))
    assert code == 0, err
    assert "zoe-2.yml:33:11: warning: 9999-12-25 is not between 1900-01-01 and 2200-12-31" in err


def test_days_are_moved_within_the_calendar() -> None:
    from generator.mastery.engine import days_after

    assert days_after(dt.date(2026, 11, 24), -30) == dt.date(2026, 10, 25)
    assert days_after(dt.date(1, 1, 3), -30) == dt.date.min
    assert days_after(dt.date(9999, 12, 25), 14) == dt.date.max
