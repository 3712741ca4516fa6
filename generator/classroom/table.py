"""An export file -> rows of cells, each row with its line: BOM, `;` and tabs handled.

Gradebooks write CSV in the user's locale: Excel in much of Europe separates with `;` and
writes decimal commas. The delimiter is read from the header line, never guessed per row.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.problem import Problem

MAX_BYTES = 20_000_000  # a 5,000-student gradebook is under 5 MB
DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """A file's rows: `rows[i]` is (line, cells); the header is the first row."""

    display: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str = ","
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: int, message: str, rule: str = "bad-cell") -> None:
        self.problems.append(Problem(self.display, line, column, "error", message, rule))


def read_table(path: Path, display: str) -> Table:
    """Read an export; an unreadable file is a located problem on the Table."""
    table = Table(display)
    data = _read_bytes(path, table)
    if data is None:
        return table
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        table.problem(
            line, 1, "the file is not UTF-8; export or save it as CSV UTF-8", "bad-import"
        )
        return table
    return parse_text(table, text)


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 as Excel's "Unicode text" and some exports
    write it: with a BOM, or without one, where every other byte of the first line is 0."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:200]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 3 // 4 and not even.count(0):
            return "utf-16-le"
        if even.count(0) > len(even) * 3 // 4 and not odd.count(0):
            return "utf-16-be"
    return "utf-8-sig"


def _read_bytes(path: Path, table: Table) -> bytes | None:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or /dev/zero would never end
            table.problem(1, 1, "not a regular file; give the exported .csv file", "bad-import")
            return None
        if info.st_size > MAX_BYTES:
            table.problem(1, 1, f"the file is over {MAX_BYTES:,} bytes", "bad-import")
            return None
        return path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        table.problem(1, 1, f"cannot read the file: {exc.strerror}", "bad-import")
        return None


def parse_text(table: Table, text: str) -> Table:
    """Split `text` into rows; blank lines are dropped, quoted line breaks kept in their cell."""
    if "\x00" in text:
        table.problem(1, 1, "the file holds NUL bytes: it is not a CSV export", "bad-import")
        return table
    first_line = re.split(r"\r\n|\r|\n", text.lstrip("\r\n"), maxsplit=1)[0]  # CR alone: old Macs
    table.delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                table.rows.append((line, [cell.strip() for cell in cells]))
                _check_characters(table, line, cells)
            line = reader.line_num + 1
    except csv.Error as exc:
        table.problem(reader.line_num or 1, 1, f"CSV syntax: {exc}", "bad-import")
        return table
    if not table.rows:
        table.problem(1, 1, "the file is empty", "bad-import")
        return table
    table.header = table.rows.pop(0)[1]
    return table


# Invisible characters that break a line in YAML 1.1 tools or mean nothing in a name: C0 and
# C1 controls (but tab and line breaks, which a quoted cell may hold), DEL, LS and PS.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_NAMES = {"\x7f": "DELETE", "\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR"}
CONTROL_NAMES["\u2029"] = "PARAGRAPH SEPARATOR"


def _check_characters(table: Table, line: int, cells: list[str]) -> None:
    """An invisible control character in a cell is reported at its cell, never written."""
    for column, cell in enumerate(cells, 1):
        if found := CONTROL.search(cell):
            char = found[0]
            name = CONTROL_NAMES.get(char, "a control character")
            message = (
                f"the cell holds an invisible character (U+{ord(char):04X} {name}); "
                "delete it and export again"
            )
            table.problem(line, column, message)


def _delimiter(header: str) -> str:
    """The separator the header uses most, counted outside quotes."""
    outside, quoted = [], False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {d: outside.count(d) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])  # ties keep the comma, listed first
