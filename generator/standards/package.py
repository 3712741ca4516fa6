"""Reading a CASE package: bytes -> a checked Framework, or located problems.

CASE (1EdTech Competencies and Academic Standards Exchange, 1.0 and 1.1) serves a framework as
one JSON package: a `CFDocument`, its `CFItems` and `CFAssociations`, at the top level (what
`/ims/case/v1p0/CFPackages/<id>` returns) or wrapped in `CFPackage` (what some exports write).
Nothing here raises on bad input: every failure is a Problem located in the JSON file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.problem import Level, Problem
from generator.standards import position

SURROGATE = re.compile("[\ud800-\udfff]")

MAX_BYTES = 20_000_000  # the largest state frameworks are a few MB; 20 MB leaves room
MAX_DIGITS = 100  # a sequenceNumber is a few digits; a float holds about 308


@dataclass(frozen=True)
class Item:
    """One CFItem: a standard, a cluster, a domain..."""

    identifier: str
    code: str  # humanCodingScheme, e.g. CCSS.Math.Content.4.NF.A.1 ("" if none)
    statement: str  # fullStatement
    item_type: str  # CFItemType, e.g. Standard, Cluster
    levels: tuple[str, ...]  # educationLevel, e.g. ("04",)
    notes: str
    index: int  # position in CFItems: problems find the item again with it


@dataclass(frozen=True)
class Association:
    kind: str  # associationType: isChildOf, precedes, isRelatedTo...
    origin: str  # identifiers of the two nodes
    destination: str
    sequence: float  # sequenceNumber, for ordering children
    index: int  # position in CFAssociations


@dataclass
class Framework:
    """A checked CASE package: what the import needs, and where it came from."""

    display: str  # the file as reports name it
    text: str
    root: tuple[str, ...]  # () or ("CFPackage",): where the package sits in the JSON
    identifier: str
    title: str
    items: dict[str, Item] = field(default_factory=dict)
    associations: list[Association] = field(default_factory=list)
    _positions: position.Positions | None = field(default=None, repr=False)

    def at(self, *path: str | int) -> tuple[int, int]:
        """Line and column of a value of the package, e.g. at("CFItems", 3)."""
        if self._positions is None:  # only when a problem needs it
            self._positions = position.Positions(self.text)
        return position.locate(self.text, self.root + path, self._positions)

    def problem(
        self, path: tuple[str | int, ...], level: Level, message: str, rule: str
    ) -> Problem:
        return Problem.at(self.display, self.at(*path), level, message, rule)


def read(path: Path, display: str) -> tuple[Framework | None, list[Problem]]:
    """Read and check a CASE package file; None and the problems if it cannot be used."""
    data, trouble = _read_bytes(path)
    if trouble:
        return None, [Problem(display, 1, 1, "error", trouble, "syntax")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        return None, [Problem(display, line, column, "error", "not UTF-8 text", "syntax")]
    try:
        tree = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        message = f"not JSON: {exc.msg}"
        return None, [Problem(display, exc.lineno, exc.colno, "error", message, "syntax")]
    except RecursionError:
        return None, [Problem(display, 1, 1, "error", "not JSON: nested too deeply", "syntax")]
    except LongNumber as exc:
        line, column = _number_position(text, exc.digits)
        digits = len(exc.digits.lstrip("-"))
        message = f"a number of {digits:,} digits; no value of a CASE package is that long"
        return None, [Problem(display, line, column, "error", message, "syntax")]
    return _framework(tree, display, text)


class LongNumber(ValueError):
    """A whole number longer than any CASE value: int() refuses past 4,300 digits, and a
    sequenceNumber of 400 digits is past what a float holds."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits[:20])
        self.digits = digits


