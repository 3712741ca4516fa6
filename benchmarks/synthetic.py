"""Synthetic plans folders for benchmarks: N students of about 10 KB each.

Each plan has 3 goals, 20 objectives (library skills and own ones) and 40 evidence entries.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

LEVELS = ["beginning", "developing", "proficient", "extending"]
SKILLS = 14


def write_plans(root: Path, students: int, seed: int = 7) -> Path:
    """Write root/plans with a school, one library and `students` plans; return the folder."""
    plans = root / "plans"
    (plans / "library").mkdir(parents=True, exist_ok=True)
    (plans / "students").mkdir(exist_ok=True)
    (plans / "school.yml").write_text("name: Synthetic School\nlanguage: en\n")
    skills = "".join(
        f"  - id: skill-{i}\n    title: Synthetic skill number {i} about fractions\n"
        f"    standard: CCSS.MATH.CONTENT.4.NF.A.{i}\n"
        + (f"    requires: [skill-{i - 1}]\n" if i % 5 else "")
        + "    family_tips: [Talk about fractions while cooking dinner together.]\n"
        for i in range(SKILLS)
    )
    (plans / "library" / "math.yml").write_text(f"title: Synthetic maths\nskills:\n{skills}")
    rng = random.Random(seed)
    for n in range(students):
        (plans / "students" / f"student-{n:04d}.yml").write_text(_plan(n, rng))
    return plans


def _plan(n: int, rng: random.Random) -> str:
    lines = [
        "student:",
        f"  name: Student {n}",
        "  grade: 4",
        "authors:",
        "  - {name: Ms. Rivera, role: teacher}",
        "  - {name: Sam P., role: parent}",
        f"  - {{name: Student {n}, role: student}}",
        "interests: [horses, drawing, football, baking]",
        "preferences: [hands-on projects, short practice sessions]",
        "strengths: [explains ideas to classmates]",
        "goals:",
    ]
    refs = [f"math/skill-{i}" for i in range(SKILLS)] + [f"own-{i}" for i in range(6)]
    for g in range(3):
        lines += [
            f"  - id: goal-{g}",
            f"    title: Goal number {g} of the year",
            "    why: I want to get better at this so I can help at the bake sale.",
            "    start: 2026-09-01",
            "    target: 2027-03-31",
            "    objectives:",
        ]
        for ref in refs[g * 7 : (g + 1) * 7] if g < 2 else refs[14:]:
            if ref.startswith("own"):
                lines += [
                    f"      - id: {ref}",
                    f"        title: Own objective {ref}",
                    "        activities:",
                    "          - {title: Practise it, interest: horses}",
                ]
            else:
                lines.append(f"      - skill: {ref}")
    lines.append("evidence:")
    day = dt.date(2026, 9, 2)
    for e in range(40):
        ref = refs[min(e // 2, 19)] if e % 3 else refs[0]
        author = "Ms. Rivera" if e % 4 else f"Student {n}"
        kind = "quiz" if e % 4 else "self-assessment"
        lines += [
            f"  - objective: {ref}",
            f"    date: {day + dt.timedelta(days=e * 2)}",
            # Teacher evidence reaches mastery, so no evidence lands on a locked objective
            # (which would be a warning); self-assessments vary.
            f"    level: {rng.choice(LEVELS[2:] if e % 4 else LEVELS)}",
            f"    by: {author}",
            f"    kind: {kind}",
            "    note: Worked through the problems with fraction strips and explained why.",
        ]
    lines += ["reflections:", "  - {date: 2026-10-05, by: Ms. Rivera, text: A good month.}"]
    return "\n".join(lines) + "\n"
