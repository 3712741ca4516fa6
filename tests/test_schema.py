"""The editor schema is generated from the validator's records and agrees with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from generator.cli import main

from .conftest import ROOT

KINDS = {"plan": "students/*.yml", "school": "school.yml", "library": "library/*.yml"}
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def schema_text(kind: str) -> str:
    return CliRunner().invoke(main, ["schema", kind], catch_exceptions=False).output


def as_json(path: Path) -> object:
    # Editors see YAML 1.2 data as JSON: dates are strings there.
    return json.loads(json.dumps(YAML(typ="safe").load(path), default=str))


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_what_the_command_prints(kind: str) -> None:
    """Refresh: for k in plan school library; do learnpath schema $k > schema/$k.schema.json"""
    assert (ROOT / "schema" / f"{kind}.schema.json").read_text() == schema_text(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_file_passes_the_schema_it_names(kind: str) -> None:
    validator = Draft202012Validator(json.loads(schema_text(kind)))
    files = sorted((ROOT / "plans").glob(KINDS[kind]))
    assert files
    for path in files:
        first = MODELINE.match(path.read_text())
        assert first, f"{path} does not start with a yaml-language-server line"
        assert (path.parent / first.group(1)).resolve() == ROOT / "schema" / f"{kind}.schema.json"
        errors = [e.message for e in validator.iter_errors(as_json(path))]
        assert errors == [], path


def test_the_schema_rejects_a_misspelt_key() -> None:
    validator = Draft202012Validator(json.loads(schema_text("plan")))
    plan = as_json(ROOT / "plans" / "students" / "ava-m.yml")
    plan["goals"][0]["objectves"] = plan["goals"][0].pop("objectives")
    messages = sorted(e.message for e in validator.iter_errors(plan))
    assert messages == [
        "'objectives' is a required property",
        "Additional properties are not allowed ('objectves' was unexpected)",
    ]
