"""Rewrite tests/golden/<student>/ (page bodies as HTML, nav.json, headings.json) of ava-m
(Spanish) and yasmin-k (Arabic, right to left) from the current templates; review the diff
before committing.

.venv/bin/python tests/refresh_golden.py
"""

import os
import shutil
from pathlib import Path

os.environ["SOURCE_DATE_EPOCH"] = "1795478400"  # the tests' today, 2026-11-24

from generator.rendering.render import render_golden

GOLDEN = Path(__file__).parent / "golden"

STUDENTS = ("ava-m", "yasmin-k")

if __name__ == "__main__":
    for student in STUDENTS:
        shutil.rmtree(GOLDEN / student, ignore_errors=True)
        for name, text in render_golden(student).items():
            (GOLDEN / student / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / student / name).write_text(text)
            print(f"{student}/{name}")
