"""What `learnpath inbox` prints and returns; cli.py only parses its options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import report
from generator.base.terminal import echo
from generator.classroom.transaction import Conflict
from generator.contributions import inbox
from generator.contributions.document import Item
from generator.problem import errors

NOTHING = "nothing written: every plan is unchanged"


def run_inbox(
    plans_dir: Path,
    given: list[inbox.Source],
    secret: bytes,
    leave_out: set[int],
    today: dt.date,
    apply: bool,
) -> int:
    """Preview or apply contributions; the exit code (0 done, 1 problems)."""
    result = inbox.prepare(plans_dir, given, secret, leave_out, today)
    if result.problems:
        echo(report.text(result.problems), err=True)
    beyond = sorted(n for n in leave_out if n > result.items)
    if beyond and not errors(result.problems):
        echo(f"error: --leave-out {beyond[0]}: there are {result.items} items", err=True)
        echo(NOTHING, err=True)
        return 1
    if errors(result.problems):
        echo(NOTHING, err=True)
        return 1
    echo(listing(result, leave_out), nl=False)
    echo(result.diff(), nl=False)
    for path, data in result.photos.items():
        echo(f"+ {_shown(plans_dir, path)} (a new photo, {len(data):,} bytes)")
    if not apply or not result.changes:
        tail = "; preview only: add --apply to write" if result.changes else ""
        echo(summary(result) + tail)
        return 0
    try:
        inbox.apply(result)
    except (OSError, Conflict) as exc:
        echo(f"error: {exc}\n{NOTHING}", err=True)
        return 1
    for change in result.changes:
        echo(f"wrote {change.display}")
    echo(summary(result))
    return 0


def listing(result: inbox.Result, leave_out: set[int]) -> str:
    """Each contribution and its numbered items, as --leave-out counts them."""
    lines = []
    for opened in sorted([*result.opened, *result.already], key=lambda o: o.first):
        c = opened.contribution
        head = f"{opened.source.display}: for {opened.student}, by {c.writer} ({c.role}), "
        if opened in result.already:
            lines.append(head + f"{c.date.isoformat()}: already applied, nothing to add")
            continue
        lines.append(head + c.date.isoformat())
        for number, item in enumerate(c.items, opened.first):
            out = "  (left out)" if number in leave_out else ""
            lines.append(f"  {number}. {_describe(item)}{out}")
    return "".join(line + "\n" for line in lines)


def _describe(item: Item) -> str:
    f = item.fields
    if "objective" in f:
        photos = len(f.get("photos", []))
        extra = f", {photos} photo{'s' * (photos != 1)}" if photos else ""
        return f"{item.type} of {f['objective']}: {f.get('level', 'no level')}{extra}"
    if item.type == "why":
        return f"why for goal {f['goal']}"
    if item.type == "interest":
        return f"interest: {'add' if 'add' in f else 'remove'} {f.get('add', f.get('remove'))}"
    return item.type


def summary(result: inbox.Result) -> str:
    count, plans = len(result.opened), len(result.changes)
    text = f"inbox: {count} new contribution{'s' * (count != 1)}"
    text += f" for {plans} plan{'s' * (plans != 1)}"
    if result.left_out:
        text += f", {result.left_out} item{'s' * (result.left_out != 1)} left out"
    if result.already:
        text += f", {len(result.already)} already applied"
    return text


def _shown(plans_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(plans_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()
