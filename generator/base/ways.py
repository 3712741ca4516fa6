"""Ways of learning: the school's vocabulary, and which ways a plan's preferences name.

The default vocabulary has labels in every catalogue (`way_<id>`); school.yml may rename a
way, add its own, and map the phrases its plans write ("hands-on projects") to a way. Ways
order what a student is offered, never what is shown: choice, not diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.base.vocabulary import key

DEFAULT = (
    "hands-on",
    "visual",
    "listening",
    "reading-writing",
    "talking",
    "movement",
    "music",
    "nature",
    "with-others",
    "alone",
)


@dataclass(frozen=True)
class Way:
    id: str
    name: str = ""  # in the school's language; "" for the catalogue's label
    names: dict[str, str] = field(default_factory=dict)  # language -> name


@dataclass(frozen=True)
class Ways:
    """The school's ways, in order, and the phrases of preferences that mean one of them."""

    ways: dict[str, Way]
    phrases: dict[str, str] = field(default_factory=dict)  # canonical phrase -> way id

    def find(self, text: str) -> str | None:
        """The way `text` names: a way's id or a phrase mapped to it, spelled any way."""
        word = key(text)
        return word if word in self.ways else self.phrases.get(word)

    def name(
        self, way: str, language: str, school_language: str, labels: Mapping[str, object]
    ) -> str:
        """A way's name for a reader of `language`: school.yml's for that language, else
        school.yml's name when the school writes in that language, else our label (`labels`:
        that language's catalogue, `way_<id>`), else school.yml's name, else the id in words."""
        known = self.ways.get(way)
        if known and language in known.names:
            return known.names[language]
        if known and known.name and language == school_language:
            return known.name
        label = labels.get(f"way_{way}")
        if isinstance(label, str):
            return label
        return known.name if known and known.name else way.replace("-", " ")

    def named_in(self, preferences: list[str]) -> tuple[str, ...]:
        """The ways a plan's preferences name, in the plan's order, each once."""
        found = (self.find(text) for text in preferences)
        return tuple(dict.fromkeys(way for way in found if way))


def from_school(settings: dict[str, Any]) -> Ways:
    """The default ways, then school.yml's `ways:` (mapping id -> name, translations,
    matches), which renames a default way or adds one of the school's own."""
    ways = {way: Way(way) for way in DEFAULT}
    phrases: dict[str, str] = {}
    for name, rec in settings.items():
        way = key(name)
        if not way:
            continue
        ways[way] = Way(way, rec.get("name", ""), dict(rec.get("translations", {})))
        for phrase in rec.get("matches", []):
            phrases.setdefault(key(phrase), way)
    return Ways(ways, phrases)
