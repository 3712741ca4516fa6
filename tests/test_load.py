"""No input, however broken or hostile, gives a traceback, a hang or a changed file."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking import schema
from generator.checking.shape import Shaper
from generator.checking.validate import check
from generator.load import Document, load_file, parse_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _problems(text: str) -> list[str]:
    doc = parse_text(Document(Path("x.yml"), "x.yml", text))
    if doc.tree is not None:
        shaper = Shaper("x.yml")
        shaper.record(doc.tree, schema.PLAN)
        doc.problems.extend(shaper.problems)
    return [str(p) for p in doc.problems]


def test_a_file_over_one_megabyte_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("# " + "x" * 1_000_100 + "\n")
    doc = load_file(path, "big.yml")
    assert [str(p) for p in doc.problems] == [
        "big.yml:1:1: error: file is 1,000,103 bytes; plans must stay under 1,000,000 [syntax]"
    ]


def test_deep_nesting_is_refused_before_libyaml_recurses() -> None:
    # 100,000 brackets crash libyaml's recursive composer with a segfault.
    assert _problems("[" * 100_000 + "]" * 100_000) == [
        "x.yml:1:65: error: nesting deeper than 64 levels [syntax]"
    ]


def test_only_one_document_per_file() -> None:
    assert _problems("student: {name: A}\n---\nstudent: {name: B}\n") == [
        "x.yml:2:1: error: YAML syntax: a file holds one plan; remove the second '---' [syntax]"
    ]


def test_python_tags_are_never_constructed() -> None:
    problems = _problems("student: !!python/object/apply:os.system ['echo hacked']\n")
    assert problems[0] == (
        "x.yml:1:10: error: expected a mapping of student fields, found a list [wrong-type]"
    )


def test_a_list_as_key_is_a_problem_not_a_crash() -> None:
    assert _problems("? [a, b]\n: 1\n")[0] == (
        "x.yml:1:3: error: a key must be a word, not a list or mapping [wrong-type]"
    )


@FAST
@given(st.text(max_size=400))
def test_arbitrary_text_gives_problems_never_exceptions(text: str) -> None:
    _problems(text)


YAML_SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.none(),
    st.dates().map(str),
    st.sampled_from(schema.ROLES + schema.METHODS),
)
KEYS = st.sampled_from(
    [
        "student",
        "name",
        "goals",
        "id",
        "title",
        "objectives",
        "skill",
        "evidence",
        "objective",
        "date",
        "level",
        "by",
        "kind",
        "authors",
        "role",
        "requires",
        "mastery",
        "method",
        "weight",
        "file",
        "link",
        "x",
    ]
)
TREES = st.recursive(
    YAML_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)


def _dump(value, indent: int = 0) -> str:
    """Our own tiny emitter: flow style with every scalar quoted as JSON (valid YAML)."""
    import json

    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int):
        return json.dumps(value)
    return json.dumps(value)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["school.yml", "library/lib.yml", "students/a.yml", "students/b.yml"]),
        TREES,
        min_size=1,
    )
)
def test_arbitrary_yaml_trees_give_problems_never_exceptions(tmp_path_factory, files) -> None:
    plans = tmp_path_factory.mktemp("plans")
    for name, tree in files.items():
        (plans / name).parent.mkdir(parents=True, exist_ok=True)
        (plans / name).write_text(_dump(tree))
    before = {p: p.read_bytes() for p in plans.rglob("*.yml")}
    check(plans)
    assert {p: p.read_bytes() for p in plans.rglob("*.yml")} == before


TOKENS = st.sampled_from(
    [
        "a: ",
        "- ",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "\n",
        "\r",
        "\r\n",
        "  ",
        "\u00a0",
        "“",
        "”",
        "‘",
        "’",
        "\u2028",
        "\u2029",
        "\x85",
        '"',
        "'",
        "x",
        "9" * 5000,
        "count: ",
        "? ",
        "#",
        "|\n",
    ]
)


@FAST
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_yaml_token_soup_gives_located_problems_never_exceptions(text: str) -> None:
    """Anchors, aliases (to themselves too), line breaks of every kind, typographic quotes,
    non-breaking spaces and huge numbers: problems, each inside the file, never a crash."""
    lines = len(re.split(r"\r\n|\r|\n", text))
    for problem in _problems(text):
        line = int(problem.split(":")[1])
        assert 1 <= line <= lines, problem
