"""Start-up: `learnpath validate` (what the pre-commit hook runs) loads none of the libraries
that only building or publishing needs. Measured in benchmarks/bench_startup.py."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

# What only build, serve or publish need, and networkx, which learnpath no longer uses.
HEAVY = ["cryptography", "jinja2", "markdown", "material", "mkdocs", "networkx", "pymdownx"]
HEAVY += ["segno", "yaml"]  # yaml: PyYAML, which MkDocs reads its config with

SCRIPT = f"""
import sys
from generator.cli import main

def heavy():
    return sorted({{name.partition(".")[0] for name in sys.modules}} & {set(HEAVY)!r})

print("on import:", heavy())
try:
    main(["validate", "--plans", sys.argv[1]])
except SystemExit as stop:
    print("exit", stop.code, "after validate:", heavy())
"""


def test_importing_the_cli_and_validating_loads_no_build_library(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "plans")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
    )
    assert (result.stdout, result.stderr) == (
        "on import: []\n0 errors, 0 warnings\nexit 0 after validate: []\n",
        "",
    )
