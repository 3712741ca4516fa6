"""Each plan's new text: the import's entries appended with `evidence add`'s byte-keeping edit,
entries the plan already has skipped, and the result read back before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from generator import splice
from generator.classroom.transaction import Change, Result
from generator.load import Document, Map, Scalar, Seq, Unreadable, parse_text, read_limited
from generator.model import Plan
from generator.problem import Problem
from generator.validate import Project, plan_paths


def edit(project: Project, entries: dict[str, list[dict[str, str]]], result: Result) -> None:
    """Each plan's text with its new entries appended; entries it already has are skipped."""
    paths = plan_paths(project.root)
    for plan_id in sorted(entries):
        plan = project.plans[plan_id]
        new = _new_entries(plan, entries[plan_id], result)
        if not new:
            continue
        before = _read(project, paths[plan_id], plan.path, result)
        if before is None:
            continue
        text = before.decode("utf-8-sig")
        document = project.documents[plan.path]
        if document.text != text:  # changed since validation: read it again
            document = parse_text(Document(paths[plan_id], plan.path, text))
        count = _evidence_count(document.tree)
        tree = document.tree
        for entry in new:
            tree = tree or parse_text(Document(paths[plan_id], plan.path, text)).tree
            text = splice.append(text, tree, "evidence", entry)  # evidence add's own edit
            tree = None
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        result.problems += _read_back(paths[plan_id], plan.path, text, count, new)
        result.changes.append(Change(paths[plan_id], plan.path, before, bom + text.encode()))
        result.added += len(new)


def _read(project: Project, path: Path, display: str, result: Result) -> bytes | None:
    """The plan's bytes, as `evidence add` reads them: no links, a bounded regular file."""
    message = "is a link; add to the file it points to, or replace the link with the file"
    try:
        if not path.is_symlink():
            return read_limited(path, within=project.root)
    except Unreadable as exc:
        message = str(exc)
    result.problems.append(Problem(display, 1, 1, "error", message, "syntax"))
    return None


def _new_entries(plan: Plan, entries: list[dict[str, str]], result: Result) -> list[dict]:
    """The entries the plan does not have yet (nor the file twice)."""
    have = {_key(e.src) for e in plan.evidence}
    new = []
    for entry in entries:
        if _key(entry) in have:
            result.already += 1
            continue
        have.add(_key(entry))
        new.append(entry)
    return new


def _key(entry: dict) -> tuple:
    fields = ("objective", "date", "level", "by", "kind", "note")
    return tuple(str(entry.get(name, "")) for name in fields)


def _evidence_count(tree: object) -> int:
    evidence = tree.get("evidence") if isinstance(tree, Map) else None
    return len(evidence) if isinstance(evidence, Seq) else 0


def _read_back(
    path: Path, display: str, text: str, count: int, new: list[dict[str, str]]
) -> list[Problem]:
    """The edited text reads back as the old evidence plus exactly the new entries.

    Every value was checked above (student, objective, author, level, date), so this is all
    that is left to check, at the cost of one parse instead of a whole validation per plan.
    """
    tree = parse_text(Document(path, display, text)).tree
    evidence = tree.get("evidence") if isinstance(tree, Map) else None
    added = list(evidence[count:]) if isinstance(evidence, Seq) else []
    if len(evidence or []) == count + len(new) and all(map(_same, added, new)):
        return []
    message = "could not append to this plan's evidence safely; add it with `evidence add`"
    return [Problem(display, 1, 1, "error", message, "bad-import")]


def _same(item: object, entry: dict[str, str]) -> bool:
    if not isinstance(item, Map) or set(item) != set(entry):
        return False
    return all(isinstance(item[k], Scalar) and item[k].text == v for k, v in entry.items())
