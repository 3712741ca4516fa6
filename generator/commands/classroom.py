"""The teacher's class view: learnpath class."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.options import (
    PLANS,
    SITE,
    require_folder,
    site_folder,
)


@click.command("class")
@PLANS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "csv", "json", "text"]),
    default="html",
    show_default=True,
    help="A page to read and print, a grid for spreadsheets, data for tools, or the terminal.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the class page goes, never the site folder  [default: private/ beside the "
    "plans folder, which git ignores]",
)
@click.option(
    "--by-way",
    is_flag=True,
    help="Split each ready group by the ways of learning the students' preferences name, "
    "each part with the activity that suits most of it (html, json, text).",
)
@SITE
def class_(
    plans_dir: Path, fmt: str, out_dir: Path | None, by_way: bool, site_dir: Path | None
) -> None:
    """The class at a glance, for the teacher: who is ready, behind, without evidence."""
    from generator.classroom import commands

    if by_way and fmt == "csv":
        raise click.UsageError(
            "--by-way splits the ready groups of the html, json and text views; class.csv "
            "has one row per student"
        )
    require_folder(plans_dir)
    out_dir = out_dir if out_dir is not None else plans_dir.parent / "private"
    commands.refuse_site_folder(out_dir, site_folder(site_dir, plans_dir))
    raise SystemExit(commands.run_class(plans_dir, fmt, out_dir, by_way))
