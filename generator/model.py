"""Stage 3, model: checked records -> the plan objects the mastery engine and pages use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from generator.base import vocabulary
from generator.base.ways import Ways, from_school
from generator.checking import schema
from generator.checking.shape import Items, Rec


@dataclass(frozen=True)
class Settings:
    """Effective mastery policy of one objective."""

    scale: tuple[str, ...]
    level: str
    method: str
    weight: int
    count: int
    assessed_by: tuple[str, ...]

    @property
    def mastery_score(self) -> int:
        return self.scale.index(self.level) + 1

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        if not overrides:  # the usual case: nothing to change in a frozen value
            return self
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()
        }
        if "level" in values:  # `Proficient` is the scale's `proficient`
            values["level"] = vocabulary.canonical(values["level"], self.scale) or values["level"]
        return Settings(**{**self.__dict__, **values})


@dataclass(frozen=True)
class Activity:
    title: str
    interest: str = ""
    link: str = ""
    ways: tuple[str, ...] = ()  # canonical spellings: hands-on
    lang: str = ""  # the language it is written in: its library's or its plan's


@dataclass(frozen=True)
class Tip:
    """A family tip, and the ways of learning it suits."""

    text: str
    ways: tuple[str, ...] = ()
    lang: str = ""  # the language it is written in: a translation's, its library's or plan's


@dataclass
class Skill:
    library: str
    id: str
    title: str
    standard: str
    description: str
    requires: tuple[str, ...]  # as refs, library/skill
    activities: tuple[Activity, ...]
    family_tips: tuple[Tip, ...]
    src: Rec
    translations: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # language -> title, tips...
    lang: str = "en"  # the language its library is written in

    @property
    def ref(self) -> str:
        return f"{self.library}/{self.id}"


@dataclass
class Library:
    id: str
    title: str
    skills: dict[str, Skill]
    path: str
    written_in: str = "en"


@dataclass
class School:
    name: str
    language: str  # the sites' language
    settings: Settings
    list_students: bool
    path: str = ""
    level_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> scale
    privacy: str = "private"  # publish.privacy: "public" lets the workflow deploy plain sites
    epoch: int = 1  # publish.epoch: part of every key's derivation
    # publish.family_words_from: the first epoch with family-friendly passphrase words
    family_words_from: int | None = None
    report_every_days: int = 7  # "what changed" looks back this far
    review_after_days: int | None = None  # None: no "time to review"
    # The school's own evidence kinds: id -> language -> name
    evidence_kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    contact: str = ""  # the teacher's address: the page to add to the plan offers mailto
    written_in: str = "en"  # the language school.yml is written in; default: `language`

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Every evidence kind a plan may name: the built-in ones, then the school's own."""
        return schema.KINDS + tuple(k for k in self.evidence_kinds if k not in schema.KINDS)

    ways: Ways = field(default_factory=lambda: from_school({}))


@dataclass
class Objective:
    ref: str  # the plan id or library/skill: the contract used everywhere
    title: str
    standard: str
    description: str
    requires: tuple[str, ...]  # every prerequisite ref (the skill's, then the plan's own)
    own_requires: tuple[str, ...]
    settings: Settings
    activities: tuple[Activity, ...]
    family_tips: tuple[Tip, ...]
    goal: str
    skill: Skill | None
    src: Rec
    lang: str = "en"  # the language of its title and description


@dataclass(frozen=True)
class Span:
    """A goal's plan: a straight line from its start to its target, after the start."""

    start: dt.date
    target: dt.date

    def elapsed(self, day: dt.date) -> float:
        """How much of the span has passed by `day`: 0 up to the start, 1 from the target."""
        fraction = (day - self.start).days / (self.target - self.start).days
        return min(max(fraction, 0.0), 1.0)


@dataclass
class Goal:
    id: str
    title: str
    why: str
    start: dt.date | None
    target: dt.date | None
    objectives: list[Objective]
    src: Rec
    review_after_days: int | None = None  # the goal's own; else the school's

    @property
    def span(self) -> Span | None:
        """The planned line, for pace, the chart and the table: None without both dates, or
        with a target not after the start (validate reports that: bad-date)."""
        if self.start is None or self.target is None or self.target <= self.start:
            return None
        return Span(self.start, self.target)


@dataclass(frozen=True)
class Author:
    name: str
    role: str


@dataclass
class Evidence:
    objective: str
    date: dt.date
    level: str
    by: str
    kind: str
    note: str
    file: str
    link: str
    index: int  # order in the file: ties on a date keep it
    src: Rec


