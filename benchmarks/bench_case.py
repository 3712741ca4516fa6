"""How long `learnpath library import-case` takes on a 5,000-item CASE framework.

The framework is synthetic but shaped like a state's mathematics standards in CASE: 13 grades,
domains, clusters, standards and their components, every item with its URIs and dates as CASE
servers write them (about 10 MB of JSON), `isChildOf` for the tree, and `precedes` between
the standards of a cluster and from each standard to the same one a grade higher (so importing
one grade reports a few hundred prerequisites outside the selection, as real frameworks do).
Baseline, measured in the same run: Python's C JSON parser reading the file.
Target (issue 12): a framework of 5,000 items imports in under 2 s.

    python benchmarks/bench_case.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

GRADES = ["KG"] + [f"{g:02d}" for g in range(1, 13)]
BASE = "https://case.example.org/ims/case/v1p0"
SENTENCE = (
    "Use place value understanding and properties of operations to add and subtract fluently "
    "within the grade's range, explaining the reasoning with models drawings or equations"
)
WORDS = SENTENCE.split(" ")


def statement(n: int) -> str:
    """A plausible standard of 12 to 28 words."""
    count = 12 + n % 17
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(count)).capitalize() + "."


def framework(items_wanted: int = 5000) -> dict:
    doc = str(uuid.UUID(int=1))
    doc_link = {"title": "Synthetic State Mathematics", "identifier": doc, "uri": f"{BASE}/x"}
    items, associations = [], []

    def add(code: str, kind: str, level: str, parent: str, sequence: int) -> str:
        n = len(items) + 1
        ident = str(uuid.UUID(int=(1 << 64) + n))
        items.append(
            {
                "identifier": ident,
                "uri": f"{BASE}/CFItems/{ident}",
                "CFDocumentURI": doc_link,
                "fullStatement": statement(n),
                "humanCodingScheme": code,
                "CFItemType": kind,
                "educationLevel": [level],
                "language": "en",
                "lastChangeDateTime": "2025-05-01T12:00:00+00:00",
            }
        )
        link("isChildOf", ident, parent, sequence)
        return ident

    def link(kind: str, origin: str, destination: str, sequence: int | None = None) -> None:
        ident = str(uuid.UUID(int=(2 << 64) + len(associations) + 1))
        association = {
            "identifier": ident,
            "uri": f"{BASE}/CFAssociations/{ident}",
            "CFDocumentURI": doc_link,
            "associationType": kind,
            "originNodeURI": {"title": "", "identifier": origin, "uri": f"{BASE}/CFItems/{origin}"},
            "destinationNodeURI": {
                "title": "",
                "identifier": destination,
                "uri": f"{BASE}/CFItems/{destination}",
            },
            "lastChangeDateTime": "2025-05-01T12:00:00+00:00",
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        associations.append(association)

    by_code: dict[str, str] = {}
    for grade in GRADES:  # 7 domains x 4 clusters x 4 standards x 2 components: 371 a grade
        for d, domain in enumerate(["OA", "NBT", "NF", "MD", "G", "SP", "EE"]):
            domain_id = add(f"SM.{grade}.{domain}", "Domain", grade, doc, d)
            for c in "ABCD":
                cluster_id = add(f"SM.{grade}.{domain}.{c}", "Cluster", grade, domain_id, ord(c))
                previous = None
                for s in range(1, 5):
                    code = f"SM.{grade}.{domain}.{c}.{s}"
                    standard = add(code, "Standard", grade, cluster_id, s)
                    for part in "ab":
                        add(f"{code}.{part}", "Component", grade, standard, ord(part))
                    if previous:
                        link("precedes", previous, standard)
                    previous = standard
                    below = by_code.get(f"{GRADES[GRADES.index(grade) - 1]}.{domain}.{c}.{s}")
                    if grade != "KG" and below:  # the same standard a grade lower comes first
                        link("precedes", below, standard)
                    by_code[f"{grade}.{domain}.{c}.{s}"] = standard
    extra = 0
    while len(items) < items_wanted:  # top up with components, spread over the standards
        extra += 1
        parent = items[(extra * 37) % len(items)]
        add(
            f"{parent['humanCodingScheme']}.x{extra}",
            "Component",
            GRADES[extra % 13],
            parent["identifier"],
            10 + extra,
        )
    del items[items_wanted:]
    return {
        "CFDocument": {
            "identifier": doc,
            "uri": f"{BASE}/CFDocuments/{doc}",
            "creator": "Synthetic State Department of Education",
            "title": "Synthetic State Mathematics",
            "lastChangeDateTime": "2025-05-01T12:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": associations,
    }


def parse_only(package: Path, plans: Path, args: list[str]) -> None:
    json.loads(package.read_bytes())


def import_cli(package: Path, plans: Path, args: list[str]) -> None:
    # The whole command as a user runs it, interpreter start and imports included.
    (plans / "library" / "bench.yml").unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "generator", "library", "import-case", str(package)]
        + ["--id", "bench", "--plans", str(plans), *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def interleaved(package: Path, plans: Path, args: list[str], runs: int) -> tuple[list, list]:
    base, ours = [], []
    for _ in range(runs):  # interleaved, so noise hits both alike
        for fn, times in ((parse_only, base), (import_cli, ours)):
            start = time.perf_counter()
            fn(package, plans, args)
            times.append(time.perf_counter() - start)
    return base, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "framework.json"
        package.write_text(json.dumps(framework(args.items), indent=2))
        plans = Path(tmp) / "plans"
        shutil.copytree(root / "plans" / "library", plans / "library")
        (plans / "students").mkdir()
        print(f"{args.items} items, {package.stat().st_size / 1e6:.1f} MB of JSON")
        for label, options in (
            ("one grade (--level 4)", ["--level", "4"]),
            ("grade 4 fractions (--under 04.NF)", ["--under", "04.NF"]),
            ("every standard (--type Standard)", ["--type", "Standard"]),
        ):
            import_cli(package, plans, options)  # warm the file cache; fails loudly if broken
            skills = (plans / "library" / "bench.yml").read_text().count("\n  - id: ")
            base, ours = interleaved(package, plans, options, args.runs)
            b, o = statistics.median(base), statistics.median(ours)
            print(f"{label}: {skills} skills")
            print(f"  json.loads parse only:        median {b:.2f} s  ({_runs(base)})")
            print(f"  learnpath library import-case: median {o:.2f} s  ({_runs(ours)})")
            verdict = "met" if o < 2 else "MISSED"
            print(f"  ratio {o / b:.1f}x the parse; target: under 2 s -> {verdict}")


def _runs(times: list[float]) -> str:
    return "runs: " + ", ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")
    main()
