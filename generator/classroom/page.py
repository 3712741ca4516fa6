"""The class view written out: HTML to read and print, CSV for spreadsheets, JSON, plain text.

Pure functions return text. Finding a class page in a site folder, so that `learnpath build`
refuses to publish it, is generator/publishing/exposed.py's job.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import ROOT
from generator.base.terminal import inline
from generator.classroom.groups import WayGroup
from generator.classroom.overview import ClassView, Student

# Ready first: that column is tomorrow's small group.
WORDS = {"ready": "ready", "in_progress": "in progress", "mastered": "mastered", "locked": "locked"}
FILES = {"html": "class.html", "csv": "class.csv", "json": "class.json"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting with these
# A spreadsheet set to another locale splits the file at `;` or tabs, whatever the quotes:
# every piece it could split off is a cell that must not start a formula either.
SPLITS = re.compile(r"(?:^|(?<=[,;\t]))")
QUOTED = re.compile(r'[,;\t"\r\n]')


def as_json(view: ClassView) -> str:
    """The shape tools rely on: objectives with their groups, students with pace and dates."""
    body = {
        "objectives": [
            {
                "id": o.id,
                "title": o.title,
                **{status: o.groups[status] for status in WORDS},
                **({"ready_by_way": [_way_json(g) for g in o.by_way]} if view.by_way else {}),
            }
            for o in view.objectives
        ],
        "students": [
            {
                "id": s.id,
                "name": s.name,
                "goals": [{"id": goal_id, "pace": pace} for goal_id, _, pace in s.goals],
                "last_evidence": s.last_evidence.isoformat() if s.last_evidence else None,
            }
            for s in view.students
        ],
    }
    if view.notes:
        body["notes"] = view.notes
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _way_json(group: WayGroup) -> dict[str, Any]:
    return {"way": group.way, "students": list(group.students), "activity": group.activity}


def as_csv(view: ClassView) -> str:
    """One row per student, one column per objective: `status` or `status: level`."""
    rows = [["student", "name", "last_evidence", "behind_on", *(o.id for o in view.objectives)]]
    for s in view.students:
        last = s.last_evidence.isoformat() if s.last_evidence else ""
        row = [s.id, s.name, last, "; ".join(s.behind)]
        rows.append(row + [_cell_text(s, o.id) for o in view.objectives])
    return "".join(",".join(_field(cell) for cell in row) + "\r\n" for row in rows)


def _cell_text(student: Student, ref: str) -> str:
    cell = student.cells.get(ref)
    if cell is None:
        return ""
    return WORDS[cell.status] + (f": {cell.level}" if cell.level else "")


def _field(cell: str) -> str:
    """One CSV field: control characters escaped, quoted when it holds a separator."""
    text = _safe(inline(cell))
    return '"' + text.replace('"', '""') + '"' if QUOTED.search(text) else text


def _safe(cell: str) -> str:
    """Plan text is untrusted: a name like `=HYPERLINK(...)` must stay text in a spreadsheet,
    and so must `x;=1+1` where `;` separates cells. A piece starting with spaces or quotes
    before the sign is still a formula to some spreadsheets."""
    return SPLITS.sub(lambda m: _apostrophe(cell, m.end()), cell)


def _apostrophe(cell: str, at: int) -> str:
    return "'" if cell[at:].lstrip(' "').startswith(FORMULA) else ""


def as_text(view: ClassView) -> str:
    names = {s.id: s.name for s in view.students}
    lines = [f"Class at a glance, as of {view.today.isoformat()} ({len(view.students)} students)"]
    for o in view.objectives:
        lines.append(f"\n{o.id}: {o.title}")
        for status in WORDS:
            if ids := o.groups[status]:
                lines.append(f"  {WORDS[status]}: {', '.join(names[i] for i in ids)}")
            if status == "ready" and view.by_way:
                lines += [f"    {way_line(group, names, view.way_names)}" for group in o.by_way]
    behind = [f"  {s.name}: {', '.join(s.behind)}" for s in view.students if s.behind]
    stale = [f"  {s.name}: {_last(s)}" for s in view.students if s.stale]
    lines += ["\nBehind pace:", *(behind or ["  nobody"])]
    lines += [f"\nNo evidence for {view.stale_after} days or more:", *(stale or ["  nobody"])]
    due = [f"  {s.name}: {', '.join(s.due)}" for s in view.students if s.due]
    lines += ["\nTime to review (mastered, no counted evidence since):", *(due or ["  nobody"])]
    if view.notes:
        lines += ["\nNotes:", *(f"  {note}" for note in view.notes)]
    return "\n".join(lines) + "\n"


def way_line(group: WayGroup, names: dict[str, str], ways: dict[str, str]) -> str:
    """One part of a ready group, the way by its name (`ways`): "hands-on work: Ava M.,
    Liam O. — try: Make a word card game"."""
    who = ", ".join(names[i] for i in group.students)
    if group.way is None:
        return f"no way named: {who}"
    way = ways.get(group.way, group.way)
    activity = f"try: {group.activity}" if group.activity else f"no activity for {way} yet"
    return f"{way}: {who} — {activity}"


def _last(student: Student) -> str:
    return f"last {student.last_evidence.isoformat()}" if student.last_evidence else "none yet"


def as_html(view: ClassView) -> str:
    environment = Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("class.html")
    names = {s.id: s.name for s in view.students}
    return template.render(view=view, names=names, words=WORDS, last=_last, way_line=way_line)


RENDERERS = {"html": as_html, "csv": as_csv, "json": as_json, "text": as_text}
