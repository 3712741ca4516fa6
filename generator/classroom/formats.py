"""Rows of an export -> marks: who, which cell, out of what, when. One reader per format.

Each reader knows its tool's quirks: Canvas's `Points Possible` row, test student and `(id)`
suffixes; Moodle's `(Real)`/`(Percentage)` columns and `-`; Google Forms' `4 / 5` scores and
timestamps. Id columns say which `student.ids` systems they hold, so an id only ever matches
the same system's id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.classroom import dates, grading
from generator.classroom.table import Table

CANVAS_IDS = {"ID": ("canvas",), "SIS User ID": ("sis",), "SIS Login ID": ("login", "email")}
MOODLE_IDS = {"ID number": ("sis", "idnumber"), "Email address": ("email",)}
FORMS_IDS = {"Email Address": ("email",)}
GENERIC_IDS = {"email": ("email",), "sis": ("sis",), "id": ()}  # () = any system
CANVAS_TEST_STUDENT = {"Student, Test", "Test Student"}
FORMS_NAMES = {"name", "full name", "student", "student name", "your name"}


@dataclass
class Mark:
    """One student's result in one row: `cell` is a level or a score, at (line, column)."""

    line: int
    column: int
    name: str
    ids: list[tuple[tuple[str, ...], str]]  # (systems, value); () matches any system
    cell: str
    out_of: float | None = None
    day: dt.date | None = None
    label: str = ""  # the assignment, for the evidence note
    name_column: int = 1
    extra: dict[str, tuple[int, str]] = field(default_factory=dict)  # generic: objective, by...


@dataclass
class Options:
    column: str | None
    date_order: str | None


def fitting(header: list[str]) -> list[str]:
    """The formats whose required columns the header has, the most likely first.

    A generic file with a `level` or `score` column comes first: no tool's export has one,
    while `Student,ID,...` alone could be either.
    """
    names, lower = set(header), {h.lower() for h in header}
    found = []
    if "student" in lower and lower & {"level", "score"}:
        found.append("generic")
    if header[:1] == ["Student"] and "ID" in names:
        found.append("canvas")
    if {"First name", "Last name"} <= names:
        found.append("moodle")
    if header[:1] == ["Timestamp"] and "Score" in names:
        found.append("google-forms")
    if "student" in lower and "generic" not in found:
        found.append("generic")
    return found


def marks(table: Table, fmt: str, options: Options) -> list[Mark]:
    """Every mark of the file, in file order; problems go to the table."""
    return READERS[fmt](table, options)


def _ids(header: list[str], cells: list[str], known: dict[str, tuple[str, ...]]) -> list:
    return [
        (known[name], cells[i])
        for i, name in enumerate(header)
        if name in known and i < len(cells) and cells[i]
    ]


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _choose(table: Table, candidates: list[int], wanted: str | None, what: str) -> int | None:
    """One column among `candidates`, or a problem that lists them."""
    listing = ", ".join(f"'{table.header[i]}'" for i in candidates) or "none"
    if len(candidates) == 1:
        return candidates[0]
    if not candidates and wanted:
        table.problem(1, 1, f"no {what} '{wanted}' in the file; it has: {listing}", "bad-import")
    elif not candidates:
        table.problem(1, 1, f"no {what} in the file", "bad-import")
    elif wanted:
        table.problem(1, 1, f"'{wanted}' names {len(candidates)} columns: {listing}", "bad-import")
    else:
        table.problem(1, 1, f"name the {what} with --column; the file has: {listing}", "bad-import")
    return None


def _canvas(table: Table, options: Options) -> list[Mark]:
    suffix = re.compile(r"(.*) \((\d+)\)")
    assignments = [i for i, h in enumerate(table.header) if suffix.fullmatch(h)]
    wanted = options.column
    if wanted:
        assignments = [
            i
            for i in assignments
            if wanted in (table.header[i], suffix.fullmatch(table.header[i])[1])
        ]
    column = _choose(table, assignments, wanted, "assignment")
    if column is None:
        return []
    out_of, found = None, []
    for line, cells in table.rows:
        name = cells[0]
        if name == "Points Possible":
            out_of = grading.number(_cell(cells, column))
            continue
        if name in CANVAS_TEST_STUDENT or not (name or _cell(cells, 1)):
            continue  # Canvas's test student, and its `(read only)` / posting rows
        label = suffix.fullmatch(table.header[column])[1]
        ids = _ids(table.header, cells, CANVAS_IDS)
        found.append(Mark(line, column + 1, name, ids, _cell(cells, column), None, None, label))
    if out_of is None and any(not grading.is_blank(m.cell) for m in found):
        table.problem(
            1, column + 1, "no 'Points Possible' row: export it with the grades", "bad-import"
        )
    for mark in found:
        mark.out_of = out_of
    return found


