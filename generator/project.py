"""What validation produces: everything read from a plans folder, as one value.

It sits below the checking stages (crossref fills it, validate builds it) so that neither
imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.load import Document
from generator.model import Library, Plan, School
from generator.problem import Problem


@dataclass
class Project:
    """Everything read from a plans folder.

    `documents` holds the files read in this run: a plan taken from the cache of checked
    plans (generator/cache.py) is modelled and checked, but not loaded again.
    """

    root: Path
    school: School
    libraries: dict[str, Library] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    def display(self, path: Path) -> str:
        """How reports name a file: relative to the plans folder's parent."""
        return display(path, self.root.parent)


def display(path: Path, base: Path) -> str:
    """`path` relative to `base` when it is inside it, else as given, with forward slashes."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
