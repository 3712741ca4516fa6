"""Stage 2a, shape: check a loaded tree against its schema Record, produce typed values.

Every problem of structure is collected (unknown and missing keys, wrong types, bad dates,
choices); the result holds what could be read, typed, each value still knowing its position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.base import invisible, vocabulary
from generator.base.hints import suggest  # also imported from here by crossref and the importer
from generator.checking import schema
from generator.load import Map, Scalar, Seq, Value
from generator.problem import Level, Problem

Pos = tuple[int, int]
NULLS = {"", "~", "null", "Null", "NULL"}
SMART_QUOTES = "“‘„‚«"  # opening quotes a word processor puts where YAML wants " or '


class Rec(dict[str, Any]):
    """A checked record: typed values, `pos` of the record, `at[key]` position of each value."""

    __slots__ = ("pos", "at")  # no __dict__ for each of many

    pos: Pos
    at: dict[str, Pos]


class Items(list[Any]):
    """A checked list: typed items, `pos` of the list, `at[i]` position of each item."""

    __slots__ = ("pos", "at")

    pos: Pos
    at: list[Pos]


@dataclass
class Shaper:
    """Checks one file's tree; problems go to `problems` with the file's display path."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def record(self, value: Value, record: schema.Record) -> Rec:
        out = Rec()
        out.pos, out.at = (value.line, value.column), {}
        if not isinstance(value, Map):
            self._wrong(value, f"a mapping of {record.name} fields")
            return out
        fields, at, nulls, named = record.fields, out.at, [], []
        for key, item in value.items():
            spec = fields.get(key)
            if spec is None:
                self._unknown_key(value, key, record)
                named.append(invisible.INVISIBLE.sub("", key))  # reported once, not also missing
                continue
            if item.__class__ is Scalar and item.plain and item.text in NULLS:  # _is_null, inline
                nulls.append(key)
                continue
            checked = self.kind(item, spec.kind)
            if checked is not None:
                out[key], at[key] = checked, (item.line, item.column)
        self._missing(value, record, nulls, named)
        return out

    def kind(self, value: Value, kind: schema.Kind) -> Any:
        """Check `value` against `kind`; return the typed value or None after a problem."""
        if isinstance(kind, schema.Text) and isinstance(value, Scalar):  # the usual case, first
            return self._text(value, kind)
        if isinstance(kind, schema.Record):
            return self.record(value, kind)
        if isinstance(kind, schema.ListOf):
            return self._list(value, kind)
        if isinstance(kind, schema.MapOf):
            return self._map(value, kind)
        if isinstance(kind, schema.TextOr):
            return (
                self.record(value, kind.record) if isinstance(value, Map) else self._text_or(value)
            )
        if not isinstance(value, Scalar):
            self._wrong(value, _expected(kind))
            return None
        if isinstance(kind, schema.Text):
            return self._text(value, kind)
        if isinstance(kind, schema.Integer):
            return self._integer(value, kind)
        if isinstance(kind, schema.Day):
            return self._day(value, kind)
        if value.plain and value.text in ("true", "false"):
            return value.text == "true"
        self._wrong(value, "true or false")
        return None

    def _list(self, value: Value, kind: schema.ListOf) -> Items | None:
        if isinstance(value, Map) and isinstance(kind.item, schema.Record):
            found = f"expected a list of {_expected(kind.item)}, found a mapping"
            hint = " — each item of a list starts with '- ' (a dash and a space)"
            self.add(value, found + hint, "wrong-type")
            return None
        if not isinstance(value, Seq):
            self._wrong(value, f"a list of {_expected(kind.item)}")
            return None
        out = Items()
        out.pos, out.at = (value.line, value.column), []
        for item in value:
            checked = None if _is_null(item) else self.kind(item, kind.item)
            if checked is not None:
                out.append(checked)
                out.at.append((item.line, item.column))
        if len(value) < kind.min_items:
            self.add(value, f"needs at least {kind.min_items} item(s)", "missing-key")
        if value.flow and schema.sentences(kind.item):
            for run in sentence_splits(value):
                self._split_sentence(value, run)
        return out

    def _split_sentence(self, value: Seq, run: range) -> None:
        parts = [value[i].text for i in run]
        joined = ", ".join(parts)
        message = (
            f"{' + '.join(repr(p) for p in parts)} read as one sentence cut at its comma: in "
            f'[brackets] a comma starts a new item; write it in quotes: "{joined}" '
            "(learnpath fix does it)"
        )
        self.add(value[run[0]], message, "split-sentence", "warning")

    def _map(self, value: Value, kind: schema.MapOf) -> Rec | None:
        if not isinstance(value, Map):
            self._wrong(value, _expected(kind))
            return None
        out = Rec()
        out.pos, out.at = (value.line, value.column), {}
        for key, item in value.items():
            if not _matcher(kind.key_pattern)(key):
                self._at_key(
                    value, key, f"expected {kind.key_expected}, found '{key}'", "wrong-type"
                )
                continue
            checked = None if _is_null(item) else self.kind(item, kind.value)
            if checked is not None:
                out[key], out.at[key] = checked, (item.line, item.column)
        return out

    def _text(self, value: Scalar, kind: schema.Text) -> str | None:
        text = value.text
        if kind.choices and text not in kind.choices:
            spelled = vocabulary.canonical(text, kind.choices)
            if spelled is not None or kind.open:
                return spelled or text
            hint = suggest(text, kind.choices) or f"expected one of: {', '.join(kind.choices)}"
            self.add(value, f"'{text}' is not allowed here — {hint}", kind.rule)
            return None
        if kind.pattern and not _matcher(kind.pattern)(text):
            self._wrong(value, kind.expected)
            return None
        return text

    def _text_or(self, value: Value) -> str | None:
        if isinstance(value, Scalar):
            return value.text
        self._wrong(value, "a text, or a mapping with text: and ways:")
        return None

    def _integer(self, value: Scalar, kind: schema.Integer) -> int | None:
        if not (value.plain and _matcher(r"-?[0-9]+")(value.text)):
            self._wrong(value, f"a whole number from {kind.minimum} to {kind.maximum}")
            return None
        digits = value.text.lstrip("-")
        if len(digits) > 18:  # Python refuses int() past 4,300 digits; no setting needs 19
            shown = f"{value.text[:8]}...{value.text[-1]} ({len(digits)} digits)"
            message = f"{shown} is out of range; expected {kind.minimum} to {kind.maximum}"
            self.add(value, message, "bad-setting")
            return None
        number = int(value.text)
        if not kind.minimum <= number <= kind.maximum:
            message = f"{number} is out of range; expected {kind.minimum} to {kind.maximum}"
            self.add(value, message, "bad-setting")
            return None
        return number

    def _day(self, value: Scalar, kind: schema.Day) -> dt.date | None:
        try:
            if _matcher(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")(value.text):
                day = dt.date.fromisoformat(value.text)
                first, last = kind.usual
                if not first <= value.text <= last:  # ISO dates sort as text
                    message = (
                        f"{value.text} is not between {first} and {last}: is the year a typo? "
                        "Write the year in full, e.g. 2026-10-02"
                    )
                    self.add(value, message, "unlikely-date", "warning")
                return day
        except ValueError:
            self.add(value, f"'{value.text}' is not a real date", "bad-date")
            return None
        self.add(value, f"expected a date like 2026-10-02, found '{value.text}'", "bad-date")
        return None

    def _unknown_key(self, value: Map, key: str, record: schema.Record) -> None:
        hint = suggest(key, record.fields) or f"known keys: {', '.join(record.fields)}"
        message = f"unknown key '{key}' in {record.name} — {hint}"
        if hidden := invisible.find(key):
            line, column = value.key_pos[key]
            message = f"unknown key '{key}' in {record.name}{invisible.note(key)}"
            self.problems.append(
                Problem(self.path, line, column + hidden[0], "error", message, "unknown-key")
            )
            return
        self._at_key(value, key, message, "unknown-key")

    def _at_key(self, value: Map, key: str, message: str, rule: str) -> None:
        """An error located at a key (rather than at its value)."""
        line, column = value.key_pos[key]
        self.problems.append(Problem(self.path, line, column, "error", message, rule))

    def _missing(
        self, value: Map, record: schema.Record, nulls: list[str], named: list[str]
    ) -> None:
        for key in record.required:
            if (key not in value or key in nulls) and key not in named:
                spec = record.fields[key]
                self.add(
                    value,
                    f"{record.name} is missing '{key}' ({spec.doc.rstrip('.').lower()})",
                    "missing-key",
                )
        if record.one_of and not any(k in value and k not in nulls for k in record.one_of):
            names = " or ".join(f"'{k}'" for k in record.one_of)
            self.add(value, f"{record.name} needs {names}", "missing-key")

    def _wrong(self, value: Value, expected: str) -> None:
        self.add(value, f"expected {expected}, found {_describe(value)}", "wrong-type")

    def add(
        self, value: Value | Rec | Items, message: str, rule: str, level: Level = "error"
    ) -> None:
        line, column = value.pos if isinstance(value, (Rec, Items)) else (value.line, value.column)
        if isinstance(value, Scalar) and (hidden := invisible.find(value.text)):
            message += invisible.note(value.text)
            if "\n" not in value.text[: hidden[0]]:  # on the value's first line: point at it
                column += hidden[0] + (not value.plain)
        if isinstance(value, Scalar) and value.plain and value.text[:1] in tuple(SMART_QUOTES):
            message += (
                f" — {value.text[0]} is a typographic quote from a word processor, kept as part "
                "of the text; YAML quotes are straight: \" or '"
            )
        self.problems.append(Problem(self.path, line, column, level, message, rule))


@cache
def _matcher(pattern: str) -> Callable[[str], re.Match[str] | None]:
    """The compiled pattern's fullmatch: re's own cache costs a lookup of its key per call."""
    return re.compile(pattern).fullmatch


def _is_null(value: Value) -> bool:
    return isinstance(value, Scalar) and value.plain and value.text in NULLS


def sentence_splits(items: Seq) -> list[range]:
    """Runs of unquoted items of a [flow list] that read as one sentence the list's commas cut:
    `[At the store, round prices to the nearest ten.]` is one family tip, not two. A run
    starts with a capital and each later item starts in lower case; the last is a clause of
    three words or more that ends a sentence (so `[Horses, drawing]` and `[Lego, maps.]`, two
    interests each, are not one)."""
    runs, start = [], None
    for i, item in enumerate(items):
        plain = isinstance(item, Scalar) and item.plain and item.text
        if plain and start is not None and item.text[0].islower():
            if _ends_sentence(item.text) and len(item.text.split()) >= 3:  # a clause
                runs.append(range(start, i + 1))
                start = None
            continue
        start = i if plain and item.text[0].isupper() and not _ends_sentence(item.text) else None
    return runs


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…"))


def _expected(kind: schema.Kind) -> str:
    if isinstance(kind, schema.Record):
        return f"a mapping of {kind.name} fields"
    if isinstance(kind, schema.ListOf):
        return f"a list of {_expected(kind.item)}"
    if isinstance(kind, schema.MapOf):
        return f"a mapping from {kind.key_expected} to {_expected(kind.value)}"
    if isinstance(kind, schema.Text):
        return kind.expected
    if isinstance(kind, schema.TextOr):
        return f"a text or {_expected(kind.record)}"
    if isinstance(kind, schema.Integer):
        return "a whole number"
    return "a date like 2026-10-02" if isinstance(kind, schema.Day) else "true or false"


def _describe(value: Value) -> str:
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    text = value.text if len(value.text) <= 40 else value.text[:37] + "..."
    return f"'{text}'"
