"""The shape of the three files, declared once.

The validator checks structure against these records, and `learnpath schema` turns the same
records into JSON Schema for editors: one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.base import ways
from generator.base.ids import ID_PATTERN, REF_PATTERN

ROLES = ("teacher", "parent", "student", "other")
METHODS = ("latest", "highest", "average", "weighted_average", "decaying_average", "n_mastery")
KINDS = (
    "observation",
    "work-sample",
    "quiz",
    "project",
    "conversation",
    "self-assessment",
    "other",
)
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
SYSTEM_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


@dataclass(frozen=True)
class Text:
    """A string; optionally one of `choices` (else problem `rule`) or matching `pattern`.

    A choice is matched however it is spelled (generator/base/vocabulary.py) and read as written
    here. With `open`, any other text is kept too: a later check decides (evidence kinds,
    which a school may extend in school.yml).
    """

    choices: tuple[str, ...] = ()
    rule: str = "wrong-type"
    pattern: str = ""
    expected: str = "text"
    open: bool = False


@dataclass(frozen=True)
class Integer:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Day:
    """A calendar date written YYYY-MM-DD; one outside `usual` is likely a typo (a warning:
    any date Python knows, 0001-01-01 to 9999-12-31, still works)."""

    usual: tuple[str, str] = ("1900-01-01", "2200-12-31")


@dataclass(frozen=True)
class Boolean:
    pass


@dataclass(frozen=True)
class ListOf:
    item: Kind
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys match `key_pattern` (e.g. language codes), each value a `value`."""

    value: Kind
    key_pattern: str
    key_expected: str


@dataclass(frozen=True)
class TextOr:
    """A text, or a mapping of `record` fields for the same thing with more said about it
    (`- Fold a sheet in half` or `- {text: Fold a sheet in half, ways: [hands-on]}`)."""

    record: Record