def _moodle(table: Table, options: Options) -> list[Mark]:
    kinds = re.compile(r"(?:[^:]*: )?(.*) \((Real|Percentage|Letter)\)")
    wanted = options.column

    def item(i: int) -> tuple[str, str] | None:
        match = kinds.fullmatch(table.header[i])
        if not match or (wanted and wanted not in (match[1], table.header[i].rsplit(" (", 1)[0])):
            return None
        return match[1], match[2]

    items = {i: item(i) for i in range(len(table.header)) if item(i)}
    percentages = [i for i, (_, kind) in items.items() if kind == "Percentage"]
    if not percentages and any(kind == "Real" for _, kind in items.values()):
        table.problem(
            1,
            1,
            "Moodle's (Real) grades need the maximum: export with (Percentage) too",
            "bad-import",
        )
        return []
    column = _choose(table, percentages, wanted, "grade item")
    if column is None:
        return []
    first, last = table.header.index("First name"), table.header.index("Last name")
    found = []
    for line, cells in table.rows:
        name = f"{_cell(cells, first)} {_cell(cells, last)}".strip()
        ids = _ids(table.header, cells, MOODLE_IDS)
        cell = _cell(cells, column)
        mark = Mark(line, column + 1, name, ids, cell, None, None, items[column][0])
        mark.name_column = first + 1
        found.append(mark)
    return found


def _forms(table: Table, options: Options) -> list[Mark]:
    wanted = options.column or "Score"
    column = _choose(
        table, [i for i, h in enumerate(table.header) if h == wanted], wanted, "column"
    )
    if column is None:
        return []
    names = [i for i, h in enumerate(table.header) if h.lower() in FORMS_NAMES]
    stamps = [_cell(cells, 0) for _, cells in table.rows]
    label = Path(table.display).stem.removesuffix(" (Responses)")  # the form's title
    order = options.date_order or dates.file_order(stamps)
    found = []
    for line, cells in table.rows:
        name = _cell(cells, names[0]) if names else ""
        ids = _ids(table.header, cells, FORMS_IDS)
        day, why = dates.parse(_cell(cells, 0), order)
        if day is None:
            table.problem(line, 1, why)
            continue
        mark = Mark(line, column + 1, name, ids, _cell(cells, column), None, day, label)
        mark.name_column = names[0] + 1 if names else 2
        found.append(mark)
    return found


GENERIC_EXTRA = ("objective", "by", "kind", "note", "date", "out_of")


def _generic(table: Table, options: Options) -> list[Mark]:
    lower = [h.lower() for h in table.header]
    wanted = options.column
    choices = [i for i, h in enumerate(lower) if h in ("level", "score")]
    if wanted:
        choices = [i for i, h in enumerate(table.header) if h == wanted]
    column = _choose(table, choices, wanted, "level or score column")
    if column is None:
        return []
    student = lower.index("student")
    ids_by_header = {h: GENERIC_IDS[h.lower()] for h in table.header if h.lower() in GENERIC_IDS}
    extra = {key: lower.index(key) for key in GENERIC_EXTRA if key in lower}
    dated = [_cell(cells, extra["date"]) for _, cells in table.rows] if "date" in extra else []
    order = options.date_order or dates.file_order(dated)
    found = []
    for line, cells in table.rows:
        mark = Mark(
            line,
            column + 1,
            _cell(cells, student),
            _ids(table.header, cells, ids_by_header),
            _cell(cells, column),
        )
        mark.name_column = student + 1
        mark.extra = {k: (i + 1, _cell(cells, i)) for k, i in extra.items() if _cell(cells, i)}
        if not _generic_extras(table, mark, order):
            continue
        found.append(mark)
    return found


def _generic_extras(table: Table, mark: Mark, order: str | None) -> bool:
    """Read the optional date and out_of cells of a generic row; False after a problem."""
    if "date" in mark.extra:
        column, text = mark.extra.pop("date")
        mark.day, why = dates.parse(text, order)
        if mark.day is None:
            table.problem(mark.line, column, why)
            return False
    if "out_of" in mark.extra:
        column, text = mark.extra.pop("out_of")
        mark.out_of = grading.number(text)
        if not mark.out_of:
            table.problem(mark.line, column, f"out_of must be a number above 0, found '{text}'")
            return False
    return True


READERS = {"canvas": _canvas, "moodle": _moodle, "google-forms": _forms, "generic": _generic}
