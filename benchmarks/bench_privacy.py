"""Sealed (encrypted) builds against plain ones, and the time a family waits to unlock.

    .venv/bin/python benchmarks/bench_privacy.py --students 1000 --runs 3 --unlocks 5

Build: for each run, the same N synthetic students built plain, sealed with a cold key cache
(every passphrase's PBKDF2 computed: what CI does on a fresh runner), and sealed again with
the key files cached beside the site (what a machine that built before does), back to back in
this process; medians and ratios against the plain build. Target (issue 8): at most 1.15x.
Also the size on disk (`du`) of the plain site and of the sealed one, which is what a school
publishes (issue 13's target for the site: under 150 MB for 1,000 students).

Unlock: the example plans sealed and served on localhost; headless Chromium (Debian's) opens
a student's lock page in a fresh context and types the passphrase; the time from the click to
the student's home page, and from opening the letter's link to the home page. Target: 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_html import du  # noqa: E402
from synthetic import write_plans  # noqa: E402

from generator import build as building  # noqa: E402
from generator.publishing import keys  # noqa: E402

SECRET = "3c8e1f5a9b2d7c40e6f1a3b5d7092c4e6f8a1b3d5e7f90a2c4e6f8b1d3a5c7e9"


def timed_build(plans: Path, site: Path, secret: str | None) -> float:
    start = time.perf_counter()
    result = building.build(plans, site, secret=bytes.fromhex(secret) if secret else None)
    elapsed = time.perf_counter() - start
    assert not result.failed, result.problems[:3]
    return elapsed


def bench_build(students: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), students)
        plain, cold, warm, sizes = [], [], [], {"plain": [], "sealed": []}
        for run in range(runs):
            plain_site = Path(tmp) / f"plain-{run}" / "site"
            plain.append(timed_build(plans, plain_site, None))
            sizes["plain"].append(du(plain_site) / 2**20)
            shutil.rmtree(plain_site)
            site = Path(tmp) / f"sealed-{run}" / "site"
            cold.append(timed_build(plans, site, SECRET))
            shutil.rmtree(site)  # the state beside it (manifest, key cache) stays
            warm.append(timed_build(plans, site, SECRET))
            sizes["sealed"].append(du(site) / 2**20)
            shutil.rmtree(site)
            print(
                f"  run {run + 1}: plain {plain[-1]:.1f} s, sealed cold {cold[-1]:.1f} s, "
                f"sealed warm {warm[-1]:.1f} s, plain site {sizes['plain'][-1]:.0f} MB, "
                f"sealed site {sizes['sealed'][-1]:.0f} MB"
            )
    base = statistics.median(plain)
    print(f"plain build, {students} students, median of {runs}: {base:.1f} s")
    for label, megabytes in sizes.items():
        print(f"{label} site on disk (du): {statistics.median(megabytes):.0f} MB")
    for label, times in (("cold key cache", cold), ("warm key cache", warm)):
        median = statistics.median(times)
        print(f"sealed build, {label}: {median:.1f} s = {median / base:.2f}x (target 1.15x)")


def bench_unlock(unlocks: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import VIEWPORTS, chromium, serve

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        timed_build(ROOT / "plans", site, SECRET)
        liam = keys.site_keys(bytes.fromhex(SECRET), 1, "liam-o")
        typed, linked = [], []
        with serve(site) as url, chromium() as browser:
            for _ in range(unlocks):
                context = browser.new_context(viewport=VIEWPORTS["phone"])
                page = context.new_page()
                page.goto(f"{url}{liam.folder}/")
                page.fill("#lp-passphrase", liam.passphrase)
                start = time.perf_counter()
                page.click("button[type=submit]")
                page.locator(".md-header__topic").first.wait_for(state="attached")
                typed.append(time.perf_counter() - start)
                context.close()
                context = browser.new_context(viewport=VIEWPORTS["phone"])
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{url}{liam.folder}/#{liam.fragment}")
                page.locator(".md-header__topic").first.wait_for(state="attached")
                linked.append(time.perf_counter() - start)
                context.close()
    print(f"unlock with the passphrase, median of {unlocks}: {statistics.median(typed):.2f} s")
    print(f"open the letter's link, median of {unlocks}: {statistics.median(linked):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--unlocks", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.unlocks:
        bench_unlock(args.unlocks)
    bench_build(args.students, args.runs)


if __name__ == "__main__":
    main()
