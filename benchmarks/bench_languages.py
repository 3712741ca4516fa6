"""The whole `learnpath build` on N synthetic students whose families read the other languages
(each student one of them in turn: Arabic and Persian right to left, Chinese, Spanish...)
against the same N students in English.

    .venv/bin/python benchmarks/bench_languages.py --students 1000 --runs 3

Both builds run in this process, alternating (English, languages, languages, English, ...) so
that a busy machine slows both alike; each is a full build into a fresh folder. What differs:
our labels and Material's in each language, dates and numbers through Babel, <bdi> and lang
marks around the plans' English words, one theme per language. Target (issue 23): no more per
student than English.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_plans  # noqa: E402
from timing import cpu_seconds  # noqa: E402

from generator import build as building  # noqa: E402
from generator.language import i18n  # noqa: E402


def in_languages(plans: Path, languages: list[str]) -> None:
    """Give each student the next language of the list."""
    for n, path in enumerate(sorted((plans / "students").glob("*.yml"))):
        language = languages[n % len(languages)]
        line = f"\n  grade: 4\n  language: {language}\n"
        path.write_text(re.sub(r"\n  grade: 4\n", line, path.read_text()))


def timed_build(plans: Path, site: Path, jobs: int | None) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, bytes written) of one full build."""
    import time

    cpu, wall = cpu_seconds(), time.perf_counter()
    result = building.build(plans, site, jobs=jobs)
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    assert not result.failed and result.built, [str(p) for p in result.problems]
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return cpu, wall, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes [default: CPUs]")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    languages = [code for code in i18n.languages() if code != "en"]
    times: dict[str, list[tuple[float, float, int]]] = {"en": [], "languages": []}
    with tempfile.TemporaryDirectory() as tmp:
        english = write_plans(Path(tmp) / "en", args.students)
        other = write_plans(Path(tmp) / "languages", args.students)
        in_languages(other, languages)
        plans = {"en": english, "languages": other}
        for run in range(args.runs):
            for kind in ("en", "languages") if run % 2 == 0 else ("languages", "en"):
                site = Path(tmp) / f"site-{run}-{kind}"
                times[kind].append(timed_build(plans[kind], site, args.jobs))
            (cpu, wall, _), (cpu0, wall0, _) = times["languages"][-1], times["en"][-1]
            print(
                f"  run {run + 1}: languages {cpu:.1f} s CPU ({wall:.1f} s wall), "
                f"English {cpu0:.1f} s CPU ({wall0:.1f} s wall)"
            )
    print(f"learnpath build, {args.students} students, median of {args.runs}:")
    print(f"  languages, one per student in turn: {', '.join(languages)}")
    n = args.students
    for i, what in enumerate(("CPU", "wall")):
        theirs = statistics.median(t[i] for t in times["languages"])
        ours = statistics.median(t[i] for t in times["en"])
        print(
            f"  {what}: languages {theirs / n * 1000:.1f} ms a student, English "
            f"{ours / n * 1000:.1f} ms, ratio {theirs / ours:.3f}x (target: at most 1x)"
        )
    size, size0 = times["languages"][-1][2], times["en"][-1][2]
    print(f"  site: languages {size / n / 1e3:.0f} KB a student, English {size0 / n / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
