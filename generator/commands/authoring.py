"""Commands that edit plans: new, evidence add and import, author add, fix, inbox, and the
import of standards into a library (library import-case)."""

from __future__ import annotations

from pathlib import Path

import click

from generator import report
from generator.base.ids import STUDENT_ID
from generator.base.terminal import echo
from generator.checking.schema import DEFAULT_SCALE, ROLES
from generator.commands.options import (
    KIND,
    PLANS,
    STUDENT,
    OneLineError,
    date_option,
    require_folder,
    secret_or_usage_error,
    spelled,
)
from generator.mastery import engine as mastery


@click.command()
@STUDENT
@click.option("--name", required=True, help="The student's name as the site shows it.")
@click.option("--teacher", required=True, help="The teacher's name (the first author).")
@click.option("--skills", default="", help="Library skills, comma-separated: math4/a,math4/b.")
@click.option("--language", default=None, help="Site language, e.g. es.")
@PLANS
def new(
    student_id: str, name: str, teacher: str, skills: str, language: str | None, plans_dir: Path
) -> None:
    """Start a plan for a new student; never overwrites an existing one."""
    from generator.authoring import author

    require_folder(plans_dir)
    refs = [s.strip() for s in skills.split(",") if s.strip()]
    _finish(author.new_plan(plans_dir, student_id, name, teacher, refs, language))


@click.group()
def evidence() -> None:
    """Record evidence."""


@evidence.command("add")
@STUDENT
@click.option("--objective", required=True, help="The objective: its id or library/skill.")
@click.option(
    "--level",
    required=True,
    help=f"A level of the plan's mastery scale (by default: {', '.join(DEFAULT_SCALE)}).",
)
@click.option("--by", "by", required=True, help="Who observed it (an author of the plan).")
@KIND
@date_option("YYYY-MM-DD  [default: today]")
@click.option("--note", default=None, help="What happened, in a sentence or two.")
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path),
    default=None,
    help="A photo or document: one in the student's folder is named as it is, one "
    "elsewhere is copied into it.",
)
@click.option("--link", default=None, help="A link to the work (https://...).")
@PLANS
def evidence_add(
    student_id: str,
    objective: str,
    level: str,
    by: str,
    kind: str,
    day,
    note: str | None,
    file: Path | None,
    link: str | None,
    plans_dir: Path,
) -> None:
    """Append one evidence entry, keeping every other byte of the plan."""
    from generator.authoring import author

    require_folder(plans_dir)
    when = day or mastery.today()
    entry = author.evidence_entry(objective, level, by, kind, when, note, None, link)
    try:
        _finish(author.add_evidence(plans_dir, student_id, entry, file))
    except author.Refused as exc:
        raise OneLineError(str(exc)) from None


UNFIXED = "left as it is (a link, saved meanwhile, or the fix would not validate)"


@click.command("fix")
@PLANS
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def fix_command(plans_dir: Path, dry_run: bool) -> None:
    """Rewrite words spelled another way (kind: work sample -> work-sample) and sentences a
    [list] cut at its comma, keeping every other byte of each file."""
    from generator.authoring.fix import fix

    require_folder(plans_dir)
    changed = fix(plans_dir, apply=not dry_run)
    for fixed in changed:
        for edit in fixed.edits:
            echo(f"{fixed.display}:{edit.line}:{edit.column}: {edit.old} -> {edit.new}")
        if not dry_run:
            done = "fixed" if fixed.written else UNFIXED
            echo(f"{fixed.display}: {done}")
    count = sum(len(f.edits) for f in changed)
    echo(f"{count} change{'s' * (count != 1)} in {len(changed)} file{'s' * (len(changed) != 1)}")
    raise SystemExit(1 if any(not f.written for f in changed) and not dry_run else 0)


@click.group("author")
def author_group() -> None:
    """Add people who write the plan."""


@author_group.command("add")
@STUDENT
@click.option("--name", required=True, help="The name as evidence and reflections write it.")
@click.option(
    "--role",
    required=True,
    callback=spelled(ROLES, "role"),
    help=f"Their role: {', '.join(ROLES)}.",
)
@PLANS
def author_add(student_id: str, name: str, role: str, plans_dir: Path) -> None:
    """Add an author (a parent, the student...) to a plan, keeping every other byte."""
    from generator.authoring import author

    require_folder(plans_dir)
    _finish(author.add_author(plans_dir, student_id, name, role))


