"""`learnpath fix`: rewrite what the validator reads one way but a person wrote another.

Two tidy-ups, each keeping every other byte of the file (comments, order, quoting, line ends):
a word of the format spelled as people write it (`kind: work sample`, `role: Teacher`,
`level: Proficient`, `ways: [Hands On]`, or a phrase school.yml's `ways:` maps to a way,
such as `ways: [hands-on projects]`) becomes the word itself, and a sentence that a [flow
list] cut at its comma (rule split-sentence) becomes one quoted item. Nothing else is ever
changed: a file whose fixed text would not validate as well as before is left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.authoring import splice
from generator.base import vocabulary
from generator.base.fsutil import write_atomically
from generator.checking import schema
from generator.checking.shape import sentence_splits
from generator.checking.validate import check
from generator.load import Map, Scalar, Seq, Value
from generator.problem import errors
from generator.project import Project


@dataclass(frozen=True)
class Edit:
    """Replace `length` characters at `offset` (line:column, for the report) by `new`."""

    line: int
    column: int
    offset: int
    length: int
    old: str
    new: str


@dataclass(frozen=True)
class Fixed:
    display: str
    path: Path
    edits: tuple[Edit, ...]
    written: bool


def fix(plans_dir: Path, apply: bool = True) -> list[Fixed]:
    """Every file's edits; with `apply`, each file whose fixed text validates is written."""
    project = check(plans_dir, student_documents=True)
    fixed = []
    for display, doc in sorted(project.documents.items()):
        record = _record_of(project, display)
        if record is None or doc.tree is None:
            continue
        edits = sorted(_edits(doc.text, doc.tree, record, _words(project)), key=lambda e: e.offset)
        if edits:
            written = apply and _write(plans_dir, doc.path, doc.text, edits)
            fixed.append(Fixed(display, doc.path, tuple(edits), written))
    return fixed


def _record_of(project: Project, display: str) -> schema.Record | None:
    if display == project.school.path:
        return schema.SCHOOL
    if any(library.path == display for library in project.libraries.values()):
        return schema.LIBRARY
    return schema.PLAN if "/students/" in f"/{display}" else None


def _words(project: Project) -> dict[str, Any]:
    """The vocabularies that are not in the schema itself: the school's kinds, scale and
    ways of learning."""
    return {
        "kind": project.school.kinds,
        "level": project.school.settings.scale,
        "ways": project.school.ways,
    }


def _edits(text: str, value: Value, kind: schema.Kind, words: dict[str, Any]) -> list[Edit]:
    """Walk the tree beside the schema, as the shape check does, collecting edits."""
    found: list[Edit] = []
    if isinstance(kind, schema.Record) and isinstance(value, Map):
        for name, item in value.items():
            if name in kind.fields:
                found += _edits(text, item, kind.fields[name].kind, words)
    elif isinstance(kind, schema.ListOf) and isinstance(value, Seq):
        for item in value:
            found += _edits(text, item, kind.item, words)
        if value.flow and schema.sentences(kind.item):
            found += [_joined(text, value, run) for run in sentence_splits(value)]
    elif isinstance(kind, schema.MapOf) and isinstance(value, Map):
        for item in value.values():
            found += _edits(text, item, kind.value, words)
    elif isinstance(kind, schema.Text) and isinstance(value, Scalar):
        if kind is schema.WAYS.item:  # a way's id, spelled any way, or a phrase mapped to it
            word = words["ways"].find(value.text)
        else:  # a kind may be the school's own; a level is a word of the school's scale
            choices = words["kind"] if kind.open else kind.choices
            word = vocabulary.canonical(
                value.text, words["level"] if kind is schema.LEVEL else choices
            )
        edit = _respelled(text, value, word)
        found += [edit] if edit else []
    return found


def _respelled(text: str, value: Scalar, word: str | None) -> Edit | None:
    """The edit that writes `value` as `word`, when it is written otherwise."""
    if word is None or word == value.text:
        return None
    at = splice.offset(text, value.line, value.column)
    source = _source(text, at, value)
    return Edit(value.line, value.column, at, len(source), source, word) if source else None


def _joined(text: str, items: Seq, run: range) -> Edit:
    first, last = items[run[0]], items[run[-1]]
    start = splice.offset(text, first.line, first.column)
    end = splice.offset(text, last.line, last.column) + len(last.text)
    joined = ", ".join(items[i].text for i in run)
    return Edit(first.line, first.column, start, end - start, text[start:end], json.dumps(joined))


def _source(text: str, offset: int, value: Scalar) -> str:
    """The scalar as written at `offset` when it is a simple one-line scalar, else ''."""
    if value.plain:
        candidate = value.text
    else:
        quote = text[offset : offset + 1]
        candidate = f"{quote}{value.text}{quote}" if quote in "\"'" else ""
    return candidate if candidate and text.startswith(candidate, offset) else ""


def _write(plans_dir: Path, path: Path, text: str, edits: list[Edit]) -> bool:
    """Write the fixed text if the folder validates with no more errors than before, the
    file is not a link (fixing it would replace the link), and nobody saved it meanwhile."""
    new = text
    for edit in reversed(edits):
        new = new[: edit.offset] + edit.new + new[edit.offset + edit.length :]
    if path.is_symlink() or not path.is_file():
        return False
    raw = path.read_bytes()
    if raw.decode("utf-8-sig", errors="replace") != text:
        return False  # saved since it was checked: leave that edit alone
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    data = bom + new.encode()
    only = path.stem if path.parent.name == "students" else None
    before = errors(check(plans_dir, only=only).problems)
    after = errors(check(plans_dir, override=(path, data), only=only).problems)
    if len(after) > len(before):
        return False
    write_atomically(path, data)
    return True
