"""Stage 1, load: plan files -> YAML trees that remember where every value came from.

`read` takes the bytes of regular files only, bounded; `compose` parses them with libyaml
into `tree` values, every scalar the text the person typed, with its position. Anything that
cannot be read becomes a Problem, never an exception.
"""

from __future__ import annotations

from pathlib import Path

from generator.load.compose import BREAK, MAX_DEPTH, MAX_VALUES, fail, parse_text, position
from generator.load.read import MAX_BYTES, Unreadable, read_limited
from generator.load.tree import Document, Map, Scalar, Seq, Value

__all__ = [
    "BREAK",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Document",
    "Map",
    "Scalar",
    "Seq",
    "Unreadable",
    "Value",
    "load_file",
    "parse_text",
    "read_limited",
]


def load_file(
    path: Path, display: str, data: bytes | None = None, within: Path | None = None
) -> Document:
    """Read and compose one YAML file (or `data` as if it were that file's bytes); every
    failure is a located Problem on the Document. Links must stay `within` that folder."""
    doc = Document(path, display)
    try:
        data = read_limited(path, MAX_BYTES, within) if data is None else data
    except Unreadable as exc:
        return fail(doc, 1, 1, str(exc))
    if len(data) > MAX_BYTES:
        return fail(doc, 1, 1, f"file is {len(data):,} bytes; plans must stay under {MAX_BYTES:,}")
    try:
        doc.text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig")  # valid up to the bad byte
        return fail(doc, *position(before, len(before)), "file is not UTF-8 text; save it as UTF-8")
    return parse_text(doc)
