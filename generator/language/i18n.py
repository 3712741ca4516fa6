"""Our labels in the student's language: one catalogue per language in templates/locales/.

A label is one text with {placeholders}; a label that counts something may instead give one
text per plural form of its language (CLDR's categories: one, few, many, other...), and Babel
picks the form for the number. `problems()` checks every catalogue, so a broken one is a
located problem in `validate` and never an error in the middle of a build.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.plural import PluralRule

from generator import ROOT
from generator.base.hints import closest, suggest
from generator.language import theme_labels
from generator.load import Map, Scalar, load_file
from generator.problem import Level, Problem

LOCALES = ROOT / "templates" / "locales"
FALLBACK = "en"
# CLDR's plural categories, in CLDR's order.
FORMS = ("zero", "one", "two", "few", "many", "other")
# Labels that count something, and the placeholder whose number picks the plural form.
PLURAL_BY = {
    "n_of_m_mastered": "m",
    "counted_evidence": "n",
    "result_count": "count",
    "rule_n_mastery": "count",
    "graph_objectives": "n",
    "graph_mastered": "n",
    "graph_in_progress": "n",
    "graph_ready": "n",
    "graph_locked": "n",
    **{f"add_n_{what}": "n" for what in ("observations", "self", "reflections", "whys")},
    **{f"add_n_{what}": "n" for what in ("interests", "photos")},
}
# The placeholders the code fills in, label by label (a label not listed takes those of its
# English text): a typo such as {nmae} is caught here rather than failing the build.
PLACEHOLDERS = {
    "site_title": {"name"},
    "hello": {"name"},
    "as_of": {"date"},
    "n_of_m_mastered": {"n", "m"},
    "about": {"name"},
    "counted_evidence": {"n"},
    "result_value": {"score", "level", "evidence"},
    "result_count": {"score", "count", "level", "evidence"},
    "locked_because": {"items"},
    "file_not_published": {"name"},
    "by": {"name", "role"},
    "path_graph_title": {"name"},
    "graph_desc": {"objectives", "mastered", "in_progress", "ready", "locked"},
    **{f"graph_{status}": {"n"} for status in ("objectives", "mastered", "in_progress")},
    **{f"graph_{status}": {"n"} for status in ("ready", "locked")},
    "report_title": {"name"},
    "report_intro": {"grade", "date"},
    "report_intro_no_grade": {"date"},
    **{f"method_{m}": {"who"} for m in ("latest", "highest", "average")},
    **{f"method_{m}": {"who", "weight"} for m in ("weighted_average", "decaying_average")},
    "rule_text": {"method", "level"},
    "rule_n_mastery": {"count", "who", "level"},
    "add_intro": {"name"},
    "add_teacher_intro": {"name"},
    "add_summary": {"items", "name"},
    "add_missing": {"what"},
    "add_received_item": {"date", "what", "who"},
}
Label = str | dict[str, str]


@dataclass
class Catalogue:
    """The labels of one file that passed every check, and the problems of the others."""

    labels: dict[str, Label] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # every label the file has, good or not
    order: list[str] = field(default_factory=list)  # the labels in the file's order


@cache
def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


def site_language(code: str) -> str:
    """The language a site is written in for a plan or school asking for `code`: that one
    when we have its labels, else English (validate warns about a language we lack)."""
    return code if code in languages() else FALLBACK


@cache
def catalog(language: str) -> dict[str, Label]:
    """The language's labels over English ones, so a missing or broken label never leaves a
    hole: the English text shows instead."""
    english = _catalogue(FALLBACK)
    if language == FALLBACK or language not in languages():
        return english.labels
    return {**english.labels, **_catalogue(language).labels}


def text(labels: dict[str, Label], key: str) -> str:
    """A label that counts nothing (not in PLURAL_BY): its one text."""
    label = labels[key]
    return label if isinstance(label, str) else label["other"]


def problems() -> list[Problem]:
    """Every problem of every catalogue, located in its file."""
    found = list(_catalogue(FALLBACK).problems)
    for language in languages():
        if language != FALLBACK:
            found += _catalogue(language).problems
    return found + theme_labels.problems()


def _catalogue(language: str) -> Catalogue:
    """A catalogue read and checked, as a translation of English unless it is English."""
    if language == FALLBACK:
        return _read_checked(FALLBACK, _stamp(FALLBACK), None)
    return _read_checked(language, _stamp(language), _stamp(FALLBACK))


Stamp = tuple[str, int, int] | tuple[str]  # a catalogue file and its version (or none)


def _stamp(language: str) -> Stamp:
    """Which file, and which version of it: a catalogue edited since it was read is read
    again (`serve`, and tests that edit one)."""
    path = LOCALES / f"{language}.yml"
    try:
        stat = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), stat.st_mtime_ns, stat.st_size)


@cache
def _read_checked(language: str, stamp: Stamp, english: Stamp | None) -> Catalogue:
    """Each catalogue is read and checked once per process and version of its file:
    `validate` checks them all before a build's workers start, and the workers share the
    result instead of each reading every file again."""
    reference = None if english is None else _read_checked(FALLBACK, english, None)
    return _checked(language, reference)


def choose(label: Label, key: str, language: str, params: dict[str, object]) -> str:
    """The text of a label for these parameters: its plural form for the counted number."""
    if isinstance(label, str):
        return label
    count = params[PLURAL_BY[key]]
    form = plural_rule(language)(count) if isinstance(count, int) else "other"
    return label.get(form, label["other"])


@cache
def plural_rule(language: str) -> PluralRule:
    try:
        return Locale.parse(language, sep="-").plural_form
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK).plural_form


@cache
def numbers(language: str, form: str) -> tuple[int, ...]:
    """Whole numbers up to 200 (or a million) that take this plural form: some forms are
    for one number only (Arabic's "two"), others for many (Russian's "one": 1, 21, 31…).
    CLDR's rules for whole numbers look at n, n % 10 and n % 100, so 0-200 shows every form
    a count takes, and twelve catalogues are checked in a few milliseconds, not a second."""
    rule = plural_rule(language)
    found = tuple(n for n in range(201) if rule(n) == form)
    return found or tuple(n for n in (10**6,) if rule(n) == form)


def _examples(language: str, form: str) -> str:
    found = numbers(language, form)
    if not found:
        return "fractions"
    return ", ".join(f"{n:,}" for n in found[:3]) + ("…" if len(found) > 3 else "")


def _display(path: Path) -> str:
    return f"templates/locales/{path.name}"


def _checked(language: str, reference: Catalogue | None) -> Catalogue:
    """One catalogue checked on its own, or (`reference` given) as a translation of English."""
    path = LOCALES / f"{language}.yml"
    document = load_file(path, _display(path))
    result = Catalogue(problems=list(document.problems))
    tree = document.tree
    if tree is None:
        return result
    checker = _Checker(result, _display(path), language, reference)
    result.order = list(tree) if isinstance(tree, Map) else []
    result.keys = set(result.order)
    if not isinstance(tree, Map):
        checker.add(tree.line, tree.column, "a catalogue is a mapping of label: text", "wrong-type")
        return result
    checker.language_known()
    for key, value in tree.items():
        checker.label(key, tree.key_pos[key], value)
    checker.missing(tree)
    return result


class _Checker:
    """The checks of one catalogue file; good labels go to `result.labels`."""

    def __init__(
        self, result: Catalogue, path: str, language: str, reference: Catalogue | None
    ) -> None:
        self.result, self.path, self.language, self.reference = result, path, language, reference

    def add(self, line: int, column: int, message: str, rule: str, level: Level = "error") -> None:
        problem = Problem(self.path, line, column, level, message, rule)
        self.result.problems.append(problem)

    def language_known(self) -> None:
        try:
            Locale.parse(self.language, sep="-")
        except (UnknownLocaleError, ValueError):
            self.add(
                1,
                1,
                f"'{self.language}' is not a language code Babel knows; name the file after "
                "one, such as es.yml or pt-BR.yml",
                "bad-label",
            )

    def label(self, key: str, at: tuple[int, int], value: object) -> None:
        if self.reference is not None and key not in self.reference.keys:
            hint = suggest(key, self.reference.keys) or "English has no such label"
            self.add(*at, f"unknown label '{key}' — {hint}", "unknown-key")
            return
        if isinstance(value, Scalar):
            if self._text(key, value):
                self.result.labels[key] = value.text
        elif isinstance(value, Map) and key in PLURAL_BY:
            forms = self._forms(key, value, at)
            if forms:
                self.result.labels[key] = forms
        else:
            how = "a text, or one text per plural form" if key in PLURAL_BY else "one text"
            self.add(*at, f"label '{key}' must be {how}", "wrong-type")

    def _forms(self, key: str, value: Map, at: tuple[int, int]) -> dict[str, str]:
        known = set(plural_rule(self.language).tags) | {"other"}
        ok = True
        for form, text in value.items():
            where = value.key_pos[form]
            if form not in known:
                forms = ", ".join(sorted(known))
                self.add(
                    *where,
                    f"'{form}' is not a plural form of '{self.language}' (its forms: {forms})",
                    "bad-label",
                )
                ok = False
            elif not isinstance(text, Scalar):
                self.add(*where, f"plural form '{form}' of '{key}' must be a text", "wrong-type")
                ok = False
            else:
                ok = self._text(key, text, form) and ok
        self._missing_forms(key, value, at)
        if "other" not in value:
            self.add(
                *at, f"label '{key}' needs an 'other' form, used for most numbers", "bad-label"
            )
            ok = False
        return {form: text.text for form, text in value.items()} if ok else {}

    def _missing_forms(self, key: str, value: Map, at: tuple[int, int]) -> None:
        """A text per plural form is a promise to give every form the language has."""
        for form in FORMS[:-1]:
            if form in plural_rule(self.language).tags and form not in value:
                self.add(
                    *at,
                    f"label '{key}' has no '{form}' form, which '{self.language}' uses for "
                    f"{_examples(self.language, form)}; the site shows the 'other' text there",
                    "missing-label",
                    "warning",
                )

    def _text(self, key: str, value: Scalar, form: str | None = None) -> bool:
        """Whether the text's placeholders are usable: known names, no format tricks."""
        try:
            parsed = list(string.Formatter().parse(value.text))
        except ValueError:
            self.add(
                value.line,
                value.column,
                f"label '{key}' has an unmatched '{{' or '}}'; write '{{{{' or '}}}}' for a brace",
                "bad-label",
            )
            return False
        allowed = self._allowed(key)
        for _, name, spec, conversion in parsed:
            # {name.attr}, {name!r} or {name:>9} could reach into objects or pad the page.
            plain = name is None or (name.isidentifier() and not spec and not conversion)
            if not plain or (name is not None and allowed is not None and name not in allowed):
                self._unknown_placeholder(key, str(name), allowed or set(), value)
                return False
        self._left_out(key, value, form, {name for _, name, _, _ in parsed if name})
        if self.reference is not None and not value.text.strip():
            self.add(
                value.line,
                value.column,
                f"label '{key}' is empty; the site shows the English text instead",
                "missing-label",
                "warning",
            )
            return False
        return True

    def _left_out(self, key: str, value: Scalar, form: str | None, used: set[str]) -> None:
        """A translation keeps the English text's placeholders: a date or a name left out
        is information the family does not get. Only a plural form for one number (Arabic's
        "two": "هدفان") may leave out the number, as the word says it."""
        if self.reference is None:
            return
        english = self.reference.labels.get(key, "")
        texts = english.values() if isinstance(english, dict) else [english]
        needed = {n for t in texts for _, n, _, _ in string.Formatter().parse(t) if n}
        if form is not None and len(numbers(self.language, form)) == 1:
            needed.discard(PLURAL_BY[key])
        missing = ", ".join(f"{{{n}}}" for n in sorted(needed - used))
        if missing:
            which = f"the '{form}' form of label '{key}'" if form else f"label '{key}'"
            self.add(
                value.line,
                value.column,
                f"{which} leaves out {missing}, which the English text shows; keep every "
                "placeholder",
                "missing-label",
                "warning",
            )

    def _allowed(self, key: str) -> set[str] | None:
        if key in PLACEHOLDERS:
            return PLACEHOLDERS[key]
        if self.reference is None:
            return None  # English defines its own new labels
        english = self.reference.labels.get(key, "")
        texts = english.values() if isinstance(english, dict) else [english]
        return {n for t in texts for _, n, _, _ in string.Formatter().parse(t) if n}

    def _unknown_placeholder(self, key: str, name: str, allowed: set[str], value: Scalar) -> None:
        known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
        close = closest(name, sorted(allowed))
        hint = f"did you mean '{{{close}}}'?" if close is not None else f"it may use: {known}"
        self.add(
            value.line,
            value.column,
            f"'{{{name}}}' is not a placeholder of label '{key}' — {hint}",
            "bad-label",
        )

    def missing(self, tree: Map) -> None:
        """Each label English has and this file lacks, at the line it would follow."""
        if self.reference is None:
            return
        at, after = (tree.line, tree.column), "at the top"
        for key in self.reference.order:
            if key in tree:
                at, after = tree.key_pos[key], f"after '{key}'"
                continue
            self.add(
                *at,
                f"label '{key}' is missing ({after}); the site shows the English text instead",
                "missing-label",
                "warning",
            )
