"""YAML text from a value: the inverse of reading, for the edits that write plans (splice) and
the hints that quote a name as it would be typed (crossref)."""

from __future__ import annotations

import functools
import json
import re

PLAIN = re.compile(r"[^\W_][\w .'/()+-]*")  # no , : # [ ] { }: safe in flow and block style
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


@functools.lru_cache(maxsize=1024)  # an import writes the same ids, levels and dates often
def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    text = str(value)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return text  # a date, written as the format's dates are
    number_like = re.fullmatch(r"[0-9.+-]+", text)
    if (
        PLAIN.fullmatch(text)
        and text == text.strip()
        and text.lower() not in RESERVED
        and not number_like
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
