"""Every rule id the code can emit is in the rule catalogue, read from the source itself.

tests/test_rules.py runs the ids its broken plans give; this finds the others (a command's own
errors such as `build`), so `learnpath rules <id>` answers for every id a user can see.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator.checking import rules

GENERATOR = Path(__file__).parents[1] / "generator"
RULE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _trees() -> list[ast.Module]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in GENERATOR.rglob("*.py")]


def _call_name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _rule_positions(trees: list[ast.Module]) -> tuple[dict[str, set[int]], set[str]]:
    """Functions and dataclasses with a `rule` parameter or field: its position among a call's
    arguments, by name (negative when counted from the end, for calls with `*args`); and the
    ids given as that parameter's or field's default."""
    positions: dict[str, set[int]] = {}
    defaults: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                values = [None] * (len(names) - len(node.args.defaults)) + node.args.defaults
                if names[:1] in (["self"], ["cls"]):  # a method's or a classmethod's own
                    names, values = names[1:], values[1:]
            elif isinstance(node, ast.ClassDef):  # a dataclass: its fields are its parameters
                fields = [f for f in node.body if isinstance(f, ast.AnnAssign)]
                names = [getattr(f.target, "id", "") for f in fields]
                values = [f.value for f in fields]
            else:
                continue
            if "rule" in names:
                index = names.index("rule")
                positions.setdefault(node.name, set()).update({index, index - len(names)})
                defaults |= _ids(values[index])
    return positions, defaults


def _ids(node: ast.expr | None) -> set[str]:
    """The rule id a literal argument names (both branches of `a if c else b`); variables and
    messages (they have spaces) name none."""
    if isinstance(node, ast.IfExp):
        return _ids(node.body) | _ids(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        is_id = RULE_ID.fullmatch(node.value) and node.value not in ("error", "warning")
        return {node.value} if is_id else set()
    return set()


def emitted_rule_ids() -> set[str]:
    """Every literal given as the `rule` of a problem anywhere in generator/."""
    trees = _trees()
    positions, found = _rule_positions(trees)
    positions.pop("rules_command", None)  # `learnpath rules <id>` reads an id, emits none
    for tree in trees:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            for keyword in call.keywords:
                if keyword.arg == "rule":
                    found |= _ids(keyword.value)
            starred = any(isinstance(a, ast.Starred) for a in call.args)
            for index in positions.get(_call_name(call), ()):
                if (index < 0) == starred and -len(call.args) <= index < len(call.args):
                    found |= _ids(call.args[index])
    return found


def test_every_rule_id_the_code_emits_is_in_the_catalogue() -> None:
    emitted = emitted_rule_ids()
    # The scan finds ids of every kind of emitter: a Problem built directly or at a position,
    # a checker's add(), a parameter's default, a dataclass's field and its default.
    kinds = {"syntax", "unsafe-link", "unknown-key", "bad-cell", "bad-file-name", "wrong-type"}
    assert kinds | {"unknown-role", "build"} <= emitted
    assert sorted(emitted - set(rules.RULES)) == []
