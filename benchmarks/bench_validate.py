"""How long `learnpath validate` takes on N synthetic plans, against merely parsing them.

Baseline, measured in the same run: PyYAML's C loader (yaml.CSafeLoader) loading every file.
Target (issue 13): validate 1,000 plans in at most 1.5x the baseline. Wall time is what a
user waits; CPU time (user + system, of the validate process) is steadier on a busy machine.

    python benchmarks/bench_validate.py --students 1000 --runs 5
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_plans


def parse_only(plans: Path) -> None:
    for path in sorted(plans.rglob("*.yml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def validate_cli(plans: Path) -> None:
    # The whole command as a user runs it, interpreter start and imports included.
    subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--plans", str(plans)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )


def stages(plans: Path) -> dict[str, float]:
    """CPU seconds of each stage of validate, in this process: the students' files read and
    composed, their shapes checked, and the rest of `check` (libraries, model, cross-references,
    mastery of locked objectives, the label catalogues)."""
    from generator.checking import schema, validate
    from generator.checking.shape import Shaper
    from generator.load import load_file

    files = sorted((plans / "students").glob("*.yml"))
    gc.collect()
    gc.disable()  # as validate.check does
    try:
        start = time.process_time()
        documents = [load_file(path, path.name) for path in files]
        loaded = time.process_time()
        for document in documents:
            Shaper(document.display).record(document.tree, schema.PLAN)
        shaped = time.process_time()
        del documents
    finally:
        gc.enable()
    start_check = time.process_time()
    validate.check(plans)
    whole = time.process_time() - start_check
    load, shape = loaded - start, shaped - loaded
    return {"read + compose": load, "shape": shape, "the rest": whole - load - shape}


def cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, plans: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    wall, used = time.perf_counter(), cpu()
    fn(plans)
    return time.perf_counter() - wall, cpu() - used


def summary(name: str, runs: list[float]) -> str:
    listed = ", ".join(f"{t:.2f}" for t in runs)
    return f"{name} median {statistics.median(runs):.2f} s  (runs: {listed})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        size = sum(p.stat().st_size for p in (plans / "students").glob("*.yml"))
        print(f"{args.students} plans, {size / args.students / 1024:.1f} KB each on average")
        validate_cli(plans)  # warm the file cache and check the plans are valid
        base, ours, parts = [], [], []
        for _ in range(args.runs):  # interleaved, so noise hits both alike
            base.append(timed(parse_only, plans))
            ours.append(timed(validate_cli, plans))
            parts.append(stages(plans))
    for i, kind in enumerate(("wall", "CPU")):
        b, o = [run[i] for run in base], [run[i] for run in ours]
        print(summary(f"PyYAML CSafeLoader parse only, {kind}:", b))
        print(summary(f"learnpath validate (CLI), {kind}:     ", o))
        ratio = statistics.median(o) / statistics.median(b)
        print(f"ratio, {kind}: {ratio:.2f}x the parse-only baseline (target: at most 1.5x)")
    print("validate by stage, in process (CPU, medians):")
    for stage in parts[0]:
        print(f"  {stage:15} {statistics.median(run[stage] for run in parts):.2f} s")


if __name__ == "__main__":
    main()
