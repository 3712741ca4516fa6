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
from typing import Any

from generator.base.hints import suggest
from generator.classroom import dates, grading
from generator.classroom.table import Table

CANVAS_IDS = {"ID": ("canvas",), "SIS User ID": ("sis",), "SIS Login ID": ("login", "email")}
MOODLE_IDS = {"ID number": ("sis", "idnumber"), "Email address": ("email",)}
FORMS_IDS: dict[str, tuple[str, ...]] = {"Email Address": ("email",)}
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
    out_of: str | None = None  # the points possible, as the file writes them (`1,000`)
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


def _ids(header: list[str], cells: list[str], known: dict[str, tuple[str, ...]]) -> list[Any]:
    return [
        (known[name], cells[i])
        for i, name in enumerate(header)
        if name in known and i < len(cells) and cells[i]
    ]


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _choose(
    table: Table, candidates: list[int], wanted: str | None, what: str, names: dict[int, str]
) -> int | None:
    """The column `wanted` names among `candidates` (`names`: each one's name as the teacher
    knows it), or the only candidate; else a problem that lists them, with a near name."""
    if wanted:
        fitting = [i for i in candidates if wanted in (table.header[i], names[i])]
    else:
        fitting = candidates
    listing = ", ".join(f"'{table.header[i]}'" for i in (fitting or candidates)) or "none"
    if len(fitting) == 1:
        return fitting[0]
    if not fitting and wanted:
        message = f"no {what} '{wanted}' in the file; it has: {listing}"
        near = [names[i] for i in candidates if names[i].casefold() == wanted.casefold()]
        hint = f"did you mean '{near[0]}'?" if near else suggest(wanted, names.values())
        table.problem(1, 1, message + (f" — {hint}" if hint else ""), "bad-import")
    elif not fitting:
        table.problem(1, 1, f"no {what} in the file", "bad-import")
    elif wanted:
        table.problem(1, 1, f"'{wanted}' names {len(fitting)} columns: {listing}", "bad-import")
    else:
        table.problem(1, 1, f"name the {what} with --column; the file has: {listing}", "bad-import")
    return None


def _canvas(table: Table, options: Options) -> list[Mark]:
    suffix = re.compile(r"(.*) \((\d+)\)")
    names = {i: m[1] for i, h in enumerate(table.header) if (m := suffix.fullmatch(h))}
    column = _choose(table, list(names), options.column, "assignment", names)
    if column is None:
        return []
    out_of, possible_line, found = None, 0, []
    for line, cells in table.rows:
        name = cells[0]
        if name == "Points Possible":
            if possible_line:
                message = f"a second 'Points Possible' row (the first is line {possible_line})"
                table.problem(line, 1, message + ": export the gradebook again", "bad-import")
            out_of, possible_line = _cell(cells, column), line
            continue
        if name in CANVAS_TEST_STUDENT or not (name or _cell(cells, 1)):
            continue  # Canvas's test student, and its `(read only)` / posting rows
        ids = _ids(table.header, cells, CANVAS_IDS)
        found.append(
            Mark(line, column + 1, name, ids, _cell(cells, column), None, None, names[column])
        )
    if out_of is None and any(not grading.is_blank(m.cell) for m in found):
        table.problem(
            1, column + 1, "no 'Points Possible' row: export it with the grades", "bad-import"
        )
    for mark in found:
        mark.out_of = out_of if grading.number(out_of or "") else None
    return found


def _moodle(table: Table, options: Options) -> list[Mark]:
    kinds = re.compile(r"(?:[^:]*: )?(.*) \((Real|Percentage|Letter)\)")
    wanted = options.column

    def item(i: int) -> tuple[str, str] | None:
        match = kinds.fullmatch(table.header[i])
        return (match[1], match[2]) if match else None

    def fits(i: int) -> bool:
        return not wanted or wanted in (items[i][0], table.header[i].rsplit(" (", 1)[0])

    items = {i: pair for i in range(len(table.header)) if (pair := item(i)) is not None}
    percentages = [i for i, (_, kind) in items.items() if kind == "Percentage"]
    if not any(map(fits, percentages)) and any(
        kind == "Real" and fits(i) for i, (_, kind) in items.items()
    ):
        table.problem(
            1,
            1,
            "Moodle's (Real) grades need the maximum: export with (Percentage) too",
            "bad-import",
        )
        return []
    names = {i: items[i][0] for i in percentages}
    column = _choose(table, percentages, wanted, "grade item", names)
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
    headers = dict(enumerate(table.header))
    column = _choose(table, list(headers), wanted, "column", headers)
    if column is None:
        return []
    names = [i for i, h in enumerate(table.header) if h.lower() in FORMS_NAMES]
    stamps = [_cell(cells, 0) for _, cells in table.rows]
    label = form_title(Path(table.display).stem)
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


def form_title(stem: str) -> str:
    """The quiz's name from the file Google saves: "Times tables check (Responses) - Form
    Responses 1 (2)" -> "Times tables check" (the sheet's tab and a browser's copy number are
    not the quiz)."""
    title = re.sub(r" \(\d+\)$", "", stem)  # a second download: "... (1).csv"
    title = re.sub(r" - (?:Form [Rr]esponses|Respuestas de formulario|Sheet|Hoja) ?\d*$", "", title)
    return re.sub(r" \((?:Responses|Respuestas|Réponses|Respostas)\)$", "", title) or stem


GENERIC_EXTRA = ("objective", "by", "kind", "note", "date", "out_of")
GENERIC_ONCE = ("student", *GENERIC_EXTRA)  # a second one of these would be ignored silently


def _generic(table: Table, options: Options) -> list[Mark]:
    lower = [h.lower() for h in table.header]
    wanted = options.column
    choices = [i for i, h in enumerate(lower) if h in ("level", "score")]
    if wanted:
        choices = list(range(len(table.header)))
    names = dict(enumerate(table.header))
    column = _choose(table, choices, wanted, "level or score column", names)
    if column is None or not _once(table, lower):
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


def _once(table: Table, lower: list[str]) -> bool:
    """Each generic column at most once: a second `note` column would be dropped unread."""
    ok = True
    for key in GENERIC_ONCE:
        where = [i + 1 for i, name in enumerate(lower) if name == key]
        if len(where) > 1:
            message = f"two '{key}' columns ({where[0]} and {where[1]}): keep one"
            table.problem(1, where[1], message, "bad-import")
            ok = False
    return ok


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
        mark.out_of = text
        if not grading.number(text):
            table.problem(mark.line, column, f"out_of must be a number above 0, found '{text}'")
            return False
    return True


READERS = {"canvas": _canvas, "moodle": _moodle, "google-forms": _forms, "generic": _generic}
