"""An import's outcome: its problems and each plan's change, written as one change (every
plan or none, even if the process is killed: generator.base.journal)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.base import journal
from generator.base.journal import Conflict
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
        inserted = _insertion(before, after)
        if inserted is None:
            return "".join(difflib.unified_diff(before, after, self.display, self.display))
        return f"--- {self.display}\n+++ {self.display}\n" + _hunk(before, after, inserted)


CONTEXT = 3  # lines of context around a change, as difflib, `diff -u` and git write them


def _insertion(before: list[str], after: list[str]) -> int | None:
    """Where `after` is `before` with lines inserted (what an import does), the line they go
    after (the longest common start); else None. Then the diff is written directly: difflib
    would index every line of a plan to find what is known already."""
    if len(after) <= len(before):
        return None
    at = 0
    for old, new in zip(before, after, strict=False):
        if old != new:
            break
        at += 1
    rest = len(before) - at
    return at if before[at:] == after[len(after) - rest :] else None


def _hunk(before: list[str], after: list[str], at: int) -> str:
    """One hunk, as difflib.unified_diff writes it, for the lines inserted at `at`."""
    added = len(after) - len(before)
    start, stop = max(at - CONTEXT, 0), min(at + CONTEXT, len(before))
    header = f"@@ -{_range(start, stop)} +{_range(start, stop + added)} @@\n"
    lines = [" " + line for line in before[start:at]]
    lines += ["+" + line for line in after[at : at + added]]
    lines += [" " + line for line in before[at:stop]]
    return header + "".join(lines)


def _range(start: int, stop: int) -> str:
    """A unified diff's line range (difflib's _format_range_unified)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


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
    writing is finished or undone by the next command (generator.base.journal)."""
    journal.replace_all(root, changes, "evidence import")
