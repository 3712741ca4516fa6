"""A plan's new text for what the teacher accepts from contributions, keeping every other byte.

Appends use `splice.append`, the edit of `evidence add`; a goal's "why" and the removal of an
interest are two small edits of their own here. After every edit the text is read back and
must equal the old plan plus exactly the expected change (`plain` trees compared), so an edit
that a file's unusual layout would get wrong is refused, never written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.authoring import splice
from generator.load import BREAK, Document, Map, Scalar, Seq, parse_text
from generator.load.yamltext import scalar


class CannotEdit(Exception):
    """This plan's layout does not allow the edit safely; the message says what to do."""


@dataclass
class Edits:
    """What to add to or change in one plan, in the order it is applied."""

    authors: list[dict[str, str]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    reflections: list[dict[str, str]] = field(default_factory=list)
    add_interests: list[str] = field(default_factory=list)
    remove_interests: list[str] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)  # goal id -> its new why
    contributions: list[str] = field(default_factory=list)


def apply(path: Path, display: str, text: str, edits: Edits, tree: Map | None = None) -> str:
    """`text` with every edit made; CannotEdit when one cannot be made safely. `tree` is the
    text's parse, when the caller has it."""
    tree = tree if tree is not None else _tree(path, display, text)
    expected = _expected(_as_dict(plain(tree)), edits)
    # Each top-level key's edits touch only that key's lines, so made from the last key up,
    # every position the first parse gave above them still holds: one parse, not one an edit.
    steps = sorted(_steps(edits), key=lambda step: _line(tree, step[0]), reverse=True)
    fast = text
    for _, edit in steps:
        fast = edit(fast, tree)
    if plain(_tree(path, display, fast)) == expected:
        return fast
    for _, edit in _steps(edits):  # an unusual layout: one edit at a time, parsing each
        text = edit(text, _tree(path, display, text))
    if plain(_tree(path, display, text)) != expected:
        raise CannotEdit("could not edit this plan safely; apply this contribution by hand")
    return text


def _steps(edits: Edits) -> list[tuple[str, Callable[[str, Map], str]]]:
    """(top-level key, edit of the text given its parse) for every key the edits touch."""
    steps: list[tuple[str, Callable[[str, Map], str]]] = []
    for key, entries in (
        ("authors", edits.authors),
        ("evidence", edits.evidence),
        ("reflections", edits.reflections),
        ("contributions", edits.contributions),
    ):
        if entries:
            steps.append((key, _appending(key, entries)))
    if edits.add_interests or edits.remove_interests:
        steps.append(("interests", _interests(edits)))
    if edits.why:
        steps.append(("goals", lambda text, tree: _whys(text, tree, edits.why)))
    return steps


def _appending(key: str, entries: list[Any]) -> Callable[[str, Map], str]:
    return lambda text, tree: splice.append_all(text, tree, key, entries)


def _interests(edits: Edits) -> Callable[[str, Map], str]:
    def edit(text: str, tree: Map) -> str:
        changes = [(True, i) for i in edits.add_interests]
        changes += [(False, i) for i in edits.remove_interests]
        for at, (add, interest) in enumerate(changes):
            now = tree if at == 0 else _tree(None, "", text)
            if add:
                text = splice.append(text, now, "interests", interest)
            else:
                text = _remove_interest(text, now, interest)
        return text

    return edit


def _whys(text: str, tree: Map, whys: dict[str, str]) -> str:
    for at, (goal_id, why) in enumerate(whys.items()):
        text = _set_why(text, tree if at == 0 else _tree(None, "", text), goal_id, why)
    return text


def _line(tree: Map, key: str) -> int:
    """Where a top-level key starts; a key not there yet is added at the end."""
    return tree.key_pos[key][0] if key in tree.key_pos else 1 << 30


