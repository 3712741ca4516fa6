"""`learnpath schema`: the validator's own records as JSON Schema (draft 2020-12) for editors.

Generated, never written by hand: schema/*.schema.json are this module's output, committed so
that `# yaml-language-server: $schema=...` lines in plans can point at them.
"""

from __future__ import annotations

import json
from typing import Any

from generator.base import vocabulary
from generator.checking import schema

DOCUMENTS = {"plan": schema.PLAN, "school": schema.SCHOOL, "library": schema.LIBRARY}
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def document(name: str) -> str:
    """The JSON Schema of one file kind, as deterministic text."""
    record = DOCUMENTS[name]
    body = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"learnpath {name} (format version 1)",
        **_kind(record),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _kind(kind: schema.Kind) -> dict[str, Any]:
    if isinstance(kind, schema.Record):
        out: dict[str, Any] = {"type": "object", "additionalProperties": False}
        if kind.doc:
            out["description"] = kind.doc
        out["properties"] = {
            key: {**_kind(spec.kind), "description": spec.doc} for key, spec in kind.fields.items()
        }
        required = [key for key, spec in kind.fields.items() if spec.required]
        if required:
            out["required"] = required
        if kind.one_of:
            out["anyOf"] = [{"required": [key]} for key in kind.one_of]
        return out
    if isinstance(kind, schema.ListOf):
        out = {"type": "array", "items": _kind(kind.item)}
        return out | ({"minItems": kind.min_items} if kind.min_items else {})
    if isinstance(kind, schema.MapOf):
        return {
            "type": "object",
            "propertyNames": {"pattern": kind.key_pattern},
            "additionalProperties": _kind(kind.value),
        }
    if isinstance(kind, schema.TextOr):
        return {"anyOf": [_kind(schema.TEXT), _kind(kind.record)]}
    if isinstance(kind, schema.Text):
        if kind.choices:
            # The enum gives editors their completions; the pattern accepts what the
            # validator accepts (any case, spaces, underscores or hyphens), or any text.
            spelled: dict[str, Any] = {"type": "string"}
            if not kind.open:
                spelled["pattern"] = _spellings(kind.choices)
            return {"anyOf": [{"enum": list(kind.choices)}, spelled]}
        if kind.pattern:
            return {"type": "string", "pattern": kind.pattern}
        # Free text: `grade: 4` or `interests: [no]` are text to the validator too.
        return {"type": ["string", "number", "boolean"]}
    if isinstance(kind, schema.Integer):
        return {"type": "integer", "minimum": kind.minimum, "maximum": kind.maximum}
    if isinstance(kind, schema.Day):
        return {"type": "string", "pattern": DATE, "format": "date"}
    return {"type": "boolean"}


def _spellings(choices: tuple[str, ...]) -> str:
    """An ECMA-262 pattern (no flags) for every spelling vocabulary.key reads as a choice."""

    def word(choice: str) -> str:
        parts = vocabulary.key(choice).split("-")
        letters = ["".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in p) for p in parts]
        return r"[\s_-]+".join(letters)

    return r"^\s*(" + "|".join(word(c) for c in choices) + r")\s*$"
