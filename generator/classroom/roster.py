"""Which plan a row is about: an exact id from `student.ids`, else the exact name. Never a guess.

A name matches as the plan writes it ("Lina K.") or as gradebooks sort it ("K., Lina"), with
runs of spaces read as one and accents compared as one character (NFC: a Mac may write "é" as
"e" and a combining accent); nothing looser (no case folding, no initials, no fuzzy match).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Plan


def student_ids(plan: Plan) -> dict[str, str]:
    """The plan's ids in other systems (`student.ids`); never shown on any page."""
    return dict(plan.src.get("student", {}).get("ids", {}))


def plain(text: str) -> str:
    """Runs of spaces as one, and NFC: the same name however a keyboard composed it."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def name_forms(name: str) -> set[str]:
    """ "Lina K." -> {"Lina K.", "K., Lina"}."""
    plain_name = plain(name)
    first, _, last = plain_name.rpartition(" ")
    return {plain_name, f"{last}, {first}"} if first else {plain_name}


@dataclass
class Roster:
    by_id: dict[tuple[str, str], set[str]]
    by_value: dict[str, set[str]]
    by_name: dict[str, set[str]]

    def match(self, name: str, ids: list[tuple[tuple[str, ...], str]]) -> tuple[set[str], str]:
        """The plans a row names, and how ("id" or "name"); an empty set when none."""
        found: set[str] = set()
        for systems, value in ids:
            value = plain(value)
            if not systems:
                found |= self.by_value.get(value, set())
            for system in systems:
                found |= self.by_id.get((system, value), set())
        if found:
            return found, "id"
        return self.named(name), "name"

    def named(self, name: str) -> set[str]:
        """The plans whose student has this name."""
        return set(self.by_name.get(plain(name), set()))


def roster(plans: Mapping[str, Plan]) -> Roster:
    by_id: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_value: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for plan_id, plan in plans.items():
        for system, value in student_ids(plan).items():
            by_id[(system, plain(str(value)))].add(plan_id)
            by_value[plain(str(value))].add(plan_id)
        for form in name_forms(plan.name):
            by_name[form].add(plan_id)
    return Roster(dict(by_id), dict(by_value), dict(by_name))
