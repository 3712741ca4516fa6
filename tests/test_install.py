"""A school's fork installs learnpath with `pip install .` (as the Pages workflow does) and runs
it inside the fork: the installed package must find templates/ and mkdocs.yml there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_a_non_editable_install_finds_the_repository_it_runs_in(tmp_path: Path) -> None:
    source = tmp_path / "source"  # the package alone, so nothing is built inside the checkout
    shutil.copytree(ROOT / "generator", source / "generator")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "SOURCE_DATE_EPOCH": "1795478400"}

    def learnpath(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.ROOT)"],
        cwd=ROOT / "plans",
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip() == str(ROOT)  # found by looking up from plans/
    site = tmp_path / "site"
    result = learnpath("build", "--plans", ".", "--site", str(site), cwd=ROOT / "plans")
    assert result.returncode == 0, result.stderr
    assert (site / "ava-m" / "goals" / "fractions.html").is_file()
    outside = learnpath("validate", "--plans", str(ROOT / "plans"), cwd=tmp_path)
    assert outside.returncode == 2
    assert "run learnpath inside its repository" in outside.stderr
