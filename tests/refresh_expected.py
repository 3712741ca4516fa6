"""Rewrite tests/plans/invalid/*/expected.txt from the current validator; review the diff."""

import os
from pathlib import Path

os.environ["SOURCE_DATE_EPOCH"] = "1795478400"  # the tests' today, 2026-11-24

from generator import report  # noqa: E402
from generator.validate import check  # noqa: E402

for case in sorted((Path(__file__).parent / "plans" / "invalid").iterdir()):
    os.chdir(case)
    (case / "expected.txt").write_text(report.text(check(Path("plans")).problems) + "\n")
    print(case.name)
