"""YAML text -> trees that remember where every value came from.

We compose with libyaml (ruamel.yaml.clib's C parser) and resolve no implicit tags, so every
scalar stays the text the person typed, with its position; the schema decides later what a
scalar means (`no` stays a word, `2026-10-02` becomes a date only where a date is expected).
Anything that cannot be read becomes a Problem, never an exception.
"""

from __future__ import annotations

import bisect
import operator
import re
from typing import Any, cast

from _ruamel_yaml import CParser
from ruamel.yaml import events, nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.tag import Tag

from generator.base import invisible
from generator.load.tree import Document, Map, Scalar, Seq, Value
from generator.problem import Problem

MAX_DEPTH = 64  # plans nest about 6 deep; libyaml's composer recurses and crashes near 100,000
MAX_VALUES = 200_000  # bounds alias expansion ("billion laughs") per file
# YAML 1.2 (and every editor) breaks lines at LF, CR and CRLF only; libyaml follows YAML 1.1,
# which also breaks at NEL, LS and PS, so with those in a file its line numbers run ahead.
BREAK = re.compile(r"\r\n|\r|\n")
YAML11_BREAKS = ("\x85", "\u2028", "\u2029")
SMART_QUOTES = "“”‘’„‚«»"
NBSP = "\u00a0"
STR = Tag(suffix="tag:yaml.org,2002:str")  # one for every node: a node makes one per string


class _Parser(CParser, BaseResolver):  # type: ignore[misc]  # libyaml's C parser: no types
    """libyaml's parser and composer; BaseResolver tags every plain scalar as a string."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: object, implicit: object) -> Tag:
        # Every node is typed later by the schema; skipping the resolver saves a quarter of
        # the load time.
        return STR

    # The composer calls these around every node, for path resolvers we never register.
    # (ruamel.yaml types them as methods returning None: these are faster and return nothing
    # anyone reads.)
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # two arguments, in C
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # none


def parse_text(doc: Document) -> Document:
    """Compose `doc.text` into `doc.tree`, recording syntax problems."""
    text = doc.text
    positions = _Positions(text)
    try:
        if _may_nest_deeply(text):
            _check_depth(text, positions)
        parser = _Parser(text)
        try:
            root = parser.get_single_node()
        finally:
            parser.dispose()
    except _TooDeep as exc:
        return fail(doc, exc.line, exc.column, f"nesting deeper than {MAX_DEPTH} levels")
    except MarkedYAMLError as exc:
        return _syntax_problem(doc, exc, positions)
    except ReaderError as exc:
        line, column = position(text, exc.position)
        return fail(doc, line, column, f"character U+{exc.character:04X} is not allowed in YAML")
    except YAMLError as exc:  # any other libyaml complaint is still the file's problem
        return fail(doc, 1, 1, f"YAML syntax: {exc}")
    if root is None:
        doc.tree = _empty_map()
        return doc
    try:
        doc.tree = _Converter(doc, positions).convert(root)
    except _TooMany as exc:
        return fail(doc, exc.line, exc.column, "aliases expand to too many values (an alias bomb?)")
    except _Refused as exc:
        return fail(doc, exc.line, exc.column, exc.message)
    except _TooDeep as exc:
        looped = _loop(root)
        if looped is not None:  # located at the value: the composed graph forgot the alias
            message = "an alias refers to a value that contains it (a loop)"
            return fail(doc, *positions.of(looped.start_mark), message)
        return fail(doc, exc.line, exc.column, f"nesting deeper than {MAX_DEPTH} levels")
    return doc


class _Positions:
    """Line and column (1-based) of a libyaml mark, with lines counted as YAML 1.2 counts them.

    Only a text holding NEL, LS or PS needs recounting; any other keeps libyaml's numbers.
    """

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if any(c in text for c in YAML11_BREAKS):
            self.starts = [0, *(m.end() for m in BREAK.finditer(text))]

    def of(self, mark: Any) -> tuple[int, int]:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1


def position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset, lines broken at LF, CR and CRLF."""
    starts = [0, *(m.end() for m in BREAK.finditer(text, 0, offset))]
    return len(starts), offset - starts[-1] + 1


def fail(doc: Document, line: int, column: int, message: str) -> Document:
    """Record a `syntax` problem at line:column of the document; the document is returned."""
    doc.problems.append(Problem(doc.display, line, column, "error", message, "syntax"))
    return doc


