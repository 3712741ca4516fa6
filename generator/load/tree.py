"""The loaded values: scalars as written, mappings and lists, each with its position."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.problem import Problem


@dataclass(slots=True, unsafe_hash=True)  # not frozen: that makes creating one 3.5x slower
class Scalar:
    """A scalar exactly as written; `plain` is False when it was quoted or a block literal.
    Never changed once loaded (hashable, like a frozen one)."""

    text: str
    plain: bool
    line: int
    column: int


class Map(dict[str, Any]):
    """A mapping of str keys to values, with the position of the mapping and of each key."""

    __slots__ = ("line", "column", "key_pos", "flow", "end")  # no __dict__ for each of many

    line: int
    column: int
    key_pos: dict[str, tuple[int, int]]
    flow: bool  # written {a: 1} rather than as indented lines
    end: int  # character offset just past the mapping, where libyaml's composer ended it


class Seq(list[Any]):
    """A sequence with the position of the sequence."""

    __slots__ = ("line", "column", "flow", "end")

    line: int
    column: int
    flow: bool
    end: int


Value = Scalar | Map | Seq


@dataclass
class Document:
    """One loaded file: its display path, its text and its tree (None if it could not be read)."""

    path: Path
    display: str
    text: str = ""
    tree: Value | None = None
    problems: list[Problem] = field(default_factory=list)
