"""Feedback on long work: how far a build has come, shown to suit where the output goes.

On a terminal, click's progress bar, redrawn in place. In a log (CI, a file: not a terminal) a
bar's carriage returns would pile up as noise, so a large class gets one line every few
seconds instead, and a small one, built in moments, none. At the end a large class gets one
summary line where a small one lists each student's site.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

LARGE = 20  # students; a larger class gets progress lines in a log and a one-line summary
EVERY = 5.0  # seconds between two progress lines in a log


class Progress:
    """``on_progress(done, total)`` for ``generator.build.build``: sites built so far, of how
    many. Use it as a context manager, so that a build stopped half way still ends the bar's
    line before the problems are printed."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        every: float | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.terminal = _is_terminal(self.stream)
        self.clock, self.every = clock, EVERY if every is None else every
        self.last = clock()  # the build started now: the first line comes `every` later
        self.bar: ProgressBar[int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if not total:  # nothing to build: nothing to show
            return
        if self.terminal:
            self._draw(done, total)
        elif total > LARGE and self.clock() - self.last >= self.every:
            self.last = self.clock()
            click.echo(f"built {done} of {total} students", file=self.stream)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the bar's line, so that what follows starts on a line of its own."""
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None

    def _draw(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="building", show_pos=True, file=self.stream
            )
            self.bar.render_progress()
        self.bar.update(done - self.bar.pos)
        if done >= total:
            self.close()


def site_lines(site_dir: Path, student_ids: list[str]) -> list[str]:
    """What to print after a build: each student's page, or for a large class one line."""
    if len(student_ids) > LARGE:
        return [f"  {site_dir / 'index.html'} links the {len(student_ids)} students' sites"]
    return [f"  {site_dir / sid / 'index.html'}" for sid in sorted(student_ids)]


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
