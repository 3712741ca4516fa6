"""Benchmark the HTML stage: build_sites for N students against one `mkdocs build` per student.

    .venv/bin/python benchmarks/bench_html.py --students 1000 --runs 3 --baseline-sample 20

Each synthetic student has 10 pages (~12 KB of HTML bodies) in the shape the render stage
writes: goals, objectives with status badges, evidence tables, checklists, tips, details, a
report. ``spec_for`` makes a student's spec when a worker asks for it, as build.py does.
Reported: median time, peak memory of the whole process tree (RSS and PSS, sampled from
/proc) and the size of the output. The baseline runs `mkdocs build` as a subprocess for a
sample of the students, on the same bodies saved as Markdown files (raw HTML passes through
Python-Markdown), with the same base mkdocs.yml, and extrapolates to N (the output says so).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from timing import cpu_seconds  # noqa: E402
from treemem import TreeMemory  # noqa: E402

from generator.html import BASE_CONFIG, build_sites  # noqa: E402
from generator.sitespec import Heading, NavItem, Page, SiteSpec  # noqa: E402

VOCABULARY = """
fraction denominator numerator compare model strip recipe double half quarter explain drawing
horses bake sale practice share reason number line equal greater smaller whole part group
estimate measure observe notes family home kitchen garden story reading
"""
WORDS = VOCABULARY.split()
LEVELS = ["beginning", "developing", "proficient", "extending"]
STATUSES = ["mastered", "in-progress", "ready", "locked"]


def sentence(rng: random.Random, n: int = 14) -> str:
    return escape(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")


def goal_page(rng: random.Random, path: str, title: str) -> Page:
    lines = [
        f'<h1 id="goal">{title}</h1>',
        f"<blockquote><p><strong>Why:</strong> {sentence(rng, 9)}</p></blockquote>",
        '<h2 id="objectives">Objectives</h2>',
        "<ul>",
    ]
    for k in range(3):
        status = rng.choice(STATUSES)
        lines.append(
            f'<li><span class="lp-status lp-status--{status}">{status}</span> '
            f"Objective {k + 1}: {sentence(rng, 8)}</li>"
        )
    lines += [
        "</ul>",
        '<h2 id="evidence">Evidence</h2>',
        "<table>",
        "<thead><tr><th>Date</th>"
        "<th>Objective</th><th>Level</th><th>By</th><th>Note</th></tr></thead>",
        "<tbody>",
    ]
    for k in range(3):
        lines.append(
            f"<tr><td>2026-10-{k + 1:02d}</td><td>Objective {k % 4 + 1}</td>"
            f"<td>{rng.choice(LEVELS)}</td><td>Ms. Rivera</td><td>{sentence(rng, 6)}"
            "</td></tr>"
        )
    lines += [
        "</tbody>",
        "</table>",
        '<h2 id="next-steps">Next steps</h2>',
        '<ul class="task-list">',
    ]
    for _ in range(2):
        checked = " checked" if rng.random() < 0.5 else ""
        lines.append(
            f'<li class="task-list-item"><label class="task-list-control"><input '
            f'type="checkbox" disabled{checked}><span class="task-list-indicator">'
            f"</span></label> {sentence(rng, 7)}</li>"
        )
    lines += [
        "</ul>",
        '<div class="admonition tip">',
        '<p class="admonition-title">At home</p>',
        f"<p>{sentence(rng, 14)}</p>",
        "</div>",
        '<details class="note">',
        "<summary>Activities</summary>",
        f"<p>{sentence(rng, 12)}</p>",
        "</details>",
        f"<p>{sentence(rng, 12)}</p>",
        "",
    ]
    headings = (Heading(1, "goal", title), Heading(2, "objectives", "Objectives"))
    headings += (Heading(2, "evidence", "Evidence"), Heading(2, "next-steps", "Next steps"))
    return Page(path, title, "\n".join(lines), headings)


def make_spec(i: int) -> SiteSpec:
    """One synthetic student: index, 7 goal pages, reflections, report (~12 KB of bodies)."""
    rng = random.Random(i)
    goals = [f"goals/goal-{k}.html" for k in range(7)]
    index = [
        f'<h1 id="student">Student {i}</h1>',
        f"<p>{sentence(rng, 15)}</p>",
        '<h2 id="goals">Goals</h2>',
        "<ul>",
    ]
    index += [f'<li><a href="{path}">Goal {k}</a></li>' for k, path in enumerate(goals)]
    index += ["</ul>", '<div class="lp-path"><p><img alt="Path" src="path.svg"></p></div>', ""]
    reflections = ['<h1 id="reflections">Reflections</h1>']
    reflections += [
        f"<p><strong>2026-10-{k + 1:02d}</strong> — {sentence(rng, 25)}</p>" for k in range(5)
    ]
    report = ['<h1 id="report">Report</h1>'] + [f"<p>{sentence(rng, 50)}</p>" for _ in range(3)]
    pages = (
        Page(
            "index.html",
            f"Student {i}",
            "\n".join(index),
            (Heading(1, "student", f"Student {i}"), Heading(2, "goals", "Goals")),
        ),
        *(goal_page(rng, path, f"Goal {k}") for k, path in enumerate(goals)),
        Page(
            "reflections.html",
            "Reflections",
            "\n".join(reflections),
            (Heading(1, "reflections", "Reflections"),),
        ),
        Page("report.html", "Report", "\n".join(report), (Heading(1, "report", "Report"),)),
    )
    nav = (
        NavItem("Home", "index.html"),
        NavItem("Goals", children=tuple(NavItem(f"Goal {k}", p) for k, p in enumerate(goals))),
        NavItem("Reflections", "reflections.html"),
        NavItem("Report", "report.html"),
    )
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    language = "es" if i % 4 == 0 else "en"
    return SiteSpec(
        f"student-{i:05d}", f"Student {i} — learning path", language, pages, nav, {"path.svg": svg}
    )


def spec_for(site_id: str) -> SiteSpec:
    return make_spec(int(site_id.removeprefix("student-")))


def du(path: Path) -> int:
    """Bytes on disk, as `du -s` counts them (blocks, not file sizes)."""
    out = subprocess.run(["du", "-sk", str(path)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[0]) * 1024


def run_ours(students: int, jobs: int | None) -> tuple[float, float, int, TreeMemory]:
    """Wall time, CPU time of the process tree, size, memory."""
    ids = [f"student-{i:05d}" for i in range(students)]
    with tempfile.TemporaryDirectory() as tmp:
        with TreeMemory() as memory:
            start, cpu = time.perf_counter(), cpu_seconds()
            build_sites(ids, spec_for, Path(tmp) / "out", jobs=jobs)
            elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        return elapsed, cpu, du(Path(tmp) / "out"), memory


def _markdown_nav(items: tuple[NavItem, ...]) -> list:
    return [
        {item.title: item.path[:-5] + ".md" if item.path else _markdown_nav(item.children)}
        for item in items
    ]


def run_baseline(specs: list[SiteSpec]) -> tuple[float, int]:
    """One `mkdocs build` subprocess per student, as a naive build script would do it.

    Each student gets a config inheriting the same base mkdocs.yml (theme, palette,
    extensions, search), its own docs folder with each page body as a Markdown file, and
    the shared CSS in it.
    """
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    to_md = re.compile(r'href="([^"#:]*)\.html')
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            docs = Path(tmp) / "docs" / spec.site_id
            sources = dict(spec.files)
            for page in spec.pages:
                sources[page.path[:-5] + ".md"] = to_md.sub(r'href="\1.md', page.body).encode()
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
                "nav": _markdown_nav(spec.nav),
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
        help="students built with one `mkdocs build` each, then extrapolated (0: none)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="build_sites(jobs=...)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    sample = [make_spec(i) for i in range(max(args.baseline_sample, 1))]
    body = sum(len(p.body.encode()) for s in sample for p in s.pages) / len(sample)
    print(
        f"{args.students} students, {len(sample[0].pages)} pages and {body / 1024:.1f} KB of "
        f"HTML bodies each; {os.cpu_count()} CPUs; jobs={args.jobs or 'default'}"
    )
    ours, cpus, sizes, rss, pss = [], [], [], [], []
    for run in range(args.runs):
        elapsed, cpu, size, memory = run_ours(args.students, args.jobs)
        ours.append(elapsed)
        cpus.append(cpu)
        sizes.append(size)
        rss.append(memory.peak_rss)
        pss.append(memory.peak_pss)
        print(
            f"  build_sites run {run + 1}: {elapsed:.1f} s ({cpu:.1f} s CPU), peak tree RSS "
            f"{memory.peak_rss / 2**20:.0f} MB, PSS {memory.peak_pss / 2**20:.0f} MB"
        )
    ours_median = statistics.median(ours)
    print(
        f"build_sites, median of {args.runs}: {ours_median:.2f} s "
        f"({ours_median / args.students * 1000:.1f} ms per student), "
        f"{statistics.median(cpus):.1f} s CPU (all processes); peak memory of the "
        f"process tree: RSS {statistics.median(rss) / 2**20:.0f} MB, "
        f"PSS {statistics.median(pss) / 2**20:.0f} MB; "
        f"output size (du) {statistics.median(sizes) / 2**20:.1f} MB"
    )
    if not args.baseline_sample:
        return
    per_student, baseline_sizes = [], []
    for run in range(args.runs):
        elapsed, size = run_baseline(sample)
        per_student.append(elapsed / len(sample))
        baseline_sizes.append(size / len(sample))
        print(
            f"  baseline run {run + 1}: {per_student[-1]:.3f} s per student, {len(sample)} students"
        )
    baseline = statistics.median(per_student) * args.students
    print(
        f"baseline, one `mkdocs build` per student: {baseline:.1f} s, EXTRAPOLATED from "
        f"{len(sample)} students (median {statistics.median(per_student):.3f} s each); "
        f"size {statistics.median(baseline_sizes) * args.students / 2**20:.0f} MB (extrapolated)"
    )
    print(f"speed-up: {baseline / ours_median:.1f}x (target: at least 30x)")


if __name__ == "__main__":
    main()
