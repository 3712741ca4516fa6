"""Authoring from the terminal: `learnpath new` and `learnpath evidence add`.

Both validate the would-be file in memory first and refuse to write an invalid one; both
write atomically. `evidence add` edits the text itself, not a re-dump of the YAML, so every
other byte of the file (comments, key order, quoting, flow or block style, unicode) stays.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import schema
from generator.load import Document, Map, Scalar, Seq, parse_text
from generator.model import Library
from generator.problem import Problem, errors
from generator.validate import check

PLAIN = re.compile(r"[^\W_][\w .'/()+-]*")  # no , : # [ ] { }: safe in flow and block style
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


@dataclass
class Outcome:
    """What an authoring command did: the problems it found, and whether it wrote the file."""

    problems: list[Problem]
    written: bool
    path: Path


def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    text = str(value)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return text  # a date, written as the format's dates are
    number_like = re.fullmatch(r"[0-9.+-]+", text)
    if (
        PLAIN.fullmatch(text)
        and text == text.strip()
        and text.lower() not in RESERVED
        and not number_like
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, flushed, then renamed over: never half a file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _validated_write(plans_dir: Path, path: Path, data: bytes) -> Outcome:
    """Check the whole plans folder as if `path` held `data`; write only if the plan is valid."""
    project = check(plans_dir, override=(path, data), only=path.stem)
    display = project.display(path)
    mine = [p for p in project.problems if p.path == display]
    if errors(mine):
        return Outcome(mine, False, path)
    write_atomically(path, data)
    return Outcome(mine, True, path)


# ---- learnpath new ---------------------------------------------------------------------------


def new_plan(
    plans_dir: Path,
    student_id: str,
    name: str,
    teacher: str,
    skills: list[str],
    language: str | None,
) -> Outcome:
    """Write plans/students/<id>.yml with one goal per library of the chosen skills."""
    path = plans_dir / "students" / f"{student_id}.yml"
    if path.exists():
        message = f"a plan for '{student_id}' already exists; it was left as it is"
        return Outcome(
            [Problem(_shown(plans_dir, path), 1, 1, "error", message, "duplicate-id")], False, path
        )
    libraries = check(plans_dir, only=student_id).libraries
    path.parent.mkdir(parents=True, exist_ok=True)
    return _validated_write(
        plans_dir, path, _plan_text(student_id, name, teacher, skills, language, libraries).encode()
    )


def _shown(plans_dir: Path, path: Path) -> str:
    return path.relative_to(plans_dir.parent).as_posix()


def _plan_text(
    student_id: str,
    name: str,
    teacher: str,
    skills: list[str],
    language: str | None,
    libraries: dict[str, Library],
) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schema/plan.schema.json",
        "student:",
        f"  name: {scalar(name)}",
        *([f"  language: {scalar(language)}"] if language else []),
        "authors:",
        f"  - {{name: {scalar(teacher)}, role: teacher}}",
        "interests: []",
        "goals:",
    ]
    groups: dict[str, list[str]] = {}
    for ref in skills:
        groups.setdefault(ref.partition("/")[0], []).append(ref)
    if not groups:
        lines += [
            "  - id: first-goal",
            "    title: Our first goal",
            "    objectives:",
            "      - id: first-objective",
            "        title: Choose a first objective together",
        ]
    for library_id, refs in groups.items():
        library = libraries.get(library_id)
        title = library.title if library else library_id
        lines += [f"  - id: {_slug(library_id)}", f"    title: {scalar(title)}", "    objectives:"]
        lines += [f"      - skill: {scalar(ref)}" for ref in refs]
    lines += ["evidence: []", "reflections: []"]
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "goal"


# ---- learnpath evidence add ------------------------------------------------------------------


def add_evidence(plans_dir: Path, student_id: str, entry: dict[str, str]) -> Outcome:
    """Append one evidence entry to the plan's `evidence` list, keeping every other byte."""
    path = plans_dir / "students" / f"{student_id}.yml"
    shown = _shown(plans_dir, path)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in (plans_dir / "students").glob("*.yml")))
        message = f"no plan for student '{student_id}' (students: {known or 'none'})"
        return Outcome([Problem(shown, 1, 1, "error", message, "unknown-objective")], False, path)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    doc = parse_text(Document(path, shown, raw.decode("utf-8-sig", errors="strict")))
    if doc.tree is None or not isinstance(doc.tree, Map) or errors(doc.problems):
        return Outcome(
            doc.problems
            or [Problem(shown, 1, 1, "error", "the plan is not a mapping", "wrong-type")],
            False,
            path,
        )
    text = _insert(doc.text, doc.tree, entry)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    return _validated_write(plans_dir, path, data)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _insert(text: str, tree: Map, entry: dict[str, str]) -> str:
    nl = _newline(text)
    evidence = tree.get("evidence")
    if evidence is None:  # no evidence key yet: add the list at the end of the file
        body = text if text.endswith("\n") or not text else text + nl
        return body + "evidence:" + nl + _block_item(entry, 2, nl)
    if isinstance(evidence, Scalar):  # `evidence:` with nothing after it
        line_end = _line_end(text, tree.key_pos["evidence"][0])
        return text[:line_end] + nl + _block_item(entry, 2, nl).rstrip("\r\n") + text[line_end:]
    if isinstance(evidence, Seq) and evidence.flow:
        close = text.rindex("]", 0, evidence.end)
        separator = ", " if evidence else ""
        return text[:close] + separator + _flow_map(entry) + text[close:]
    if isinstance(evidence, Seq) and evidence:
        return _append_block(text, evidence, entry, nl)
    raise ValueError("evidence is not a list")  # shape validation reports this before


