"""The whole `learnpath build` on N synthetic students, against one `mkdocs build` per student.

    .venv/bin/python benchmarks/bench_build.py --students 1000 --runs 3 --baseline-sample 20

Ours: validate, render and build every site (build.build, in-process, as the CLI calls it),
plus a rebuild with nothing changed. Baseline, in the same run: the same students' rendered
pages built by one `mkdocs build` subprocess each, for a sample, extrapolated to N (the output
says so). Target (issue 3): at least 5x faster, and the whole site under 300 MB.
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

from bench_html import cpu_seconds, du, run_baseline  # noqa: E402
from synthetic import write_plans  # noqa: E402
from treemem import TreeMemory  # noqa: E402

from generator import build as building  # noqa: E402
from generator.mastery import today  # noqa: E402
from generator.render import environment, render_site  # noqa: E402
from generator.validate import check  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        ours, sizes, rebuilds, cpus, peaks = [], [], [], [], []
        for run in range(args.runs):
            site = Path(tmp) / f"site-{run}"
            with TreeMemory() as memory:
                start, cpu = time.perf_counter(), cpu_seconds()
                result = building.build(plans, site)
                ours.append(time.perf_counter() - start)
                cpus.append(cpu_seconds() - cpu)
            peaks.append((memory.peak_rss, memory.peak_pss))
            assert not result.failed and len(result.built) == args.students
            sizes.append(du(site))
            start = time.perf_counter()
            again = building.build(plans, site)
            rebuilds.append(time.perf_counter() - start)
            assert again.built == []
            print(
                f"  run {run + 1}: build {ours[-1]:.1f} s ({cpus[-1]:.1f} s CPU), peak tree RSS "
                f"{peaks[-1][0] / 2**20:.0f} MB (PSS {peaks[-1][1] / 2**20:.0f} MB), "
                f"no-change rebuild {rebuilds[-1]:.2f} s"
            )
        project = check(plans)
        sample = sorted(project.plans)[: args.baseline_sample]
        specs = [
            render_site(project.plans[s], project.school, plans, environment(), today())
            for s in sample
        ]
        per_student = []
        for run in range(args.runs):
            elapsed, _ = run_baseline(specs)
            per_student.append(elapsed / len(specs))
            print(f"  baseline run {run + 1}: {per_student[-1]:.3f} s per student")
    median = statistics.median(ours)
    baseline = statistics.median(per_student) * args.students
    print(f"learnpath build, {args.students} students, median of {args.runs}: {median:.1f} s")
    print(
        f"CPU time of all processes, median: {statistics.median(cpus):.1f} s; peak memory of the "
        f"process tree, median: RSS {statistics.median(p[0] for p in peaks) / 2**20:.0f} MB, "
        f"PSS {statistics.median(p[1] for p in peaks) / 2**20:.0f} MB"
    )
    print(f"no-change rebuild, median: {statistics.median(rebuilds):.2f} s")
    print(
        f"baseline, one `mkdocs build` per student: {baseline:.0f} s, EXTRAPOLATED from "
        f"{len(specs)} students ({statistics.median(per_student):.3f} s each)"
    )
    print(f"speed-up: {baseline / median:.1f}x (target: at least 5x)")
    print(f"site size (du): {statistics.median(sizes) / 2**20:.0f} MB (target: under 300 MB)")


if __name__ == "__main__":
    main()