def _syntax_problem(doc: Document, exc: MarkedYAMLError, positions: _Positions) -> Document:
    mark = exc.problem_mark or exc.context_mark
    line, column = positions.of(mark) if mark else (1, 1)
    lines = BREAK.split(doc.text)
    if line > len(lines) or (line == len(lines) > 1 and not lines[-1]):
        # libyaml marks the end of the stream on a line after the last: show the last one.
        line = len(lines) - (not lines[-1] and len(lines) > 1)
        column = len(lines[line - 1]) + 1
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t" + NBSP))]
    hidden = _invisible_near(lines, line)
    if "\t" in indent:
        message = "a tab is used for indentation; indent with spaces"
        column = indent.index("\t") + 1
    elif NBSP in indent:
        message = NBSP_INDENT
        column = indent.index(NBSP) + 1
    elif hidden:
        line, column, char = hidden
        message = (
            f"an invisible character, {invisible.name(char)}, is here; replace it with an "
            "ordinary space (or delete it)"
        )
    else:
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "another document" in message:
            message = "a file holds one plan; remove the second '---'"
        elif (
            message.startswith(STRUCTURE)
            and not any(q in source_line for q in SMART_QUOTES)  # those explain it better
            and (hint := _indent_hint(lines, line))
        ):
            line, column, message = hint
        quotes = [source_line.find(q) for q in SMART_QUOTES if q in source_line]
        separator = _separator_near(lines, line)
        if separator:
            line, column, char = separator
            message += (
                f" — an invisible line separator (U+{ord(char):04X}) is here, which YAML 1.1 "
                "tools read as a line break; delete it or put the text in quotes"
            )
        elif quotes:
            column = min(quotes) + 1
            message += (
                " — the line has typographic quotes (“ ” ‘ ’) from a word processor; "
                "YAML quotes are straight: \" or '"
            )
    return fail(doc, line, column, f"YAML syntax: {message}")


# libyaml's words for a line that does not fit the structure around it, usually indentation
# off by a space or two, or a list item without its '-'.
STRUCTURE = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "could not find expected ':'",
    "expected <block end>",
)


