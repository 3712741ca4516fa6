"""The command line: thin commands that parse options and call one library function each.

Exit codes: 0 clean, 1 problems (warnings too under --strict), 2 usage. `main` is the group;
each command lives with the others of its stage in generator/commands/ (checking, authoring,
building, publishing, classroom) and is added to the group here.
"""

from __future__ import annotations

import click

from generator.base.terminal import printable
from generator.commands import authoring, building, checking, classroom, publishing
from generator.commands.options import OneLineError
from generator.mastery import engine as mastery


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


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="learnpath")
def main() -> None:
    """learnpath: YAML learning plans -> one mastery-based learning-path site per student."""


COMMANDS = (
    checking.validate,
    checking.status,
    checking.schema,
    checking.rules_command,
    authoring.new,
    authoring.evidence,
    authoring.fix_command,
    authoring.author_group,
    authoring.inbox,
    authoring.library,
    building.build,
    building.serve,
    publishing.secret,
    publishing.access,
    classroom.class_,
)
for command in COMMANDS:
    main.add_command(command)
