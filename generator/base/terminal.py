"""Text on its way to a terminal (or a spreadsheet): control characters shown, never obeyed.

Plans and imported CSV cells are untrusted, and a terminal obeys what it prints: ESC starts an
ANSI or OSC sequence (colours, a new window title, a link, on some terminals the clipboard),
a CR lets a line overwrite the one before it, C1 characters (U+0080 to U+009F) are the same
commands in one character, DEL erases. Bidirectional controls (embeddings, overrides and
isolates, U+202A to U+202E and U+2066 to U+2069, and the marks U+200E, U+200F, U+061C) are
invisible and reorder what follows on the line: a plan's title holding U+202E would show a
message's words, or a path, in another order than they are. Each is written as `\\u001b` or
`\\u202e`, which reads as what it is and keeps JSON output valid JSON with the same value.
Every command prints through `echo`.
"""

from __future__ import annotations

import re

import click

BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# A line of output keeps its line breaks (LF or CRLF) and tabs, which move the cursor only.
CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI}]|\r(?!\n)")
# One value (a message, a name in a cell) is one line: no break of any kind is its own.
CONTROL_OR_BREAK = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def printable(text: str) -> str:
    """Output as it will be shown: every control character but LF, CRLF and tab escaped."""
    return CONTROL.sub(_escaped, text)


def inline(text: str) -> str:
    """One value on one line: every control character escaped, line breaks and tabs too."""
    return CONTROL_OR_BREAK.sub(_escaped, text)


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo, after `printable`: what every command prints goes through here."""
    click.echo(printable(message), err=err, nl=nl)


def rewrite_line(text: str) -> None:
    """Our own control codes around escaped text: back to the line's start, clear it, show
    `text…` (nothing for ""), on stderr; for a terminal only (the caller checks)."""
    click.echo(f"\r\x1b[K{inline(text)}…" if text else "\r\x1b[K", err=True, nl=False, color=True)
