"""Splice one item into a list of a plan's text, keeping every other byte.

Authoring commands edit the text itself, not a re-dump of the YAML, so comments, key order,
quoting, flow or block style, unicode and line endings all stay as the person wrote them.
Positions come from load, which counts lines as YAML 1.2 does (LF, CR, CRLF); so does this.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from generator.load import BREAK, Map, Scalar, Seq, Value
from generator.load.yamltext import scalar

NULLS = {"", "~", "null", "Null", "NULL"}


class NotAList(Exception):
    """The key holds something other than a list; `found` says what, at `line`:`column`."""

    def __init__(self, line: int, column: int, found: str) -> None:
        super().__init__(found)
        self.line, self.column, self.found = line, column, found


def append(text: str, tree: Map, key: str, entry: dict[str, str] | str) -> str:
    """`text` with `entry` (a mapping, or one text for a list of texts such as `interests`)
    added as the last item of the list under top-level `key`.

    An empty or absent list becomes a block list indented as the file indents its lists; a
    non-empty list keeps its style (flow, block, or block of flow mappings).
    """
    return append_all(text, tree, key, [entry])


def append_all(text: str, tree: Map, key: str, entries: Sequence[dict[str, str] | str]) -> str:
    """`append` of several entries, in order, from one parse of `text`.

    An import adds thousands of entries to one plan: parsing the grown text again for each
    one would take time quadratic in their number.
    """
    nl = newline(text)
    value = tree.get(key)
    if value is None:  # no such key yet: add the list at the end of the file
        body = text if not text or text.endswith(("\n", "\r")) else text + nl
        return body + f"{key}:" + nl + _block_items(entries, _indent(text, tree), nl)
    if isinstance(value, Seq) and value.flow and value:
        close = text.rindex("]", 0, value.end)
        return text[:close] + "".join(", " + _flow_map(e) for e in entries) + text[close:]
    if isinstance(value, Seq) and value:
        return _append_block(text, value, entries, nl)
    if isinstance(value, Seq) or (
        isinstance(value, Scalar) and value.plain and value.text in NULLS
    ):
        return _open_block(text, tree, key, value, entries, nl)
    found = "a mapping" if isinstance(value, Map) else f"'{value.text}'"
    raise NotAList(value.line, value.column, found)


def newline(text: str) -> str:
    """The file's line ending: CRLF, CR alone (old Mac editors) or LF."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def _open_block(
    text: str, tree: Map, key: str, value: Value, entries: Sequence[dict[str, str] | str], nl: str
) -> str:
    """`key: []`, `key: ~` or `key:` with nothing: drop the empty value, start a block list."""
    if isinstance(value, Seq):  # [ ] written on the key's line
        start, end = offset(text, value.line, value.column), value.end
    elif isinstance(value, Scalar) and value.text:  # ~ or null
        start = offset(text, value.line, value.column)
        end = start + len(value.text)
    else:
        start = end = _line_end(text, tree.key_pos[key][0])
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    text = text[:start] + text[end:]
    line_end = _line_end(text, tree.key_pos[key][0])
    item = _block_items(entries, _indent(text, tree), nl).removesuffix(nl)
    return text[:line_end] + nl + item + text[line_end:]


def _indent(text: str, tree: Map) -> int:
    """Column of the `-` of the file's first block list: new lists follow the file's style."""
    for value in tree.values():
        if isinstance(value, Seq) and value and not value.flow:
            return _dash_column(text, value[0])
    return 2


def offset(text: str, line: int, column: int) -> int:
    """Where `line`:`column` (from 1, as load counts them) is in `text`.

    An edit of a class's plans asks this a few times per plan: the breaks are found with
    str.index where there is no CR (five times faster than the regular expression)."""
    if line == 1:
        return column - 1
    if "\r" not in text:
        at = -1
        for _ in range(line - 1):
            at = text.index("\n", at + 1)
        return at + column
    for found in islice(BREAK.finditer(text), line - 2, None):
        return found.end() + column - 1
    raise ValueError(f"line {line} is past the end of the text")


def _line_end(text: str, line: int) -> int:
    """Offset where the line's text ends, before its line break."""
    found = BREAK.search(text, offset(text, line, 1))
    return found.start() if found else len(text)


def _break_before(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the last line break wholly before `end`, as BREAK.finditer(text, 0,
    end) would find it last, or None: searched backwards, not from the top of the file."""
    at = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end))
    if at < 0:
        return None
    if text[at] == "\n" and at > 0 and text[at - 1] == "\r":
        return at - 1, at + 1
    return at, at + 1


def _append_block(text: str, items: Seq, entries: Sequence[dict[str, str] | str], nl: str) -> str:
    last = items[-1]
    end = last.end if isinstance(last, (Map, Seq)) else _line_end(text, last.line)
    # A block item ends where the next token starts; step back over blank and comment lines.
    cut = end
    while (found := _break_before(text, cut)) is not None:
        tail = text[found[1] : cut]
        if tail.strip() and not tail.lstrip().startswith("#"):
            break
        cut = found[0]
    dash = _dash_column(text, items[0])
    if isinstance(last, Map) and last.flow:
        item = nl.join(" " * dash + "- " + _flow_map(entry) for entry in entries)
    else:
        item = _block_items(entries, dash, nl).removesuffix(nl)
    return text[:cut] + nl + item + text[cut:]


def _dash_column(text: str, item: Value) -> int:
    """Column (0-based) of the `-` before the first item, as the file writes it."""
    start = offset(text, item.line, 1)
    dash = text.rfind("-", start, start + item.column - 1)
    return dash - start if dash >= 0 else max(item.column - 3, 0)


def _block_items(entries: Sequence[dict[str, str] | str], dash_column: int, nl: str) -> str:
    return "".join(_block_item(entry, dash_column, nl) for entry in entries)


def _block_item(entry: dict[str, str] | str, dash_column: int, nl: str) -> str:
    pad = " " * dash_column
    if isinstance(entry, str):
        return f"{pad}- {scalar(entry)}{nl}"
    keys = list(entry)
    lines = [f"{pad}- {keys[0]}: {scalar(entry[keys[0]])}"]
    lines += [f"{pad}  {key}: {scalar(entry[key])}" for key in keys[1:]]
    return nl.join(lines) + nl


def _flow_map(entry: dict[str, str] | str) -> str:
    if isinstance(entry, str):
        return scalar(entry)
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in entry.items()) + "}"
