"""What the two teacher commands print and return; cli.py only parses their options."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator import report
from generator.base import collector
from generator.base.fsutil import inside, write_atomically
from generator.base.terminal import echo, rewrite_line
from generator.checking.validate import check
from generator.classroom import grading, intake, overview, page
from generator.classroom.transaction import Conflict, Result
from generator.problem import errors


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
    step = _progress()
    result = intake.prepare(plans_dir, request, step)
    step("")
    if result.problems:
        echo(report.text(result.problems), err=True)
    if errors(result.problems):
        echo("nothing written: every plan is unchanged", err=True)
        return 1
    with collector.paused():
        echo(result.diff(), nl=False)
    for note in result.notes:
        echo(f"{request.display} {note}")
    summary = _summary(result)
    if not apply or not result.changes:
        tail = "; preview only: add --apply to write" if result.changes else ""
        echo(summary + tail)
        return 0
    try:
        step(f"writing {len(result.changes):,} plans")
        intake.apply(plans_dir, result)
        step("")
    except (OSError, Conflict) as exc:
        step("")
        echo(f"error: {exc}\nnothing written: every plan is unchanged", err=True)
        return 1
    for change in result.changes:
        echo(f"wrote {change.display}")
    echo(summary)
    return 0


def _progress() -> Callable[[str], None]:
    """What an import is doing, on one line that each step rewrites: only on a terminal, so
    that a script's or a test's output is the preview alone."""
    if not _on_terminal():
        return lambda text: None

    return rewrite_line


def _on_terminal() -> bool:
    return sys.stderr.isatty()


def _cuts(plans_dir: Path, text: str) -> grading.Cuts:
    scale = check(plans_dir, only="").school.settings.scale
    cuts, why = grading.parse_cuts(text, scale)
    if cuts is None:
        raise click.BadParameter(why, param_hint="--cut")
    return cuts


def _summary(result: Result) -> str:
    plans = len(result.changes)
    parts = [f"{result.fmt}: {result.added} new evidence entr{'y' if result.added == 1 else 'ies'}"]
    parts[0] += f" in {plans} plan{'' if plans == 1 else 's'}"
    if result.already:
        parts.append(f"{result.already} already recorded")
    if result.blank:
        parts.append(f"{result.blank} excused or empty")
    return ", ".join(parts)


def run_class(plans_dir: Path, fmt: str, out_dir: Path, by_way: bool = False) -> int:
    """Write (or print, for text) the class view; the exit code. `by_way` splits each
    ready group by way of learning."""
    project = check(plans_dir)
    stopping = errors(project.problems)
    if stopping:
        echo(report.text(stopping), err=True)
        echo("nothing written: fix the plans first", err=True)
        return 1
    with collector.paused():
        text = page.RENDERERS[fmt](overview.overview(project, by_way=by_way))
    if fmt == "text":
        echo(text, nl=False)
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / page.FILES[fmt]
    write_atomically(path, text.encode())
    echo(f"wrote {path}")
    return 0


def refuse_site_folder(out_dir: Path, site_dir: Path) -> None:
    """The class page never goes where sites are published from."""
    if inside(out_dir, site_dir):
        raise click.BadParameter(
            f"'{out_dir}' is inside the site folder '{site_dir}', which is published; "
            "the class page is for the teacher only (default: private/)",
            param_hint="--out",
        )
