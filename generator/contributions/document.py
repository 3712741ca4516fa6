"""The contribution document, version 1: small JSON, sealed by the browser (envelope.py).

    {"v": 1,
     "id": "<22 characters: 128 random bits, base64url>",
     "date": "YYYY-MM-DD",                       # the day it was written, on the device
     "writer": {"name": "Carlos M.", "role": "parent"},   # parent | student | other | teacher
     "student": "<folder>",                      # only when made from the teacher's index
     "items": [
       {"type": "observation", "objective": "math4/compare-fractions", "level": "developing",
        "note": "...", "photos": [0]},           # level optional: none is never counted
       {"type": "self-assessment", "objective": "...", "level": "...", "note": "..."},
       {"type": "reflection", "text": "..."},
       {"type": "why", "goal": "fractions", "text": "..."},
       {"type": "interest", "add": "horses"}, {"type": "interest", "remove": "drawing"}],
     "photos": ["<base64 of a JPEG>", ...]}

This module checks the shape only (types, sizes, what each item must have); whether an item
fits the plan (its objective, level, goal, writer) is inbox.py's question.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.contributions.envelope import Refused, strict_base64

MAX_ITEMS = 20
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_TEXT = 2000  # characters of a note, a reflection or a "why"
MAX_NAME = 80  # characters of a name or an interest
WRITER_ROLES = ("parent", "student", "other", "teacher")
_ID = re.compile(r"[A-Za-z0-9_-]{16,43}")
_FOLDER = re.compile(r"[0-9a-f]{32}")
_TYPES = {
    "observation": {"objective", "level", "note", "photos"},
    "self-assessment": {"objective", "level", "note"},
    "reflection": {"text"},
    "why": {"goal", "text"},
    "interest": {"add", "remove"},
}
_REQUIRED = {
    "observation": {"objective"},  # a level only if the writer chose one
    "self-assessment": {"objective", "level"},
    "reflection": {"text"},
    "why": {"goal", "text"},
}


@dataclass(frozen=True)
class Item:
    type: str
    fields: dict[str, Any]  # JSON values, each checked by _item


@dataclass(frozen=True)
class Contribution:
    id: str
    date: dt.date
    writer: str
    role: str
    items: tuple[Item, ...]
    photos: tuple[bytes, ...] = ()
    student: str = ""  # the student's folder, when the teacher's index made it
    notes: list[str] = field(default_factory=list, compare=False)


def read(plain: bytes) -> Contribution:
    """The document's fields, checked for shape; Refused with the first thing wrong."""
    try:
        data = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("the sealed document is not JSON: not made by learnpath") from None
    if not isinstance(data, dict) or data.get("v") != 1:
        raise Refused("the sealed document is not a version 1 contribution")
    writer = data.get("writer")
    if not isinstance(writer, dict):
        raise Refused("the contribution names no writer")
    photos = _photos(data.get("photos", []))
    return Contribution(
        id=_text(data, "id", _ID),
        date=_date(data.get("date")),
        writer=_name(writer.get("name"), "the writer's name"),
        role=_role(writer.get("role")),
        items=_items(data.get("items"), len(photos)),
        photos=photos,
        student=_text(data, "student", _FOLDER) if "student" in data else "",
    )


def _text(data: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise Refused(f"the contribution's {key} is missing or damaged")
    return value


def _date(value: object) -> dt.date:
    """The contribution's day; a document without one is refused, not opened and left to
    fail later (the inbox compares it with today)."""
    if isinstance(value, str) and len(value) == 10:
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    raise Refused("the contribution's date is not a date (YYYY-MM-DD)")


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"{what} is empty")
    if len(value) > MAX_NAME or any(c in value for c in "\r\n\t"):
        raise Refused(f"{what} is longer than {MAX_NAME} characters or has line breaks")
    return value.strip()


def _role(value: object) -> str:
    if value not in WRITER_ROLES:
        raise Refused(f"the writer's role must be one of {', '.join(WRITER_ROLES)}")
    return str(value)


def _photos(value: object) -> tuple[bytes, ...]:
    if not isinstance(value, list) or len(value) > MAX_PHOTOS:
        raise Refused(f"a contribution carries at most {MAX_PHOTOS} photos")
    photos = []
    for number, text in enumerate(value, 1):
        try:
            photo = strict_base64(text) if isinstance(text, str) else b""
        except ValueError:  # binascii.Error is one
            photo = b""
        if len(photo) > MAX_PHOTO_BYTES:
            raise Refused(f"photo {number} is over 2 MB")
        if not photo.startswith(b"\xff\xd8\xff"):
            raise Refused(f"photo {number} is not a JPEG image")
        photos.append(photo)
    return tuple(photos)


def _items(value: object, photos: int) -> tuple[Item, ...]:
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        raise Refused(f"a contribution has 1 to {MAX_ITEMS} items")
    return tuple(_item(number, item, photos) for number, item in enumerate(value, 1))


def _item(number: int, item: object, photos: int) -> Item:
    if not isinstance(item, dict) or item.get("type") not in _TYPES:
        raise Refused(f"item {number} is of no known type ({', '.join(_TYPES)})")
    kind = item["type"]
    fields = {k: v for k, v in item.items() if k != "type"}
    unknown = set(fields) - _TYPES[kind]
    missing = _REQUIRED.get(kind, set()) - set(fields)
    if kind == "interest" and len(fields) != 1:
        missing = {"add or remove"}
    if unknown or missing:
        what = f"unknown field {sorted(unknown)[0]}" if unknown else f"no {sorted(missing)[0]}"
        raise Refused(f"item {number} ({kind}): {what}")
    for key, text in fields.items():
        if key == "photos":
            _photo_refs(number, text, photos)
        elif not isinstance(text, str) or len(text) > MAX_TEXT:
            raise Refused(f"item {number} ({kind}): {key} must be text of at most {MAX_TEXT}")
    if kind == "interest":
        _name(next(iter(fields.values())), f"item {number}'s interest")
    return Item(kind, fields)


def _photo_refs(number: int, refs: object, photos: int) -> None:
    if not isinstance(refs, list) or not all(
        isinstance(r, int) and not isinstance(r, bool) and 0 <= r < photos for r in refs
    ):
        raise Refused(f"item {number} (observation): photos must name photos it carries")
