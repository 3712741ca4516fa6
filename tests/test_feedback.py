"""Feedback on a long build: a bar on a terminal, a line every few seconds in a log, and one
summary line for a large class; with a fake clock and a fake terminal."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import feedback
from generator.cli import main

from .conftest import ROOT

HIDE, SHOW = "\x1b[?25l", "\x1b[?25h"  # click hides the cursor while it draws the bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)  # click's bar computes its ETA from time.time
    return fake


def test_a_terminal_gets_a_bar_redrawn_in_place_with_position_and_time_left(clock) -> None:
    screen = Terminal()
    with feedback.Progress(screen, clock=clock) as progress:
        progress(0, 40)
        clock.now += 2
        progress(10, 40)
        clock.now += 2
        progress(20, 40)
        progress(40, 40)
    assert screen.getvalue().split("\r") == [
        "",
        f"{HIDE}building  [------------------------------------]  0/40",
        f"{HIDE}building  [#########---------------------------]  10/40  00:00:06",
        f"{HIDE}building  [##################------------------]  20/40  00:00:04",
        f"{HIDE}building  [####################################]  40/40          {SHOW}\n",
    ]


def test_nothing_to_build_shows_nothing(clock) -> None:
    screen, log = Terminal(), io.StringIO()
    for stream in (screen, log):
        with feedback.Progress(stream, clock=clock, every=0.0) as progress:
            progress(0, 0)
    assert (screen.getvalue(), log.getvalue()) == ("", "")


def test_a_build_stopped_half_way_still_ends_the_bars_line(clock) -> None:
    screen = Terminal()
    with feedback.Progress(screen, clock=clock) as progress:
        progress(3, 4)
    assert screen.getvalue().split("\r") == [
        "",
        f"{HIDE}building  [------------------------------------]  0/4",
        f"{HIDE}building  [###########################---------]  3/4{SHOW}\n",
    ]


def test_a_log_gets_a_line_every_five_seconds_for_a_large_class(clock) -> None:
    log = io.StringIO()
    progress = feedback.Progress(log, clock=clock)
    for seconds, done in [(0, 0), (4.9, 300), (5, 412), (9.9, 700), (10.1, 800), (11, 1000)]:
        clock.now = 1000.0 + seconds
        progress(done, 1000)
    progress.close()
    assert log.getvalue() == "built 412 of 1000 students\nbuilt 800 of 1000 students\n"


def test_a_log_gets_no_progress_lines_for_a_small_class(clock) -> None:
    log = io.StringIO()
    progress = feedback.Progress(log, clock=clock)
    clock.now += 60
    progress(10, 20)
    progress(20, 20)
    assert log.getvalue() == ""


def test_a_small_class_lists_each_site_and_a_large_one_gets_one_line() -> None:
    ids = [f"s{n:02}" for n in range(21, 0, -1)]
    assert feedback.site_lines(Path("site"), ids[1:]) == [
        f"  site/s{n:02}/index.html" for n in range(1, 21)
    ]
    assert feedback.site_lines(Path("site"), ids) == [
        "  site/index.html links the 21 students' sites"
    ]


def test_build_reports_progress_and_ends_with_a_summary(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(feedback, "LARGE", 3)  # the six example students make a large class
    monkeypatch.setattr(feedback, "EVERY", 0.0)
    result = CliRunner().invoke(main, ["build", "--site", "out"], catch_exceptions=False)
    assert (result.exit_code, result.stderr, result.stdout) == (
        0,
        "built 6 of 6 students\n",
        "built 6 site(s), 0 unchanged, 0 removed\n  out/index.html links the 6 students' sites\n",
    )
    again = CliRunner().invoke(main, ["build", "--site", "out"], catch_exceptions=False)
    assert (again.stderr, again.stdout.splitlines()[0]) == (
        "",
        "built 0 site(s), 6 unchanged, 0 removed",
    )
