"""Stage 2b, cross-references: ids, prerequisites, cycles, authors, levels, links, files, dates.

Runs only on files whose structure is sound, so every value it reads is present and typed.
"""

from __future__ import annotations

import datetime as dt
import shlex

from generator.base import invisible, vocabulary
from generator.base.hints import suggest
from generator.base.topology import cycles
from generator.base.ways import Ways
from generator.checking import evidence_files as files
from generator.checking import links
from generator.checking.shape import Rec
from generator.language import i18n
from generator.load import Map
from generator.load.yamltext import scalar
from generator.mastery import engine as mastery
from generator.model import Library, Plan, Skill
from generator.problem import Level, Problem
from generator.project import Project

Pos = tuple[int, int]


def check_libraries(project: Project, broken: set[str]) -> None:
    """Unknown prerequisites, duplicate ids and cycles inside the skill libraries."""
    graph: dict[str, tuple[str, ...]] = {}
    for library in project.libraries.values():
        if library.id in broken:
            continue
        _duplicate_skill_ids(project, library)
        for skill in library.skills.values():
            graph[skill.ref] = skill.requires
            for i, ref in enumerate(skill.requires):
                if find(project, ref) is None and ref.partition("/")[0] not in broken:
                    at = skill.src["requires"].at[i]
                    project.problems.append(unknown_skill(project, library.path, at, ref))
        for skill in library.skills.values():
            links.check(project.problems, library.path, skill.src)
            unknown_ways(project.problems, library.path, skill.src, project.school.ways)
    for cycle in cycles(graph):
        first = find(project, cycle[0])
        if first is not None and cycle[1] in first.requires:
            at = first.src["requires"].at[first.requires.index(cycle[1])]
            path = project.libraries[first.library].path
            project.problems.append(
                Problem.at(
                    path,
                    at,
                    "error",
                    "prerequisites form a cycle: " + " → ".join(cycle),
                    "prerequisite-cycle",
                )
            )


def _duplicate_skill_ids(project: Project, library: Library) -> None:
    seen: set[str] = set()
    tree = project.documents[library.path].tree
    for item in tree.get("skills", []) if isinstance(tree, Map) else []:
        skill_id = item.get("id") if hasattr(item, "get") else None
        if skill_id is None or not hasattr(skill_id, "text"):
            continue
        if skill_id.text in seen:
            project.problems.append(
                Problem(
                    library.path,
                    skill_id.line,
                    skill_id.column,
                    "error",
                    f"skill id '{skill_id.text}' is used twice",
                    "duplicate-id",
                )
            )
        seen.add(skill_id.text)


def find(project: Project, ref: str) -> Skill | None:
    library_id, _, skill_id = ref.partition("/")
    library = project.libraries.get(library_id)
    return library.skills.get(skill_id) if library else None


def unknown_skill(project: Project, path: str, at: Pos, ref: str) -> Problem:
    library_id, _, _ = ref.partition("/")
    library = project.libraries.get(library_id)
    if library is None:
        known = ", ".join(sorted(project.libraries)) or "none in plans/library/"
        hint = suggest(library_id, project.libraries) or f"libraries: {known}"
        message = f"skill '{ref}': there is no library '{library_id}' — {hint}"
    else:
        hint = suggest(ref, [s.ref for s in library.skills.values()]) or f"see {library.path}"
        message = f"skill '{ref}' is not in library '{library_id}' — {hint}"
    return Problem.at(path, at, "error", message, "unknown-skill")


def unknown_ways(found: list[Problem], path: str, rec: Rec, known: Ways) -> None:
    """A warning for each way, on an activity or a family tip (translated ones too), that is
    not in the school's vocabulary: a new optional key, so never an error."""
    lists = [rec.get("activities", []), rec.get("family_tips", [])]
    lists += [words.get("family_tips", []) for words in rec.get("translations", {}).values()]
    for items in lists:
        for item in items:
            if not isinstance(item, Rec) or "ways" not in item:
                continue  # a tip written as a text
            for text, at in zip(item["ways"], item["ways"].at, strict=True):
                if vocabulary.key(text) not in known.ways:
                    found.append(
                        Problem.at(path, at, "warning", _way_message(text, known), "unknown-way")
                    )


def _way_message(text: str, known: Ways) -> str:
    meant = known.find(text)
    hint = f"did you mean '{meant}'?" if meant else suggest(vocabulary.key(text), known.ways)
    if not hint:
        hint = (
            f"the ways are {', '.join(known.ways)}; a school adds its own under ways: in school.yml"
        )
    return f"'{text}' is not a way of learning here — {hint}"