@dataclass
class Reflection:
    date: dt.date
    by: str
    text: str
    src: Rec


@dataclass
class Plan:
    id: str
    path: str
    name: str
    grade: str
    language: str
    authors: list[Author]
    interests: list[str]
    preferences: list[str]
    strengths: list[str]
    goals: list[Goal]
    evidence: list[Evidence]
    reflections: list[Reflection]
    src: Rec
    objectives: dict[str, Objective] = field(default_factory=dict)
    written_in: str = "en"  # the language the plan's own words are in

    def role_of(self, name: str) -> str | None:
        return next((a.role for a in self.authors if a.name == name), None)


def school_from(rec: Rec, path: str) -> School:
    scale = tuple(rec.get("scale", schema.DEFAULT_SCALE))
    base = Settings(scale=scale, **schema.DEFAULT_MASTERY)  # type: ignore[arg-type]
    language = rec.get("language", "en")
    return School(
        name=rec.get("name", ""),
        language=language,
        written_in=rec.get("written_in", language),
        settings=base.with_overrides(rec.get("mastery", {})),
        list_students=rec.get("list_students", False),
        path=path,
        privacy=rec.get("publish", {}).get("privacy", "private"),
        epoch=rec.get("publish", {}).get("epoch", 1),
        family_words_from=rec.get("publish", {}).get("family_words_from"),
        level_names={
            language: tuple(words["scale"])
            for language, words in rec.get("translations", {}).items()
            if "scale" in words
        },
        report_every_days=rec.get("report_every_days", 7),
        review_after_days=rec.get("review_after_days"),
        evidence_kinds={kind: dict(names) for kind, names in rec.get("evidence_kinds", {}).items()},
        ways=from_school(rec.get("ways", {})),
        contact=rec.get("contact", ""),
    )


def library_from(rec: Rec, library_id: str, path: str, school_writes: str = "en") -> Library:
    """A library; ``school_writes`` is the language of its words unless it says another."""
    written_in = rec.get("written_in", school_writes)
    skills: dict[str, Skill] = {}
    for item in rec.get("skills", []):
        if "id" in item and item["id"] not in skills:
            skills[item["id"]] = Skill(
                library=library_id,
                id=item["id"],
                title=item.get("title", item["id"]),
                standard=item.get("standard", ""),
                description=item.get("description", ""),
                requires=tuple(library_ref(r, library_id) for r in item.get("requires", [])),
                activities=_activities(item, written_in),
                family_tips=tips(item.get("family_tips", []), lang=written_in),
                src=item,
                translations=dict(item.get("translations", {})),
                lang=written_in,
            )
    return Library(library_id, rec.get("title", library_id), skills, path, written_in)


def library_ref(ref: str, library_id: str) -> str:
    """Inside a library a bare id names a skill of the same library."""
    return ref if "/" in ref else f"{library_id}/{ref}"


def plan_from(
    rec: Rec, plan_id: str, path: str, school: School, libraries: dict[str, Library]
) -> Plan:
    student = rec.get("student", Rec())
    written_in = rec.get("written_in", school.written_in)
    plan = Plan(
        id=plan_id,
        path=path,
        name=student.get("name", plan_id),
        grade=str(student.get("grade", "")),
        language=student.get("language", school.language),
        authors=[
            Author(a["name"], a["role"])
            for a in rec.get("authors", [])
            if "name" in a and "role" in a
        ],
        interests=list(rec.get("interests", [])),
        preferences=list(rec.get("preferences", [])),
        strengths=list(rec.get("strengths", [])),
        goals=[_goal(g, school.settings, libraries, written_in) for g in rec.get("goals", [])],
        evidence=[_evidence(e, i, school.kinds) for i, e in enumerate(rec.get("evidence", []))],
        reflections=[
            Reflection(r["date"], r["by"], r["text"], r) for r in rec.get("reflections", [])
        ],
        src=rec,
        written_in=written_in,
    )
    for goal in plan.goals:
        for objective in goal.objectives:
            plan.objectives.setdefault(objective.ref, objective)
    plan.evidence = [_spelled_level(e, plan, school) for e in plan.evidence]
    return plan


def _goal(rec: Rec, base: Settings, libraries: dict[str, Library], lang: str) -> Goal:
    settings = base.with_overrides(rec.get("mastery", {}))
    objectives = [
        _objective(o, rec["id"], settings, libraries, lang) for o in rec.get("objectives", [])
    ]
    return Goal(
        rec["id"],
        rec["title"],
        rec.get("why", ""),
        rec.get("start"),
        rec.get("target"),
        objectives,
        rec,
        rec.get("review_after_days"),
    )


