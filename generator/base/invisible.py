"""Characters a person cannot see but YAML and the validator can.

A word processor or a phone keyboard slips in a no-break space, a zero-width space or a stray
byte-order mark; the text then looks right and still fails ("level 'proficient' is not in
the scale"). Every message that quotes such text names the character and where it is.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces other than U+0020 and format characters that render as nothing. Joiners (U+200C,
# U+200D) are left out: Persian and emoji need them, and they are never alone a typo.
INVISIBLE = re.compile(
    "[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200b\u200e\u200f"
    "\u202a-\u202f\u205f-\u2064\u2066-\u206f\u3000\u3164\ufeff\uffa0]"
)


def find(text: str) -> tuple[int, str] | None:
    """The index and character of the first invisible character in `text`, if any."""
    found = INVISIBLE.search(text)
    return (found.start(), found.group()) if found else None


def name(char: str) -> str:
    """`a zero width space (U+200B)`: how a message names the character."""
    words = unicodedata.name(char, "invisible character").lower()
    article = "an" if words[0] in "aeiou" else "a"
    return f"{article} {words} (U+{ord(char):04X})"


def note(text: str) -> str:
    """The clause a message adds when the text it quotes holds an invisible character."""
    found = find(text)
    if found is None:
        return ""
    index, char = found
    where = f"after '{text[:index]}'" if index else "at its start"
    return f" — it holds an invisible character, {name(char)}, {where}: delete it"