def _line_end(text: str, line: int) -> int:
    """Offset where the line's text ends, before its line break."""
    end = text.find("\n", _offset(text, line, 1))
    end = len(text) if end < 0 else end
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _append_block(text: str, evidence: Seq, entry: dict[str, str], nl: str) -> str:
    last = evidence[-1]
    first = evidence[0]
    dash_column = _dash_column(text, first)
    # The last item ends where the next token starts; step back over blank and comment lines.
    end = getattr(last, "end", None) or _scalar_end(text, last)
    lines_before = text[:end].split("\n")
    while len(lines_before) > 1 and (
        not lines_before[-1].strip() or lines_before[-1].lstrip().startswith("#")
    ):
        lines_before.pop()
    cut = len("\n".join(lines_before).removesuffix("\r"))  # before the line's own ending
    flow_items = isinstance(first, Map) and first.flow
    item = (
        " " * dash_column + "- " + _flow_map(entry) + nl
        if flow_items
        else _block_item(entry, dash_column, nl)
    )
    head = text[:cut]
    return head + nl + item.rstrip("\r\n") + text[cut:]


def _scalar_end(text: str, value: Scalar) -> int:
    return text.find("\n", _offset(text, value.line, value.column))


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column - 1


def _dash_column(text: str, item: object) -> int:
    """Column (0-based) of the `-` before the first item, as the file writes it."""
    line, column = item.line, item.column  # type: ignore[attr-defined]
    start = _offset(text, line, 1)
    dash = text.rfind("-", start, start + column - 1)
    return dash - start if dash >= 0 else max(column - 3, 0)


def _block_item(entry: dict[str, str], dash_column: int, nl: str) -> str:
    pad = " " * dash_column
    keys = list(entry)
    lines = [f"{pad}- {keys[0]}: {scalar(entry[keys[0]])}"]
    lines += [f"{pad}  {key}: {scalar(entry[key])}" for key in keys[1:]]
    return nl.join(lines) + nl


def _flow_map(entry: dict[str, str]) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in entry.items()) + "}"


def evidence_entry(
    objective: str,
    level: str,
    by: str,
    kind: str,
    date: dt.date,
    note: str | None,
    file: str | None,
    link: str | None,
) -> dict[str, str]:
    """The entry in the format's key order; optional keys only when given."""
    entry = {
        "objective": objective,
        "date": date.isoformat(),
        "level": level,
        "by": by,
        "kind": kind,
    }
    for key, value in (("note", note), ("file", file), ("link", link)):
        if value:
            entry[key] = value
    return {k: v for k, v in entry.items() if k in schema.EVIDENCE.fields}
