"""`learnpath class --by-way`: tomorrow's small group for an objective, split by the ways of
learning the students' preferences name, each part with the activity that suits most of it;
and a note on a library whose activities all serve one way (variety matters more than
matching).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.base.ways import Ways
from generator.model import Activity, Library, Plan


@dataclass(frozen=True)
class WayGroup:
    way: str | None  # None: the students whose preferences name no way
    students: tuple[str, ...]  # plan ids, in the class's order
    activity: str  # the title of the activity that suits most of them; "" if none does


def split(plans: list[Plan], ref: str, known: Ways) -> list[WayGroup]:
    """The ready students `plans`, grouped: the way most of those left share first (on a
    tie, a way some activity is for, then the vocabulary's order), until nobody left names
    a way; the rest make the last group."""
    ways = {plan.id: known.named_in(plan.preferences) for plan in plans}
    activities = _activities(plans, ref)
    order = list(known.ways)
    offered = {way for activity in activities for way in activity.ways}
    left, groups = [plan.id for plan in plans], []
    while counts := Counter(way for sid in left for way in ways[sid]):
        way = min(counts, key=lambda w: (-counts[w], w not in offered, order.index(w)))
        members = tuple(sid for sid in left if way in ways[sid])
        groups.append(WayGroup(way, members, _suits_most(activities, members, ways)))
        left = [sid for sid in left if sid not in members]
    if left:
        groups.append(WayGroup(None, tuple(left), ""))
    return groups


def _activities(plans: list[Plan], ref: str) -> list[Activity]:
    """The objective's activities in every plan of the group (a library skill's, then each
    plan's own), each title once."""
    found: dict[str, Activity] = {}
    for plan in plans:
        for activity in plan.objectives[ref].activities:
            found.setdefault(activity.title, activity)
    return list(found.values())


def _suits_most(
    activities: list[Activity], members: tuple[str, ...], ways: dict[str, tuple[str, ...]]
) -> str:
    def suits(activity: Activity) -> int:
        return sum(bool(set(activity.ways) & set(ways[sid])) for sid in members)

    best = max(activities, key=suits, default=None)  # max keeps the first of equals
    return best.title if best is not None and suits(best) else ""


def one_way_libraries(libraries: dict[str, Library]) -> list[tuple[str, str]]:
    """(library file, way) for each library whose activities, where they name ways, all name
    the same single way."""
    found = []
    for library in libraries.values():
        named = {w for s in library.skills.values() for a in s.activities for w in a.ways}
        if len(named) == 1:
            found.append((library.path, next(iter(named))))
    return found
