"""A problem is a value with a location: collected, sorted, reported at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.base.terminal import inline

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, at `path:line:column` (both 1-based), ordered for stable reports."""

    path: str
    line: int
    column: int
    level: Level
    message: str
    rule: str

    @classmethod
    def at(cls, path: str, pos: tuple[int, int], level: Level, message: str, rule: str) -> Problem:
        """A problem at `pos`, a (line, column) pair as the loader keeps positions."""
        return cls(path, pos[0], pos[1], level, message, rule)

    def __str__(self) -> str:
        """One line, whatever a plan or an import put in the message (terminal.py says why)."""
        text = f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message} [{self.rule}]"
        return inline(text)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