def _objective(
    rec: Rec, goal: str, base: Settings, libraries: dict[str, Library], lang: str
) -> Objective:
    """One objective; ``lang``: the language of the plan's own words."""
    ref = rec.get("skill") or rec["id"]
    skill = find_skill(ref, libraries) if "skill" in rec else None
    own = tuple(rec.get("requires", []))
    inherited = skill.requires if skill else ()
    return Objective(
        ref=ref,
        title=rec.get("title") or (skill.title if skill else ref),
        standard=rec.get("standard") or (skill.standard if skill else ""),
        description=rec.get("description") or (skill.description if skill else ""),
        requires=tuple(dict.fromkeys(inherited + own)),
        own_requires=own,
        settings=base.with_overrides(rec.get("mastery", {})),
        activities=(skill.activities if skill else ()) + _activities(rec, lang),
        family_tips=(skill.family_tips if skill else ())
        + tips(rec.get("family_tips", []), lang=lang),
        goal=goal,
        skill=skill,
        src=rec,
        lang=lang if rec.get("title") or not skill else skill.lang,
    )


def find_skill(ref: str, libraries: dict[str, Library]) -> Skill | None:
    library_id, _, skill_id = ref.partition("/")
    library = libraries.get(library_id)
    return library.skills.get(skill_id) if library else None


def _activities(rec: Rec, lang: str) -> tuple[Activity, ...]:
    items: Items | list[Rec] = rec.get("activities", [])
    # A library with errors is still modelled (its plans report them): skip what is missing.
    return tuple(
        Activity(a["title"], a.get("interest", ""), a.get("link", ""), _ways(a), lang)
        for a in items
        if "title" in a
    )


def tips(items: Items | list[Any], like: tuple[Tip, ...] = (), lang: str = "") -> tuple[Tip, ...]:
    """Family tips as written (a text, or text: and ways:), in the language `lang`; a
    translated tip written as a text keeps the ways of the tip at its place in `like`, the
    tips it translates."""
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            out.append(Tip(item, like[i].ways if i < len(like) else (), lang))
        elif "text" in item:
            out.append(Tip(item["text"], _ways(item), lang))
    return tuple(out)


def _ways(rec: Rec) -> tuple[str, ...]:
    return tuple(dict.fromkeys(vocabulary.key(way) for way in rec.get("ways", [])))


def _evidence(rec: Rec, index: int, kinds: tuple[str, ...]) -> Evidence:
    return Evidence(
        rec["objective"],
        rec["date"],
        rec.get("level", ""),  # none: shown, never counted (schema.EVIDENCE)
        rec["by"],
        _spelled(rec["kind"], kinds),
        rec.get("note", ""),
        rec.get("file", ""),
        rec.get("link", ""),
        index,
        rec,
    )


def _spelled(text: str, words: tuple[str, ...]) -> str:
    """`text` as `words` spell it, else as written; most plans spell it so already (fast)."""
    return text if text in words else vocabulary.canonical(text, words) or text


def _spelled_level(entry: Evidence, plan: Plan, school: School) -> Evidence:
    """The level as the scale writes it (`Proficient` is `proficient`)."""
    objective = plan.objectives.get(entry.objective)
    scale = objective.settings.scale if objective else school.settings.scale
    level = _spelled(entry.level, scale) if entry.level else ""
    return replace(entry, level=level) if level != entry.level else entry


def localized(plan: Plan, language: str) -> Plan:
    """The plan with its library skills' words in `language` where a library translates them.

    The plan's own words (a title or family tip written in the plan) are kept as written.
    """

    def local(objective: Objective) -> Objective:
        skill = objective.skill
        words = skill.translations.get(language) if skill else None
        if skill is None or not words:
            return objective
        own = objective.src
        original = skill.family_tips
        translated = (
            tips(words["family_tips"], original, language) if "family_tips" in words else original
        )
        return replace(
            objective,
            title=own.get("title") or words.get("title") or objective.title,
            description=own.get("description") or words.get("description") or objective.description,
            family_tips=translated + objective.family_tips[len(original) :],
            lang=objective.lang if own.get("title") or "title" not in words else language,
        )

    goals = [replace(goal, objectives=[local(o) for o in goal.objectives]) for goal in plan.goals]
    result = replace(plan, goals=goals, objectives={})
    for goal in goals:
        for objective in goal.objectives:
            result.objectives.setdefault(objective.ref, objective)
    return result
