"""Rewrite tests/plans/{invalid,compat}/*/expected.txt from the current validator; review the
diff (a compat case must keep 0 errors: a plan that validated once always validates)."""

import os
from pathlib import Path

os.environ["SOURCE_DATE_EPOCH"] = "1795478400"  # the tests' today, 2026-11-24

from generator import report
from generator.checking.validate import check

PLANS = Path(__file__).parent / "plans"
for case in sorted([*(PLANS / "invalid").iterdir(), *(PLANS / "compat").iterdir()]):
    if not case.is_dir():
        continue
    os.chdir(case)
    (case / "expected.txt").write_text(report.text(check(Path("plans")).problems) + "\n")
    print(case.name)
