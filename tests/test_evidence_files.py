"""Evidence files and links: only files inside the student's real folder are published, every
name reaches its file, and every odd name or link is a located problem, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator import report
from generator.build import build
from generator.checking.validate import check
from generator.rendering.render import environment, render_site

from .conftest import ROOT, TODAY

BASE = ROOT / "tests" / "plans" / "valid" / "everything" / "plans"
FILE_AT = "plans/students/zoe-2.yml:37:11"


def project(tmp_path: Path, file: str, content: bytes | None = b"\x89PNG") -> Path:
    """The 'everything' plans with evidence `file: <file>`, the file created unless None."""
    plans = tmp_path / "plans"
    shutil.copytree(BASE, plans)
    path = plans / "students" / "zoe-2.yml"
    path.write_text(path.read_text().replace("file: photos/strips.png", f"file: {file}"))
    if content is not None:
        (plans / "students" / "zoe-2" / file).write_bytes(content)
    return plans


def problems(plans: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(plans.parent)
    return report.text(check(Path("plans")).problems).splitlines()


def test_a_student_folder_linked_elsewhere_is_not_published(tmp_path, monkeypatch) -> None:
    plans = project(tmp_path, "photos/strips.png", None)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(plans / "students" / "zoe-2", elsewhere)
    (elsewhere / "photos" / "strips.png").write_bytes(b"SECRET")
    (plans / "students" / "zoe-2").symlink_to(elsewhere)
    expected = [
        f"{FILE_AT}: error: students/zoe-2/ is a link to another folder; evidence files must "
        "be in the student's own folder [file-outside-folder]",
        "1 error, 0 warnings",
    ]
    assert problems(plans, monkeypatch) == expected
    result = build(tmp_path / "plans", tmp_path / "site")
    assert result.failed and not (tmp_path / "site").exists()


def test_a_file_linked_outside_the_folder_is_refused(tmp_path, monkeypatch) -> None:
    plans = project(tmp_path, "photos/strips.png", None)
    (tmp_path / "secret.png").write_bytes(b"SECRET")
    (plans / "students" / "zoe-2" / "photos" / "strips.png").unlink()
    (plans / "students" / "zoe-2" / "photos" / "strips.png").symlink_to(tmp_path / "secret.png")
    assert problems(plans, monkeypatch)[0] == (
        f"{FILE_AT}: error: file 'photos/strips.png' is a link to a file outside "
        "students/zoe-2/ [file-outside-folder]"
    )


def test_render_reads_only_what_was_checked(tmp_path) -> None:
    """A file swapped for a link to a secret after validation is left out, not read."""
    plans = project(tmp_path, "photos/strips.png", None)
    checked = check(plans, TODAY)
    assert checked.problems == []
    (tmp_path / "secret.png").write_bytes(b"SECRET")
    strips = plans / "students" / "zoe-2" / "photos" / "strips.png"
    strips.unlink()
    strips.symlink_to(tmp_path / "secret.png")
    spec = render_site(checked.plans["zoe-2"], checked.school, plans, environment(), TODAY)
    assert spec.files == {}
    (evidence,) = [page for page in spec.pages if page.path == "evidence.html"]
    assert "<p><bdi>photos/strips.png</bdi> (this file is not published)</p>" in evidence.body
    assert "strips.png" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', evidence.body))


def test_render_does_not_wait_on_a_pipe_swapped_in(tmp_path) -> None:
    plans = project(tmp_path, "photos/strips.png", None)
    checked = check(plans, TODAY)
    strips = plans / "students" / "zoe-2" / "photos" / "strips.png"
    strips.unlink()
    os.mkfifo(strips)
    spec = render_site(checked.plans["zoe-2"], checked.school, plans, environment(), TODAY)
    assert spec.files == {}


@pytest.mark.parametrize(
    ("file", "setup", "expected"),
    [
        (
            '"a\\0b.png"',
            None,
            "error: file name 'a\\x00b.png' holds the control character U+0000; "
            "rename the file [bad-file-name]",
        ),
        (
            "x" * 252 + ".png",
            None,
            "error: file name '" + "x" * 60 + "…" + "x" * 8 + ".png' is longer than 255 bytes, "
            "which file systems refuse [bad-file-name]",
        ),
        (
            "loop.png",
            "loop",
            "error: file 'loop.png' is a symbolic link loop, not a file [file-missing]",
        ),
        ("photos", None, "error: file 'photos' is a folder [file-missing]"),
        ("pipe.png", "fifo", "error: file 'pipe.png' is not a regular file [file-missing]"),
    ],
    ids=["nul", "long-name", "link-loop", "folder", "fifo"],
)
def test_impossible_files_are_located_problems_in_validate_and_build(
    tmp_path, monkeypatch, file: str, setup: str | None, expected: str
) -> None:
    plans = project(tmp_path, file, None)
    folder = plans / "students" / "zoe-2"
    if setup == "loop":
        (folder / "loop.png").symlink_to("loop.png")
    if setup == "fifo":
        os.mkfifo(folder / "pipe.png")
    assert problems(plans, monkeypatch) == [f"{FILE_AT}: {expected}", "1 error, 0 warnings"]
    result = build(tmp_path / "plans", tmp_path / "site")
    assert result.failed
    assert [str(p) for p in result.problems] == [f"{FILE_AT}: {expected}"]


def test_a_file_too_large_is_refused(tmp_path, monkeypatch) -> None:
    from generator.checking import evidence_files as files

    monkeypatch.setattr(files, "MAX_BYTES", 3)
    plans = project(tmp_path, "big.png", b"1234")
    assert problems(plans, monkeypatch)[0] == (
        f"{FILE_AT}: error: file 'big.png' is 4 bytes; evidence files must stay under 3 "
        "(shrink the photo or video, or link to it) [file-too-large]"
    )


ODD_NAMES = ["a#b.png", "a?b.png", "100%.png", "two words.png", "niño (1).png", "x" * 251 + ".png"]


def test_every_file_name_gets_a_working_link(tmp_path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(BASE, plans)
    path = plans / "students" / "zoe-2.yml"
    entries = "".join(
        f"  - {{objective: lib/a, date: 2026-11-01, level: meeting, by: Ms. T, kind: quiz, "
        f'file: "{name}"}}\n'
        for name in ODD_NAMES
    )
    path.write_text(path.read_text().replace("\nreflections:", "\n" + entries + "reflections:"))
    for i, name in enumerate(ODD_NAMES):
        (plans / "students" / "zoe-2" / name).write_bytes(f"image {i}".encode())
    monkeypatch.chdir(tmp_path)
    result = build(tmp_path / "plans", tmp_path / "site")
    assert not result.failed, result.problems
    page = (tmp_path / "site" / "zoe-2" / "evidence.html").read_text()
    sources = re.findall(r'<img alt="[^"]*" loading="lazy" src="([^"]+)"', page)
    reached = {(tmp_path / "site" / "zoe-2" / unquote(src)).read_bytes() for src in sources}
    strips = (BASE / "students" / "zoe-2" / "photos" / "strips.png").read_bytes()
    assert reached == {f"image {i}".encode() for i in range(len(ODD_NAMES))} | {strips}
    assert 'src="evidence/a%23b.png"' in page
    assert 'src="evidence/ni%C3%B1o%20%281%29.png"' in page


def test_a_hidden_file_is_reported_and_named_not_linked(tmp_path, monkeypatch) -> None:
    plans = project(tmp_path, ".hidden.png")
    assert problems(plans, monkeypatch) == [
        f"{FILE_AT}: warning: file '.hidden.png' will not be published: names starting with '.' "
        "are hidden files; rename it [file-not-published]",
        "0 errors, 1 warning",
    ]
    result = build(tmp_path / "plans", tmp_path / "site")
    assert result.built == ["zoe-2"]
    page = (tmp_path / "site" / "zoe-2" / "evidence.html").read_text()
    assert "<p><bdi>.hidden.png</bdi> (this file is not published)</p>" in page
    assert "hidden.png" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))


@pytest.mark.parametrize(
    ("link", "fix"),
    [
        ("www.khanacademy.org/x", "https://www.khanacademy.org/x"),
        ("khanacademy.org/math?unit=3", "https://khanacademy.org/math?unit=3"),
        ("bbc.co.uk", "https://bbc.co.uk"),
    ],
)
def test_a_web_address_without_https_is_a_warning_with_the_fix(
    tmp_path, monkeypatch, link: str, fix: str
) -> None:
    plans = project(tmp_path, "photos/strips.png", None)
    path = plans / "students" / "zoe-2.yml"
    path.write_text(path.read_text().replace("link: http://example.org/work", f"link: {link}"))
    assert problems(plans, monkeypatch) == [
        f"plans/students/zoe-2.yml:38:11: warning: link '{link}' has no https://, so it would "
        f"lead to a page of this site: did you mean '{fix}'? [link-without-scheme]",
        "0 errors, 1 warning",
    ]


@pytest.mark.parametrize("link", ["notes/own.html", "own.html", "notes.md", "./example.com"])
def test_relative_links_that_look_like_files_stay_silent(tmp_path, monkeypatch, link) -> None:
    plans = project(tmp_path, "photos/strips.png", None)
    path = plans / "students" / "zoe-2.yml"
    path.write_text(path.read_text().replace("link: http://example.org/work", f"link: {link}"))
    assert problems(plans, monkeypatch) == ["0 errors, 0 warnings"]
