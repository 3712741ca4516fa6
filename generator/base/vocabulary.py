"""Words with one canonical spelling that people write in several ways.

An evidence kind, a role, a method or a level of the scale is the same word however it is
written: `work sample`, `Work-Sample` and `work_sample` all mean `work-sample`. Plans are
written by hand, on phones, by people who saw the word in prose; a plan that validated once
must keep validating (docs/plan-format.md, "A plan file is a promise"), so a spelling is
never an error: it is read as the canonical word, and `learnpath fix` can tidy the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\s_\-‐‑‒–—]+")  # spaces, underscores, hyphens and dashes


def key(text: str) -> str:
    """The form two spellings of one word share: case folded, separators as one hyphen."""
    return _SEPARATORS.sub("-", text.strip().casefold()).strip("-")


def canonical(text: str, choices: Iterable[str]) -> str | None:
    """The choice that `text` spells, exactly as the choice is written; None if none."""
    wanted = key(text)
    return next((choice for choice in choices if key(choice) == wanted), None)
