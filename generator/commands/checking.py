"""Commands that read and check plans: validate, status, schema, rules."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import report
from generator.base.terminal import echo
from generator.checking.validate import check, plan_paths
from generator.commands.options import (
    PLANS,
    STUDENT,
    Day,
    default_format,
    exit_code,
    require_folder,
)
from generator.language import i18n
from generator.mastery import status as status_view
from generator.problem import errors


@click.command()
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
    require_folder(plans_dir)
    project = check(plans_dir)
    echo(report.REPORTERS[fmt or default_format()](project.problems))
    raise SystemExit(exit_code(project.problems, strict))


@click.command()
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
    require_folder(plans_dir)
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
        # Dates and numbers as the family's site writes them ("24 nov 2026" for Ava).
        echo(status_view.as_text(summary, i18n.site_language(plan.language)))


@click.command()
@click.argument("kind", type=click.Choice(["plan", "school", "library"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan, school.yml or a library, for editors."""
    from generator.checking import editor_schema as jsonschema

    echo(jsonschema.document(kind), nl=False)


@click.command("rules")
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
