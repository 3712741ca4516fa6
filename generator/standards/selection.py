"""From a framework to skills: which items, in which order, with which ids, groups and
prerequisites.

`precedes` says the origin comes before the destination, so the destination requires the
origin. `isChildOf` gives the tree: skills are listed in its order, and a skill's group is the
statement of its nearest ancestor that is not itself imported (a cluster, usually).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.base.topology import cycles
from generator.problem import Problem
from generator.standards.package import Association, Framework, Item

MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
HIERARCHY = {"isChildOf"}


@dataclass(frozen=True)
class Selection:
    """What to import; an empty tuple selects everything on that axis."""

    levels: tuple[str, ...] = ()
    under: tuple[str, ...] = ()  # coding schemes: their descendants are selected
    types: tuple[str, ...] = ()


@dataclass
class Imported:
    """One skill as the framework gives it, before it meets an existing library."""

    item: Item
    id: str
    title: str
    description: str
    group: str
    requires: list[str] = field(default_factory=list)  # CASE identifiers


@dataclass
class Result:
    skills: list[Imported]
    problems: list[Problem]


def select(framework: Framework, selection: Selection) -> Result:
    """The skills the selection picks, in tree order, and every problem on the way."""
    parents = _parents(framework)
    order = _tree_order(framework, parents)
    problems: list[Problem] = []
    roots = _under_roots(framework, selection, problems)
    chosen = [item for item in order if _wanted(item, selection, roots, parents)]
    ids = skill_ids(framework, chosen)
    chosen_ids = {item.identifier for item in chosen}
    skills = [
        _imported(framework, item, ids[item.identifier], parents, chosen_ids, problems)
        for item in chosen
    ]
    by_case = {skill.item.identifier: skill for skill in skills}
    _prerequisites(framework, by_case, problems)
    problems += _cycles(framework, by_case)
    return Result(skills, sorted(problems))


def _parents(framework: Framework) -> dict[str, str]:
    """Child identifier -> parent identifier; the first isChildOf wins."""
    parents: dict[str, str] = {}
    for association in framework.associations:
        if association.kind in HIERARCHY and association.origin in framework.items:
            parents.setdefault(association.origin, association.destination)
    return parents


def _tree_order(framework: Framework, parents: dict[str, str]) -> list[Item]:
    """Items depth first along isChildOf (children by sequenceNumber, then file order)."""
    children: dict[str, list[Association]] = {}
    for association in framework.associations:
        if (
            association.kind in HIERARCHY
            and parents.get(association.origin) == association.destination
        ):
            children.setdefault(association.destination, []).append(association)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.sequence, framework.items[a.origin].index))
    order: list[Item] = []
    seen: set[str] = set()
    tops = [framework.identifier] + [i for i in framework.items if i not in parents]
    tops += list(framework.items)  # items in an isChildOf loop or under a missing parent
    for top in tops:
        stack = [top]
        while stack:  # iterative: a hostile file may nest deeper than Python recurses
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in framework.items:
                order.append(framework.items[node])
            stack.extend(reversed([a.origin for a in children.get(node, [])]))
    return order


def _under_roots(framework: Framework, selection: Selection, problems: list[Any]) -> set[str]:
    """Items named by --under: the whole code, or its end (4.NF for CCSS.Math.Content.4.NF)."""
    roots = set()
    for code in selection.under:
        wanted = code.casefold()
        found = {
            item.identifier
            for item in framework.items.values()
            if item.code.casefold() == wanted or item.code.casefold().endswith("." + wanted)
        }
        if not found:
            message = f"--under {code}: no item of the framework has this coding scheme"
            problems.append(Problem(framework.display, 1, 1, "error", message, "unknown-skill"))
        roots |= found
    return roots


def _wanted(item: Item, selection: Selection, roots: set[str], parents: dict[str, Any]) -> bool:
    if selection.types and item.item_type.casefold() not in {t.casefold() for t in selection.types}:
        return False
    if selection.levels and not {_level(v) for v in item.levels} & {
        _level(v) for v in selection.levels
    }:
        return False
    return not selection.under or _has_ancestor(item.identifier, roots, parents)


def _level(value: str) -> str:
    """Education levels compare as numbers when they are numbers: 4 and 04 are one grade.

    Digit by digit rather than int(), which refuses past 4,300 digits; isdecimal() is what
    int() reads ("٤" is 4), isdigit() would also take "¹"."""
    text = value.strip().upper()
    if not text.isdecimal():
        return text
    return "".join(str(unicodedata.decimal(char)) for char in text).lstrip("0") or "0"


def _has_ancestor(identifier: str, roots: set[str], parents: dict[str, str]) -> bool:
    seen = {identifier}
    node = parents.get(identifier)
    while node is not None and node not in seen:
        if node in roots:
            return True
        seen.add(node)
        node = parents.get(node)
    return False


def skill_ids(framework: Framework, items: list[Item]) -> dict[str, str]:
    """Readable, unique ids from coding schemes: CCSS.Math.Content.6.RP.A.1 -> 6-rp-a-1.

    The leading segments without digits that every code of the framework shares (CCSS.Math.
    Content) say nothing about one item, so they are dropped; the rest is lowercased.
    """
    prefix = _shared_prefix([i.code for i in framework.items.values() if i.code])
    ids: dict[str, str] = {}
    used: set[str] = set()
    for item in items:
        base = slug(".".join(item.code.split(".")[prefix:])) if item.code else ""
        base = base or slug(" ".join(item.statement.split()[:6])) or "skill"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        ids[item.identifier] = candidate
    return ids


def _shared_prefix(codes: list[str]) -> int:
    if not codes:
        return 0
    split = [code.split(".") for code in codes]
    shortest = min(len(parts) for parts in split)
    count = 0
    while (
        count < shortest - 1
        and len({parts[count] for parts in split}) == 1
        and not any(ch.isdigit() for ch in split[0][count])
    ):
        count += 1
    return count


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _imported(
    framework: Framework,
    item: Item,
    skill_id: str,
    parents: dict[str, str],
    chosen: set[str],
    problems: list[Problem],
) -> Imported:
    if not item.statement:
        message = f"item {_name(item)} has no fullStatement, so the skill would have no title"
        problems.append(framework.problem(("CFItems", item.index), "error", message, "missing-key"))
    elif markup := MARKUP.search(item.statement):
        message = (
            f"item {_name(item)}: the statement holds markup ({markup[0]}); "
            "it is kept as text, so sites show the tags literally"
        )
        where = ("CFItems", item.index, "fullStatement")
        problems.append(framework.problem(where, "warning", message, "case-markup"))
    title, description = titles(item)
    return Imported(item, skill_id, title, description, _group(framework, item, parents, chosen))


def titles(item: Item) -> tuple[str, str]:
    """Title from the statement's first line; the description holds the rest and the notes."""
    lines = item.statement.split("\n")
    title = " ".join(lines[0].split())
    parts = [item.statement] if len(lines) > 1 else []
    if item.notes:
        parts.append(item.notes)
    return title, "\n\n".join(parts)


