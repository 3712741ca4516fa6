"""The "did you mean" part of a problem's message, shared by every stage that reports one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str]) -> str:
    """The closest choice as a hint, or "" when none is close."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match is not None else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, or None when none is close enough to suggest."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None
