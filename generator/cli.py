"""The command line: thin commands that parse options and call one library function each.

Exit codes: 0 clean, 1 problems (warnings too under --strict), 2 usage.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import click

from generator import ROOT, report
from generator.base import vocabulary
from generator.base.ids import STUDENT_ID
from generator.base.terminal import echo, printable
from generator.checking import shape
from generator.checking.schema import DEFAULT_SCALE, KINDS, ROLES
from generator.checking.validate import check, plan_paths
from generator.mastery import engine as mastery
from generator.mastery import status as status_view
from generator.problem import errors


def _plans_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
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
    callback=_plans_folder,
    help="The plans folder  [default: plans/ here or in the nearest folder above]",
)
SITE = click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the sites go  [default: site/ beside the plans folder]",
)


def _student_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A student id is a file name, never a path: it must not reach outside students/."""
    if not STUDENT_ID.fullmatch(value):
        raise click.BadParameter(
            f"'{value}' is not a student id: use lowercase letters, digits and hyphens, e.g. ava-m"
        )
    return value


STUDENT = click.argument("student_id", callback=_student_id)


def _spelled(choices: tuple[str, ...], what: str, open_: bool = False):
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
    callback=_spelled(KINDS, "kind", open_=True),
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


class Main(click.Group):
    """Turns a broken SOURCE_DATE_EPOCH, wherever today is asked for, into a usage error;
    shows control characters in an error's message (a bad value quoted back) as text."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except mastery.BadEpoch as exc:
            raise OneLineError(printable(str(exc)), 2) from None
        except click.ClickException as exc:
            exc.message = printable(exc.message)
            raise


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
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
    echo(report.REPORTERS[fmt or _default_format()](project.problems))
    raise SystemExit(_exit_code(project.problems, strict))


@main.command()
@STUDENT
@PLANS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools.",
)
@click.option(
    "--as-of",
    "as_of",
    type=Day(),
    default=None,
    help="YYYY-MM-DD: the status as it stood that day (later evidence ignored).",
)
def status(student_id: str, plans_dir: Path, fmt: str, as_of) -> None:
    """Show one student's goals, objectives, statuses, pace and what is due for review."""
    _require_folder(plans_dir)
    project = check(plans_dir, only=student_id)  # its plan, the school and the libraries
    plan = project.plans.get(student_id)
    stopping = errors(project.problems)
    if plan is None or stopping:
        if stopping:
            echo(report.text(stopping), err=True)
        else:
            known = sorted(plan_paths(plans_dir))
            echo(
                f"no plan for student '{student_id}' (students: {', '.join(known) or 'none'})",
                err=True,
            )
        raise SystemExit(1)
    day = as_of
    summary = status_view.summarize(plan, as_of=day, school=project.school)
    if fmt == "json":
        echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        echo(status_view.as_text(summary))


@main.command()
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
    _require_folder(plans_dir)
    site_dir = _site(site_dir, plans_dir)
    result = _build(plans_dir, site_dir, strict, keep_going, publish)
    raise SystemExit(1 if result.failed else 0)


@main.command()
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

    _require_folder(plans_dir)
    site = _site(site_dir, plans_dir)
    _refuse_class_page(site)
    try:
        serving.run(plans_dir, site, port, rebuild=lambda: _build(plans_dir, site, False))
    except serving.PortError as exc:
        raise OneLineError(str(exc)) from None