def _group(framework: Framework, item: Item, parents: dict[str, str], chosen: set[str]) -> str:
    node = parents.get(item.identifier)
    seen = {item.identifier}
    while node in framework.items and node not in seen:
        if node not in chosen:
            return " ".join(framework.items[node].statement.split("\n")[0].split())
        seen.add(node)
        node = parents.get(node)
    return ""


def _name(item: Item) -> str:
    return f"'{item.code}'" if item.code else f"'{item.identifier}'"


def _prerequisites(framework: Framework, skills: dict[str, Imported], problems: list[Any]) -> None:
    for association in framework.associations:
        origin, destination = association.origin, association.destination
        if association.kind in HIERARCHY or not (origin in skills or destination in skills):
            continue
        if association.kind == "precedes" and origin in skills and destination in skills:
            if origin not in skills[destination].requires:
                skills[destination].requires.append(origin)
            continue
        problems.append(_outside(framework, association, skills))


def _outside(framework: Framework, association: Association, skills: dict[str, Any]) -> Problem:
    other = association.destination if association.origin in skills else association.origin
    where = (
        "is imported too, but a library records only precedes (as requires)"
        if other in skills
        else "is not selected"
        if other in framework.items
        else "is outside this framework"
        if other != framework.identifier
        else "is the framework itself"
    )
    names = [
        _name(framework.items[node]) if node in framework.items else f"'{node}'"
        for node in (association.origin, association.destination, other)
    ]
    if association.kind == "precedes":
        message = f"{names[0]} precedes {names[1]}, but {names[2]} {where}: no prerequisite"
    else:
        kind = association.kind or "association"
        message = f"{kind} from {names[0]} to {names[1]} is not imported: {names[2]} {where}"
    return framework.problem(
        ("CFAssociations", association.index), "warning", message, "case-outside"
    )


def _cycles(framework: Framework, skills: dict[str, Imported]) -> list[Problem]:
    graph = {skill.item.identifier: skill.requires for skill in skills.values()}
    found = []
    for cycle in cycles(graph):
        names = " → ".join(_name(framework.items[node]) for node in reversed(cycle))
        at = _precedes_index(framework, origin=cycle[1], destination=cycle[0])
        message = f"precedes associations form a cycle: {names}"
        found.append(
            framework.problem(("CFAssociations", at), "error", message, "prerequisite-cycle")
        )
    return found


def _precedes_index(framework: Framework, origin: str, destination: str) -> int:
    return next(
        a.index
        for a in framework.associations
        if a.kind == "precedes" and a.origin == origin and a.destination == destination
    )
