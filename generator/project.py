"""What validation produces: everything read from a plans folder, as one value.

It sits below the checking stages (crossref fills it, validate builds it) so that neither
imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import Document
from generator.model import Library, Plan, School
from generator.problem import Problem


class Plans(MutableMapping[str, Plan]):
    """The modelled plans by student id, in the order they were read. A plan can be given as
    a function that makes it (`defer`): a plan from the cache is then unpickled only when a
    stage first uses it, so a rebuild after one edit never unpickles the others, and a build
    holds each plan as a few KB of pickle until it renders it (`release` drops it again)."""

    def __init__(self) -> None:
        self._plans: dict[str, Plan | Callable[[], Plan]] = {}
        self._makers: dict[str, Callable[[], Plan]] = {}

    def defer(self, student_id: str, make: Callable[[], Plan]) -> None:
        self._plans[student_id] = self._makers[student_id] = make

    def made(self) -> list[Plan]:
        """The plans already in memory (not those waiting in the cache to be unpickled)."""
        return [plan for plan in self._plans.values() if not callable(plan)]

    def release(self, student_id: str) -> None:
        """Forget a deferred plan's objects once they are used; the next use makes them again."""
        if student_id in self._makers:
            self._plans[student_id] = self._makers[student_id]

    def __getitem__(self, student_id: str) -> Plan:
        plan = self._plans[student_id]
        if callable(plan):
            plan = self._plans[student_id] = plan()
        return plan

    def __setitem__(self, student_id: str, plan: Plan) -> None:
        self._plans[student_id] = plan
        self._makers.pop(student_id, None)

    def __delitem__(self, student_id: str) -> None:
        del self._plans[student_id]
        self._makers.pop(student_id, None)

    def __contains__(self, student_id: object) -> bool:
        return student_id in self._plans

    def __iter__(self) -> Iterator[str]:
        return iter(self._plans)

    def __len__(self) -> int:
        return len(self._plans)


@dataclass
class Project:
    """Everything read from a plans folder.

    `documents` holds the files read in this run: a plan taken from the cache of checked
    plans (generator/checking/cache/) is modelled and checked, but not loaded again.
    """

    root: Path
    school: School
    libraries: dict[str, Library] = field(default_factory=dict)
    plans: Plans = field(default_factory=Plans)
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
