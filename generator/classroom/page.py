"""The class view written out: HTML to read and print, CSV for spreadsheets, JSON, plain text.

Pure functions return text; `class_pages` finds one of these files in a site folder, so that
`build` can refuse to publish the teacher's page.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from generator.classroom.overview import ClassView, Student
from generator.problem import Problem

# Ready first: that column is tomorrow's small group.
WORDS = {"ready": "ready", "in_progress": "in progress", "mastered": "mastered", "locked": "locked"}
FILES = {"html": "class.html", "csv": "class.csv", "json": "class.json"}
# How each file starts: enough to tell our class page from a student's page of the same name.
MARKERS = {
    "class.html": b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    b'<meta name="generator" content="learnpath class">',
    "class.csv": b"student,name,last_evidence,behind_on",
    "class.json": b'{\n  "objectives": [',
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting with these


def as_json(view: ClassView) -> str:
    """The shape tools rely on: objectives with their groups, students with pace and dates."""
    body = {
        "objectives": [
            {"id": o.id, "title": o.title, **{status: o.groups[status] for status in WORDS}}
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
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def as_csv(view: ClassView) -> str:
    """One row per student, one column per objective: `status` or `status: level`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["student", "name", "last_evidence", "behind_on", *(o.id for o in view.objectives)]
    )
    for s in view.students:
        last = s.last_evidence.isoformat() if s.last_evidence else ""
        row = [s.id, s.name, last, "; ".join(s.behind)]
        row += [_cell_text(s, o.id) for o in view.objectives]
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def _cell_text(student: Student, ref: str) -> str:
    cell = student.cells.get(ref)
    if cell is None:
        return ""
    return WORDS[cell.status] + (f": {cell.level}" if cell.level else "")


def _safe(cell: str) -> str:
    """Plan text is untrusted: a name like `=HYPERLINK(...)` must stay text in a spreadsheet."""
    return "'" + cell if cell.startswith(FORMULA) else cell


def as_text(view: ClassView) -> str:
    names = {s.id: s.name for s in view.students}
    lines = [f"Class at a glance, as of {view.today.isoformat()} ({len(view.students)} students)"]
    for o in view.objectives:
        lines.append(f"\n{o.id}: {o.title}")
        for status in WORDS:
            if ids := o.groups[status]:
                lines.append(f"  {WORDS[status]}: {', '.join(names[i] for i in ids)}")
    behind = [f"  {s.name}: {', '.join(s.behind)}" for s in view.students if s.behind]
    stale = [f"  {s.name}: {_last(s)}" for s in view.students if s.stale]
    lines += ["\nBehind pace:", *(behind or ["  nobody"])]
    lines += [f"\nNo evidence for {view.stale_after} days or more:", *(stale or ["  nobody"])]
    due = [f"  {s.name}: {', '.join(s.due)}" for s in view.students if s.due]
    lines += ["\nTime to review (mastered, no counted evidence since):", *(due or ["  nobody"])]
    return "\n".join(lines) + "\n"


def _last(student: Student) -> str:
    return f"last {student.last_evidence.isoformat()}" if student.last_evidence else "none yet"


def as_html(view: ClassView) -> str:
    environment = Environment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    template = environment.from_string(TEMPLATE)
    names = {s.id: s.name for s in view.students}
    return template.render(view=view, names=names, words=WORDS, last=_last)


RENDERERS = {"html": as_html, "csv": as_csv, "json": as_json, "text": as_text}


def class_pages(site_dir: Path, display: str) -> list[Problem]:
    """A problem for each class page (html, csv, json) found anywhere in the site folder."""
    found = []
    for folder, _, files in os.walk(site_dir):
        for name in sorted(set(files) & set(MARKERS)):
            path = Path(folder) / name
            with path.open("rb") as file:
                if file.read(len(MARKERS[name])) != MARKERS[name]:
                    continue
            shown = Path(display) / path.relative_to(site_dir)
            message = (
                "the teacher's class page is in the site folder, which is published; "
                "delete it and write it to private/ (learnpath class does by default)"
            )
            found.append(Problem(shown.as_posix(), 1, 1, "error", message, "class-page-in-site"))
    return sorted(found)


TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="learnpath class">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Class at a glance{% if view.school %} — {{ view.school }}{% endif %}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 0; background: #fff; }
main { padding: 1rem 1.25rem 2rem; max-width: 90rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p.meta { margin: 0 0 1rem; color: #444; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #f0f0f0; }
.ref { display: block; font: .8rem ui-monospace, monospace; color: #444; }
.scroll { overflow-x: auto; position: relative; }  /* holds the .sr spans: no page-wide scroll */
.grid td { white-space: nowrap; font-size: .9rem; }
.mastered { background: #d9f2de; color: #0b3d17; }
.in_progress { background: #fff0c2; color: #4a3700; }
.ready { background: #dce9ff; color: #0a2e66; font-weight: 600; }
.locked { background: #ececec; color: #333; }
.none { color: #555; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
ul.attention { margin: 0; padding-left: 1.25rem; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 9pt; }
  main { padding: 0; max-width: none; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  .mastered, .in_progress, .ready, .locked { print-color-adjust: exact; }
}
</style>
</head>
<body>
<main>
<h1>Class at a glance{% if view.school %} — {{ view.school }}{% endif %}</h1>
<p class="meta">As of {{ view.today.isoformat() }} · {{ view.students|length }} students ·
for the teacher only: keep this page out of the published site.</p>

<h2 id="groups">Who is ready for what</h2>
<div class="scroll" role="region" aria-labelledby="groups" tabindex="0">
<table>
<thead><tr><th scope="col">Objective</th><th scope="col">Ready: the next small group</th>
<th scope="col">In progress</th><th scope="col">Mastered</th>
<th scope="col">Locked</th></tr></thead>
<tbody>
{%- for o in view.objectives %}
<tr><th scope="row"><span class="ref">{{ o.id }}</span>{{ o.title }}</th>
{%- for status in ("ready", "in_progress", "mastered", "locked") %}
<td>
{%- for id in o.groups[status] %}{{ names[id] }}{% if not loop.last %}, {% endif %}
{%- else %}<span class="none">—<span class="sr"> nobody</span></span>
{%- endfor %}</td>
{%- endfor %}</tr>
{%- endfor %}
</tbody>
</table>
</div>

<h2 id="attention">Needs attention</h2>
<table>
<thead><tr><th scope="col">Behind pace</th>
<th scope="col">No evidence for {{ view.stale_after }} days or more</th>
<th scope="col">Time to review</th></tr></thead>
<tbody><tr>
<td><ul class="attention">
{%- for s in view.students if s.behind %}
<li>{{ s.name }}: {{ s.behind|join(", ") }}</li>
{%- else %}
<li>Nobody</li>
{%- endfor %}
</ul></td>
<td><ul class="attention">
{%- for s in view.students if s.stale %}
<li>{{ s.name }} ({{ last(s) }})</li>
{%- else %}
<li>Nobody</li>
{%- endfor %}
</ul></td>
<td><ul class="attention">
{%- for s in view.students if s.due %}
<li>{{ s.name }}: {{ s.due|join(", ") }}</li>
{%- else %}
<li>Nobody</li>
{%- endfor %}
</ul></td>
</tr></tbody>
</table>

<h2 id="grid">Every student, every objective</h2>
<div class="scroll" role="region" aria-labelledby="grid" tabindex="0">
<table class="grid">
<thead><tr><th scope="col">Student</th><th scope="col">Last evidence</th>
{%- for o in view.objectives %}<th scope="col">{{ o.id }}</th>{% endfor %}</tr></thead>
<tbody>
{%- for s in view.students %}
<tr><th scope="row">{{ s.name }}</th>
<td>{{ s.last_evidence.isoformat() if s.last_evidence else "none" }}</td>
{%- for o in view.objectives %}
{%- set cell = s.cells.get(o.id) %}
{%- if cell %}<td class="{{ cell.status }}">{{ words[cell.status] }}
{%- if cell.level %}<br>{{ cell.level }}{% endif %}</td>
{%- else %}<td class="none">—<span class="sr"> not in plan</span></td>{% endif %}
{%- endfor %}</tr>
{%- endfor %}
</tbody>
</table>
</div>
</main>
</body>
</html>
"""