def _whole_number(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise LongNumber(text)
    return int(text)


def _number_position(text: str, digits: str) -> tuple[int, int]:
    """Where the number stands: the first run of exactly these digits outside a longer one."""
    found = re.search(rf"(?<![0-9]){re.escape(digits)}(?![0-9])", text)
    at = found.start() if found else 0
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _read_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes, or why not; never reads more than MAX_BYTES + 1 bytes."""
    try:
        with open(path, "rb", opener=_nonblocking) as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                return b"", "not a regular file; save the framework's JSON to a file first"
            if info.st_size > MAX_BYTES:
                return b"", _too_large(info.st_size)
            data = file.read(MAX_BYTES + 1)  # the file may grow while we read it
    except OSError as exc:
        return b"", f"cannot read the file: {exc.strerror}"
    return (b"", _too_large(len(data))) if len(data) > MAX_BYTES else (data, "")


def _nonblocking(name: str, flags: int) -> int:
    # A FIFO would block open() until someone writes to it; O_NONBLOCK lets us see what it is.
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _too_large(size: int) -> str:
    return f"file is {size:,} bytes; a CASE package must stay under {MAX_BYTES:,}"


def _byte_position(data: bytes, at: int) -> tuple[int, int]:
    return data.count(b"\n", 0, at) + 1, at - (data.rfind(b"\n", 0, at) + 1) + 1


NOT_CASE = (
    "not a CASE package: expected CFDocument and CFItems at the top level or inside CFPackage"
)


def _framework(tree: object, display: str, text: str) -> tuple[Framework | None, list[Problem]]:
    root: tuple[str, ...] = ()
    if isinstance(tree, dict) and isinstance(tree.get("CFPackage"), dict):
        tree, root = tree["CFPackage"], ("CFPackage",)
    if not isinstance(tree, dict) or not isinstance(tree.get("CFDocument"), dict):
        return None, [Problem(display, 1, 1, "error", NOT_CASE, "missing-key")]
    document = tree["CFDocument"]
    framework = Framework(
        display,
        text,
        root,
        _text(document.get("identifier")),
        _text(document.get("title")) or _text(document.get("identifier")),
    )
    problems = _check_lists(framework, tree)
    if problems:
        return None, problems
    problems += _items(framework, tree.get("CFItems", []))
    _associations(framework, tree.get("CFAssociations", []))
    return framework, problems


def _check_lists(framework: Framework, tree: dict[str, Any]) -> list[Problem]:
    found = []
    if not framework.identifier:
        message = "CFDocument has no identifier"
        found.append(framework.problem(("CFDocument",), "error", message, "missing-key"))
    for key in ("CFItems", "CFAssociations"):
        if key in tree and not isinstance(tree[key], list):
            message = f"{key} must be a list, found {type(tree[key]).__name__}"
            found.append(framework.problem((key,), "error", message, "wrong-type"))
    if "CFItems" not in tree:
        found.append(Problem(framework.display, 1, 1, "error", NOT_CASE, "missing-key"))
    return found


def _items(framework: Framework, items: list[Any]) -> list[Problem]:
    found = []
    for index, raw in enumerate(items):
        where = ("CFItems", index)
        identifier = _text(raw.get("identifier")) if isinstance(raw, dict) else ""
        if not identifier:
            message = "item has no identifier"
            found.append(framework.problem(where, "error", message, "missing-key"))
            continue
        first = framework.items.get(identifier)
        if first is not None:
            line = framework.at("CFItems", first.index)[0]
            message = f"identifier '{identifier}' is used by two items (the first on line {line})"
            found.append(framework.problem(where, "error", message, "duplicate-id"))
            continue
        framework.items[identifier] = Item(
            identifier,
            _text(raw.get("humanCodingScheme")).strip(),
            _statement(raw.get("fullStatement")),
            _text(raw.get("CFItemType")).strip(),
            _levels(raw.get("educationLevel", raw.get("educationalLevel"))),
            _statement(raw.get("notes")),
            index,
        )
    return found


def _associations(framework: Framework, associations: list[Any]) -> None:
    for index, raw in enumerate(associations):
        if not isinstance(raw, dict):
            continue
        origin, destination = _node(raw.get("originNodeURI")), _node(raw.get("destinationNodeURI"))
        sequence = raw.get("sequenceNumber")
        framework.associations.append(
            Association(
                _text(raw.get("associationType")),
                origin,
                destination,
                float(sequence) if isinstance(sequence, (int, float)) else float("inf"),
                index,
            )
        )


def _node(link: object) -> str:
    """A LinkGenURI's identifier; a bare string (as some exports write) is the identifier."""
    if isinstance(link, dict):
        return _text(link.get("identifier")) or _text(link.get("uri"))
    return _text(link)


def _text(value: object) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return text
    # json.loads accepts lone surrogates ("\ud800"), which no file can hold: show U+FFFD.
    return SURROGATE.sub("\ufffd", text)


def _statement(value: object) -> str:
    """Statement text with line ends normalized and trailing spaces on each line dropped."""
    text = _text(value)
    if "\n" not in text and "\r" not in text:
        return text.strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _levels(value: object) -> tuple[str, ...]:
    if isinstance(value, str):  # some CASE 1.0 exports write "04,05"
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(text for text in (_text(v).strip() for v in value) if text)