@evidence.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--objective", default=None, help="The objective: its id or library/skill.")
@click.option("--by", "by", required=True, help="Who assessed it (an author of each plan).")
@KIND
@date_option("YYYY-MM-DD for rows without a date  [default: today]")
@click.option("--column", default=None, help="The assignment or column, as the teacher knows it.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "generic", "canvas", "moodle", "google-forms"]),
    default="auto",
    show_default=True,
    help="The export's format; auto reads it from the header.",
)
@click.option("--cut", default=None, help="Cut scores in percent: developing=50,proficient=75.")
@click.option(
    "--date-order",
    type=click.Choice(["mdy", "dmy"]),
    default=None,
    help="For dates like 11/3/2026.",
)
@click.option("--apply", "apply_", is_flag=True, help="Write the plans (all or none).")
@PLANS
def evidence_import(
    file: Path,
    objective: str | None,
    by: str,
    kind: str,
    day,
    column: str | None,
    fmt: str,
    cut: str | None,
    date_order: str | None,
    apply_: bool,
    plans_dir: Path,
) -> None:
    """Record a gradebook export as evidence: preview as a diff, then --apply."""
    from generator.classroom import commands
    from generator.mastery import engine as mastery

    require_folder(plans_dir)
    when = day or mastery.today()
    raise SystemExit(
        commands.run_import(
            plans_dir, file, objective, by, kind, when, column, fmt, cut, date_order, apply_
        )
    )


def _numbers(ctx: click.Context, param: click.Parameter, value: str | None) -> set[int]:
    """--leave-out 2,5: item numbers as the preview lists them."""
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    if not all(part.isdigit() and 0 < int(part) < 10_000 for part in parts):
        raise click.BadParameter("item numbers as the preview lists them, e.g. 2,5")
    return {int(part) for part in parts}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--leave-out", default=None, callback=_numbers, help="Items not to add, e.g. 2,5.")
@click.option("--apply", "apply_", is_flag=True, help="Write the plans (all or none).")
@PLANS
def inbox(paths: tuple[str, ...], leave_out: set[int], apply_: bool, plans_dir: Path) -> None:
    """Apply contributions sent from the sites (files, folders, or - for pasted text):
    preview as a diff, then --apply. Needs LEARNPATH_SECRET (docs/contributions.md)."""
    import sys

    from generator.contributions import command
    from generator.contributions import inbox as contributions
    from generator.mastery import engine as mastery

    require_folder(plans_dir)
    secret = secret_or_usage_error()
    if secret is None:
        raise click.UsageError("LEARNPATH_SECRET is not set: contributions open with its keys")
    stdin = sys.stdin.read(16 * 1024 * 1024 + 1) if "-" in paths else None
    given = contributions.sources(list(paths), stdin)
    raise SystemExit(
        command.run_inbox(plans_dir, given, secret, leave_out, mastery.today(), apply_)
    )


@click.group()
def library() -> None:
    """Skill libraries."""


@library.command("import-case")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--id", "library_id", required=True, help="The library id, e.g. math4.")
@click.option("--level", "levels", multiple=True, help="Only items of this education level.")
@click.option("--under", multiple=True, help="Only items below this coding scheme, e.g. 4.NF.")
@click.option("--type", "types", multiple=True, help="Only items of this CFItemType.")
@click.option("--update", "updating", is_flag=True, help="Bring changes into an existing library.")
@PLANS
def library_import_case(
    file: Path,
    library_id: str,
    levels: tuple[str, ...],
    under: tuple[str, ...],
    types: tuple[str, ...],
    updating: bool,
    plans_dir: Path,
) -> None:
    """Write plans/library/LIB.yml from a CASE framework's JSON package."""
    from generator import standards

    require_folder(plans_dir)
    if not STUDENT_ID.fullmatch(library_id):
        raise click.BadParameter("use lowercase letters, digits and hyphens", param_hint="--id")
    if len(library_id) > 200:  # it names library/<id>.yml; file names stop at 255 bytes
        raise click.BadParameter(f"{len(library_id)} characters; at most 200", param_hint="--id")
    selection = standards.Selection(levels, under, types)
    outcome = standards.import_case(file, plans_dir, library_id, selection, updating)
    for note in outcome.notes:
        echo(note)
    if outcome.unchanged:
        if outcome.problems:
            echo(report.text(outcome.problems), err=True)
        echo(f"{outcome.path} is unchanged")
        return
    _finish(outcome)


def _finish(outcome) -> None:
    if outcome.problems:
        echo(report.text(outcome.problems), err=True)
    if not outcome.written:
        unchanged = f": {outcome.path} is unchanged" if outcome.path.is_file() else ""
        echo(f"nothing written{unchanged}", err=True)
        raise SystemExit(1)
    echo(f"wrote {outcome.path}")
