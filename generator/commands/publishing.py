"""Commands for private sites: a new secret, and each family's link and passphrase (access)."""

from __future__ import annotations

from pathlib import Path

import click

from generator import report
from generator.base.ids import STUDENT_ID
from generator.base.terminal import echo
from generator.checking.validate import check
from generator.commands.options import (
    PLANS,
    SITE,
    require_folder,
    secret_or_usage_error,
    site_folder,
)
from generator.problem import errors


@click.command()
def secret() -> None:
    """Print a new secret for LEARNPATH_SECRET (32 random bytes as hex)."""
    from generator.publishing.keys import new_secret

    echo(new_secret())


@click.command()
@click.argument("student_ids", nargs=-1)
@click.option(
    "--base-url",
    required=True,
    help="Where the site is published, e.g. https://org.github.io/plans/.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text or json on standard output; html writes printable letters to --out.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the letters (html); never inside the published site  "
    "[default: private/ beside plans/, ignored by git].",
)
@PLANS
@SITE
def access(
    student_ids: tuple[str, ...],
    base_url: str,
    fmt: str,
    out_dir: Path | None,
    plans_dir: Path,
    site_dir: Path,
) -> None:
    """Print each student's link and passphrase (and the teacher's), or write letters."""
    from generator.publishing import access as keys_out

    if problem := keys_out.base_url_problem(base_url):
        raise click.BadParameter(f"'{base_url}' {problem}", param_hint="--base-url")
    sealing = _sealing_or_usage_error(plans_dir)
    for student_id in student_ids:
        if not STUDENT_ID.fullmatch(student_id):
            raise click.BadParameter(f"'{student_id}' is not a student id", param_hint="STUDENT_ID")
    project = check(plans_dir)
    stopping = errors(project.problems)
    if stopping:
        echo(report.text(stopping), err=True)
        raise SystemExit(1)
    unknown = [sid for sid in student_ids if sid not in project.plans]
    if unknown:
        raise click.BadParameter(
            f"no plan for {', '.join(unknown)} (students: {', '.join(sorted(project.plans))})",
            param_hint="STUDENT_ID",
        )
    plans = [project.plans[sid] for sid in (student_ids or sorted(project.plans))]
    sealing = type(sealing).of(sealing.secret, project.school, project.plans.values())
    found, languages = keys_out.accesses(plans, project.school, sealing, base_url)
    if advice := keys_out.shared_origin_advice(base_url):
        echo(advice, err=True)
    if fmt == "text":
        echo(keys_out.as_text(found))
    elif fmt == "json":
        echo(keys_out.as_json(found))
    else:
        out_dir = out_dir if out_dir is not None else plans_dir.parent / "private"
        refusal = keys_out.refuse_inside(out_dir, site_folder(site_dir, plans_dir))
        if refusal:
            raise click.UsageError(refusal)
        try:
            target = keys_out.write_letters(out_dir, keys_out.letters(found, languages))
        except keys_out.LettersError as error:
            raise click.UsageError(str(error)) from None
        echo(f"wrote {target}: {len(plans)} letter(s), one A4 page each")


def _sealing_or_usage_error(plans_dir: Path):
    from generator.publishing.keys import SECRET_VARIABLE
    from generator.publishing.sealed_site import Sealing

    require_folder(plans_dir)
    secret = secret_or_usage_error()
    if secret is None:
        raise click.UsageError(
            f"{SECRET_VARIABLE} is not set: the keys are derived from it "
            "(make one with 'learnpath secret' and keep it as a CI secret)"
        )
    return Sealing(secret, 1)
