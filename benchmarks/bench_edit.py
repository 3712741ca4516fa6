"""The edit loop: one plan edited in a school of N synthetic students, then rebuilt.

What `serve` feels like for a teacher with a large class. One full build first; then, several
times, one student's plan is edited and the site rebuilt, in the same process, with the cache
of checked plans (as `build` and `serve` run) and, interleaved as the baseline, without it.
Each rebuild is split into its stages. Target (issue 13): under 1 s with the cache.

    python benchmarks/bench_edit.py --students 1000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from synthetic import write_plans

from generator import build
from generator.publishing import swap as output

STAGES = {  # the timed steps of a rebuild: module, attribute, label
    "check": (build, "check", "validate (load, shape, cross-reference)"),
    "stage": (build, "_stage", "render and write the changed sites"),
    "publish": (output, "publish", "publish (swap folders, manifest)"),
}


class Timings:
    """Wraps each stage's function to add up its time per rebuild."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        for name, (module, attribute, _) in STAGES.items():
            setattr(module, attribute, self._timed(name, getattr(module, attribute)))

    def _timed(self, name: str, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] += time.perf_counter() - start

        return timed

    def rebuild(self, plans: Path, site: Path) -> dict[str, float]:
        self.spent.clear()
        start = time.perf_counter()
        result = build.build(plans, site)
        total = time.perf_counter() - start
        assert not result.failed and len(result.built) == 1, result
        return {"total": total, **self.spent, "other": total - sum(self.spent.values())}


def edit(plans: Path, n: int, run: int) -> None:
    """A new note on one student's first evidence entry: the bytes change, the plan stays valid."""
    path = plans / "students" / f"student-{n:04d}.yml"
    text = path.read_text().replace("    note: ", f"    note: Edit {run}. ", 1)
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    uncached = lambda site: None  # noqa: E731 - check without a cache folder
    cached = build._cache_folder
    timings = Timings()
    with tempfile.TemporaryDirectory() as tmp:
        plans, site = write_plans(Path(tmp), args.students), Path(tmp) / "site"
        start = time.perf_counter()
        assert not build.build(plans, site).failed
        print(f"{args.students} students: full build {time.perf_counter() - start:.1f} s")
        results: dict[str, list[dict[str, float]]] = {"with": [], "without": []}
        for run in range(args.runs):  # interleaved, so noise hits both alike
            for mode, folder in (("with", cached), ("without", uncached)):
                build._cache_folder = folder
                edit(plans, (run * 37 + len(results[mode])) % args.students, run)
                results[mode].append(timings.rebuild(plans, site))
    report(results)


def report(results: dict[str, list[dict[str, float]]]) -> None:
    labels = {"total": "whole rebuild", **{k: v[2] for k, v in STAGES.items()}}
    labels["other"] = "the rest (fingerprints, landing page, gc)"
    for mode, runs in results.items():
        print(f"\none plan edited, rebuild {mode} the cache of checked plans (medians, s):")
        for key, label in labels.items():
            times = [run[key] for run in runs]
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(f"  {label:<42} {statistics.median(times):6.2f}   (runs: {shown})")
    ours = statistics.median(r["total"] for r in results["with"])
    base = statistics.median(r["total"] for r in results["without"])
    print(f"\nratio: {ours / base:.2f}x the rebuild without the cache; target: under 1 s")


if __name__ == "__main__":
    main()
