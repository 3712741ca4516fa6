"""A problem is a value with a location: collected, sorted, reported at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message} [{self.rule}]"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
