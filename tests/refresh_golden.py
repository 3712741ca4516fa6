"""Rewrite tests/golden/ava-m/ (page bodies as HTML, nav.json, headings.json) from the current
templates; review the diff before committing.

.venv/bin/python tests/refresh_golden.py
"""

import os
import shutil
from pathlib import Path

os.environ["SOURCE_DATE_EPOCH"] = "1795478400"  # the tests' today, 2026-11-24

from generator.render import render_golden

GOLDEN = Path(__file__).parent / "golden"

if __name__ == "__main__":
    shutil.rmtree(GOLDEN / "ava-m", ignore_errors=True)
    for name, text in render_golden("ava-m").items():
        (GOLDEN / "ava-m" / name).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / "ava-m" / name).write_text(text)
        print(name)
