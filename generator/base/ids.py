"""The shapes of names in a plans folder, in one place: a student's id (its file name, and
the folder of its site) and the ids and references inside plans and libraries.

They differ on purpose. A student id names a folder of the published site and a file: it is
strict (`ava-m`, never `ava--m` or `ava-`). Ids inside plans have always been checked by the
looser pattern of format version 1 (hyphens anywhere after the first character); making them
strict now would turn plans that validated into broken ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

STUDENT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # use with fullmatch
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"  # a goal, objective, skill or library id (JSON Schema)
REF_PATTERN = r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$"  # an objective id, or library/skill

SUFFIXES = (".yml", ".yaml")  # of a plan, a library or school.yml; x.yml is read before x.yaml


def yaml_files(folder: Path, added: Iterable[Path] = ()) -> dict[str, list[Path]]:
    """The YAML files directly in `folder` (and `added`: files about to be written there), by
    stem; the first of a stem's files is the one read (x.yml before x.yaml). A hidden file
    (.x.yml) is none of them: it is an editor's or a tool's."""
    found: dict[str, list[Path]] = {}
    for path in sorted({*(folder.iterdir() if folder.is_dir() else ()), *added}, key=_read_order):
        if path.suffix in SUFFIXES and not path.name.startswith("."):
            found.setdefault(path.stem, []).append(path)
    return found


def plan_files(plans_dir: Path) -> dict[str, list[Path]]:
    """Every student's plan files by student id (the file's stem); the first is the one read,
    any other is a duplicate that validate reports. The one list validate, the build and
    every command that finds a student's plan go by."""
    return yaml_files(plans_dir / "students")


def _read_order(path: Path) -> tuple[str, bool, str]:
    return (path.stem, path.suffix != ".yml", path.name)