def _indent_hint(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """Plain words for a line whose indentation does not match the lines above it: where it
    is, how far it is indented, and how far it should be."""
    for number in (line, line - 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        above = _line_above(lines, number)
        if above is None:
            return None
        indent, (row, other) = _indent(text), above
        parent = _line_above(lines, number, at_most=indent)
        if parent and _is_item_at(parent[1], indent) and not text.lstrip().startswith("- "):
            return (
                number,
                indent + 1,
                (
                    f"line {number} lines up with the '-' of the list item on line {parent[0]}: "
                    f"to start a new item, begin it with '- '; to continue that item, indent it by "
                    f"{indent + 2} spaces"
                ),
            )
        item = other.lstrip().startswith("- ")
        inside = _indent(other) + 2 * item  # where the text of the line above starts
        opens = other.split(" #", 1)[0].rstrip().endswith(":")  # its block is indented more
        if (
            not opens
            and indent != inside
            and abs(indent - inside) <= 2
            and indent > _indent(other) - 2
        ):
            return (
                number,
                indent + 1,
                (
                    f"line {number} is indented {indent} spaces, but line {row} above by {inside}: "
                    "YAML reads indentation as structure, so line them up"
                ),
            )
    return None


def _line_above(lines: list[str], number: int, at_most: int = 10**6) -> tuple[int, str] | None:
    """The nearest line above that holds something (not blank, not a comment), indented by
    `at_most` spaces or fewer."""
    for row in range(number - 1, 0, -1):
        text = lines[row - 1]
        if text.strip() and not text.lstrip().startswith("#") and _indent(text) <= at_most:
            return row, text
    return None


def _is_item_at(text: str, indent: int) -> bool:
    return _indent(text) == indent and text.lstrip().startswith("- ")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _invisible_near(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """An invisible character outside quotes on the error's line or the line before."""
    for number in (line, line - 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        unquoted = re.split(r"[\"']", text, maxsplit=1)[0].split(" #", 1)[0]
        found = invisible.find(unquoted)
        if found:
            return number, found[0] + 1, found[1]
    return None


def _separator_near(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """Where NEL, LS or PS sits on the error's line or the line before, if anywhere."""
    for number in (line - 1, line):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        for i, char in enumerate(text):
            if char in "\"'":
                break  # quoted text may hold them: they are then text, not the problem
            if char in YAML11_BREAKS:
                return number, i + 1, char
    return None


NBSP_INDENT = (
    "a non-breaking space (U+00A0) is used for indentation; replace it with an ordinary space"
)


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _TooMany(_TooDeep):
    pass


class _Refused(_TooDeep):
    """Text that composes, but not into what the person meant: stop with this message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(line, column)
        self.message = message


def _may_nest_deeply(text: str) -> bool:
    """Cheap upper bound on nesting: each level needs a bracket or a column of indentation."""
    longest = max(map(len, text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest > 2 * MAX_DEPTH


def _check_depth(text: str, positions: _Positions) -> None:
    """Walk libyaml's event stream (iterative, unlike its composer) and refuse deep nesting."""
    parser = _Parser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep(*positions.of(event.start_mark))
            elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, events.StreamEndEvent):
                break
    finally:
        parser.dispose()


def _empty_map() -> Map:
    empty = Map()
    empty.line, empty.column, empty.key_pos = 1, 1, {}
    empty.flow, empty.end = False, 0
    return empty


class _Converter:
    """Node graph -> Scalar/Map/Seq, reporting duplicate keys and non-text keys."""

    def __init__(self, doc: Document, positions: _Positions) -> None:
        self.doc = doc
        self.positions = positions
        self.recount = positions.starts is not None
        self.budget = MAX_VALUES
        self.depth = 0  # aliases can stack nesting the text does not show, or loop

    def convert(self, node: nodes.Node) -> Value:
        self.budget -= 1
        mark = node.start_mark
        if self.recount:
            line, column = self.positions.of(mark)
        else:  # the common case, inline: this runs for every value of every plan
            line, column = mark.line + 1, mark.column + 1
        if self.budget < 0:
            raise _TooMany(line, column)
        if isinstance(node, nodes.ScalarNode):
            text = str(node.value)
            if NBSP in text and not node.style:
                _refuse_nbsp(text, line, column)
            return Scalar(text, not node.style, line, column)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(line, column)
        if isinstance(node, nodes.MappingNode):
            result = self._mapping(node, line, column)
            self.depth -= 1
            return result
        seq = Seq(self.convert(item) for item in node.value)
        self.depth -= 1
        seq.line, seq.column = line, column
        seq.flow, seq.end = bool(cast(nodes.SequenceNode, node).flow_style), node.end_mark.index
        return seq

    def _mapping(self, node: nodes.MappingNode, line: int, column: int) -> Map:
        result = Map()
        result.line, result.column, result.key_pos = line, column, {}
        result.flow, result.end = bool(node.flow_style), node.end_mark.index
        recount = self.recount
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            pos = self.positions.of(mark) if recount else (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, nodes.ScalarNode):
                self._problem(pos, "a key must be a word, not a list or mapping", "wrong-type")
                continue
            key = str(key_node.value)
            if NBSP in key and not key_node.style:
                _refuse_nbsp(key, *pos)
            if key in result:
                first = result.key_pos[key][0]
                self._problem(
                    pos, f"key '{key}' appears twice (first on line {first})", "duplicate-key"
                )
                continue
            result[key] = self.convert(value_node)
            result.key_pos[key] = pos
        return result

    def _problem(self, pos: tuple[int, int], message: str, rule: str) -> None:
        self.doc.problems.append(Problem.at(self.doc.display, pos, "error", message, rule))


def _refuse_nbsp(text: str, line: int, column: int) -> None:
    """A plain scalar cannot start with a space: one that starts with U+00A0 was indented
    with it; `key:<U+00A0>value` reads as one word. Other U+00A0 are text."""
    if text.startswith(NBSP):
        raise _Refused(line, column, NBSP_INDENT)
    mark = "-" if text.startswith("-" + NBSP) else ":"
    if mark + NBSP in text:
        raise _Refused(
            line,
            column + text.index(mark + NBSP) + 1,
            f"a non-breaking space (U+00A0) follows '{mark}'; replace it with an ordinary space",
        )


def _loop(root: nodes.Node) -> nodes.Node | None:
    """A value that an alias inside it refers back to, if any (walked without recursion)."""
    path: set[int] = set()
    stack: list[tuple[nodes.Node, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if not entering:
            path.discard(id(node))
        elif not isinstance(node, nodes.ScalarNode):
            if id(node) in path:
                return node
            path.add(id(node))
            stack.append((node, False))
            for child in node.value:
                parts = child if isinstance(child, tuple) else (child,)  # (key, value) pairs
                stack.extend((part, True) for part in parts)
    return None
