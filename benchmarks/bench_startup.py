"""How long `learnpath validate` of one plan takes (what the pre-commit hook runs), from
interpreter start to exit, against the bare interpreter starting in the same run.

Target (issue 13): well under half a second. Also prints where the import time goes
(`python -X importtime`, the slowest modules that `import generator.cli` loads).

    python benchmarks/bench_startup.py --runs 20
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

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_plans


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def slowest_imports(count: int) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time, in microseconds, below the cli."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import generator.cli"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in result.stderr.splitlines()[1:]:
        _, cumulative, name = line.split("|")
        rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), 1)
        commands = {
            "python -c pass": ["-c", "pass"],
            "import generator.cli": ["-c", "import generator.cli"],
            "learnpath validate, 1 plan": ["-m", "generator", "validate", "--plans", str(plans)],
        }
        run(commands["learnpath validate, 1 plan"])  # warm the file cache; fails if invalid
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so noise hits all alike
            for name, command in commands.items():
                times[name].append(run(command))
    base = statistics.median(times["python -c pass"])
    for name, runs in times.items():
        median = statistics.median(runs)
        print(
            f"{name:28} median {median * 1000:4.0f} ms  ({median / base:4.1f}x the bare "
            f"interpreter; min {min(runs) * 1000:.0f}, max {max(runs) * 1000:.0f})"
        )
    print("slowest imports below generator.cli (cumulative, one run, -X importtime):")
    for micros, name in slowest_imports(12):
        print(f"  {micros / 1000:6.1f} ms  {name}")


if __name__ == "__main__":
    main()
