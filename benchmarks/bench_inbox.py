"""Contributions (issue 22): `learnpath inbox --apply` against `validate`, and sealing in the
browser.

- inbox: N sealed contributions, one per student, each a home observation with one photo
  (200 KB) and a reflection, by a new writer: opening each, checking every item against its
  plan, the per-plan diff (the preview), storing N photos and writing all N plans as one change
  (`--apply`; plans and photos are put back between runs, outside the timing). Through the
  function the command calls. Baseline, in the same process and interleaved: `validate`'s
  library call, generator.checking.validate.check, on the same plans. Target: at most 3x.
- seal: the page's own sealing (templates/publish/contribute.js: HKDF, JSON, AES-256-GCM,
  base64 armour) of a contribution carrying one 2 MB photo, in headless Chromium. Target:
  at most 0.3 s.

    python benchmarks/bench_inbox.py --students 1000 --runs 5
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import timing  # noqa: E402
from synthetic import write_plans  # noqa: E402

from generator.checking.validate import check  # noqa: E402
from generator.contributions import command, envelope, inbox  # noqa: E402
from generator.problem import errors  # noqa: E402
from generator.publishing import keys  # noqa: E402

SECRET = bytes.fromhex("a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79")


def photo(size: int, seed: int) -> bytes:
    """JPEG-sized bytes that start like a JPEG (inbox checks the signature, not the pixels)."""
    return b"\xff\xd8\xff\xe0" + random.Random(seed).randbytes(size - 4)


def write_contributions(folder: Path, plans: Path) -> None:
    folder.mkdir()
    for n, path in enumerate(sorted((plans / "students").glob("*.yml"))):
        document = {
            "v": 1,
            "id": base64.urlsafe_b64encode(n.to_bytes(16, "big")).decode().rstrip("="),
            "date": "2026-11-20",
            "writer": {"name": "Aunt Rosa", "role": "parent"},
            "items": [
                {
                    "type": "observation",
                    "objective": "math/skill-1",
                    "level": "developing",
                    "note": "Shared a pizza in quarters and explained why 2/4 is 1/2.",
                    "photos": [0],
                },
                {"type": "reflection", "text": "We cooked together and measured everything."},
            ],
            "photos": [base64.b64encode(photo(200_000, n)).decode()],
        }
        site = keys.site_keys(SECRET, 1, path.stem)
        text = envelope.seal(site.content, site.folder, 1, json.dumps(document).encode())
        (folder / f"learnpath-{n:04d}.txt").write_text(text)


def inbox_once(plans: Path, contributions: Path) -> None:
    given = inbox.sources([str(contributions)], None)
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        code = command.run_inbox(plans, given, SECRET, set(), dt.date(2026, 11, 24), True)
    assert code == 0


def seal_in_chromium(runs: int) -> list[float]:
    """Seconds for contribute.js to seal a contribution with one 2 MB photo, per run."""
    from tests.browser_support import VIEWPORTS, chromium, open_tab, serve

    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        folder = Path(tmp)
        (folder / "contribute.js").write_bytes(
            (ROOT / "templates" / "publish" / "contribute.js").read_bytes()
        )
        (folder / "index.html").write_text('<!doctype html><script src="contribute.js"></script>')
        site = keys.site_keys(SECRET, 1, "ava-m")
        with serve(folder) as url:
            tab = open_tab(browser, url, VIEWPORTS["phone"])
            tab.page.goto(url)
            times = tab.page.evaluate(
                """async ([key, folder, photo, runs]) => {
                  const C = LearnpathContribution, times = [];
                  for (let i = 0; i < runs; i++) {
                    const doc = {v: 1, id: C.newId(), date: "2026-11-20",
                      writer: {name: "Aunt Rosa", role: "parent"},
                      items: [{type: "observation", objective: "math/skill-1",
                               level: "developing", note: "n", photos: [0]}],
                      photos: [photo]};
                    const start = performance.now();
                    await C.seal(C.fromBase64url(key), folder, 1, doc);
                    times.push((performance.now() - start) / 1000);
                  }
                  return times; }""",
                [site.fragment, site.folder, base64.b64encode(photo(2_000_000, 1)).decode(), runs],
            )
            tab.page.context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), args.students)
        contributions = Path(tmp) / "inbox"
        write_contributions(contributions, plans)
        originals = {p: p.read_bytes() for p in (plans / "students").glob("*.yml")}
        assert not errors(check(plans).problems)  # warm the file cache; the plans are valid

        def put_back() -> None:  # the plans and photos as before, untimed
            for path, data in originals.items():
                path.write_bytes(data)
            for stored in (plans / "students").glob("*/contribution-*.jpg"):
                stored.unlink()

        times = timing.interleaved(  # interleaved, so noise hits both alike
            args.runs,
            {"validate": lambda: check(plans), "inbox": lambda: inbox_once(plans, contributions)},
            put_back,
        )
    sealing = seal_in_chromium(args.runs)
    print(timing.line("validate (check)", times["validate"]))
    print(timing.line(f"inbox --apply, {args.students} contributions", times["inbox"]))
    report("seal with a 2 MB photo (Chromium)", sealing)
    print(timing.ratio_line("inbox", times["inbox"], times["validate"], "at most 3x validate"))
    print(f"seal: {statistics.median(sealing):.3f} s (target: at most 0.3 s)")


def report(name: str, times: list[float]) -> None:
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{name + ':':42} median {statistics.median(times):.3f} s  (runs: {runs})")


if __name__ == "__main__":
    main()
