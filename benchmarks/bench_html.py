"""Benchmark the HTML stage: build_sites for N students against one `mkdocs build` per student.

    .venv/bin/python benchmarks/bench_html.py --students 1000 --runs 3 --baseline-sample 20

Each synthetic student has ~10 pages (~10 KB of Markdown) in the shape the render stage
writes: goals, objectives with status badges, evidence tables, task lists, admonitions,
details, a report. The baseline runs `mkdocs build` as a subprocess for a sample of the
students, with the same base mkdocs.yml, and extrapolates to N (the output says so).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.html import BASE_CONFIG, SiteSpec, build_sites  # noqa: E402

VOCABULARY = """
fraction denominator numerator compare model strip recipe double half quarter explain drawing
horses bake sale practice share reason number line equal greater smaller whole part group
estimate measure observe notes family home kitchen garden story reading
"""
WORDS = VOCABULARY.split()
LEVELS = ["beginning", "developing", "proficient", "extending"]
STATUSES = ["mastered", "in-progress", "ready", "locked"]


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def goal_page(rng: random.Random, title: str) -> str:
    lines = [f"# {title}", "", f"> **Why:** {sentence(rng, 9)}", "", "## Objectives", ""]
    for k in range(3):
        status = rng.choice(STATUSES)
        lines.append(
            f'- <span class="lp-status lp-status--{status}">{status}</span> '
            f"Objective {k + 1}: {sentence(rng, 8)}"
        )
    lines += [
        "",
        "## Evidence",
        "",
        "| Date | Objective | Level | By | Note |",
        "|---|---|---|---|---|",
    ]
    for k in range(3):
        lines.append(
            f"| 2026-10-{k + 1:02d} | Objective {k % 4 + 1} | {rng.choice(LEVELS)} "
            f"| Ms. Rivera | {sentence(rng, 6)} |"
        )
    lines += ["", "## Next steps", ""]
    lines += [f"- [{rng.choice(' x')}] {sentence(rng, 7)}" for _ in range(2)]
    lines += ["", '!!! tip "At home"', f"    {sentence(rng, 14)}", ""]
    lines += ['??? note "Activities"', f"    {sentence(rng, 12)}", "", sentence(rng, 12), ""]
    return "\n".join(lines)


def make_spec(i: int) -> SiteSpec:
    """One synthetic student: index, 7 goal pages, reflections, report (~10 KB)."""
    rng = random.Random(i)
    goals = [f"goal-{k}" for k in range(7)]
    pages = {
        "index.md": "\n".join(
            [f"# Student {i}", "", sentence(rng, 15), "", "## Goals", ""]
            + [f"- [Goal {k}](goals/{g}.md)" for k, g in enumerate(goals)]
            + ["", '<div class="lp-path" markdown>', "![Path](path.svg)", "</div>", ""]
        ),
        "reflections.md": "# Reflections\n\n"
        + "\n\n".join(f"**2026-10-{k + 1:02d}** — {sentence(rng, 25)}" for k in range(5)),
        "report.md": "# Report\n\n" + "\n\n".join(sentence(rng, 50) for _ in range(3)),
    }
    pages.update({f"goals/{g}.md": goal_page(rng, f"Goal {k}") for k, g in enumerate(goals)})
    nav = [
        {"Home": "index.md"},
        {"Goals": [{f"Goal {k}": f"goals/{g}.md"} for k, g in enumerate(goals)]},
        {"Reflections": "reflections.md"},
        {"Report": "report.md"},
    ]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    language = "es" if i % 4 == 0 else "en"
    return SiteSpec(
        f"student-{i:04d}", f"Student {i} — learning path", language, pages, nav, {"path.svg": svg}
    )


def du(path: Path) -> int:
    """Bytes on disk, as `du -s` counts them (blocks, not file sizes)."""
    out = subprocess.run(["du", "-sk", str(path)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[0]) * 1024


def run_ours(specs: list[SiteSpec], jobs: int | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build_sites(specs, Path(tmp) / "out", jobs=jobs)
        elapsed = time.perf_counter() - start
        return elapsed, du(Path(tmp) / "out")


def run_baseline(specs: list[SiteSpec]) -> tuple[float, int]:
    """One `mkdocs build` subprocess per student, as a naive build script would do it.

    Each student gets a config inheriting the same base mkdocs.yml (theme, palette,
    extensions, search), its own docs folder and the shared CSS in it.
    """
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            docs = Path(tmp) / "docs" / spec.site_id
            sources = {**spec.files, **{p: t.encode() for p, t in spec.pages.items()}}
            for path, data in sources.items():
                (docs / path).parent.mkdir(parents=True, exist_ok=True)
                (docs / path).write_bytes(data)
            shutil.copy(BASE_CONFIG.parent / "templates/assets/learnpath.css", docs)
            config = {  # JSON is YAML; INHERIT deep-merges this over the base
                "INHERIT": str(BASE_CONFIG),
                "site_name": spec.title,
                "docs_dir": str(docs),
                "site_dir": str(Path(tmp) / "site" / spec.site_id),
                "theme": {
                    "custom_dir": str(BASE_CONFIG.parent / "templates/overrides"),
                    "language": spec.language,
                },
                "nav": spec.nav,
            }
            (Path(tmp) / f"{spec.site_id}.yml").write_text(json.dumps(config), encoding="utf-8")
        start = time.perf_counter()
        for spec in specs:
            config_file = str(Path(tmp) / f"{spec.site_id}.yml")
            subprocess.run([*mkdocs, "-f", config_file], check=True, env=env)
        return time.perf_counter() - start, du(Path(tmp) / "site")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each; medians are reported")
    parser.add_argument(
        "--baseline-sample",
        type=int,
        default=20,
        help="students built with one `mkdocs build` each, then extrapolated",
    )
    parser.add_argument("--jobs", type=int, default=None, help="build_sites(jobs=...)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    specs = [make_spec(i) for i in range(args.students)]
    source = sum(len(t.encode()) for s in specs for t in s.pages.values()) / len(specs)
    pages = sum(len(s.pages) for s in specs) / len(specs)
    print(
        f"{args.students} students, {pages:.0f} pages and {source / 1024:.1f} KB of Markdown "
        f"each; {os.cpu_count()} CPUs; jobs={args.jobs or 'default'}"
    )

    ours, sizes = [], []
    for run in range(args.runs):
        elapsed, size = run_ours(specs, args.jobs)
        ours.append(elapsed)
        sizes.append(size)
        print(f"  build_sites run {run + 1}: {elapsed:.1f} s")
    sample = specs[: args.baseline_sample]
    per_student, baseline_sizes = [], []
    for run in range(args.runs):
        elapsed, size = run_baseline(sample)
        per_student.append(elapsed / len(sample))
        baseline_sizes.append(size / len(sample))
        print(
            f"  baseline run {run + 1}: {per_student[-1]:.3f} s per student, {len(sample)} students"
        )

    ours_median = statistics.median(ours)
    baseline = statistics.median(per_student) * args.students
    print(
        f"build_sites, median of {args.runs}: {ours_median:.1f} s "
        f"({ours_median / args.students * 1000:.0f} ms per student)"
    )
    print(
        f"baseline, one `mkdocs build` per student: {baseline:.1f} s, EXTRAPOLATED from "
        f"{len(sample)} students (median {statistics.median(per_student):.3f} s each)"
    )
    print(f"speed-up: {baseline / ours_median:.1f}x")
    print(
        f"output size (du): {statistics.median(sizes) / 2**20:.1f} MB; baseline "
        f"{statistics.median(baseline_sizes) * args.students / 2**20:.0f} MB (extrapolated)"
    )


if __name__ == "__main__":
    main()
