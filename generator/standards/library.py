"""A new library's text, written the way a person writes one (see plans/library/math4.yml):
block style, one blank line between skills, plain scalars wherever YAML reads them back as the
same text, `requires` as a short flow list.
"""

from __future__ import annotations

import json
import re

from generator.standards.package import Framework
from generator.standards.selection import Imported

MODELINE = "# yaml-language-server: $schema=../../schema/library.schema.json"
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", ""}
# Characters YAML may not hold as they are, or reads as line breaks (NEL, LS, PS).
UNPRINTABLE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
# What YAML 1.1 or 1.2 would read as a number or a date: editors and other tools do.
NUMBER_LIKE = re.compile(
    r"[-+]?(\.inf|\.nan|0x[0-9a-f_]+|0o[0-7_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
    r"|(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)(e[-+]?[0-9]+)?)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([tT ].*)?",
    re.I,
)
IMPORTED_KEYS = ("title", "standard", "description", "group", "case_id")


def text(framework: Framework, skills: list[Imported], title: str, command: str) -> str:
    """The whole library file."""
    lines = [
        MODELINE,
        f"# Imported from the CASE framework {json.dumps(framework.title, ensure_ascii=False)}.",
        f"# To bring in its changes later: {command}",
        f"title: {scalar(title)}",
        f"case_id: {scalar(framework.identifier)}",
        "skills:",
    ]
    ids = {skill.item.identifier: skill.id for skill in skills}
    blocks = [
        "\n".join(skill_lines(skill, [ids[r] for r in skill.requires], 4)) for skill in skills
    ]
    return "\n".join(lines) + "\n" + "\n\n".join(blocks) + "\n"


def skill_lines(skill: Imported, requires: list[str], indent: int) -> list[str]:
    """One skill as `- id: ...` and its keys, each key `indent` spaces in."""
    pad = " " * indent
    lines = [f"{pad[:-2]}- id: {skill.id}"]
    for key in IMPORTED_KEYS:
        value = field_value(skill, key)
        if value:
            lines += field_lines(key, value, indent)
    if requires:
        lines.append(f"{pad}requires: [{', '.join(requires)}]")
    return lines


def field_value(skill: Imported, key: str) -> str:
    return {
        "title": skill.title,
        "standard": skill.item.code,
        "description": skill.description,
        "group": skill.group,
        "case_id": skill.item.identifier,
    }[key]


def field_lines(key: str, value: str, indent: int) -> list[str]:
    """`key: value` at `indent`; text of several lines as a literal block."""
    pad = " " * indent
    if "\n" in value and _literal_ok(value):
        return [f"{pad}{key}: |-"] + [
            f"{pad}  {line}" if line else "" for line in value.split("\n")
        ]
    return [f"{pad}{key}: {scalar(value)}"]


def _literal_ok(value: str) -> bool:
    return (
        not UNPRINTABLE.search(value)
        and not value[0].isspace()
        and not value.endswith("\n")  # `|-` drops the last line break
        and "\r" not in value
        and all(line == line.rstrip() for line in value.split("\n"))
    )


def scalar(value: str) -> str:
    """A one-line YAML scalar that reads back as exactly `value`: plain when YAML allows."""
    if _plain_ok(value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000 else m[0], quoted)


def _plain_ok(value: str) -> bool:
    return not (
        value.lower() in RESERVED
        or value != value.strip()
        or value[0] in "-?:,[]{}#&*!|>'\"%@`"
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or "\n" in value
        or "\t" in value
        or UNPRINTABLE.search(value)
        or NUMBER_LIKE.fullmatch(value)
    )
