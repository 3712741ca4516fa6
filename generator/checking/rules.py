"""The rule catalogue: every problem a plan can have, with an id users cite, and examples.

`learnpath rules` prints it and docs/rules.md is generated from it. An example with a `file`
is run by the tests (tests/rule_examples/README.md says how): its bad text must give exactly
its rule, its good text no problem, so the catalogue cannot drift from the checks.
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
    # Where the examples go, relative to the plans folder ("students/" for file names,
    # "templates/locales/..." for labels); "" for a rule found by another command.
    file: str = ""


# The example plan (tests/rule_examples/plans/students/ava-m.yml) has one goal with two
# library skills and one piece of evidence; examples change a block of it.
EVIDENCE = """evidence:
  - objective: math4/equivalent-fractions
    date: 2026-10-02
    level: proficient
    by: Ms. Rivera
    kind: observation"""
GOALS = """goals:
  - id: fractions
    title: Understand fractions
    objectives:
      - skill: math4/equivalent-fractions
      - skill: math4/compare-fractions"""
PLAN = "students/ava-m.yml"


def evidence(old: str = "", new: str = "") -> str:
    """The example plan's evidence with the line `old` changed to `new` (or `new` added)."""
    return EVIDENCE.replace(old, new) if old else f"{EVIDENCE}\n    {new}" if new else EVIDENCE


