"""Each plan's new text: the import's entries appended with `evidence add`'s byte-keeping edit,
entries the plan already has skipped, and every new text validated and read back before
anything is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from generator.authoring import splice
from generator.checking.validate import check, plan_paths
from generator.classroom.transaction import Change, Result
from generator.load import Document, Map, Scalar, Seq, Unreadable, parse_text, read_limited
from generator.model import Plan
from generator.problem import Problem, errors
from generator.project import Project


def edit(
    project: Project, entries: dict[str, list[tuple[int, dict[str, str]]]], result: Result
) -> None:
    """Each plan's text with its new entries appended (`entries`: each with the export's line);
    entries it already has are skipped."""
    paths = plan_paths(project.root)
    added: dict[str, tuple[int, list[Any]]] = {}
    for plan_id in sorted(entries):
        plan = project.plans[plan_id]
        numbered = _new_entries(plan, entries[plan_id], result)
        if not numbered:
            continue
        result.notes += _repeats(plan_id, numbered)
        new = [entry for _, entry in numbered]
        before = _read(project, paths[plan_id], plan.path, result)
        if before is None:
            continue
        text = before.decode("utf-8-sig")
        document = project.documents[plan.path]
        if document.text != text:  # changed since validation: read it again
            document = parse_text(Document(paths[plan_id], plan.path, text))
        if not isinstance(document.tree, Map):  # edited into no plan meanwhile
            result.problems += document.problems or [_not_a_plan(plan.path)]
            continue
        added[plan.path] = (_evidence_count(document.tree), new)
        text = splice.append_all(text, document.tree, "evidence", new)  # evidence add's edit
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        result.changes.append(Change(paths[plan_id], plan.path, before, bom + text.encode()))
        result.added += len(new)
    _check_written(project.root, result, added)


def _check_written(
    plans_dir: Path, result: Result, added: dict[str, tuple[int, list[Any]]]
) -> None:
    """Validate every changed plan as it would be written, as `evidence add` does: a plan the
    import would break (over the size limit, say) stops it with the plan's own message. Each
    must also read back as its old evidence plus exactly the new entries."""
    if not result.changes:
        return
    written = check(
        plans_dir,
        override={change.path: change.after for change in result.changes},
        only={change.path.stem for change in result.changes},
        student_documents=True,
    )
    stopping = defaultdict(list)
    for problem in errors(written.problems):
        stopping[problem.path].append(problem)
    for change in result.changes:
        found = stopping[change.display]
        if not found:
            count, new = added[change.display]
            tree = written.documents[change.display].tree
            found = _read_back(tree, change.display, count, new)
        result.problems += found


def _not_a_plan(display: str) -> Problem:
    message = "is not a plan any more (it changed during the import): run the import again"
    return Problem(display, 1, 1, "error", message, "syntax")


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


def _new_entries(
    plan: Plan, entries: list[tuple[int, dict[str, str]]], result: Result
) -> list[tuple[int, dict[str, str]]]:
    """The entries the plan does not have yet. The same entry twice in the file (a form sent
    twice with the same score) is two pieces of evidence, so each is matched to one the plan
    has: importing the file again adds nothing."""
    have = Counter(_key(e.src) for e in plan.evidence)
    new = []
    for line, entry in entries:
        if have[_key(entry)]:
            have[_key(entry)] -= 1
            result.already += 1
            continue
        new.append((line, entry))
    return new


def _repeats(plan_id: str, new: list[tuple[int, dict[str, str]]]) -> list[str]:
    """One line for each objective the file assesses more than once on one day for a student
    (a form sent again): all are kept, and the teacher should know."""
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)
    for line, entry in new:
        lines[(entry["objective"], entry["date"])].append(line)
    found = []
    for (objective, day), where in lines.items():
        if len(where) > 1:
            listed = ", ".join(map(str, where[:-1])) + f" and {where[-1]}"
            kept = "both are kept" if len(where) == 2 else f"all {len(where)} are kept"
            found.append(
                f"lines {listed}: {plan_id} has {objective} {len(where)} times on {day} "
                f"(sent again?); {kept}"
            )
    return found


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    fields = ("objective", "date", "level", "by", "kind", "note")
    return tuple(str(entry.get(name, "")) for name in fields)


def _evidence_count(tree: object) -> int:
    evidence = tree.get("evidence") if isinstance(tree, Map) else None
    return len(evidence) if isinstance(evidence, Seq) else 0


def _read_back(tree: object, display: str, count: int, new: list[dict[str, str]]) -> list[Problem]:
    """The edited text reads back as the old evidence plus exactly the new entries."""
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
