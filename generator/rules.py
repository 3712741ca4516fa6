"""The rule catalogue: every problem a plan can have, with an id users cite, and examples.

`learnpath rules` prints it; the tests check every rule has a failing folder of plans.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    summary: str
    bad: str
    good: str


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "syntax",
            "error",
            "The file is not readable YAML (also: tabs, not UTF-8, over 1 MB, "
            "alias bombs, nesting over 64 levels).",
            "title: [Fractions",
            "title: Fractions",
        ),
        Rule(
            "duplicate-key",
            "error",
            "A key appears twice in one mapping.",
            "title: A\ntitle: B",
            "title: A",
        ),
        Rule(
            "unknown-key",
            "error",
            "A key the format does not know; usually a typo.",
            "objectves: []",
            "objectives: []",
        ),
        Rule(
            "missing-key",
            "error",
            "A required key is absent or empty.",
            "- id: fractions",
            "- id: fractions\n  title: Understand fractions",
        ),
        Rule(
            "wrong-type",
            "error",
            "A value of the wrong kind (a word where a list is needed...).",
            "interests: horses",
            "interests: [horses]",
        ),
        Rule(
            "bad-date",
            "error",
            "Not a real YYYY-MM-DD date, or a target not after its start.",
            "date: 2026-02-30",
            "date: 2026-02-28",
        ),
        Rule(
            "unknown-level",
            "error",
            "A level that is not on the mastery scale.",
            "level: proficent",
            "level: proficient",
        ),
        Rule(
            "unknown-role",
            "error",
            "A role other than teacher, parent, student or other.",
            "role: teachr",
            "role: teacher",
        ),
        Rule(
            "unknown-author",
            "error",
            "Evidence or a reflection `by` someone not in authors.",
            "by: Ms Rivera",
            "by: Ms. Rivera",
        ),
        Rule(
            "duplicate-id",
            "error",
            "Two goals, objectives, skills or authors share an id.",
            "- id: fractions\n- id: fractions",
            "- id: fractions\n- id: decimals",
        ),
        Rule(
            "unknown-objective",
            "error",
            "A reference to an objective the plan does not have.",
            "objective: recipe-scalng",
            "objective: recipe-scaling",
        ),
        Rule(
            "unknown-skill",
            "error",
            "A library/skill that no library defines.",
            "skill: math4/equivalent-fraction",
            "skill: math4/equivalent-fractions",
        ),
        Rule(
            "prerequisite-cycle",
            "error",
            "Prerequisites that require each other.",
            "a requires b, b requires a",
            "a requires b",
        ),
        Rule(
            "unsafe-link",
            "error",
            "A link other than https://, http://, mailto: or relative.",
            "link: javascript:alert(1)",
            "link: https://example.org/fractions",
        ),
        Rule(
            "file-missing",
            "error",
            "An evidence file that is not in the student's folder.",
            "file: photo.jpg  # not in students/ava-m/",
            "file: photo.jpg  # in students/ava-m/",
        ),
        Rule(
            "file-outside-folder",
            "error",
            "An evidence file outside the student's folder.",
            "file: ../other-student/photo.jpg",
            "file: photo.jpg",
        ),
        Rule(
            "bad-student-id",
            "error",
            "A plan file name that is not lowercase letters, digits and hyphens.",
            "students/Ava M.yml",
            "students/ava-m.yml",
        ),
        Rule(
            "bad-setting",
            "error",
            "A school or mastery setting out of range or inconsistent.",
            "weight: 165",
            "weight: 65",
        ),
        Rule(
            "prerequisite-not-in-plan",
            "warning",
            "A prerequisite that the plan does not include; it is treated as met.",
            "skill: math4/compare-fractions  # alone",
            "skill: math4/equivalent-fractions\nskill: math4/compare-fractions",
        ),
        Rule(
            "evidence-on-locked",
            "warning",
            "Counting evidence on an objective whose prerequisites are not mastered yet.",
            "evidence on compare-fractions first",
            "evidence on equivalent-fractions first",
        ),
        Rule(
            "unsupported-language",
            "warning",
            "A site language without a catalog in templates/locales/; the site is in English.",
            "language: fr",
            "language: es",
        ),
        Rule(
            "future-date",
            "warning",
            "Evidence or a reflection dated after today.",
            "date: 2099-01-01",
            "date: 2026-10-02",
        ),
        Rule(
            "unknown-student",
            "error",
            "`evidence import`: a row whose ids and name match no plan's student.",
            "Lina Kowalsky,9001  # no plan has canvas id 9001 or that name",
            'Lina K.,9001  # student: {name: Lina K., ids: {canvas: "9001"}}',
        ),
        Rule(
            "ambiguous-student",
            "error",
            "`evidence import`: a row that matches more than one plan; add ids to tell them apart.",
            "Sam P.  # two plans are named Sam P.",
            'Sam P.,40021  # student: {name: Sam P., ids: {sis: "40021"}}',
        ),
        Rule(
            "objective-not-in-plan",
            "error",
            "`evidence import`: the student's plan does not have the imported objective.",
            "--objective math4/compare-fractions  # not in liam-o's goals",
            "--objective math4/unit-fraction-sums",
        ),
        Rule(
            "bad-cell",
            "error",
            "`evidence import`: a cell that is not a level, a score or a date.",
            "Score: 4 of 5",
            "Score: 4 / 5",
        ),
        Rule(
            "bad-import",
            "error",
            "`evidence import`: a file that is not a readable export, or options that do not fit.",
            '--column "Fractions quz"',
            '--column "Fractions quiz"',
        ),
        Rule(
            "no-cut-scores",
            "error",
            "`evidence import`: scores with no cut scores stated (there are no hidden defaults).",
            "school.yml without cut_scores",
            "cut_scores: {developing: 50, proficient: 75, extending: 95}",
        ),
        Rule(
            "class-page-in-site",
            "error",
            "`build`: the teacher's class page is in the site folder, which is published.",
            "learnpath class --out site",
            "learnpath class  # writes private/, which git ignores",
        ),
    )
}

# Found by the teacher's commands (`evidence import` in an export file, `build` refusing the
# class page in a site folder), not by `validate` in a plan; tests/test_classroom*.py have a
# failing case for each.
CLASSROOM_RULES = frozenset(
    {
        "unknown-student",
        "ambiguous-student",
        "objective-not-in-plan",
        "bad-cell",
        "bad-import",
        "no-cut-scores",
        "class-page-in-site",
    }
)
