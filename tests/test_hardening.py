"""Issue 10, the reading side: special files, loops, huge numbers, line breaks YAML counts,
typographic quotes and non-breaking spaces. Each is a located problem, never a hang or a
traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import report
from generator.checking.validate import check
from generator.load import Document, parse_text

from .conftest import ROOT

EVERYTHING = ROOT / "tests" / "plans" / "valid" / "everything" / "plans"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(EVERYTHING, folder)
    return folder


def problems(plans: Path) -> list[str]:
    return [str(p) for p in check(plans).problems]


def text_problems(text: str) -> list[str]:
    return [str(p) for p in parse_text(Document(Path("x.yml"), "x.yml", text)).problems]


# ---- item 4: only regular files are read ------------------------------------------------

OUTSIDE = "is a link to a file outside the plans folder; copy the file here instead"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/dev/zero"), OUTSIDE),
        (lambda p: p.symlink_to("/dev/urandom"), OUTSIDE),
        (lambda p: os.mkfifo(p), "is not a regular file (a device, pipe or socket)"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: p.symlink_to(p.parent / "gone.yml"), "is a link to a file that does not exist"),
        (lambda p: p.symlink_to(p), "is a link that loops back on itself"),
    ],
    ids=["dev-zero", "dev-urandom", "fifo", "folder", "dangling", "loop"],
)
def test_a_plan_that_is_not_a_regular_file_is_a_located_error(plans: Path, make, message) -> None:
    make(plans / "students" / "bad.yml")
    assert problems(plans) == [f"plans/students/bad.yml:1:1: error: {message} [syntax]"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling", "dev-zero"])
def test_a_broken_school_file_is_an_error_not_the_defaults(plans: Path, kind: str) -> None:
    school = plans / "school.yml"
    school.unlink(missing_ok=True)
    {
        "fifo": lambda: os.mkfifo(school),
        "folder": school.mkdir,
        "dangling": lambda: school.symlink_to("nowhere.yml"),
        "dev-zero": lambda: school.symlink_to("/dev/zero"),
    }[kind]()
    found = problems(plans)
    assert len(found) == 1 and found[0].startswith("plans/school.yml:1:1: error: ")


def test_a_library_that_is_a_fifo_is_an_error(plans: Path) -> None:
    os.mkfifo(plans / "library" / "pipe.yml")
    assert problems(plans) == [
        "plans/library/pipe.yml:1:1: error: is not a regular file (a device, pipe or socket) "
        "[syntax]"
    ]


def test_a_plan_linked_inside_the_plans_folder_is_read(plans: Path) -> None:
    # Documented: a link to a regular file inside the plans folder works (a shared plan kept
    # under another name); a link out of the folder does not.
    (plans / "students" / "zoe-2.yml").rename(plans / "zoe-2.real")
    (plans / "students" / "zoe-2.yml").symlink_to("../zoe-2.real")
    assert problems(plans) == []
    assert sorted(check(plans).plans) == ["zoe-2"]


def test_a_plan_linked_outside_the_plans_folder_is_refused(plans: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    (plans / "students" / "zoe-2.yml").rename(outside)
    (plans / "students" / "zoe-2.yml").symlink_to(outside)
    assert problems(plans) == [
        "plans/students/zoe-2.yml:1:1: error: is a link to a file outside the plans folder; "
        "copy the file here instead [syntax]"
    ]


# ---- item 5: tracebacks that become problems -------------------------------------------


def test_a_library_activity_without_title_is_a_located_problem(plans: Path) -> None:
    lib = plans / "library" / "lib.yml"
    text = lib.read_text()
    assert "  - id: a\n" in text
    lib.write_text(text.replace("  - id: a\n", "  - id: a\n    activities: [{interest: x}]\n", 1))
    found = problems(plans)
    assert found[0] == (
        "plans/library/lib.yml:4:18: error: activity is missing 'title' (what to do) [missing-key]"
    )


def test_an_alias_that_contains_itself_is_a_problem() -> None:
    # Located at the anchored value: libyaml's composed graph no longer knows the alias.
    assert text_problems("a: &a [*a]\n") == [
        "x.yml:1:4: error: an alias refers to a value that contains it (a loop) [syntax]"
    ]


def test_aliases_nesting_past_the_limit_are_a_problem() -> None:
    deep = "[" * 40 + "]" * 40
    text = f"a: &a {deep}\nb: &b [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    assert text_problems(text) == ["x.yml:1:40: error: nesting deeper than 64 levels [syntax]"]


def test_a_count_with_thousands_of_digits_is_out_of_range(plans: Path) -> None:
    school = plans / "school.yml"
    school.write_text("mastery:\n  count: " + "9" * 5000 + "\n")
    assert problems(plans) == [
        "plans/school.yml:2:10: error: 99999999...9 (5000 digits) is out of range; "
        "expected 1 to 100 [bad-setting]"
    ]


# ---- item 7: line breaks as YAML counts them --------------------------------------------


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_reported_lines(odd: str) -> None:
    text = f'title: "a{odd}b"\nbad: [\n'
    assert text_problems(text) == [
        "x.yml:2:7: error: YAML syntax: did not find expected node content [syntax]"
    ]


def test_a_carriage_return_alone_is_a_line_break() -> None:
    # CR-only files (old Mac editors): every CR ends a line, as in YAML and in editors.
    assert text_problems("a: 1\rb: \x07\r") == [
        "x.yml:2:4: error: character U+0007 is not allowed in YAML [syntax]"
    ]


# ---- item 16: typographic quotes and non-breaking spaces --------------------------------


def test_typographic_quotes_used_as_yaml_quotes_are_explained() -> None:
    assert text_problems("student:\n  name: “Ava: M.”\n") == [
        "x.yml:2:9: error: YAML syntax: mapping values are not allowed in this context — the "
        "line has typographic quotes (“ ” ‘ ’) from a word processor; YAML quotes are straight: "
        "\" or ' [syntax]"
    ]


def test_a_non_breaking_space_in_indentation_is_explained() -> None:
    assert text_problems("student:\n\u00a0 name: Ava\n") == [
        "x.yml:2:1: error: a non-breaking space (U+00A0) is used for indentation; replace it "
        "with an ordinary space [syntax]"
    ]


def test_a_non_breaking_space_after_a_colon_is_explained() -> None:
    assert text_problems("student:\n  name:\u00a0Ava\n") == [
        "x.yml:2:8: error: a non-breaking space (U+00A0) follows ':'; replace it with an "
        "ordinary space [syntax]"
    ]


def test_report_of_all_problems_is_sorted(plans: Path) -> None:
    os.mkfifo(plans / "students" / "a.yml")
    (plans / "students" / "b.yml").mkdir()
    text = report.text(check(plans).problems)
    assert text.splitlines()[0].startswith("plans/students/a.yml:1:1")


# ---- item 12: .yaml plans are read; what will not be read is said ------------------------


def test_a_yaml_suffix_plan_builds(plans: Path, tmp_path: Path) -> None:
    from generator.build import build

    (plans / "students" / "zoe-2.yml").rename(plans / "students" / "zoe-2.yaml")
    result = build(plans, tmp_path / "site")
    assert (result.failed, result.built) == (False, ["zoe-2"])
    assert (tmp_path / "site" / "zoe-2" / "index.html").is_file()


def test_a_build_with_a_fifo_plan_fails_without_hanging(plans: Path, tmp_path: Path) -> None:
    from generator.build import build

    os.mkfifo(plans / "students" / "pipe.yml")
    result = build(plans, tmp_path / "site")
    assert result.failed
    assert [str(p) for p in result.problems] == [
        "plans/students/pipe.yml:1:1: error: is not a regular file (a device, pipe or socket) "
        "[syntax]"
    ]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_a_line_break_in_a_text_field_never_becomes_page_structure(brk: str) -> None:
    from generator.rendering.render import environment

    text = f"x{brk}# INJECTED{brk}- item{brk}{brk}> quote"
    template = "{% for p in note|paragraphs %}<p>{{ p }}</p>\n{% endfor %}<li>{{ note }}</li>"
    html = environment().from_string(template).render(note=text)
    assert html == (
        "<p>x # INJECTED - item</p>\n<p>&gt; quote</p>\n<li>x # INJECTED - item &gt; quote</li>"
    )


def test_a_carriage_return_in_a_title_renders_no_heading(plans: Path, tmp_path: Path) -> None:
    from generator.build import build

    path = plans / "students" / "zoe-2.yml"
    path.write_text(path.read_text().replace("title: Own objective", 'title: "x\\r# INJECTED"'))
    result = build(plans, tmp_path / "site")
    assert not result.failed, result.problems
    page = (tmp_path / "site" / "zoe-2" / "goals" / "g.html").read_text()
    assert "INJECTED</h1>" not in page and 'id="injected"' not in page
    assert "x # INJECTED" in page


def test_a_line_separator_in_plain_text_is_pointed_at() -> None:
    assert text_problems("a: x\u2028y\nb: [\n") == [
        "x.yml:1:5: error: YAML syntax: could not find expected ':' — an invisible line "
        "separator (U+2028) is here, which YAML 1.1 tools read as a line break; delete it or "
        "put the text in quotes [syntax]"
    ]


def test_a_value_in_typographic_quotes_that_fails_a_check_says_why(plans: Path) -> None:
    path = plans / "students" / "zoe-2.yml"
    path.write_text(path.read_text().replace("start: 2026-09-01", "start: “2026-09-01”"))
    assert problems(plans) == [
        "plans/students/zoe-2.yml:17:12: error: expected a date like 2026-10-02, found "
        "'“2026-09-01”' — “ is a typographic quote from a word processor, kept as part of the "
        "text; YAML quotes are straight: \" or ' [bad-date]"
    ]