class PlanChecker:
    """Cross-reference checks of one well-formed plan."""

    def __init__(self, project: Project, plan: Plan, broken: set[str], today: dt.date) -> None:
        self.project, self.plan, self.broken, self.today = project, plan, broken, today
        self.found: list[Problem] = []
        self.names = [a.name for a in plan.authors]  # asked for every evidence entry

    def run(self) -> None:
        self._language()
        self._authors()
        self._ids()
        self._prerequisites()
        self._evidence()
        self._reflections()
        self._goal_dates()
        if not any(p.level == "error" for p in self.found):
            self._locked_evidence()
        self.project.problems.extend(self.found)

    def add(self, at: Pos, message: str, rule: str, level: Level = "error") -> None:
        self.found.append(Problem.at(self.plan.path, at, level, message, rule))

    def _language(self) -> None:
        language = self.plan.language
        if language not in i18n.languages():
            student = self.plan.src["student"]
            at = student.at.get("language", student.pos)
            self.add(
                at,
                f"no labels in '{language}' yet, so the site is in English; add "
                f"templates/locales/{language}.yml to translate them "
                f"(available: {', '.join(i18n.languages())})",
                "unsupported-language",
                "warning",
            )

    def _authors(self) -> None:
        seen: set[str] = set()
        for author, rec in zip(self.plan.authors, self.plan.src["authors"], strict=True):
            if author.name in seen:
                self.add(rec.at["name"], f"author '{author.name}' is listed twice", "duplicate-id")
            seen.add(author.name)

    def _ids(self) -> None:
        goals: set[str] = set()
        refs: set[str] = set()
        for goal in self.plan.goals:
            if goal.id in goals:
                self.add(goal.src.at["id"], f"goal id '{goal.id}' is used twice", "duplicate-id")
            goals.add(goal.id)
            for objective in goal.objectives:
                key = "skill" if objective.skill or "skill" in objective.src else "id"
                at = objective.src.at[key]
                if key == "skill" and objective.skill is None:
                    if objective.ref.partition("/")[0] not in self.broken:
                        self.found.append(
                            unknown_skill(self.project, self.plan.path, at, objective.ref)
                        )
                elif objective.ref in refs:
                    self.add(
                        at, f"objective '{objective.ref}' appears twice in the plan", "duplicate-id"
                    )
                refs.add(objective.ref)
                if not objective.title.strip() or (key == "id" and "title" not in objective.src):
                    self.add(
                        objective.src.pos,
                        f"objective '{objective.ref}' needs a 'title'",
                        "missing-key",
                    )
                self._levels(objective.src, objective.settings.scale)
                links.check(self.found, self.plan.path, objective.src)
                unknown_ways(self.found, self.plan.path, objective.src, self.project.school.ways)
        for goal in self.plan.goals:
            self._levels(goal.src, self.project.school.settings.scale)

    def _levels(self, rec: Rec, scale: tuple[str, ...]) -> None:
        settings = rec.get("mastery", {})
        level = settings.get("level")
        if level is not None and vocabulary.canonical(level, scale) is None:
            self.add(settings.at["level"], self._level_message(level, scale), "unknown-level")

    def _level_message(self, level: str, scale: tuple[str, ...]) -> str:
        if invisible.find(level):
            return f"level '{level}' is not in the mastery scale{invisible.note(level)}"
        hint = suggest(level, scale) or f"the scale is {', '.join(scale)}"
        return f"level '{level}' is not in the mastery scale — {hint}"

    def _prerequisites(self) -> None:
        graph: dict[str, list[str]] = {}
        for ref, objective in self.plan.objectives.items():
            graph[ref] = []
            own = objective.src.get("requires", [])
            for required in objective.requires:
                at = own.at[own.index(required)] if required in own else objective.src.at["skill"]
                if required in self.plan.objectives:
                    graph[ref].append(required)
                elif required in own and "/" not in required:
                    hint = (
                        suggest(required, self.plan.objectives) or "no such objective in the plan"
                    )
                    self.add(at, f"requires '{required}': {hint}", "unknown-objective")
                elif find(self.project, required) is None:
                    if required.partition("/")[0] not in self.broken and required in own:
                        self.found.append(unknown_skill(self.project, self.plan.path, at, required))
                else:
                    self.add(
                        at,
                        f"'{ref}' requires '{required}', which is not in this plan; "
                        "it is treated as met",
                        "prerequisite-not-in-plan",
                        "warning",
                    )
        for cycle in cycles(graph):
            objective = self.plan.objectives[cycle[0]]
            own = objective.src.get("requires", [])
            at = own.at[own.index(cycle[1])] if cycle[1] in own else objective.src.at["skill"]
            self.add(at, "prerequisites form a cycle: " + " → ".join(cycle), "prerequisite-cycle")

    def _evidence(self) -> None:
        for entry in self.plan.evidence:
            at = entry.src.at
            objective = self.plan.objectives.get(entry.objective)
            scale = objective.settings.scale if objective else self.project.school.settings.scale
            if "level" in entry.src and entry.level not in scale:  # none is allowed
                where = _hidden_at(at["level"], entry.level)
                self.add(where, self._level_message(entry.level, scale), "unknown-level")
            if objective is None:
                hint = suggest(entry.objective, self.plan.objectives) or (
                    "it must be one of the plan's objectives"
                )
                self.add(
                    at["objective"],
                    f"objective '{entry.objective}' is not in this plan — {hint}",
                    "unknown-objective",
                )
            if entry.kind not in self.project.school.kinds:
                where = _hidden_at(at["kind"], entry.kind)
                self.add(where, self._kind_message(entry.kind), "unknown-kind", "warning")
            self._author(entry.by, at["by"], _role_of(entry.kind))
            self._future(entry.date, at["date"], "evidence")
            if entry.file:
                self._file(entry.file, at["file"])
            links.check(self.found, self.plan.path, entry.src)

    def _kind_message(self, kind: str) -> str:
        """An unknown kind still builds (kinds were free text once): say how to settle it."""
        kinds = self.project.school.kinds
        hint = suggest(kind, kinds)
        hint = f"{hint} If not, add" if hint else "to keep it, add"
        if invisible.find(kind):
            return f"'{kind}' is not one of the evidence kinds{invisible.note(kind)}"
        return (
            f"'{kind}' is not one of the evidence kinds ({', '.join(kinds)}) — {hint} it to "
            f"the school's kinds: \"evidence_kinds: {{{vocabulary.key(kind) or 'kind'}: "
            f'{{en: {scalar(kind)}}}}}" in plans/school.yml; it is shown as written until then'
        )

    def _reflections(self) -> None:
        for reflection in self.plan.reflections:
            self._author(reflection.by, reflection.src.at["by"])
            self._future(reflection.date, reflection.src.at["date"], "reflection")

    def _author(self, name: str, at: Pos, role: str = "parent") -> None:
        names = self.names
        if name not in names:
            hint = suggest(name, names)
            if hint:
                message = f"'{name}' is not among the plan's authors — {hint}{invisible.note(name)}"
            else:  # a new person: show the exact line to add, and the command that adds it
                message = (
                    f"'{name}' is not among the plan's authors ({', '.join(names)}) — add "
                    f'"- {{name: {scalar(name)}, role: {role}}}" under authors: with the right '
                    "role (teacher, parent, student or other), or run learnpath author add "
                    f"{self.plan.id} --name {shlex.quote(name)} --role {role}"
                )
            self.add(at, message, "unknown-author")

    def _future(self, day: dt.date, at: Pos, what: str) -> None:
        if day > self.today:
            self.add(
                at, f"{what} is dated {day}, after today ({self.today})", "future-date", "warning"
            )

    def _file(self, name: str, at: Pos) -> None:
        found = files.locate(self.project.root, self.plan.id, name)
        if found.rule:
            self.add(at, found.message, found.rule, found.level)

    def _goal_dates(self) -> None:
        for goal in self.plan.goals:
            if goal.start and goal.target and goal.span is None:
                self.add(
                    goal.src.at["target"],
                    f"target {goal.target} is not after start {goal.start}",
                    "bad-date",
                )

    def _locked_evidence(self) -> None:
        """Each counted entry dated before its objective's prerequisites were mastered, at
        whatever level: a `proficient` entry must not quietly unlock the path."""
        for entry, blocked in mastery.locked_evidence(self.plan):
            self.add(
                entry.src.at["objective"],
                f"evidence on '{entry.objective}' dated {entry.date}, when it was locked until "
                f"{', '.join(blocked)} {'was' if len(blocked) == 1 else 'were'} mastered",
                "evidence-on-locked",
                "warning",
            )


def _hidden_at(at: Pos, text: str) -> Pos:
    """Where an invisible character in a one-line value is, else the value's position."""
    hidden = invisible.find(text)
    return (at[0], at[1] + hidden[0]) if hidden and "\n" not in text else at


def _role_of(kind: str) -> str:
    """The likely role of someone new recording evidence of this kind, for the hint."""
    return "student" if kind == "self-assessment" else "parent"
