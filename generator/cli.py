"""The command line: thin commands that parse options and call one library function each.

Exit codes: 0 clean, 1 problems (warnings too under --strict), 2 usage.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from generator import ROOT, report
from generator import status as status_view
from generator.problem import errors
from generator.validate import STUDENT_ID, check

PLANS = click.option(
    "--plans",
    "plans_dir",
    type=click.Path(path_type=Path),
    default="plans",
    show_default=True,
    help="The plans folder.",
)
SITE = click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default="site",
    show_default=True,
    help="Where the sites go.",
)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="learnpath")
def main() -> None:
    """learnpath: YAML learning plans -> one mastery-based learning-path site per student."""


@main.command()
@PLANS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(report.REPORTERS)),
    default=None,
    help="Output format [default: github when GITHUB_ACTIONS=true, else text].",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(plans_dir: Path, fmt: str | None, strict: bool) -> None:
    """Check every plan; report every problem as path:line:column."""
    _require_folder(plans_dir)
    project = check(plans_dir)
    click.echo(report.REPORTERS[fmt or _default_format()](project.problems))
    raise SystemExit(_exit_code(project.problems, strict))


@main.command()
@click.argument("student_id")
@PLANS
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD: the status as it stood that day (later evidence ignored).",
)
def status(student_id: str, plans_dir: Path, fmt: str, as_of) -> None:  # noqa: ANN001
    """Show one student's goals, objectives, statuses, pace and what is due for review."""
    _require_folder(plans_dir)
    project = check(plans_dir, only=student_id)  # its plan, the school and the libraries
    plan = project.plans.get(student_id)
    stopping = errors(project.problems)
    if plan is None or stopping:
        if stopping:
            click.echo(report.text(stopping), err=True)
        else:
            known = sorted(p.stem for p in (plans_dir / "students").glob("*.yml"))
            click.echo(
                f"no plan for student '{student_id}' (students: {', '.join(known) or 'none'})",
                err=True,
            )
        raise SystemExit(1)
    day = as_of.date() if as_of else None
    summary = status_view.summarize(plan, as_of=day, school=project.school)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        click.echo(status_view.as_text(summary))


@main.command()
@PLANS
@SITE
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(plans_dir: Path, site_dir: Path, strict: bool) -> None:
    """Build one site per student into SITE/<student-id>/."""
    _require_folder(plans_dir)
    result = _build(plans_dir, site_dir, strict)
    raise SystemExit(1 if result.failed else 0)


@main.command()
@PLANS
@SITE
@click.option("--port", type=int, default=8000, show_default=True)
def serve(plans_dir: Path, site_dir: Path, port: int) -> None:
    """Build, serve the sites on http://127.0.0.1:PORT/ and rebuild when a plan changes."""
    from generator import serve as serving

    _require_folder(plans_dir)
    serving.run(plans_dir, site_dir, port, rebuild=lambda: _build(plans_dir, site_dir, False))


@main.command()
@click.argument("kind", type=click.Choice(["plan", "school", "library"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan, school.yml or a library, for editors."""
    from generator import jsonschema

    click.echo(jsonschema.document(kind), nl=False)


@main.command()
@click.argument("student_id")
@click.option("--name", required=True, help="The student's name as the site shows it.")
@click.option("--teacher", required=True, help="The teacher's name (the first author).")
@click.option("--skills", default="", help="Library skills, comma-separated: math4/a,math4/b.")
@click.option("--language", default=None, help="Site language, e.g. es.")
@PLANS
def new(
    student_id: str, name: str, teacher: str, skills: str, language: str | None, plans_dir: Path
) -> None:
    """Start a plan for a new student; never overwrites an existing one."""
    from generator import author

    _require_folder(plans_dir)
    if not STUDENT_ID.fullmatch(student_id):
        raise click.BadParameter(
            "use lowercase letters, digits and hyphens, e.g. ava-m", param_hint="STUDENT_ID"
        )
    refs = [s.strip() for s in skills.split(",") if s.strip()]
    _finish(author.new_plan(plans_dir, student_id, name, teacher, refs, language))


@main.group()
def evidence() -> None:
    """Record evidence."""


@evidence.command("add")
@click.argument("student_id")
@click.option("--objective", required=True, help="The objective: its id or library/skill.")
@click.option("--level", required=True, help="A level of the mastery scale.")
@click.option("--by", "by", required=True, help="Who observed it (an author of the plan).")
@click.option("--kind", required=True, help="observation, work-sample, quiz, project, ...")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="YYYY-MM-DD  [default: today]",
)
@click.option("--note", default=None)
@click.option("--file", "file", default=None, help="A file in the student's folder.")
@click.option("--link", default=None)
@PLANS
def evidence_add(
    student_id: str,
    objective: str,
    level: str,
    by: str,
    kind: str,
    day,  # noqa: ANN001
    note: str | None,
    file: str | None,
    link: str | None,
    plans_dir: Path,
) -> None:
    """Append one evidence entry, keeping every other byte of the plan."""
    from generator import author, mastery

    _require_folder(plans_dir)
    when = day.date() if day else mastery.today()
    entry = author.evidence_entry(objective, level, by, kind, when, note, file, link)
    _finish(author.add_evidence(plans_dir, student_id, entry))


def _finish(outcome) -> None:  # noqa: ANN001
    if outcome.problems:
        click.echo(report.text(outcome.problems), err=True)
    if not outcome.written:
        click.echo(f"nothing written: {outcome.path} is unchanged", err=True)
        raise SystemExit(1)
    click.echo(f"wrote {outcome.path}")


def _build(plans_dir: Path, site_dir: Path, strict: bool):  # noqa: ANN202
    from generator import build as building

    result = building.build(plans_dir, site_dir, strict=strict)
    if result.problems:
        click.echo(report.REPORTERS[_default_format()](result.problems), err=True)
    if result.failed:
        click.echo(f"nothing written: {site_dir} is unchanged", err=True)
        return result
    click.echo(
        f"built {len(result.built)} site(s), {len(result.skipped)} unchanged, "
        f"{len(result.removed)} removed"
    )
    for student_id in sorted(result.built + result.skipped):
        click.echo(f"  {site_dir / student_id / 'index.html'}")
    return result


def _require_folder(plans_dir: Path) -> None:
    if not plans_dir.is_dir():
        raise click.UsageError(f"plans folder '{plans_dir}' does not exist")
    if not (ROOT / "templates" / "locales").is_dir():
        raise click.UsageError(
            "run learnpath inside its repository (the folder with mkdocs.yml and templates/); "
            f"none found at or above {Path.cwd()}"
        )


def _exit_code(problems: list, strict: bool) -> int:
    if errors(problems) or (strict and problems):
        return 1
    return 0
