"""learnpath: YAML learning plans in, one mastery-based learning-path site per student out.

The pipeline, one module per stage: load -> shape -> crossref (validate, with cache) -> model ->
mastery -> render (into a sitespec) -> html -> build (-> publish, output).
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
