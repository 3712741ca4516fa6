"""How long `learnpath validate` takes on N synthetic plans, against merely parsing them.

Baseline, measured in the same run: PyYAML's C loader (yaml.CSafeLoader) loading every file.
Target (issue 2): validate 1,000 plans in at most 3x the baseline.

    python benchmarks/bench_validate.py --students 1000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_plans  # noqa: E402


def parse_only(plans: Path) -> None:
    for path in sorted(plans.rglob("*.yml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - the C safe loader


def validate_cli(plans: Path) -> None:
    # The whole command as a user runs it, interpreter start and imports included.
    subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--plans", str(plans)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )


def timed(fn, plans: Path, runs: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(plans)
        times.append(time.perf_counter() - start)
    return times


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
        base, ours = [], []
        for _ in range(args.runs):  # interleaved, so noise hits both alike
            base += timed(parse_only, plans, 1)
            ours += timed(validate_cli, plans, 1)
    b, o = statistics.median(base), statistics.median(ours)
    print(
        f"PyYAML CSafeLoader parse only: median {b:.2f} s  (runs: "
        + ", ".join(f"{t:.2f}" for t in base)
        + ")"
    )
    print(
        f"learnpath validate (CLI):      median {o:.2f} s  (runs: "
        + ", ".join(f"{t:.2f}" for t in ours)
        + ")"
    )
    print(f"ratio: {o / b:.2f}x the parse-only baseline (target: at most 3x)")


if __name__ == "__main__":
    main()
