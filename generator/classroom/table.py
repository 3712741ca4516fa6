"""An export file -> rows of cells, each row with its line: BOM, `;` and tabs handled.

Gradebooks write CSV in the user's locale: Excel in much of Europe separates with `;` and
writes decimal commas. The delimiter is read from the header line, never guessed per row.
"""

from __future__ import annotations

import csv
import io
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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        table.problem(
            line, 1, "the file is not UTF-8; export or save it as CSV UTF-8", "bad-import"
        )
        return table
    return parse_text(table, text)


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
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    table.delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                table.rows.append((line, [cell.strip() for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as exc:
        table.problem(reader.line_num or 1, 1, f"CSV syntax: {exc}", "bad-import")
        return table
    if not table.rows:
        table.problem(1, 1, "the file is empty", "bad-import")
        return table
    table.header = table.rows.pop(0)[1]
    return table


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
