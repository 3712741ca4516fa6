"""`student.ids`: checked like every other key, and never in any built file.

Ids from other systems (SIS numbers, e-mail addresses, gradebook ids) are for matching rows of
an export to plans; a family's site is public hosting, so not one byte of them may reach it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import report
from generator.build import build
from generator.checking.validate import check
from generator.classroom import page
from generator.classroom.overview import overview

from .conftest import ROOT

IDS = {
    "ava-m": '{sis: "sis-40021-qz", email: ava.private@example.org, canvas: "cv-9001-qz"}',
    "liam-o": '{sis: "sis-40022-qz", email: liam.private@example.org}',
    "mia-c": '{email: mia.private@example.org, moodle: "md-77-qz"}',
    "noah-t": '{canvas: "cv-9004-qz"}',
}
SECRETS = [
    "sis-40021-qz",
    "ava.private@example.org",
    "cv-9001-qz",
    "sis-40022-qz",
    "liam.private@example.org",
    "mia.private@example.org",
    "md-77-qz",
    "cv-9004-qz",
]


def plans_with_ids(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    for student, ids in IDS.items():
        path = plans / "students" / f"{student}.yml"
        text = path.read_text()
        name_line = next(line for line in text.splitlines() if line.startswith("  name: "))
        path.write_text(text.replace(name_line, f"{name_line}\n  ids: {ids}", 1))
    return plans


def test_ids_are_valid_and_never_in_any_built_file(tmp_path: Path) -> None:
    plans = plans_with_ids(tmp_path)
    assert check(plans).problems == []
    result = build(plans, tmp_path / "site")
    assert not result.failed and set(IDS) <= set(result.built)
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert len(files) > 50
    # The scan reads plain pages (no LEARNPATH_SECRET: not encrypted), where names do show.
    assert any(b"Noah T." in path.read_bytes() for path in files)
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{secret} in {path}"


def test_ids_are_not_in_the_class_page_either(tmp_path: Path) -> None:
    view = overview(check(plans_with_ids(tmp_path)))
    for render in page.RENDERERS.values():
        text = render(view)
        assert not [secret for secret in SECRETS if secret in text]


def test_bad_ids_are_located(tmp_path: Path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    path = plans / "students" / "noah-t.yml"
    text = path.read_text().replace(
        "  name: Noah T.\n", '  name: Noah T.\n  ids: {"SIS id": "1", canvas: [9004], sis: }\n'
    )
    path.write_text(text)
    monkeypatch.chdir(tmp_path)
    assert report.text(check(Path("plans")).problems) == (
        "plans/students/noah-t.yml:4:9: error: expected a system name such as sis, email or "
        "canvas, found 'SIS id' [wrong-type]\n"
        "plans/students/noah-t.yml:4:32: error: expected text, found a list [wrong-type]\n"
        "2 errors, 0 warnings"
    )
