"""Cells -> levels: a level's spelling, or a score through the cut scores the school states.

There are no hidden defaults: a score with no cut scores is an error, and a plain number is a
percent only where the file says what it is out of (a `Points Possible` row, an `out_of`
column, a `(Percentage)` column).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.model import School

DIGITS = r"[0-9]+(?:[.,][0-9]+)?"  # 8, 8.5, 8,5 (a decimal comma)
GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,000 or 12,500.5 (thousands separators)
NUMBER = rf"(?:{GROUPED}|{DIGITS})"
FRACTION = re.compile(rf"({NUMBER})\s*/\s*({NUMBER})")  # Google Forms: `4 / 5`
PERCENT = re.compile(rf"({NUMBER})\s*%")  # Moodle: `85,00 %`
PLAIN = re.compile(NUMBER)
DIGITS_ONLY, GROUPED_ONLY = re.compile(DIGITS), re.compile(GROUPED)
NO_SCORE = {"", "-", "ex", "excused", "n/a", "na", "missing"}  # excused or not handed in


@dataclass(frozen=True)
class Cuts:
    """Lowest percent for each level, in scale order; `source` names where they were stated."""

    levels: tuple[tuple[str, float], ...]
    source: str

    def level(self, percent: float, scale: tuple[str, ...]) -> str:
        reached = [name for name, cut in self.levels if percent >= cut]
        return reached[-1] if reached else scale[0]


def readings(text: str) -> list[float]:
    """What a number as people write it can mean, the likelier first: `8,5` -> [8.5];
    `1,000` -> [1.0, 1000.0] (a decimal comma, or a thousands separator); `12,500.5` ->
    [12500.5]. Too many digits for a float (infinite) reads as nothing."""
    found = []
    if DIGITS_ONLY.fullmatch(text):
        found.append(float(text.replace(",", ".")))
    if GROUPED_ONLY.fullmatch(text):
        found.append(float(text.replace(",", "")))
    return [value for value in dict.fromkeys(found) if math.isfinite(value)]


def number(text: str) -> float | None:
    """The likelier reading of a number (see `readings`); None if `text` is not one."""
    found = readings(text)
    return found[0] if found else None


def is_number_shaped(text: str) -> bool:
    """Written as a number, readable or not (a 400-digit score is shaped like one)."""
    return PLAIN.fullmatch(text) is not None


def is_blank(cell: str) -> bool:
    """Excused, not applicable or not handed in: no evidence, not an error."""
    return cell.strip().lower() in NO_SCORE


def percent(cell: str, out_of: str | None) -> float | None:
    """A score cell as a percent of the points possible (`out_of`, as the file writes it);
    None if it is not a score.

    A comma with three digits after it is a decimal comma or a thousands separator; it is read
    as a thousands separator when it must be one: when the other reading would put the score
    above 100 % (`850 / 1,000`). Above 100 % whichever way it is read, the likelier reading
    is returned, for the caller to refuse.
    """
    text = cell.strip()
    if match := FRACTION.fullmatch(text):
        got, possible = readings(match[1]), readings(match[2])
    elif match := PERCENT.fullmatch(text):
        got, possible = readings(match[1]), [100.0]
    else:
        got, possible = readings(text), readings(out_of.strip()) if out_of else []
    found = [100 * g / p for g in got for p in possible if p > 0]
    found = [value for value in found if math.isfinite(value)]
    if not found:
        return None
    return next((value for value in found if value <= 100), found[0])


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
    pairs: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        level, _, value = part.partition("=")
        score = number(value.strip())
        if not _ or score is None:
            return None, f"'{part}' is not LEVEL=PERCENT, e.g. proficient=75"
        if level.strip() in pairs:
            return None, f"'{level.strip()}' is given twice; give each level one cut"
        pairs[level.strip()] = score
    return check_cuts(pairs, scale, "--cut")


def check_cuts(
    pairs: dict[str, float], scale: tuple[str, ...], source: str
) -> tuple[Cuts | None, str]:
    """Cut scores in scale order, each above the one below; or None and the reason."""
    unknown = [level for level in pairs if level not in scale]
    if unknown:
        return None, f"'{unknown[0]}' is not a level of the scale ({', '.join(scale)})"
    if not pairs:
        return None, "no cut scores given"
    ordered = tuple((level, float(pairs[level])) for level in scale if level in pairs)
    for level, cut in ordered:
        if not 0 <= cut <= 100:
            return None, f"the cut for '{level}' ({cut:g}) must be a percent, from 0 to 100"
    for (low, a), (high, b) in zip(ordered, ordered[1:], strict=False):
        if b <= a:
            return None, f"the cut for '{high}' ({b:g}) must be above the cut for '{low}' ({a:g})"
    return Cuts(ordered, source), ""