def goals(*objectives: str) -> str:
    """The example plan's goal with more objectives."""
    return "\n".join([GOALS, *(f"      {o}" for o in objectives)])


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "syntax",
            "error",
            "The file is not readable YAML (also: tabs, not UTF-8, over 1 MB, "
            "alias bombs, nesting over 64 levels).",
            "student: {name: Ava M.",
            "student: {name: Ava M.}",
            PLAN,
        ),
        Rule(
            "duplicate-key",
            "error",
            "A key appears twice in one mapping.",
            "student:\n  name: Ava M.\n  name: Ava",
            "student:\n  name: Ava M.",
            PLAN,
        ),
        Rule(
            "unknown-key",
            "error",
            "A key the format does not know; usually a typo.",
            "intrests: [horses]",
            "interests: [horses]",
            PLAN,
        ),
        Rule(
            "missing-key",
            "error",
            "A required key is absent or empty.",
            "student:\n  grade: 4",
            "student:\n  name: Ava M.\n  grade: 4",
            PLAN,
        ),
        Rule(
            "wrong-type",
            "error",
            "A value of the wrong kind (a word where a list is needed...).",
            "interests: horses",
            "interests: [horses]",
            PLAN,
        ),
        Rule(
            "bad-date",
            "error",
            "Not a real YYYY-MM-DD date, or a target not after its start.",
            evidence("date: 2026-10-02", "date: 2026-02-30"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unlikely-date",
            "warning",
            "A date before 1900 or after 2200: usually a year typed short or mistyped.",
            evidence("date: 2026-10-02", "date: 0226-10-02"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unknown-level",
            "error",
            "A level that is not on the mastery scale.",
            evidence("level: proficient", "level: proficent"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unknown-role",
            "error",
            "A role other than teacher, parent, student or other.",
            "authors:\n  - {name: Ms. Rivera, role: teachr}",
            "authors:\n  - {name: Ms. Rivera, role: teacher}",
            PLAN,
        ),
        Rule(
            "unknown-author",
            "error",
            "Evidence or a reflection `by` someone not in authors.",
            evidence("by: Ms. Rivera", "by: Ms Rivera"),
            evidence(),
            PLAN,
        ),
        Rule(
            "duplicate-id",
            "error",
            "Two goals, objectives, skills or authors share an id.",
            "authors:\n  - {name: Ms. Rivera, role: teacher}\n  - {name: Ms. Rivera, role: parent}",
            "authors:\n  - {name: Ms. Rivera, role: teacher}\n  - {name: Carlos M., role: parent}",
            PLAN,
        ),
        Rule(
            "unknown-objective",
            "error",
            "A reference to an objective the plan does not have.",
            evidence("fractions\n", "fraction\n"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unknown-skill",
            "error",
            "A library/skill that no library defines.",
            goals("- skill: math4/compare-fraction"),
            goals(),
            PLAN,
        ),
        Rule(
            "prerequisite-cycle",
            "error",
            "Prerequisites that require each other.",
            goals(
                "- {id: a, title: Step A, requires: [b]}", "- {id: b, title: Step B, requires: [a]}"
            ),
            goals("- {id: a, title: Step A, requires: [b]}", "- {id: b, title: Step B}"),
            PLAN,
        ),
        Rule(
            "unsafe-link",
            "error",
            "A link other than https://, http://, mailto: or relative.",
            evidence(new="link: javascript:alert(1)"),
            evidence(new="link: https://example.org/fractions"),
            PLAN,
        ),
        Rule(
            "link-without-scheme",
            "warning",
            "A web address without https://: it would lead to a page of the site itself.",
            evidence(new="link: www.khanacademy.org/fractions"),
            evidence(new="link: https://www.khanacademy.org/fractions"),
            PLAN,
        ),
        Rule(
            "file-missing",
            "error",
            "An evidence file that is not in the student's folder, or is not a file "
            "(a folder, a link loop, a device).",
            evidence(new="file: fotos/photo.jpg"),
            evidence(new="file: photo.jpg"),
            PLAN,
        ),
        Rule(
            "file-outside-folder",
            "error",
            "An evidence file outside the student's folder, or reached through a link "
            "leading out of it.",
            evidence(new="file: ../other-student/photo.jpg"),
            evidence(new="file: photo.jpg"),
            PLAN,
        ),
        Rule(
            "bad-file-name",
            "error",
            "An evidence file name no file can have: a control character, or a part "
            "over 255 bytes.",
            evidence(new='file: "photo\\0.jpg"'),
            evidence(new="file: photo.jpg"),
            PLAN,
        ),
        Rule(
            "file-too-large",
            "error",
            "An evidence file over 50 MB: shrink it, or link to it.",
            evidence(new="file: video.mp4  # 60 MB"),
            evidence(new="file: photo.jpg"),
            PLAN,
        ),
        Rule(
            "file-not-published",
            "warning",
            "An evidence file the site cannot publish: its name starts with '.'.",
            evidence(new="file: .photo.jpg"),
            evidence(new="file: photo.jpg"),
            PLAN,
        ),
        Rule(
            "bad-student-id",
            "error",
            "A plan file name that is not lowercase letters, digits and hyphens.",
            "students/Ava M.yml",
            "students/ava-m.yml",
            "students/",
        ),
        Rule(
            "bad-setting",
            "error",
            "A school or mastery setting out of range or inconsistent.",
            "mastery:\n  weight: 165",
            "mastery:\n  weight: 65",
            "school.yml",
        ),
        Rule(
            "prerequisite-not-in-plan",
            "warning",
            "A prerequisite that the plan does not include; it is treated as met.",
            GOALS.replace("      - skill: math4/equivalent-fractions\n", "") + "\nevidence: []",
            GOALS + "\nevidence: []",
            PLAN,
        ),
        Rule(
            "evidence-on-locked",
            "warning",
            "Counting evidence, at any level, on an objective whose prerequisites were not "
            "mastered on the evidence's date: in mastery learning the student should not have "
            "been assessed on it yet.",
            evidence("equivalent-fractions", "compare-fractions"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unsupported-language",
            "warning",
            "A site language without a catalogue in templates/locales/; the site is in English.",
            "student:\n  name: Ava M.\n  language: fr",
            "student:\n  name: Ava M.\n  language: es",
            PLAN,
        ),
        Rule(
            "family-words-later",
            "warning",
            "publish.family_words_from names an epoch after publish.epoch: passphrases stay "
            "six English words until the epoch is raised to it.",
            "publish:\n  epoch: 2\n  family_words_from: 3",
            "publish:\n  epoch: 3\n  family_words_from: 3",
            "school.yml",
        ),
        Rule(
            "future-date",
            "warning",
            "Evidence or a reflection dated after today.",
            evidence("date: 2026-10-02", "date: 2099-01-01"),
            evidence(),
            PLAN,
        ),
        Rule(
            "unknown-way",
            "warning",
            "An activity or a family tip for a way of learning the school's vocabulary does "
            "not have (ways in school.yml, added to the default ten).",
            goals(
                "- id: recipe-scaling",
                "  title: Scale a recipe",
                "  activities:",
                "    - {title: Draw the recipe doubled, ways: [visul]}",
            ),
            goals(
                "- id: recipe-scaling",
                "  title: Scale a recipe",
                "  activities:",
                "    - {title: Draw the recipe doubled, ways: [visual]}",
            ),
            PLAN,
        ),
        Rule(
            "bad-label",
            "error",
            "A label catalogue text with an unknown {placeholder}, an unknown plural form "
            "or an unmatched brace.",
            'hello: "¡Hola, {nmae}!"',
            'hello: "¡Hola, {name}!"',
            "templates/locales/es.yml",
        ),
        Rule(
            "missing-label",
            "warning",
            "A label a catalogue leaves out or empty (the site shows the English text there), a "
            "plural form of its language a label lacks (the 'other' text shows), or a "
            "{placeholder} of the English text a translation leaves out.",
            'hello: ""',
            'hello: "¡Hola, {name}!"',
            "templates/locales/es.yml",
        ),
        Rule(
            "unknown-kind",
            "warning",
            "An evidence kind other than observation, work-sample, quiz, project, "
            "conversation, self-assessment, other or one of the school's `evidence_kinds` "
            "(spelling is free: `work sample` is `work-sample`). The evidence still counts "
            "and is shown as written.",
            evidence("kind: observation", "kind: quizz"),
            evidence(),
            PLAN,
        ),
        Rule(
            "split-sentence",
            "warning",
            "A sentence in a [bracketed] list cut in two at its comma: in a flow list each "
            "comma starts a new item. Quote the sentence, or run `learnpath fix`.",
            "preferences: [Short sessions, with a break after ten minutes.]",
            'preferences: ["Short sessions, with a break after ten minutes."]',
            PLAN,
        ),
        Rule(
            "not-read",
            "warning",
            "A file or folder in students/ or library/ that learnpath will not read: plans and "
            "libraries are <id>.yml (or .yaml) directly in their folder.",
            "students/class-4b/zoe.yml",
            "students/zoe.yml",
            "students/",
        ),
        Rule(
            "case-mismatch",
            "error",
            "`import-case --update` with a CASE framework other than the library's `case_id`.",
            "case_id: c6496676-...  # the library; the package is another framework",
            "case_id: c6496676-...  # the library and the package's CFDocument agree",
        ),
        Rule(
            "case-markup",
            "warning",
            "A CASE statement holds HTML tags; they are imported as text and shown literally.",
            '"fullStatement": "<p>Compare two fractions.</p>"',
            '"fullStatement": "Compare two fractions."',
        ),
        Rule(
            "case-outside",
            "warning",
            "A CASE association to an item that is not imported (not selected, or in another "
            "framework); it is reported, not imported.",
            "precedes from 3.NF.A.1 (not selected) to 4.NF.A.1",
            "precedes from 4.NF.A.1 to 4.NF.A.2 (both selected)",
        ),
        Rule(
            "case-removed",
            "warning",
            "A skill imported earlier is gone from the framework or the selection; it is kept "
            "until you delete it.",
            "- id: 4-nf-c-8  # no longer in the framework",
            "(deleted from the library, and from the plans that used it)",
        ),
        Rule(
            "case-renamed",
            "warning",
            "A plan uses a skill whose standard code changed upstream; the id is kept, check the "
            "plan still means it.",
            "skill: math4/4-nf-a-1  # now imports 4.NF.A.2",
            "skill: math4/4-nf-a-1  # still imports 4.NF.A.1",
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
            "bad-contribution",
            "error",
            "`inbox`: a file that is not a contribution, or one damaged, altered, cut short, "
            "sealed for another school, epoch or student, or whose writer claims the "
            "teacher's role with a family's key.",
            "learnpath inbox photo.jpg  # a photo, not the contribution sent with it",
            "learnpath inbox learnpath-contribution-3f1c2a.txt",
        ),
        Rule(
            "bad-contribution-item",
            "error",
            "`inbox`: an item that does not fit the plan (an objective or goal it does not "
            "have, a level not on the scale, a date in the future, a family writing as the "
            "teacher) or a plan that cannot be edited safely.",
            "item 1 (observation): ava-m's plan has no objective 'math4/long-division'",
            "item 1 (observation) of math4/compare-fractions: developing",
        ),
        Rule(
            "class-page-in-site",
            "error",
            "`build`: the teacher's class page is in the site folder, which is published.",
            "learnpath class --out site",
            "learnpath class  # writes private/, which git ignores",
        ),
        Rule(
            "letters-in-site",
            "error",
            "`build`: letters to families (every family's key) are in the site folder, which "
            "is published.",
            "learnpath access --base-url URL --format html --out site",
            "learnpath access --base-url URL --format html  # writes private/",
        ),
        Rule(
            "foreign-file-in-site",
            "error",
            "`build` (sealed): a file the build did not write is in the site folder, and would "
            "be published as it is.",
            "cp notes.txt site/",
            "cp notes.txt private/",
        ),
        Rule(
            "build",
            "error",
            "`build`: the site could not be made (its folder cannot be locked or written, or a "
            "page failed to render); the site folder is left as it was.",
            "learnpath build --site /  # a folder this user cannot write",
            "learnpath build --site site  # a folder of the repository, ignored by git",
        ),
    )
}

# Found by `learnpath inbox` in a contribution, not in a plan: tests/test_inbox.py.
INBOX_RULES = frozenset({"bad-contribution", "bad-contribution-item"})

# Found by the teacher's commands (`evidence import` in an export file, `build` refusing the
# class page or the letters in a site folder), not by `validate` in a plan;
# tests/test_classroom*.py and tests/test_privacy.py have a failing case for each.
CLASSROOM_RULES = frozenset(
    {
        "unknown-student",
        "ambiguous-student",
        "objective-not-in-plan",
        "bad-cell",
        "bad-import",
        "no-cut-scores",
        "class-page-in-site",
        "letters-in-site",
        "foreign-file-in-site",
    }
)

# Found by `build` itself, about the site folder or a page, not in a plan; tests/test_build.py
# and tests/test_output.py have a failing case.
BUILD_RULES = frozenset({"build"})
