"""Re-importing into an existing library by editing its text, never by re-writing it.

The import owns the `title`, `standard`, `description`, `group` and `case_id` of the skills it
wrote (a skill typed by hand, found by its standard code, keeps its words and only gains what
it lacks), and adds the `requires` the framework gives; everything else in the file
(translations, family tips, activities, comments, the school's own skills and prerequisites)
keeps every byte. Only the lines of a changed value are replaced; new keys and new skills are
inserted as lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.load import Map, Scalar, Seq
from generator.problem import Problem
from generator.standards import library
from generator.standards.package import Framework
from generator.standards.selection import Imported


@dataclass
class Edit:
    start: int  # 0-based line index
    end: int  # exclusive; == start for an insertion
    lines: list[str]
    order: int = 0


@dataclass
class Update:
    """The new text, what changed (for people), and the problems found."""

    text: str
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    code_changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> old, new
    removed: list[tuple[str, Scalar, bool]] = field(default_factory=list)  # id, where, in framework


class Updater:
    def __init__(self, text: str, tree: Map, display: str, framework: Framework) -> None:
        self.text, self.tree, self.display, self.framework = text, tree, display, framework
        self.lines = text.splitlines(keepends=True)
        self.nl = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[Edit] = []
        self.result = Update(text)
        self.skills: list[Map] = [s for s in tree.get("skills", []) if isinstance(s, Map)]

    def run(self, imported: list[Imported]) -> Update:
        mismatch = self._framework_check()
        if mismatch:
            self.result.problems.append(mismatch)
            return self.result
        matches = self._match(imported)
        ids = self._final_ids(imported, matches)
        anchor: int | None = None
        for skill in imported:
            existing = matches.get(skill.item.identifier)
            requires = [ids[r] for r in skill.requires]
            if existing is not None:
                self._refresh(existing, skill, requires)
                anchor = self._skill_end(existing)
            else:
                self._insert_skill(skill, ids[skill.item.identifier], requires, anchor)
        self._report_removed(imported)
        self.result.text = self._apply()
        return self.result

    # ---- matching ------------------------------------------------------------------------

    def _framework_check(self) -> Problem | None:
        own = self.tree.get("case_id")
        if isinstance(own, Scalar) and own.text != self.framework.identifier:
            message = (
                f"this library was imported from the CASE framework '{own.text}', not from "
                f"'{self.framework.identifier}' ({self.framework.display}); nothing was changed"
            )
            return Problem(self.display, own.line, own.column, "error", message, "case-mismatch")
        if own is None:
            title = self.tree.get("title")
            line = (title.line if isinstance(title, Scalar) else 1) - 1
            self.edits.append(Edit(line + 1, line + 1, [f"case_id: {self.framework.identifier}"]))
        return None

    def _match(self, imported: list[Imported]) -> dict[str, Map]:
        """Existing skills by CASE identifier, else by their standard code."""
        by_case = {_text(s.get("case_id")): s for s in self.skills if _text(s.get("case_id"))}
        by_code = {
            _text(s.get("standard")).casefold(): s
            for s in self.skills
            if _text(s.get("standard")) and not _text(s.get("case_id"))
        }
        matches = {}
        for skill in imported:
            found = by_case.get(skill.item.identifier) or by_code.pop(
                skill.item.code.casefold() if skill.item.code else "\0", None
            )
            if found is not None:
                matches[skill.item.identifier] = found
        return matches

    def _final_ids(self, imported: list[Imported], matches: dict[str, Map]) -> dict[str, str]:
        """Existing skills keep their ids (plans use them); new ones avoid the ids in use."""
        used = {_text(s.get("id")) for s in self.skills}
        ids = {}
        for skill in imported:
            existing = matches.get(skill.item.identifier)
            if existing is not None:
                ids[skill.item.identifier] = _text(existing.get("id"))
                continue
            candidate, n = skill.id, 1
            while candidate in used:
                n += 1
                candidate = f"{skill.id}-{n}"
            used.add(candidate)
            ids[skill.item.identifier] = candidate
        return ids

    # ---- a skill that is already there -----------------------------------------------------

    def _refresh(self, existing: Map, skill: Imported, requires: list[str]) -> None:
        skill_id = _text(existing.get("id"))
        if existing.flow:
            self.result.notes.append(f"{skill_id}: written on one line, so not updated")
            return
        indent = existing.key_pos["id"][1] - 1
        changed = []
        after = "id"
        # A skill the school typed itself (found by its code, no case_id yet) keeps its words;
        # it only gains what it lacks. A skill the import wrote follows the framework.
        adopted = "case_id" not in existing
        for key in library.IMPORTED_KEYS:
            new = library.field_value(skill, key)
            old = existing.get(key)
            if adopted and old is not None:
                new = ""
            if new and (not isinstance(old, Scalar) or old.text != new):
                new_lines = library.field_lines(key, new, indent)
                if old is None:
                    end = self._key_end(existing, after)
                    self.edits.append(Edit(end, end, new_lines, len(self.edits)))
                else:
                    self.edits.append(Edit(*self._key_region(existing, key), new_lines))
                changed.append(key)
                if key == "standard" and isinstance(old, Scalar):
                    self.result.code_changes[skill_id] = (old.text, new)
            if key in existing:
                after = key
        changed += self._add_requires(existing, requires, indent, after)
        if changed:
            self.result.notes.append(f"updated {skill_id}: {', '.join(changed)}")

    def _add_requires(
        self, existing: Map, requires: list[str], indent: int, after: str
    ) -> list[Any]:
        old = existing.get("requires")
        have = (
            {r.text.rpartition("/")[2] for r in old if isinstance(r, Scalar)}
            if isinstance(old, Seq)
            else set()
        )
        new = [r for r in requires if r not in have]
        if not new:
            return []
        if isinstance(old, Seq) and old and not old.flow:
            last = old[-1]
            dash = self.lines[last.line - 1].index("-")
            self.edits.append(Edit(last.line, last.line, [" " * dash + f"- {r}" for r in new]))
        elif isinstance(old, Seq) and old:
            start, end = self._key_region(existing, "requires")
            line = self.lines[end - 1].rstrip("\r\n")
            close = line.rindex("]")
            joined = line[:close] + ", " + ", ".join(new) + line[close:]
            self.edits.append(Edit(end - 1, end, [joined]))
        else:
            new_line = [" " * indent + f"requires: [{', '.join(new)}]"]
            if "requires" in existing:
                self.edits.append(Edit(*self._key_region(existing, "requires"), new_line))
            else:
                end = self._key_end(existing, after)
                self.edits.append(Edit(end, end, new_line, len(self.edits)))
        return ["requires"]

    # ---- new skills and removed ones -------------------------------------------------------

    def _insert_skill(
        self, skill: Imported, skill_id: str, requires: list[str], anchor: int | None
    ) -> None:
        indent = self.skills[0].key_pos["id"][1] - 1 if self.skills else 4
        skill.id = skill_id
        block = library.skill_lines(skill, requires, indent)
        at = anchor if anchor is not None else self._list_end()
        self.edits.append(Edit(at, at, [""] + block, len(self.edits)))
        self.result.notes.append(f"added {skill_id}")

    def _report_removed(self, imported: list[Imported]) -> None:
        chosen = {skill.item.identifier for skill in imported}
        for existing in self.skills:
            case_id = existing.get("case_id")
            if isinstance(case_id, Scalar) and case_id.text not in chosen:
                self.result.removed.append(
                    (_text(existing.get("id")), case_id, case_id.text in self.framework.items)
                )

    # ---- where things are ------------------------------------------------------------------

    def _skill_end(self, skill: Map) -> int:
        """Line index just past a skill's last line of content."""
        index = self.skills.index(skill)
        if index + 1 < len(self.skills):
            return self._trim(self.skills[index + 1].line - 1)
        return self._list_end()

    def _list_end(self) -> int:
        later = [line for key, (line, _) in self.tree.key_pos.items() if key != "skills"]
        start = self.tree.key_pos["skills"][0]
        after = [line for line in later if line > start]
        return self._trim(min(after) - 1 if after else len(self.lines))

    def _key_region(self, skill: Map, key: str) -> tuple[int, int]:
        return skill.key_pos[key][0] - 1, self._key_end(skill, key)

    def _key_end(self, skill: Map, key: str) -> int:
        keys = sorted(skill.key_pos.values())
        start = skill.key_pos[key]
        later = [line for line, _ in keys if line > start[0]]
        return self._trim(later[0] - 1) if later else self._skill_end(skill)

    def _trim(self, end: int) -> int:
        """Step back over blank and comment lines: they belong to what follows."""
        while end > 0 and (
            not self.lines[end - 1].strip() or self.lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
        return end

    def _apply(self) -> str:
        lines = list(self.lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += self.nl
        ordered = sorted(self.edits, key=lambda e: (e.start, e.end > e.start, e.order))
        for edit in reversed(ordered):
            lines[edit.start : edit.end] = [line + self.nl for line in edit.lines]
        return "".join(lines)


def _text(value: object) -> str:
    return value.text if isinstance(value, Scalar) else ""
