"""An import's outcome: its problems and each plan's change, written as one change (every
plan or none, even if the process is killed: generator.journal)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator import journal
from generator.journal import Conflict
from generator.problem import Problem

__all__ = ["Change", "Conflict", "Result", "commit"]


@dataclass(frozen=True)
class Change:
    """A plan's bytes before and after an edit; `display` is how reports name it."""

    path: Path
    display: str
    before: bytes
    after: bytes

    def diff(self) -> str:
        """The change as a unified diff."""
        before = self.before.decode("utf-8-sig").splitlines(keepends=True)
        after = self.after.decode("utf-8-sig").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, after, self.display, self.display))


@dataclass
class Result:
    """What an import would do: its problems and every plan's change (kept beside Change so
    that the stages preparing it import it, not each other)."""

    fmt: str = ""
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    added: int = 0
    already: int = 0
    blank: int = 0
    notes: list[str] = field(default_factory=list)  # what the teacher should know, one a line

    def diff(self) -> str:
        """What would change, per plan, as a unified diff."""
        return "".join(change.diff() for change in self.changes)


def commit(root: Path, changes: list[Change]) -> None:
    """Replace every plan's bytes, or raise with every plan as it was; a process killed while
    writing is finished or undone by the next command (generator.journal)."""
    journal.replace_all(root, changes, "evidence import")