@main.command()
@click.argument("kind", type=click.Choice(["plan", "school", "library"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan, school.yml or a library, for editors."""
    from generator.checking import editor_schema as jsonschema

    echo(jsonschema.document(kind), nl=False)


@main.command("rules")
@click.argument("rule", required=False)
def rules_command(rule: str | None) -> None:
    """List every rule with a bad and a good example, or only RULE."""
    from generator.base.hints import suggest
    from generator.checking import reference, rules

    if rule is not None and rule not in rules.RULES:
        hint = suggest(rule, rules.RULES) or "run `learnpath rules` for the list"
        raise click.BadParameter(f"no rule '{rule}' — {hint}", param_hint="RULE")
    chosen = [rules.RULES[rule]] if rule else list(rules.RULES.values())
    echo("\n".join(reference.rule_text(r) for r in chosen), nl=False)


@main.command()
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

    _require_folder(plans_dir)
    refs = [s.strip() for s in skills.split(",") if s.strip()]
    _finish(author.new_plan(plans_dir, student_id, name, teacher, refs, language))


@main.group()
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

    _require_folder(plans_dir)
    when = day or mastery.today()
    entry = author.evidence_entry(objective, level, by, kind, when, note, None, link)
    try:
        _finish(author.add_evidence(plans_dir, student_id, entry, file))
    except author.Refused as exc:
        raise OneLineError(str(exc)) from None


UNFIXED = "left as it is (a link, saved meanwhile, or the fix would not validate)"


@main.command("fix")
@PLANS
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def fix_command(plans_dir: Path, dry_run: bool) -> None:
    """Rewrite words spelled another way (kind: work sample -> work-sample) and sentences a
    [list] cut at its comma, keeping every other byte of each file."""
    from generator.authoring.fix import fix

    _require_folder(plans_dir)
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


@main.group("author")
def author_group() -> None:
    """Add people who write the plan."""


@author_group.command("add")
@STUDENT
@click.option("--name", required=True, help="The name as evidence and reflections write it.")
@click.option(
    "--role",
    required=True,
    callback=_spelled(ROLES, "role"),
    help=f"Their role: {', '.join(ROLES)}.",
)
@PLANS
def author_add(student_id: str, name: str, role: str, plans_dir: Path) -> None:
    """Add an author (a parent, the student...) to a plan, keeping every other byte."""
    from generator.authoring import author

    _require_folder(plans_dir)
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

    _require_folder(plans_dir)
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


@main.command()
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

    _require_folder(plans_dir)
    secret = _secret()
    if secret is None:
        raise click.UsageError("LEARNPATH_SECRET is not set: contributions open with its keys")
    stdin = sys.stdin.read(16 * 1024 * 1024 + 1) if "-" in paths else None
    given = contributions.sources(list(paths), stdin)
    raise SystemExit(
        command.run_inbox(plans_dir, given, secret, leave_out, mastery.today(), apply_)
    )


@main.command("class")
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
    _require_folder(plans_dir)
    out_dir = out_dir if out_dir is not None else plans_dir.parent / "private"
    commands.refuse_site_folder(out_dir, _site(site_dir, plans_dir))
    raise SystemExit(commands.run_class(plans_dir, fmt, out_dir, by_way))


@main.group()
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

    _require_folder(plans_dir)
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


def _build(
    plans_dir: Path, site_dir: Path, strict: bool, keep_going: bool = False, publish: bool = False
):
    from generator import build as building
    from generator import feedback

    def waiting() -> None:
        echo(f"waiting for another build of {site_dir} to finish", err=True)

    secret = _secret()
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
        echo(report.REPORTERS[_default_format()](result.problems), err=True)
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


def _site(site_dir: Path | None, plans_dir: Path) -> Path:
    return site_dir if site_dir is not None else plans_dir.parent / "site"


def _require_folder(plans_dir: Path) -> None:
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
    _settle_interrupted_write(plans_dir)


def _settle_interrupted_write(plans_dir: Path) -> None:
    """Every command that reads plans first finishes or undoes a write a killed one left."""
    from generator.base import journal

    try:
        done = journal.recover(plans_dir.absolute().parent)
    except OSError as exc:
        done = [f"an interrupted write could not be settled ({exc}); run the command again"]
    for line in done:
        echo(f"note: {line}", err=True)


def _exit_code(problems: list, strict: bool) -> int:
    if errors(problems) or (strict and problems):
        return 1
    return 0


@main.command()
def secret() -> None:
    """Print a new secret for LEARNPATH_SECRET (32 random bytes as hex)."""
    from generator.publishing.keys import new_secret

    echo(new_secret())


@main.command()
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
        refusal = keys_out.refuse_inside(out_dir, _site(site_dir, plans_dir))
        if refusal:
            raise click.UsageError(refusal)
        try:
            target = keys_out.write_letters(out_dir, keys_out.letters(found, languages))
        except keys_out.LettersError as error:
            raise click.UsageError(str(error)) from None
        echo(f"wrote {target}: {len(plans)} letter(s), one A4 page each")


def _secret() -> bytes | None:
    """LEARNPATH_SECRET, or None (a plain build); malformed is a usage error."""
    from generator.publishing.keys import SecretError, secret_from_env

    try:
        return secret_from_env()
    except SecretError as error:
        raise click.UsageError(str(error)) from None


def _sealing_or_usage_error(plans_dir: Path):
    from generator.publishing.keys import SECRET_VARIABLE
    from generator.publishing.sealed_site import Sealing

    _require_folder(plans_dir)
    secret = _secret()
    if secret is None:
        raise click.UsageError(
            f"{SECRET_VARIABLE} is not set: the keys are derived from it "
            "(make one with 'learnpath secret' and keep it as a CI secret)"
        )
    return Sealing(secret, 1)
