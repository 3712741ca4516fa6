"""The whole `learnpath build` on N synthetic students, against one `mkdocs build` per student.

    .venv/bin/python benchmarks/bench_build.py --students 1000 --runs 3 --baseline-sample 20
    .venv/bin/python benchmarks/bench_build.py --students 10000 --runs 1 --baseline-sample 0

Ours: the `learnpath build` command, as a teacher or CI runs it, in a subprocess; the same
build into another folder with its whole process tree sampled for memory (treemem.py); then a
rebuild with nothing changed, and a rebuild after one plan was edited. Baseline, in the same
run: the same students' pages (our HTML bodies as Markdown sources, which Python-Markdown
passes through) built by one `mkdocs build` subprocess each, for a sample, extrapolated to N
(the output says so).
Targets (issue 13): 1/30 of the baseline's time, under 400 MB for the whole process tree,
a site under 150 MB, an edited plan rebuilt in under 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_html import du, run_baseline  # noqa: E402
from synthetic import write_plans  # noqa: E402
from treemem import TreeMemory  # noqa: E402

from generator.checking.validate import check  # noqa: E402
from generator.mastery.engine import today  # noqa: E402
from generator.rendering.render import environment, render_site  # noqa: E402

LEARNPATH = [sys.executable, "-m", "generator"]


def children_cpu() -> float:
    """CPU seconds of this process's finished children and their children (the workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(plans: Path, site: Path, memory: bool = False) -> dict[str, float]:
    """One `learnpath build` command: wall and CPU seconds, and with ``memory`` the peak RSS
    and PSS of its process tree in MB. Sampling reads /proc/<pid>/smaps_rollup every 50 ms,
    which slows the build by about a sixth: timed runs do not sample."""
    command = [*LEARNPATH, "build", "--plans", str(plans), "--site", str(site)]
    start, cpu = time.perf_counter(), children_cpu()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with TreeMemory(pid=process.pid) if memory else contextlib.nullcontext() as sampled:
        if process.wait():
            raise SystemExit(f"learnpath build failed with exit code {process.returncode}")
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if not memory:
        return {"build": wall, "cpu": cpu}
    return {"rss": sampled.peak_rss / 2**20, "pss": sampled.peak_pss / 2**20}


def edit_one(plans: Path, run_number: int) -> None:
    """What a teacher does between two builds: one more word in one student's evidence note."""
    plan = plans / "students" / "student-0001.yml"
    text = plan.read_text()
    plan.write_text(text.replace("note: ", f"note: (edit {run_number}) ", 1))


def baseline(plans: Path, sample: int) -> float:
    """Seconds per student for one `mkdocs build` subprocess per student (0 if no sample)."""
    if not sample:
        return 0.0
    project = check(plans)
    env, day = environment(), today()
    specs = [
        render_site(project.plans[sid], project.school, plans, env, day)
        for sid in sorted(project.plans)[:sample]
    ]
    elapsed, _ = run_baseline(specs)
    return elapsed / len(specs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        figures: dict[str, list[float]] = {}
        for number in range(args.runs):
            site = Path(tmp) / f"site-{number}"
            row = build(plans, site)
            row["size"] = du(site) / 2**20
            sampled = site.with_name(f"{site.name}-memory")  # as cold as the first
            row |= build(plans, sampled, memory=True)
            shutil.rmtree(sampled)
            row["no-change"] = build(plans, site)["build"]
            edit_one(plans, number)
            row["edited"] = build(plans, site)["build"]
            for key, value in row.items():
                figures.setdefault(key, []).append(value)
            print(f"  run {number + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()))
            shutil.rmtree(site)
        per_student = baseline(plans, args.baseline_sample)
    median = {key: statistics.median(values) for key, values in figures.items()}
    n = args.students
    print(f"learnpath build, {n} students, median of {args.runs}: {median['build']:.1f} s")
    print(f"CPU time of the process tree: {median['cpu']:.1f} s")
    memory = f"{median['rss']:.0f} MB RSS, {median['pss']:.0f} MB PSS"
    print(f"peak memory of the process tree: {memory}")
    print(f"site size (du): {median['size']:.0f} MB")
    print(f"rebuild, nothing changed: {median['no-change']:.2f} s")
    print(f"rebuild after editing one plan: {median['edited']:.2f} s")
    if per_student:
        total = per_student * n
        print(
            f"baseline, one `mkdocs build` per student: {total:.0f} s, EXTRAPOLATED from "
            f"{args.baseline_sample} students ({per_student:.3f} s each); "
            f"speed-up {total / median['build']:.1f}x (target: 30x)"
        )


if __name__ == "__main__":
    main()
