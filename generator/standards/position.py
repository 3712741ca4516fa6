"""Where a value sits in a JSON file: a JSON path -> line and column, found only when needed.

The standard library's JSON parser keeps no positions, and a position-keeping parser in Python
would be ten times slower on every import. Problems are rare, so we parse fast and, only to
report one, walk the text's tokens once to find the value a path names.
"""

from __future__ import annotations

import re

# A string (with its escapes) or one structural character; numbers and words are skipped.
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]', re.S)
Path = tuple[str | int, ...]


def offset(text: str, path: Path) -> int | None:
    """Character offset where the value at `path` starts (an object, array or string)."""
    walker = _Walker(path)
    for match in TOKEN.finditer(text):
        found = walker.step(match.group(), match.start())
        if found is not None:
            return found
    return None


def line_column(text: str, at: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def locate(text: str, path: Path) -> tuple[int, int]:
    """Line and column of the value at `path`, else of its nearest enclosing value."""
    for end in range(len(path), -1, -1):
        found = offset(text, path[:end])
        if found is not None:
            return line_column(text, found)
    return 1, 1


class _Walker:
    """Follows the path of the value under the cursor while tokens go by."""

    def __init__(self, target: Path) -> None:
        self.target = list(target)
        self.path: list[str | int] = []
        self.stack: list[str] = []  # "{" or "["
        self.key: str | None = None
        self.want_key = False

    def step(self, token: str, at: int) -> int | None:
        if token in "{[" and len(token) == 1:
            if self.path == self.target:
                return at
            self.stack.append(token)
            self.want_key = token == "{"
            if token == "[":
                self.path.append(0)
        elif token in "}]" and len(token) == 1:
            if self.stack and self.stack.pop() == "{":
                if not self.want_key:
                    self.path.pop()
            elif self.path:
                self.path.pop()
            self.want_key = False
        elif token == ",":
            self._next_member()
        elif token == ":":
            self.path.append(self.key or "")
            self.want_key = False
        elif self.want_key:
            self.key = token[1:-1]
        elif self.path == self.target:
            return at
        return None

    def _next_member(self) -> None:
        if not self.stack:
            return
        if self.stack[-1] == "{":
            if not self.want_key:
                self.path.pop()
            self.want_key = True
        else:
            self.path[-1] += 1  # type: ignore[operator]
