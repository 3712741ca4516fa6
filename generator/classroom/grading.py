"""Cells -> levels: a level's spelling, or a score through the cut scores the school states.

There are no hidden defaults: a score with no cut scores is an error, and a plain number is a
percent only where the file says what it is out of (a `Points Possible` row, an `out_of`
column, a `(Percentage)` column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import School

NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
FRACTION = re.compile(rf"({NUMBER})\s*/\s*({NUMBER})")  # Google Forms: `4 / 5`
PERCENT = re.compile(rf"({NUMBER})\s*%")  # Moodle: `85,00 %`
PLAIN = re.compile(NUMBER)
NO_SCORE = {"", "-", "ex", "excused", "n/a", "na", "missing"}  # excused or not handed in


@dataclass(frozen=True)
class Cuts:
    """Lowest percent for each level, in scale order; `source` names where they were stated."""

    levels: tuple[tuple[str, float], ...]
    source: str

    def level(self, percent: float, scale: tuple[str, ...]) -> str:
        reached = [name for name, cut in self.levels if percent >= cut]
        return reached[-1] if reached else scale[0]


def number(text: str) -> float | None:
    """`8`, `8.5` or `8,5` (a decimal comma) -> 8.5; anything else -> None."""
    return float(text.replace(",", ".")) if PLAIN.fullmatch(text) else None


def is_blank(cell: str) -> bool:
    """Excused, not applicable or not handed in: no evidence, not an error."""
    return cell.strip().lower() in NO_SCORE


def percent(cell: str, out_of: float | None) -> float | None:
    """A score cell as a percent of the points possible; None if it is not a score."""
    text = cell.strip()
    if match := FRACTION.fullmatch(text):
        got, possible = number(match[1]), number(match[2])
        return None if not possible else 100 * got / possible  # type: ignore[operator]
    if match := PERCENT.fullmatch(text):
        return number(match[1])
    value = number(text)
    if value is None or not out_of:
        return None
    return 100 * value / out_of


def spellings(school: School) -> dict[str, str]:
    """Every way the scale writes a level (its names, its translations), folded -> the level."""
    found = {}
    for names in (*school.level_names.values(), school.settings.scale):
        for name, level in zip(names, school.settings.scale, strict=False):
            found[fold(name)] = level
    return found


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_cuts(text: str, scale: tuple[str, ...]) -> tuple[Cuts | None, str]:
    """`--cut developing=50,proficient=75` -> Cuts, or None and what is wrong with it."""
    pairs = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        level, _, value = part.partition("=")
        score = number(value.strip())
        if not _ or score is None:
            return None, f"'{part}' is not LEVEL=PERCENT, e.g. proficient=75"
        pairs[level.strip()] = score
    return check_cuts(pairs, scale, "--cut")


def check_cuts(pairs: dict[str, float], scale: tuple[str, ...], source: str):  # noqa: ANN201
    """Cut scores in scale order, each above the one below; or None and the reason."""
    unknown = [level for level in pairs if level not in scale]
    if unknown:
        return None, f"'{unknown[0]}' is not a level of the scale ({', '.join(scale)})"
    if not pairs:
        return None, "no cut scores given"
    ordered = tuple((level, float(pairs[level])) for level in scale if level in pairs)
    for (low, a), (high, b) in zip(ordered, ordered[1:], strict=False):
        if b <= a:
            return None, f"the cut for '{high}' ({b:g}) must be above the cut for '{low}' ({a:g})"
    return Cuts(ordered, source), ""
