"""The teacher's commands on N synthetic plans, against `validate` on the same plans.

- import: an N-row Canvas export (one row per student) into N plans: reading it, matching
  every row, appending one entry to every plan, checking each changed plan, the per-plan diff
  (the preview), and writing all N plans as one change (`--apply`; the plans are put back
  between runs, outside the timing);
- class: the class view of N students, written as HTML.

Both through the functions the commands call. Baseline, measured in the same process and
interleaved: `validate`'s library call, generator.checking.validate.check, on the same plans.
Target (issue 9): both under 3x the baseline.

    python benchmarks/bench_teacher.py --students 1000 --runs 5
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
from synthetic import write_plans  # noqa: E402

from generator.checking.validate import check  # noqa: E402
from generator.classroom import commands  # noqa: E402
from generator.problem import errors  # noqa: E402


def write_export(folder: Path, students: int) -> Path:
    """A Canvas gradebook: header, Points Possible, a test student, one row per plan."""
    lines = [
        "Student,ID,SIS User ID,SIS Login ID,Section,Fractions quiz (4412),Current Score",
        "    Points Possible,,,,,10,(read only)",
        '"Student, Test",99999,,,Grade 4,5,50',
    ]
    lines += [f"Student {n},{10000 + n},,,Grade 4,{n % 11},{n % 11}0" for n in range(students)]
    path = folder / "gradebook.csv"
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def import_once(plans: Path, export: Path) -> None:
    """`learnpath evidence import ... --apply`, as the command runs it (diff included)."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        code = commands.run_import(
            plans,
            export,
            "math/skill-0",
            "Ms. Rivera",
            "quiz",
            dt.date(2026, 11, 23),
            "Fractions quiz",
            "auto",
            "developing=50,proficient=75,extending=95",
            None,
            True,
        )
    assert code == 0


def class_once(plans: Path) -> None:
    """`learnpath class` (HTML), as the command runs it."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        assert commands.run_class(plans, "html", plans.parent / "private") == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        export = write_export(Path(tmp), args.students)
        originals = {p: p.read_bytes() for p in (plans / "students").glob("*.yml")}
        assert not errors(check(plans).problems)  # warm the file cache; the plans are valid

        def put_back() -> None:  # the plans as before the import, untimed
            for path, data in originals.items():
                path.write_bytes(data)

        times = timing.interleaved(  # interleaved, so noise hits all three alike
            args.runs,
            {
                "validate": lambda: check(plans),
                "class": lambda: class_once(plans),  # before the import: the plans as written
                "import": lambda: import_once(plans, export),
            },
            put_back,
        )
    print(timing.line("validate (check)", times["validate"], 34))
    print(timing.line(f"evidence import, {args.students} rows", times["import"], 34))
    print(timing.line(f"class, {args.students} students", times["class"], 34))
    print(timing.ratio_line("import", times["import"], times["validate"], "under 3x validate"))
    print(timing.ratio_line("class", times["class"], times["validate"], "under 3x validate"))


if __name__ == "__main__":
    main()
