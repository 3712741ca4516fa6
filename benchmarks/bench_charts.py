"""The whole `learnpath build` on N synthetic students with the progress-over-time parts
(burn-up and level charts, what changed, time to review) against the same build without them.

    .venv/bin/python benchmarks/bench_charts.py --students 1000 --runs 3

Both builds run in this process, alternating (with, without, with, ...) so that a busy
machine slows both alike; each is a full build into a fresh folder. "Without" replaces
progress.context by one that draws nothing, which is what the pages were before the charts.
Target (issue 11): the build with charts within 1.10x of the build without.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from markupsafe import Markup  # noqa: E402
from synthetic import write_plans  # noqa: E402
from timing import cpu_seconds  # noqa: E402

from generator import build as building  # noqa: E402
from generator.mastery import history  # noqa: E402
from generator.rendering import progress  # noqa: E402


def without_charts(plan, school, results, words, day) -> dict:
    """The same template context with nothing to draw and nothing changed or due."""
    return {
        "changes": history.Changes(day, [], [], [], [], []),
        "due_for_review": [],
        "burnups": {g.id: None for g in plan.goals},
        "burnup_chart": lambda goal_id: Markup(""),
        "burnup_rows": lambda goal_id: [],
        "burnup_parts": lambda goal_id: {},
        "levels_chart": lambda ref: Markup(""),
        "planned_figure": str,
        "chart_words": {},
    }


WITH_CHARTS = progress.context


def timed_build(plans: Path, site: Path, charts: bool, jobs: int | None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one full build."""
    progress.context = WITH_CHARTS if charts else without_charts  # render calls it from here
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = building.build(plans, site, jobs=jobs)
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    assert not result.failed and result.built, [str(p) for p in result.problems]
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes [default: CPUs]")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        try:
            for run in range(args.runs):
                for charts in (True, False) if run % 2 else (False, True):
                    site = Path(tmp) / f"site-{run}-{charts}"
                    times[charts].append(timed_build(plans, site, charts, args.jobs))
                (cpu, wall), (cpu0, wall0) = times[True][-1], times[False][-1]
                print(
                    f"  run {run + 1}: with charts {cpu:.1f} s CPU ({wall:.1f} s wall), "
                    f"without {cpu0:.1f} s CPU ({wall0:.1f} s wall)"
                )
        finally:
            progress.context = WITH_CHARTS
    print(f"learnpath build, {args.students} students, median of {args.runs}:")
    for i, what in enumerate(("CPU", "wall")):
        with_charts = statistics.median(t[i] for t in times[True])
        without = statistics.median(t[i] for t in times[False])
        print(
            f"  {what}: with charts {with_charts:.1f} s, without {without:.1f} s, "
            f"ratio {with_charts / without:.3f}x (target: at most 1.10x)"
        )


if __name__ == "__main__":
    main()
