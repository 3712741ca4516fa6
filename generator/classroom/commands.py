"""What the two teacher commands print and return; cli.py only parses their options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import report
from generator.classroom import grading, intake
from generator.classroom.transaction import Conflict
from generator.validate import check


def run_import(
    plans_dir: Path,
    file: Path,
    objective: str | None,
    by: str,
    kind: str,
    day: dt.date,
    column: str | None,
    fmt: str,
    cut: str | None,
    date_order: str | None,
    apply: bool,
) -> int:
    """Preview or apply an import; the exit code (0 done, 1 problems)."""
    request = intake.Request(file, file.as_posix(), objective, by, kind, day, fmt, column)
    request.date_order = date_order
    if cut is not None:
        request.cuts = _cuts(plans_dir, cut)
    result = intake.prepare(plans_dir, request)
    if result.problems:
        click.echo(report.text(result.problems), err=True)
        click.echo("nothing written: every plan is unchanged", err=True)
        return 1
    click.echo(result.diff(), nl=False)
    summary = _summary(result)
    if not apply or not result.changes:
        tail = "; preview only: add --apply to write" if result.changes else ""
        click.echo(summary + tail)
        return 0
    try:
        intake.apply(result)
    except (OSError, Conflict) as exc:
        click.echo(f"error: {exc}\nnothing written: every plan is unchanged", err=True)
        return 1
    for change in result.changes:
        click.echo(f"wrote {change.display}")
    click.echo(summary)
    return 0


def _cuts(plans_dir: Path, text: str) -> grading.Cuts:
    scale = check(plans_dir, only="").school.settings.scale
    cuts, why = grading.parse_cuts(text, scale)
    if cuts is None:
        raise click.BadParameter(why, param_hint="--cut")
    return cuts


def _summary(result: intake.Result) -> str:
    plans = len(result.changes)
    parts = [f"{result.fmt}: {result.added} new evidence entr{'y' if result.added == 1 else 'ies'}"]
    parts[0] += f" in {plans} plan{'' if plans == 1 else 's'}"
    if result.already:
        parts.append(f"{result.already} already recorded")
    if result.blank:
        parts.append(f"{result.blank} excused or empty")
    return ", ".join(parts)