def _expected(plan: dict[str, Any], edits: Edits) -> dict[str, Any]:
    """The plan as it must read once every edit is made."""
    for key, entries in (
        ("authors", edits.authors),
        ("evidence", edits.evidence),
        ("reflections", edits.reflections),
        ("interests", edits.add_interests),
        ("contributions", edits.contributions),
    ):
        if entries:
            if not isinstance(plan.setdefault(key, []), list):
                raise CannotEdit(f"'{key}' is not a list in this plan")
            plan[key].extend(entries)
    for interest in edits.remove_interests:
        plan["interests"] = [i for i in plan["interests"] if i != interest]
    for goal_id, why in edits.why.items():
        goal = next(g for g in plan["goals"] if g.get("id") == goal_id)
        goal["why"] = why
    return plan


def _as_dict(value: object) -> dict[str, Any]:
    # A plan's tree is a mapping (`_tree` refuses any other); plain() keeps it one.
    return value if isinstance(value, dict) else {}


def plain(value: object) -> object:
    """A tree as plain dicts, lists and strings: what the plan means, not how it is written."""
    if isinstance(value, Scalar):  # first: most of a plan's values are scalars
        return value.text
    if isinstance(value, Map):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Seq):
        return [plain(item) for item in value]
    return copy.deepcopy(value)


def _tree(path: Path | None, display: str, text: str) -> Map:
    tree = parse_text(Document(path, display, text)).tree  # type: ignore[arg-type]
    if not isinstance(tree, Map):
        raise CannotEdit("the plan is not a mapping")
    return tree


def _line_break(text: str) -> str:
    """The line break `text` ends with, or "" (always found: the pattern matches nothing)."""
    found = re.search(r"(\r\n|\r|\n)?$", text)
    return found.group(0) if found else ""


def _line_span(text: str, line: int) -> tuple[int, int]:
    """Where the line starts, and where it ends including its line break."""
    start = splice.offset(text, line, 1)
    found = BREAK.search(text, start)
    return start, found.end() if found else len(text)


def _remove_interest(text: str, tree: Map, interest: str) -> str:
    items = tree.get("interests")
    found = [i for i in items or [] if isinstance(i, Scalar) and i.text == interest]
    if not isinstance(items, Seq) or not found:
        return text
    item = found[0]
    start = splice.offset(text, item.line, item.column)
    if not items.flow:  # a block list: the item's whole line goes
        line_start, line_end = _line_span(text, item.line)
        if text[line_start:start].strip() == "-":
            return text[:line_start] + text[line_end:]
    elif item.plain and text.startswith(item.text, start):
        end = start + len(item.text)
        after = re.match(r"\s*,\s*", text[end:])
        if after:
            return text[:start] + text[end + after.end() :]
        before = re.search(r",\s*$", text[:start])
        if before:
            return text[: before.start()] + text[end:]
        return text[:start] + text[end:]  # the only item: [] is left
    raise CannotEdit(f"remove '{interest}' from the interests by hand")


def _set_why(text: str, tree: Map, goal_id: str, why: str) -> str:
    goals = tree.get("goals")
    goal = (
        next(
            (g for g in goals if isinstance(g, Map) and _text(g.get("id")) == goal_id),
            None,
        )
        if isinstance(goals, Seq)
        else None
    )
    if goal is None or goal.flow:
        raise CannotEdit(f"set the why of goal '{goal_id}' by hand")
    nl = splice.newline(text)
    current = goal.get("why")
    if isinstance(current, Scalar):  # replace the value on its line, keeping a comment
        start = splice.offset(text, current.line, current.column)
        line_end = _line_span(text, current.line)[1]
        rest = text[start:line_end]
        kept = re.search(r"(\s+#.*)?(\r\n|\r|\n)?$", rest) if current.plain else None
        tail = kept.group(0) if kept else _line_break(rest)
        return text[:start] + scalar(why) + tail + text[line_end:]
    keys = sorted(goal.key_pos.items(), key=lambda kv: kv[1])
    if len(keys) < 2:
        raise CannotEdit(f"set the why of goal '{goal_id}' by hand")
    line, column = keys[1][1]  # before the goal's second key, at its indentation
    at = splice.offset(text, line, 1)
    return text[:at] + " " * (column - 1) + f"why: {scalar(why)}" + nl + text[at:]


def _text(value: object) -> str:
    return value.text if isinstance(value, Scalar) else ""
