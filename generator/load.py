"""Stage 1, load: plan files -> YAML trees that remember where every value came from.

We compose with libyaml (ruamel.yaml.clib's C parser) and resolve no implicit tags, so every
scalar stays the text the person typed, with its position; the schema decides later what a
scalar means (`no` stays a word, `2026-10-02` becomes a date only where a date is expected).
Anything that cannot be read becomes a Problem, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from _ruamel_yaml import CParser
from ruamel.yaml import events, nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import BaseResolver

from generator.problem import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 64  # plans nest about 6 deep; libyaml's composer recurses and crashes near 100,000
MAX_VALUES = 200_000  # bounds alias expansion ("billion laughs") per file


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar exactly as written; `plain` is False when it was quoted or a block literal."""

    text: str
    plain: bool
    line: int
    column: int


class Map(dict):
    """A mapping of str keys to values, with the position of the mapping and of each key."""

    line: int
    column: int
    key_pos: dict[str, tuple[int, int]]
    flow: bool  # written {a: 1} rather than as indented lines
    end: int  # character offset just past the mapping, where libyaml's composer ended it


class Seq(list):
    """A sequence with the position of the sequence."""

    line: int
    column: int
    flow: bool
    end: int


Value = Scalar | Map | Seq


@dataclass
class Document:
    """One loaded file: its display path, its text and its tree (None if it could not be read)."""

    path: Path
    display: str
    text: str = ""
    tree: Value | None = None
    problems: list[Problem] = field(default_factory=list)


class _Parser(CParser, BaseResolver):
    """libyaml's parser and composer; BaseResolver tags every plain scalar as a string."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        # Every node is typed later by the schema; skipping the resolver saves a quarter of
        # the load time.
        return "tag:yaml.org,2002:str"


def load_file(path: Path, display: str, data: bytes | None = None) -> Document:
    """Read and compose one YAML file (or `data` as if it were that file's bytes); every
    failure is a located Problem on the Document."""
    doc = Document(path, display)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        return _fail(doc, 1, 1, f"cannot read the file: {exc.strerror}")
    if len(data) > MAX_BYTES:
        return _fail(doc, 1, 1, f"file is {len(data):,} bytes; plans must stay under {MAX_BYTES:,}")
    try:
        doc.text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _fail(doc, line, column, "file is not UTF-8 text; save it as UTF-8")
    return parse_text(doc)


def parse_text(doc: Document) -> Document:
    """Compose `doc.text` into `doc.tree`, recording syntax problems."""
    text = doc.text
    try:
        if _may_nest_deeply(text):
            _check_depth(text)
        parser = _Parser(text)
        try:
            root = parser.get_single_node()
        finally:
            parser.dispose()
    except _TooDeep as exc:
        return _fail(doc, exc.line, exc.column, f"nesting deeper than {MAX_DEPTH} levels")
    except MarkedYAMLError as exc:
        return _syntax_problem(doc, exc)
    except ReaderError as exc:
        line, column = _position(text, exc.position)
        return _fail(doc, line, column, f"character U+{exc.character:04X} is not allowed in YAML")
    except YAMLError as exc:  # any other libyaml complaint is still the file's problem
        return _fail(doc, 1, 1, f"YAML syntax: {exc}")
    if root is None:
        doc.tree = _empty_map()
        return doc
    try:
        doc.tree = _Converter(doc).convert(root)
    except _TooMany as exc:
        return _fail(
            doc, exc.line, exc.column, "aliases expand to too many values (an alias bomb?)"
        )
    return doc


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _fail(doc: Document, line: int, column: int, message: str) -> Document:
    doc.problems.append(Problem(doc.display, line, column, "error", message, "syntax"))
    return doc


def _syntax_problem(doc: Document, exc: MarkedYAMLError) -> Document:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = doc.text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent:
        message = "a tab is used for indentation; indent with spaces"
        column = indent.index("\t") + 1
    else:
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "another document" in message:
            message = "a file holds one plan; remove the second '---'"
    return _fail(doc, line, column, f"YAML syntax: {message}")


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _TooMany(_TooDeep):
    pass


def _may_nest_deeply(text: str) -> bool:
    """Cheap upper bound on nesting: each level needs a bracket or a column of indentation."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + longest > 2 * MAX_DEPTH


def _check_depth(text: str) -> None:
    """Walk libyaml's event stream (iterative, unlike its composer) and refuse deep nesting."""
    parser = _Parser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _TooDeep(mark.line + 1, mark.column + 1)
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

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = MAX_VALUES

    def convert(self, node: nodes.Node) -> Value:
        self.budget -= 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if self.budget < 0:
            raise _TooMany(line, column)
        if isinstance(node, nodes.MappingNode):
            return self._mapping(node, line, column)
        if isinstance(node, nodes.SequenceNode):
            seq = Seq(self.convert(item) for item in node.value)
            seq.line, seq.column = line, column
            seq.flow, seq.end = bool(node.flow_style), node.end_mark.index
            return seq
        return Scalar(str(node.value), not node.style, line, column)

    def _mapping(self, node: nodes.MappingNode, line: int, column: int) -> Map:
        result = Map()
        result.line, result.column, result.key_pos = line, column, {}
        result.flow, result.end = bool(node.flow_style), node.end_mark.index
        for key_node, value_node in node.value:
            pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, nodes.ScalarNode):
                self._problem(pos, "a key must be a word, not a list or mapping", "wrong-type")
                continue
            key = str(key_node.value)
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
        self.doc.problems.append(Problem(self.doc.display, *pos, "error", message, rule))
