"""Nothing stale: a rebuild happens when, and only when, something the sites depend on changed,
and a long-running process (`serve`) picks up edited labels and templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the repository's code, templates and plans, run from there."""
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("generator", "templates", "plans"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", repo)
    return repo


def python(repo: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the caches are what this file is about
    done = subprocess.run(
        [sys.executable, *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def summary(repo: Path) -> str:
    return python(repo, "-m", "generator", "build").splitlines()[0]


def test_compiled_python_files_do_not_force_a_rebuild_but_code_does(checkout: Path) -> None:
    assert summary(checkout) == "built 6 site(s), 0 unchanged, 0 removed"
    assert python(checkout, "-m", "generator", "schema", "plan").startswith("{")
    (checkout / "generator" / "__pycache__" / "other.cpython-311.pyc").write_bytes(b"x")
    assert summary(checkout) == "built 0 site(s), 6 unchanged, 0 removed"
    with (checkout / "generator" / "rendering" / "render.py").open("a") as code:
        code.write("\n# an edit\n")
    assert summary(checkout) == "built 6 site(s), 0 unchanged, 0 removed"


def test_the_page_templates_mkdocs_config_and_locales_are_inputs(checkout: Path) -> None:
    assert summary(checkout) == "built 6 site(s), 0 unchanged, 0 removed"
    for path in ("mkdocs.yml", "templates/locales/fr.yml", "templates/overrides/main.html"):
        with (checkout / path).open("a") as file:
            file.write("\n")
        assert summary(checkout) == "built 6 site(s), 0 unchanged, 0 removed", path
    (checkout / "docs").mkdir()  # not an input
    (checkout / "docs" / "notes.md").write_text("# Notes\n")
    assert summary(checkout) == "built 0 site(s), 6 unchanged, 0 removed"


SERVE_LOOP = """
from pathlib import Path
from generator.build import build

def edit(path, old, new):
    path = Path(path)
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))

site = Path("site")
print(sorted(build(Path("plans"), site).built))
edit("templates/locales/en.yml", "nav_evidence: Evidence", "nav_evidence: Proof of learning")
edit("templates/locales/en.yml", "landing_intro:", "landing_intro: Edited intro.  #")
edit("templates/overrides/main.html", 'content="no-referrer">', 'content="no-referrer" id="ed">')
print(sorted(build(Path("plans"), site).built))
print(sorted(build(Path("plans"), site).built))
"""


def test_labels_and_templates_edited_while_serving_show_up_in_the_rebuilt_sites(
    checkout: Path,
) -> None:
    students = "['ava-m', 'liam-o', 'mia-c', 'noah-t', 'wei-l', 'yasmin-k']"
    assert python(checkout, "-c", SERVE_LOOP).splitlines() == [students, students, "[]"]
    page = (checkout / "site" / "liam-o" / "index.html").read_text()
    assert "Proof of learning" in page
    assert '<meta name="referrer" content="no-referrer" id="ed">' in page
    landing = (checkout / "site" / "index.html").read_text()
    assert "<p>Edited intro.</p>" in landing
