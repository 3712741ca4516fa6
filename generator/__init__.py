"""learnpath: YAML learning plans in, one mastery-based learning-path site per student out.

The packages are the pipeline, in the order the code runs it: load/ -> checking/ (with the
model, model.py; crossref asks mastery/ for evidence-on-locked) -> mastery/ -> rendering/
(into a sitespec) -> html/ -> publishing/ (sealing, then the swap into site/), with build.py
orchestrating; base/ and language/ are shared by every stage. docs/architecture.md gives
every package its layer.
"""

from pathlib import Path

__version__ = "0.1.0"


def _project_root() -> Path:
    """Where templates/ and mkdocs.yml live: the checkout this package runs from (an editable
    install, or `python -m generator` in the repository), else the current folder or the
    nearest folder above it that has them: a school's fork, with learnpath installed by
    `pip install .`, run from inside the fork."""
    checkout = Path(__file__).resolve().parent.parent
    for folder in (checkout, Path.cwd(), *Path.cwd().parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "templates").is_dir():
            return folder
    return Path.cwd()


ROOT = _project_root()
