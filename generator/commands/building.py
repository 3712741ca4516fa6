"""Commands that build the sites: build, and serve (build, serve, rebuild on an edit)."""

from __future__ import annotations

from pathlib import Path

import click

from generator import report
from generator.base.terminal import echo
from generator.commands.options import (
    PLANS,
    SITE,
    OneLineError,
    default_format,
    require_folder,
    secret_or_usage_error,
    site_folder,
)


@click.command()
@PLANS
@SITE
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--keep-going",
    is_flag=True,
    help="Publish the students whose plans are fine; those with errors keep their last good "
    "site. Errors in school.yml or a library still stop everything. Exit code 1 on errors.",
)
@click.option(
    "--publish",
    is_flag=True,
    envvar="LEARNPATH_PUBLISH",
    help="This build will be published: refuse to write unencrypted sites unless school.yml "
    "says publish: {privacy: public}. Also set by LEARNPATH_PUBLISH=true (the workflow does).",
)
def build(plans_dir: Path, site_dir: Path, strict: bool, keep_going: bool, publish: bool) -> None:
    """Build one site per student into SITE/<student-id>/.

    With LEARNPATH_SECRET set (see 'learnpath secret' and docs/privacy.md), every site is
    encrypted into a folder with an unguessable name; without it, a plain site for preview.
    One build of a site at a time: a second one waits for the first to finish.
    """
    require_folder(plans_dir)
    site_dir = site_folder(site_dir, plans_dir)
    result = _build(plans_dir, site_dir, strict, keep_going, publish)
    raise SystemExit(1 if result.failed else 0)


@click.command()
@PLANS
@SITE
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
def serve(plans_dir: Path, site_dir: Path | None, port: int) -> None:
    """Build, serve the sites on http://127.0.0.1:PORT/, rebuild when a plan or template
    changes and reload the open pages."""
    from generator import serve as serving

    require_folder(plans_dir)
    site = site_folder(site_dir, plans_dir)
    _refuse_class_page(site)
    try:
        serving.run(plans_dir, site, port, rebuild=lambda: _build(plans_dir, site, False))
    except serving.PortError as exc:
        raise OneLineError(str(exc)) from None


def _build(
    plans_dir: Path, site_dir: Path, strict: bool, keep_going: bool = False, publish: bool = False
):
    from generator import build as building
    from generator import feedback

    def waiting() -> None:
        echo(f"waiting for another build of {site_dir} to finish", err=True)

    secret = secret_or_usage_error()
    with feedback.Progress() as progress:
        result = building.build(
            plans_dir,
            site_dir.absolute(),
            strict=strict,
            keep_going=keep_going,
            on_wait=waiting,
            secret=secret,
            publishing=publish,
            on_progress=progress,
            shown_as=site_dir.as_posix(),
        )
    if result.problems:
        echo(report.REPORTERS[default_format()](result.problems), err=True)
    if result.failed and not result.written:
        echo(f"nothing written: {site_dir} is unchanged", err=True)
        return result
    echo(
        f"built {len(result.built)} site(s), {len(result.skipped)} unchanged, "
        f"{len(result.removed)} removed"
    )
    if secret is not None:  # folder names are not printed: a CI log may be read by others
        echo(f"  {site_dir / 'index.html'}: sealed; 'learnpath access' prints the links")
    else:
        for line in feedback.site_lines(site_dir, result.built + result.skipped):
            echo(line)
    if result.not_built:
        count = len(result.not_built)
        students = ", ".join(
            f"{sid} ({'last good site kept' if kept else 'no site'})"
            for sid, kept in result.not_built.items()
        )
        noun = "student" if count == 1 else "students"
        echo(f"{count} {noun} not built because of errors: {students}", err=True)
    return result


def _refuse_class_page(site_dir: Path) -> None:
    """Serve builds into the site folder: not while a class page or letters are in it."""
    from generator.build import private_pages

    if found := private_pages(site_dir, site_dir.as_posix()):
        echo(report.text(found), err=True)
        echo(f"nothing written: {site_dir} is unchanged", err=True)
        raise SystemExit(1)
