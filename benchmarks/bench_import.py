"""`evidence import --apply` of a large export, against `validate` of the same plans.

An export of R rows for N students (R / N rows each: a term of exit tickets, in the generic
format with objective, date, score and note columns) into N synthetic plans, through the
function the command calls: reading it, matching every row, appending each plan's entries,
validating every changed plan as it would be written, the diff (the preview), and writing all
N plans as one change, journal included. The plans are put back between runs, untimed.

Baseline, measured in the same process and interleaved: `validate`'s library call,
generator.checking.validate.check, on the same plans (as they are before the import, and after it).
Target (issue 20): the import under 3x `validate` of the same plans; linear in the rows.

    python benchmarks/bench_import.py --students 1000 --rows 100000 --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import timing  # noqa: E402
from synthetic import SKILLS, write_plans  # noqa: E402

from generator.checking.validate import check  # noqa: E402
from generator.classroom import commands  # noqa: E402
from generator.problem import errors  # noqa: E402

CUTS = "developing=50,proficient=75,extending=95"


def write_export(folder: Path, students: int, rows: int) -> Path:
    """A generic CSV: `rows` rows spread over `students` students, dated over a term."""
    lines = ["student,objective,date,score,note"]
    start = dt.date(2026, 9, 7)
    for r in range(rows):
        n, k = r % students, r // students
        skill = k % SKILLS  # library skills only: each plan has them all
        day = start + dt.timedelta(days=k % 70)
        lines.append(f"Student {n},math/skill-{skill},{day},{7 + r % 4} / 10,exit ticket {k}")
    path = folder / "export.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def import_once(plans: Path, export: Path) -> None:
    """`learnpath evidence import export.csv --by ... --kind quiz --cut ... --apply`."""
    with (
        open(os.devnull, "w") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),  # evidence-on-locked warnings, by design
    ):
        code = commands.run_import(
            plans, export, None, "Ms. Rivera", "quiz", dt.date(2026, 11, 23),
            None, "auto", CUTS, None, True,
        )  # fmt: skip
    assert code == 0, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")  # 2026-11-24
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        export = write_export(Path(tmp), args.students, args.rows)
        originals = {p: p.read_bytes() for p in (plans / "students").glob("*.yml")}
        assert not errors(check(plans).problems)  # warm the file cache; the plans are valid

        def put_back() -> None:  # the plans as before, untimed
            for path, data in originals.items():
                path.write_bytes(data)

        times = timing.interleaved(  # interleaved, so noise hits all three alike
            args.runs,
            {
                "before": lambda: check(plans),
                "import": lambda: import_once(plans, export),
                "after": lambda: check(plans),
            },
            put_back,
        )
    print(f"{args.students:,} plans, {args.rows:,} rows ({args.rows // args.students} a plan)")
    print(timing.line("validate, the plans before", times["before"], 30))
    print(timing.line("evidence import --apply", times["import"], 30))
    print(timing.line("validate, the plans after", times["after"], 30))
    print(
        timing.ratio_line(
            "import against validate of the plans before", times["import"], times["before"]
        )
    )
    print(
        timing.ratio_line(
            "import against validate of the plans after", times["import"], times["after"]
        )
    )


if __name__ == "__main__":
    main()
