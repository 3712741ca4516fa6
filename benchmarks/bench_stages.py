"""Where a build's time goes, stage by stage: a profile of one in-process build.

    .venv/bin/python benchmarks/bench_stages.py --students 200

One worker (jobs=1), so every stage runs in this process under cProfile (which slows Python
code more than C code: compare the shares, not the seconds, with a real build). Each stage is
the cumulative time of its entry point; "checks", "theme" (Material's main.html), "search" and
"write" are the parts of "html".
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_plans  # noqa: E402

from generator import build as building  # noqa: E402

# stage -> (file ending, function name) of its entry point
STAGES = {
    "validate": ("generator/checking/validate.py", "check"),
    "render": ("generator/rendering/render.py", "render_site"),
    "html": ("generator/html/site.py", "build_site"),
    "checks": ("generator/html/checks.py", "spec_problems"),
    "theme": ("generator/html/theme.py", "render"),
    "search": ("generator/html/search.py", "search_index"),
    "write": ("generator/html/site.py", "write_folder"),
    "publish": ("generator/publishing/swap.py", "publish"),
    "build": ("generator/build.py", "build"),
}


def cumulative(stats: pstats.Stats) -> dict[str, float]:
    found = dict.fromkeys(STAGES, 0.0)
    for (file, _, function), (_, _, _, cum, _) in stats.stats.items():
        for stage, (ending, name) in STAGES.items():
            if file.endswith(ending) and function == name:
                found[stage] += cum
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        profile = cProfile.Profile()
        profile.enable()
        result = building.build(plans, Path(tmp) / "site", jobs=1)
        profile.disable()
        assert not result.failed and len(result.built) == args.students
    times = cumulative(pstats.Stats(profile))
    total = times.pop("build")
    print(f"one build of {args.students} students, one process, under cProfile: {total:.1f} s")
    for stage, seconds in times.items():
        part = "  (part of html)" if stage in ("checks", "theme", "search", "write") else ""
        print(f"  {stage:<9} {seconds:6.2f} s  {100 * seconds / total:5.1f}%{part}")


if __name__ == "__main__":
    main()
