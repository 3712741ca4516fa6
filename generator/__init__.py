"""learnpath: YAML learning plans in, one mastery-based learning-path site per student out.

The pipeline, in the order the code runs it: load -> shape -> model -> crossref (validate runs
them, with the cache; crossref asks the mastery engine for evidence-on-locked) -> mastery ->
render (into a sitespec) -> html -> publish (sealing) -> output (the swap into site/), with
build orchestrating. docs/architecture.md gives every module its layer.
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
