"""Reporters, from a registry: `text` for people, `github` for pull requests, `json` for tools."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.base.terminal import inline
from generator.problem import Problem

GITHUB_LIMIT = 10  # GitHub shows at most 10 errors and 10 warnings per step


def text(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems]
    n_errors = sum(p.level == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    lines.append(f"{_count(n_errors, 'error')}, {_count(n_warnings, 'warning')}")
    return "\n".join(lines)


def github(problems: list[Problem]) -> str:
    """Workflow commands; past GitHub's display limit, a notice says how many more exist."""
    lines, hidden = [], {"error": 0, "warning": 0}
    shown = {"error": 0, "warning": 0}
    for p in problems:
        if shown[p.level] >= GITHUB_LIMIT:
            hidden[p.level] += 1
            continue
        shown[p.level] += 1
        lines.append(
            f"::{p.level} file={_escape_property(inline(p.path))},line={p.line},col={p.column},"
            f"title={_escape_property(p.rule)}::{_escape_data(inline(p.message))}"
        )
    if any(hidden.values()):
        lines.append(
            f"::notice title=learnpath::{_count(hidden['error'], 'more error')} and "
            f"{_count(hidden['warning'], 'more warning')} not annotated (GitHub shows 10 of "
            "each); run 'learnpath validate' to see them all"
        )
    for p in problems:  # the full list stays readable in the job log
        lines.append(str(p))
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    keys = ("path", "line", "column", "level", "rule", "message")
    return json.dumps(
        [{k: getattr(p, k) for k in keys} for p in problems], indent=2, ensure_ascii=False
    )


REPORTERS: dict[str, Callable[[list[Problem]], str]] = {
    "text": text,
    "github": github,
    "json": as_json,
}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _escape_data(value: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