@dataclass(frozen=True)
class Field:
    kind: Kind
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A mapping with known keys; `one_of` names keys of which at least one must be present."""

    name: str
    fields: dict[str, Field]
    one_of: tuple[str, ...] = ()
    doc: str = ""

    @cached_property
    def required(self) -> tuple[str, ...]:
        """The keys that must be present, in order (asked for every mapping of a plan)."""
        return tuple(key for key, spec in self.fields.items() if spec.required)


Kind = Text | Integer | Day | Boolean | ListOf | MapOf | Record | TextOr

ID = Text(pattern=ID_PATTERN, expected="an id of lowercase letters, digits and hyphens")
REF = Text(pattern=REF_PATTERN, expected="an objective id or library/skill")
TEXT = Text()
TEXTS = ListOf(TEXT)


def sentences(kind: Kind) -> bool:
    """Whether a list item of this kind may be a sentence written by hand (a family tip, a
    strength), so that a comma in [brackets] may have cut it."""
    return kind is TEXT or isinstance(kind, TextOr)


LINK = Text(expected="a link (https://..., mailto:... or a relative path)")
LEVEL = Text(expected="a level of the mastery scale")

MASTERY = Record(
    "mastery",
    {
        "level": Field(LEVEL, "The level that counts as mastery."),
        "method": Field(Text(METHODS, "bad-setting"), "How evidence scores combine."),
        "weight": Field(Integer(1, 100), "Weight in percent of the newest score (averages)."),
        "count": Field(Integer(1, 100), "Scores at mastery needed by n_mastery."),
        "assessed_by": Field(ListOf(Text(ROLES, "unknown-role")), "Roles whose evidence counts."),
    },
    doc="Mastery settings; each key overrides the one above it (school, goal, objective).",
)

# Checked against the school's vocabulary by the cross-reference stage (a warning), so a
# way spelled differently is never an error.
WAYS = ListOf(Text(expected="a way of learning, such as hands-on"))
WAYS_DOC = (
    "The ways of learning it suits, from the school's vocabulary: [hands-on, visual]. "
    "A student whose preferences name one of them sees it first."
)

ACTIVITY = Record(
    "activity",
    {
        "title": Field(TEXT, "What to do.", required=True),
        "interest": Field(TEXT, "The student interest it builds on."),
        "link": Field(LINK, "A web page or file for it."),
        "ways": Field(WAYS, WAYS_DOC),
    },
)

FAMILY_TIPS = ListOf(
    TextOr(
        Record(
            "tip",
            {
                "text": Field(TEXT, "The tip.", required=True),
                "ways": Field(WAYS, WAYS_DOC),
            },
            doc="A tip is a text, or this mapping to say which ways of learning it suits.",
        )
    )
)

SKILL = Record(
    "skill",
    {
        "id": Field(ID, "Id, unique in the library.", required=True),
        "title": Field(TEXT, "The objective, in words a family understands.", required=True),
        "standard": Field(TEXT, "Standard code, e.g. CCSS.MATH.CONTENT.4.NF.A.1."),
        "description": Field(TEXT, "A longer explanation."),
        "requires": Field(ListOf(REF), "Skills to master first (ids in this library)."),
        "activities": Field(ListOf(ACTIVITY), "Ways to practise."),
        "family_tips": Field(FAMILY_TIPS, "How to help at home."),
        "group": Field(TEXT, "The cluster or topic the skill belongs to, e.g. a CASE cluster."),
        "case_id": Field(
            TEXT,
            "The CASE identifier of the standard it was imported from (keep it: updates "
            "find the skill by it).",
        ),
        "translations": Field(
            MapOf(
                Record(
                    "translation",
                    {
                        "title": Field(TEXT, "The title in this language."),
                        "description": Field(TEXT, "The description in this language."),
                        "family_tips": Field(
                            FAMILY_TIPS,
                            "Family tips in this language, in the same order (each keeps the "
                            "ways of the tip it translates).",
                        ),
                    },
                ),
                LANGUAGE_PATTERN,
                "a language code such as es",
            ),
            "The skill's words in other languages, by language code: sites in that language "
            "show them.",
        ),
    },
)

WRITTEN_IN = Field(
    Text(pattern=LANGUAGE_PATTERN, expected="a language code such as en or es"),
    "The language this file's words are written in (default: the school's written_in, else "
    "its language): pages mark them with it, so a screen reader says them right.",
)

LIBRARY = Record(
    "library",
    {
        "title": Field(TEXT, "Name of the library.", required=True),
        "case_id": Field(TEXT, "The CASE framework (CFDocument identifier) it was imported from."),
        "skills": Field(ListOf(SKILL, 1), "The skills.", required=True),
        "written_in": WRITTEN_IN,
    },
    doc="A shared skill library, plans/library/<library-id>.yml.",
)

PUBLISH = Record(
    "publish",
    {
        "privacy": Field(
            Text(("private", "public"), "bad-setting"),
            "private (default): with LEARNPATH_SECRET set, every site is encrypted; public: "
            "the workflow may deploy unencrypted sites, on purpose.",
        ),
        "epoch": Field(
            Integer(1, 1_000_000),
            "Raise by one to change every key, link and passphrase (default 1).",
        ),
        "family_words_from": Field(
            Integer(1, 1_000_000),
            "The first epoch whose passphrases are seven family-friendly words in the "
            "family's language; earlier epochs keep six English words. Write it down once, "
            "with the epoch it starts at, and never change it.",
        ),
    },
    doc="How sites are published.",
)

SCHOOL = Record(
    "school",
    {
        "name": Field(TEXT, "School name, shown on the landing page."),
        "language": Field(
            Text(pattern=LANGUAGE_PATTERN, expected="a language code such as en or es"),
            "Default site language.",
        ),
        "written_in": Field(
            WRITTEN_IN.kind,
            "The language school.yml, and the plans and libraries that do not say theirs, "
            "are written in (default: language).",
        ),
        "scale": Field(ListOf(TEXT, 2), "Mastery levels, lowest first."),
        "mastery": Field(MASTERY, "Default mastery settings."),
        "list_students": Field(Boolean(), "List students on the landing page (default false)."),
        "cut_scores": Field(
            MapOf(Integer(0, 100), r"^\S.*$", "a level of the scale"),
            "Lowest percent of the points possible for each level, for `evidence import` of "
            "scores: {developing: 50, proficient: 75, extending: 95}.",
        ),
        "stale_after_days": Field(
            Integer(1, 365),
            "`learnpath class` flags a student with no evidence for this many days (default 14).",
        ),
        "publish": Field(PUBLISH, "Privacy of the published sites and the key epoch."),
        "evidence_kinds": Field(
            MapOf(
                MapOf(TEXT, LANGUAGE_PATTERN, "a language code such as en or es"),
                ID_PATTERN,
                "a kind id of lowercase letters, digits and hyphens",
            ),
            "The school's own kinds of evidence beside the built-in ones, each with its name "
            "by language: {exit-ticket: {en: exit ticket, es: boleto de salida}}.",
        ),
        "translations": Field(
            MapOf(
                Record("translation", {"scale": Field(ListOf(TEXT, 2), "The levels' names.")}),
                LANGUAGE_PATTERN,
                "a language code such as es",
            ),
            "The scale's level names in other languages, by language code, lowest first.",
        ),
        "report_every_days": Field(
            Integer(1, 366),
            "Days between reports: the home page shows what changed in that many days (default 7).",
        ),
        "ways": Field(
            MapOf(
                Record(
                    "way",
                    {
                        "name": Field(TEXT, "Its name on sites in the school's language."),
                        "translations": Field(
                            MapOf(TEXT, LANGUAGE_PATTERN, "a language code such as es"),
                            "Its name on sites in other languages: {es: trabajo práctico}.",
                        ),
                        "matches": Field(
                            TEXTS,
                            "Preferences, as plans write them, that mean this way: "
                            "[hands-on projects, building models].",
                        ),
                    },
                    doc="One way of learning: a default one renamed or mapped, or the "
                    "school's own.",
                ),
                r"^\S.*$",
                "a way of learning such as hands-on",
            ),
            f"Ways of learning, added to the default ones ({', '.join(ways.DEFAULT)}): "
            "{hands-on: {matches: [hands-on projects]}}.",
        ),
        "review_after_days": Field(
            Integer(1, 3660),
            "List a mastered objective as time to review when its last counted evidence is "
            "older than this many days (default: off).",
        ),
        "contact": Field(
            Text(pattern=r"^[^@\s]+@[^@\s]+$", expected="an email address"),
            "The teacher's email address: the page to add to the plan offers to email "
            "short contributions there (docs/contributions.md).",
        ),
    },
    doc="Settings for the whole school, plans/school.yml.",
)

OBJECTIVE = Record(
    "objective",
    {
        "skill": Field(REF, "A library skill, library/skill."),
        "id": Field(ID, "Id of the plan's own objective."),
        "title": Field(TEXT, "The objective (own objectives; overrides a skill's title)."),
        "standard": Field(TEXT, "Standard code."),
        "description": Field(TEXT, "A longer explanation."),
        "requires": Field(ListOf(REF), "Objectives to master first."),
        "mastery": Field(MASTERY, "Mastery settings for this objective."),
        "activities": Field(ListOf(ACTIVITY), "Ways to practise."),
        "family_tips": Field(FAMILY_TIPS, "How to help at home."),
    },
    one_of=("skill", "id"),
)

GOAL = Record(
    "goal",
    {
        "id": Field(ID, "Id, unique in the plan.", required=True),
        "title": Field(TEXT, "The goal.", required=True),
        "why": Field(TEXT, "Why it matters, in the student's words."),
        "start": Field(Day(), "When work on it started."),
        "target": Field(Day(), "When it should be reached."),
        "mastery": Field(MASTERY, "Mastery settings for this goal."),
        "objectives": Field(ListOf(OBJECTIVE, 1), "Its objectives.", required=True),
        "review_after_days": Field(
            Integer(1, 3660),
            "Time to review this goal's mastered objectives after this many days without "
            "counted evidence (overrides the school's).",
        ),
    },
)

EVIDENCE = Record(
    "evidence",
    {
        "objective": Field(REF, "The objective observed.", required=True),
        "date": Field(Day(), "When.", required=True),
        "level": Field(
            LEVEL,
            "The level shown. An entry without one (a family's home observation that named "
            "none) is shown with its note and never counts toward mastery.",
        ),
        "by": Field(TEXT, "Who observed it (an author's name).", required=True),
        "kind": Field(
            Text(KINDS, "unknown-kind", open=True),
            f"What it is: {', '.join(KINDS)}, or one of the school's `evidence_kinds`. "
            "Spelling is free: `work sample` and `Work-Sample` are `work-sample`.",
            required=True,
        ),
        "note": Field(TEXT, "What happened."),
        "file": Field(TEXT, "A file in the student's folder."),
        "link": Field(LINK, "A link to the work."),
    },
)

REFLECTION = Record(
    "reflection",
    {
        "date": Field(Day(), "When.", required=True),
        "by": Field(TEXT, "Who wrote it (an author's name).", required=True),
        "text": Field(TEXT, "The reflection.", required=True),
    },
)

PLAN = Record(
    "plan",
    {
        "student": Field(
            Record(
                "student",
                {
                    "name": Field(TEXT, "Name as shown on the site.", required=True),
                    "grade": Field(TEXT, "Grade or year."),
                    "language": Field(SCHOOL.fields["language"].kind, "Site language."),
                    "ids": Field(
                        MapOf(TEXT, SYSTEM_PATTERN, "a system name such as sis, email or canvas"),
                        "The student's ids in other systems, for `evidence import`: "
                        '{sis: "40021", email: lina.k@example.org}. Never shown on any site.',
                    ),
                },
            ),
            "The student.",
            required=True,
        ),
        "authors": Field(
            ListOf(
                Record(
                    "author",
                    {
                        "name": Field(TEXT, "Name.", required=True),
                        "role": Field(Text(ROLES, "unknown-role"), "Role.", required=True),
                    },
                ),
                1,
            ),
            "Who writes this plan.",
            required=True,
        ),
        "interests": Field(TEXTS, "What the student loves."),
        "preferences": Field(
            TEXTS,
            "How the student likes to learn, in their own words; one that names a way of "
            "learning (or a phrase school.yml's `ways:` maps to one) puts what suits it first.",
        ),
        "strengths": Field(TEXTS, "What the student is good at."),
        "goals": Field(ListOf(GOAL, 1), "Goals.", required=True),
        "evidence": Field(ListOf(EVIDENCE), "Evidence, oldest first."),
        "reflections": Field(ListOf(REFLECTION), "Reflections."),
        "contributions": Field(
            ListOf(Text(pattern=r"^[A-Za-z0-9_-]{16,43}$", expected="a contribution's id")),
            "Ids of the contributions `learnpath inbox` applied, so none is applied twice; "
            "written by that command.",
        ),
        "written_in": WRITTEN_IN,
    },
    doc="One student's plan, plans/students/<student-id>.yml.",
)

DEFAULT_SCALE = ("beginning", "developing", "proficient", "extending")
DEFAULT_MASTERY = {
    "level": "proficient",
    "method": "decaying_average",
    "weight": 65,
    "count": 3,
    "assessed_by": ("teacher",),
}
