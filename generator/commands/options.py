"""What the commands share: the --plans and --site options, a student id, a date, the
one-line error, and the checks every command that reads plans makes first."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import click

from generator import ROOT
from generator.base import vocabulary
from generator.base.ids import STUDENT_ID
from generator.base.terminal import echo
from generator.checking import shape
from generator.checking.schema import KINDS
from generator.mastery import engine as mastery
from generator.problem import errors


def plans_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """A --plans given is relative to where the user stands; without it, the plans/ folder of
    the nearest folder at or above (the repository root), as git finds its .git."""
    if value is not None:
        return value
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "plans").is_dir():
            return folder / "plans" if folder != here else Path("plans")
    return Path("plans")


PLANS = click.option(
    "--plans",
    "plans_dir",
    type=click.Path(path_type=Path),
    default=None,
    callback=plans_folder,
    help="The plans folder  [default: plans/ here or in the nearest folder above]",
)


SITE = click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the sites go  [default: site/ beside the plans folder]",
)


def student_id_of(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A student id is a file name, never a path: it must not reach outside students/."""
    if not STUDENT_ID.fullmatch(value):
        raise click.BadParameter(
            f"'{value}' is not a student id: use lowercase letters, digits and hyphens, e.g. ava-m"
        )
    return value


STUDENT = click.argument("student_id", callback=student_id_of)


def spelled(choices: tuple[str, ...], what: str, open_: bool = False):
    """An option whose value is one of `choices` however it is spelled (`Work sample`); with
    `open_`, other values pass on to a check that knows the school's own words."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        spelled = vocabulary.canonical(value, choices)
        if spelled is None and not open_:
            hint = shape.suggest(value, choices)
            listed = f"{what}s: {', '.join(choices)}"
            raise click.BadParameter(
                f"'{value}' is not a {what} — {hint} ({listed})"
                if hint
                else f"'{value}' is not a {what} ({listed})"
            )
        return spelled or value

    return callback


KIND = click.option(
    "--kind",
    required=True,
    callback=spelled(KINDS, "kind", open_=True),
    help=f"What it is: {', '.join(KINDS)}, or one of the school's evidence_kinds.",
)


class Day(click.ParamType):
    """A date written YYYY-MM-DD; anything else is told the one way to write it."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else self._fail(value)
        except ValueError:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                self.fail(f"'{value}' is not a real date")
            self._fail(value)

    def _fail(self, value: str) -> None:
        self.fail(f"'{value}' is not a date learnpath reads: {written_as_iso(value)}")


def written_as_iso(value: str) -> str:
    """How to write a date the way plans do, with the reader's own date as the example when
    it reads as one (12/03/2026: month first as in the US, else day first)."""
    found = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    readings = []
    for month, day in ((1, 2), (2, 1)) if found else ():
        try:
            readings.append(dt.date(int(found[3]), int(found[month]), int(found[day])))
        except ValueError:
            continue
    if not readings:
        return f"write the date as YYYY-MM-DD ({mastery.today().isoformat()} is today)"
    other = (
        f", or {readings[1]} if {int(found[1])} is the day"
        if readings[1:] and (readings[1] != readings[0])
        else ""
    )
    return f"write the date as YYYY-MM-DD ({readings[0]}{other})"


def date_option(help_text: str):
    """`--date YYYY-MM-DD` (into the parameter `day`), as the evidence commands take it."""
    return click.option("--date", "day", type=Day(), default=None, help=help_text)


class OneLineError(click.ClickException):
    """`Error: message` on one line, no usage text, exit `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = code


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def site_folder(site_dir: Path | None, plans_dir: Path) -> Path:
    return site_dir if site_dir is not None else plans_dir.parent / "site"


def require_folder(plans_dir: Path) -> None:
    if not plans_dir.is_dir():
        if plans_dir == Path("plans"):  # none given, and none found where we looked
            raise click.UsageError(
                f"no plans/ folder in {Path.cwd()} or any folder above it: cd into the class "
                "repository, or pass --plans DIR"
            )
        raise click.UsageError(f"plans folder '{plans_dir}' does not exist")
    if not (ROOT / "templates" / "locales").is_dir():
        raise click.UsageError(
            "run learnpath inside its repository (the folder with mkdocs.yml and templates/); "
            f"none found at or above {Path.cwd()}"
        )
    settle_interrupted_write(plans_dir)


def settle_interrupted_write(plans_dir: Path) -> None:
    """Every command that reads plans first finishes or undoes a write a killed one left."""
    from generator.base import journal

    try:
        done = journal.recover(plans_dir.absolute().parent)
    except OSError as exc:
        done = [f"an interrupted write could not be settled ({exc}); run the command again"]
    for line in done:
        echo(f"note: {line}", err=True)


def exit_code(problems: list, strict: bool) -> int:
    if errors(problems) or (strict and problems):
        return 1
    return 0


def secret_or_usage_error() -> bytes | None:
    """LEARNPATH_SECRET, or None (a plain build); malformed is a usage error."""
    from generator.publishing.keys import SecretError, secret_from_env

    try:
        return secret_from_env()
    except SecretError as error:
        raise click.UsageError(str(error)) from None
