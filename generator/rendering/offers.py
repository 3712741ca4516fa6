"""What a student is offered first: an objective's activities and family tips, ordered by the
ways of learning the student's preferences name, then by the student's interests.

Nothing is left out, only reordered, and each offer carries why it comes first, so that the
page can say it in a few words: choice, not diagnosis. Part of rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Activity, Tip


@dataclass(frozen=True)
class Offer:
    item: Activity | Tip
    ways: tuple[str, ...]  # the student's ways it suits, in the student's order
    interest: bool  # built on one of the student's interests

    @property
    def other_ways(self) -> tuple[str, ...]:
        """The item's ways that are not the student's, shown so the student can choose."""
        return tuple(way for way in self.item.ways if way not in self.ways)


def ordered(
    items: tuple[Activity, ...] | tuple[Tip, ...], ways: tuple[str, ...], interests: list[str]
) -> list[Offer]:
    """`items` with what suits the student first: an item for the student's first-named way
    before one for a later way, then one built on an interest; otherwise as written."""
    liked = {interest.casefold() for interest in interests}
    offers = [
        Offer(
            item,
            tuple(way for way in ways if way in item.ways),
            isinstance(item, Activity)
            and bool(item.interest)
            and item.interest.casefold() in liked,
        )
        for item in items
    ]
    return sorted(offers, key=lambda o: (_rank(o, ways), not o.interest))


def _rank(offer: Offer, ways: tuple[str, ...]) -> int:
    return ways.index(offer.ways[0]) if offer.ways else len(ways)
