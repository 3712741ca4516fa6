"""Where a value sits in a JSON file: a JSON path -> line and column, found only when needed.

The standard library's JSON parser keeps no positions, and a position-keeping parser in Python
would be many times slower on every import. Problems are rare, so we parse fast and, only to
report one, step through the text along the problem's path: the members of each object and
the elements of each array on the way are found with the C decoder's `raw_decode`, which
returns where a value ends, and remembered, so hundreds of problems cost about one parse.
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]
SPACE = re.compile(r"[ \t\n\r]*")
NEWLINE = re.compile("\n")
DECODER = json.JSONDecoder()


class Positions:
    """Offsets of values in one JSON text (which must be valid JSON)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.children: dict[Path, dict[str | int, int]] = {}
        self.breaks: list[int] | None = None

    def offset(self, path: Path) -> int | None:
        """Character offset where the value at `path` starts."""
        at = self._skip(0)
        for depth, step in enumerate(path):
            found = self._children(path[:depth], at).get(step)
            if found is None:
                return None
            at = found
        return at

    def _children(self, prefix: Path, at: int) -> dict[str | int, int]:
        if prefix not in self.children:
            opening = self.text[at : at + 1]
            members = self._members(at) if opening == "{" else {}
            self.children[prefix] = self._elements(at) if opening == "[" else members
        return self.children[prefix]

    def _members(self, at: int) -> dict[str | int, int]:
        found: dict[str | int, int] = {}
        at = self._skip(at + 1)
        while self.text[at] == '"':
            key, at = DECODER.raw_decode(self.text, at)
            start = self._skip(self._skip(at) + 1)  # past the colon
            found.setdefault(key, start)
            at = self._skip(DECODER.raw_decode(self.text, start)[1])
            if self.text[at] == ",":
                at = self._skip(at + 1)
        return found

    def _elements(self, at: int) -> dict[str | int, int]:
        found: dict[str | int, int] = {}
        at = self._skip(at + 1)
        while self.text[at] != "]":
            found[len(found)] = at
            at = self._skip(DECODER.raw_decode(self.text, at)[1])
            if self.text[at] == ",":
                at = self._skip(at + 1)
        return found

    def line_column(self, at: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if self.breaks is None:  # found once: counting per problem would rescan the text
            self.breaks = [m.start() for m in NEWLINE.finditer(self.text)]
        line = bisect.bisect_left(self.breaks, at)
        return line + 1, at - (self.breaks[line - 1] + 1 if line else 0) + 1

    def _skip(self, at: int) -> int:
        return SPACE.match(self.text, at).end()  # type: ignore[union-attr]


def locate(text: str, path: Path, positions: Positions | None = None) -> tuple[int, int]:
    """Line and column of the value at `path`, else of its nearest enclosing value."""
    positions = positions or Positions(text)
    for end in range(len(path), -1, -1):
        found = positions.offset(path[:end])
        if found is not None:
            return positions.line_column(found)
    return 1, 1
