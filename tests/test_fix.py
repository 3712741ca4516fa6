"""`learnpath fix` rewrites spellings and cut sentences, keeping every other byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.checking.validate import check
from generator.cli import main

COMPAT = Path(__file__).parent / "plans" / "compat"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_fix_writes_each_word_as_the_format_spells_it(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COMPAT / "spellings" / "plans", plans)
    before = (plans / "students" / "kai.yml").read_text()
    code, out = run("fix", "--plans", str(plans), "--dry-run")
    assert code == 0 and out.splitlines()[-1] == "14 changes in 2 files"
    assert (plans / "students" / "kai.yml").read_text() == before  # a dry run writes nothing
    code, out = run("fix", "--plans", str(plans))
    assert code == 0
    assert out.splitlines()[3:8] == [
        "plans/school.yml: fixed",
        "plans/students/kai.yml:5:27: Teacher -> teacher",
        "plans/students/kai.yml:6:23: STUDENT -> student",
        "plans/students/kai.yml:15:27: weighted-average -> weighted_average",
        "plans/students/kai.yml:17:60: Proficient -> proficient",
    ]
    expected = before
    for old, new in [
        ("role: Teacher", "role: teacher"),
        ("role: STUDENT", "role: student"),
        ("method: weighted-average", "method: weighted_average"),
        ("level: Proficient", "level: proficient"),
        ("kind: work sample}", "kind: work-sample}"),
        ("kind: Work-Sample", "kind: work-sample"),
        ("kind: self assessment", "kind: self-assessment"),
        ("level: Developing", "level: developing"),
        ("kind: QUIZ", "kind: quiz"),
        ("kind: Work_Sample", "kind: work-sample"),
        ("kind: Observation", "kind: observation"),
    ]:
        expected = expected.replace(old, new)
    assert (plans / "students" / "kai.yml").read_text() == expected
    assert run("fix", "--plans", str(plans)) == (0, "0 changes in 0 files\n")
    plan = check(plans).plans["kai"]
    assert [e.kind for e in plan.evidence][-1] == "homework"  # not a spelling: kept


def test_fix_keeps_a_bom_crlf_and_quotes_and_joins_a_cut_sentence(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COMPAT / "version-1-minimal" / "plans", plans)
    path = plans / "students" / "sam.yml"
    text = path.read_text().replace("kind: observation", 'kind: "Work Sample"  # the form')
    text = text.replace(
        "        title: Decode words with two syllables\n",
        "        title: Decode words with two syllables\n"
        "        family_tips: [Clap the syllables, then say the word again., Read signs.]\n",
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    code, out = run("fix", "--plans", str(plans))
    assert code == 0, out
    assert out.splitlines()[:2] == [
        "plans/students/sam.yml:12:23: Clap the syllables, then say the word again. -> "
        '"Clap the syllables, then say the word again."',
        'plans/students/sam.yml:21:11: "Work Sample" -> work-sample',
    ]
    fixed = text.replace('"Work Sample"  # the form', "work-sample  # the form").replace(
        "[Clap the syllables, then say the word again., Read signs.]",
        '["Clap the syllables, then say the word again.", Read signs.]',
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + fixed.replace("\n", "\r\n").encode()
    assert check(plans).problems == []


def test_fix_leaves_a_linked_plan_alone(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COMPAT / "spellings" / "plans", plans)
    real = plans / "students" / "kai" / "plan.yml"  # a link inside the plans folder is read
    real.parent.mkdir()
    (plans / "students" / "kai.yml").rename(real)
    (plans / "students" / "kai.yml").symlink_to(real)
    before = real.read_bytes()
    code, out = run("fix", "--plans", str(plans))
    assert code == 1
    assert (
        "plans/students/kai.yml: left as it is (a link, saved meanwhile, or the fix would "
        "not validate)" in out
    )
    assert (plans / "students" / "kai.yml").is_symlink() and real.read_bytes() == before


def test_fix_writes_a_way_of_learning_as_its_id(tmp_path: Path) -> None:
    """A way spelled as people write it, or a phrase school.yml's `ways:` maps to a way, is
    written as the way's id; a way the school does not have is left for the person."""
    plans = tmp_path / "plans"
    shutil.copytree(Path(__file__).parent.parent / "plans", plans)
    library = plans / "library" / "math4.yml"
    text = library.read_text()
    text = text.replace("        ways: [visual]\n", "        ways: [Visual]\n", 1)
    text = text.replace(
        "        ways: [with-others]\n", "        ways: [hands-on projects, cooking]\n", 1
    )
    text = text.replace(
        "        ways: [hands-on]\n", "        ways:\n          - 'Building Models'\n", 1
    )
    library.write_text(text)
    code, out = run("fix", "--plans", str(plans))
    assert code == 0, out
    assert out.splitlines() == [
        "plans/library/math4.yml:13:13: 'Building Models' -> hands-on",
        "plans/library/math4.yml:15:16: Visual -> visual",
        "plans/library/math4.yml:18:16: hands-on projects -> hands-on",
        "plans/library/math4.yml: fixed",
        "3 changes in 1 file",
    ]
    fixed = text.replace("[Visual]", "[visual]").replace("[hands-on projects,", "[hands-on,")
    fixed = fixed.replace("          - 'Building Models'\n", "          - hands-on\n")
    assert library.read_text() == fixed
    assert [p.message for p in check(plans).problems if p.rule == "unknown-way"] == [
        "'cooking' is not a way of learning here — the ways are hands-on, visual, listening, "
        "reading-writing, talking, movement, music, nature, with-others, alone; a school adds "
        "its own under ways: in school.yml"
    ]
