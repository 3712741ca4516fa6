"""`learnpath inbox`: contributions sealed on a family's site, previewed as a diff, applied all or
nothing; every refusal leaves every plan byte for byte as it was."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.contributions import envelope
from generator.publishing import keys

from .conftest import ROOT

SECRET = bytes.fromhex("a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79")
ENV = {"LEARNPATH_SECRET": SECRET.hex()}
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256))
AVA_HOME = {
    "v": 1,
    "id": "Zx9kQmT3vLw8pR2sY6aB1c",
    "date": "2026-11-20",
    "writer": {"name": "Tía Rosa", "role": "parent"},
    "items": [
        {
            "type": "observation",
            "objective": "math4/compare-fractions",
            "level": "developing",
            "note": "Comparó 1/3 y 1/4 con una pizza.",
            "photos": [0],
        },
        {"type": "reflection", "text": "Le gustó cocinar."},
        {"type": "interest", "add": "música"},
    ],
    "photos": [base64.b64encode(PHOTO).decode()],
}
PREVIEW = """\
{file}: for ava-m, by Tía Rosa (parent), 2026-11-20
  1. observation of math4/compare-fractions: developing, 1 photo
  2. reflection{left_out}
  3. interest: add música
"""
DIFF = """\
--- plans/students/ava-m.yml
+++ plans/students/ava-m.yml
@@ -7,7 +7,8 @@
   - {name: Ms. Rivera, role: teacher}
   - {name: Carlos M., role: parent}
   - {name: Ava, role: student}
-interests: [horses, drawing, baking]
+  - {name: Tía Rosa, role: parent}
+interests: [horses, drawing, baking, música]
 preferences: [hands-on projects, short practice sessions, drawing a picture before writing]
 strengths: [explains ideas to classmates, careful drawings, keeps trying after a mistake]
 goals:
@@ -149,6 +150,13 @@
     by: Ava
     kind: self-assessment
     note: I know a lot about the horse but I forget to write where it says it.
+  - objective: math4/compare-fractions
+    date: 2026-11-20
+    level: developing
+    by: Tía Rosa
+    kind: observation
+    note: Comparó 1/3 y 1/4 con una pizza.
+    file: contribution-2026-11-20-{digest}.jpg
 
 reflections:
   - date: 2026-10-05
@@ -163,3 +171,8 @@
   - date: 2026-11-22
     by: Ms. Rivera
     text: Ava is ready to start scaling recipes once she can write fractions as multiples on her own.
+  - date: 2026-11-20
+    by: Tía Rosa
+    text: Le gustó cocinar.
+contributions:
+  - Zx9kQmT3vLw8pR2sY6aB1c
"""  # noqa: W293, E501 - a diff's blank context line is one space


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def sealed(tmp_path: Path, data: dict, owner: str = "ava-m", name: str = "c.txt", **kw) -> Path:
    site = keys.site_keys(kw.get("secret", SECRET), kw.get("epoch", 1), owner)
    text = envelope.seal(site.content, site.folder, kw.get("epoch", 1), json.dumps(data).encode())
    path = tmp_path / name
    path.write_text(text)
    return path


def inbox(plans: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(
        main, ["inbox", *args, "--plans", str(plans)], env=ENV, input=stdin, catch_exceptions=False
    )


def snapshot(plans: Path) -> dict[str, bytes]:
    return {
        p.relative_to(plans).as_posix(): p.read_bytes() for p in plans.rglob("*") if p.is_file()
    }


def test_preview_shows_every_item_and_the_exact_diff_and_writes_nothing(plans, tmp_path) -> None:
    before = snapshot(plans)
    file = sealed(tmp_path, AVA_HOME)
    result = inbox(plans, str(file))
    assert result.exit_code == 0, result.output
    digest = "ed61715612fe"
    photo = f"plans/students/ava-m/contribution-2026-11-20-{digest}.jpg"
    assert result.output == (
        PREVIEW.format(file=file, left_out="")
        + DIFF.replace("{digest}", digest)
        + f"+ {photo} (a new photo, 260 bytes)\n"
        + "inbox: 1 new contribution for 1 plan; preview only: add --apply to write\n"
    )
    assert snapshot(plans) == before


def test_apply_writes_the_plan_and_photo_and_the_same_file_again_adds_nothing(
    plans, tmp_path
) -> None:
    file = sealed(tmp_path, AVA_HOME)
    result = inbox(plans, str(file), "--apply")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "wrote plans/students/ava-m.yml\ninbox: 1 new contribution for 1 plan\n"
    )
    photo = plans / "students" / "ava-m" / "contribution-2026-11-20-ed61715612fe.jpg"
    assert photo.read_bytes() == PHOTO
    check = CliRunner().invoke(main, ["validate", "--plans", str(plans)])
    assert check.output == "0 errors, 0 warnings\n"
    after = snapshot(plans)
    again = inbox(plans, str(file), "--apply")
    assert again.output == (
        f"{file}: for ava-m, by Tía Rosa (parent), 2026-11-20: already applied, nothing to add\n"
        "inbox: 0 new contributions for 0 plans, 1 already applied\n"
    )
    assert snapshot(plans) == after


def test_leave_out_drops_one_item_and_a_replay_adds_nothing(plans, tmp_path) -> None:
    file = sealed(tmp_path, AVA_HOME)
    result = inbox(plans, str(file), "--leave-out", "2", "--apply")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(PREVIEW.format(file=file, left_out="  (left out)"))
    assert result.output.endswith("inbox: 1 new contribution for 1 plan, 1 item left out\n")
    text = (plans / "students" / "ava-m.yml").read_text()
    assert "Le gustó cocinar" not in text and "música" in text
    after = snapshot(plans)
    assert "already applied" in inbox(plans, str(file), "--apply").output
    assert snapshot(plans) == after


def test_pasted_text_and_folders_are_read(plans, tmp_path) -> None:
    file = sealed(tmp_path, AVA_HOME)
    pasted = inbox(plans, "-", stdin="Hi teacher, here it is:\n" + file.read_text())
    assert pasted.output.startswith("-: for ava-m, by Tía Rosa (parent), 2026-11-20\n")
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(file, folder / "learnpath-1.txt")
    (folder / ".DS_Store").write_bytes(b"\0")
    listed = inbox(plans, str(folder))
    assert listed.output.startswith(f"{folder}/learnpath-1.txt: for ava-m, by Tía Rosa")


def test_the_teachers_key_writes_the_teachers_evidence(plans, tmp_path) -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    data = {
        **AVA_HOME,
        "writer": {"name": "Ms. Rivera", "role": "teacher"},
        "student": ava.folder,
        "items": [AVA_HOME["items"][0]],
    }
    file = sealed(tmp_path, data, owner=keys.TEACHER)
    result = inbox(plans, str(file), "--apply")
    assert result.exit_code == 0, result.output
    text = (plans / "students" / "ava-m.yml").read_text()
    assert "    by: Ms. Rivera\n    kind: observation\n    note: Comparó" in text
    assert "Tía Rosa" not in text


def altered(file: Path) -> Path:
    lines = file.read_text().splitlines()
    lines[6] = ("B" if lines[6][0] == "A" else "A") + lines[6][1:]
    file.write_text("\n".join(lines) + "\n")
    return file


def other_students_header(tmp_path: Path) -> Path:
    file = sealed(tmp_path, AVA_HOME)
    liam = keys.site_keys(SECRET, 1, "liam-o").folder
    ava = keys.site_keys(SECRET, 1, "ava-m").folder
    file.write_text(file.read_text().replace(ava, liam))
    return file


REFUSED = [
    (
        lambda t: altered(sealed(t, AVA_HOME)),
        "the contribution was damaged or altered after it was sealed (or sealed with another "
        "school's secret): ask the family to send it again [bad-contribution]",
    ),
    (
        other_students_header,
        "the contribution was damaged or altered after it was sealed (or sealed with another "
        "school's secret): ask the family to send it again [bad-contribution]",
    ),
    (
        lambda t: sealed(t, AVA_HOME, secret=bytes.fromhex("b8" * 32)),
        "its folder is no student of this school (another school's contribution, a student "
        "whose plan was removed, or LEARNPATH_SECRET is not the one the sites were built "
        "with) [bad-contribution]",
    ),
    (
        lambda t: sealed(t, {**AVA_HOME, "writer": {"name": "Carlos M.", "role": "teacher"}}),
        "the writer claims the teacher's role, but it was sealed with a family's key "
        "[bad-contribution]",
    ),
    (
        lambda t: sealed(t, {**AVA_HOME, "writer": {"name": "Ms. Rivera", "role": "parent"}}),
        "the writer 'Ms. Rivera' is ava-m's teacher, but it was sealed with a family's key "
        "[bad-contribution-item]",
    ),
    (
        lambda t: sealed(t, {**AVA_HOME, "date": "2026-11-25"}),
        "dated 2026-11-25, after today (2026-11-24) [bad-contribution-item]",
    ),
    (
        lambda t: sealed(t, {**AVA_HOME, "items": [{**AVA_HOME["items"][0], "level": "great"}]}),
        "item 1 (observation): 'great' is not a level of the scale (beginning, developing, "
        "proficient, extending) [bad-contribution-item]",
    ),
    (
        lambda t: sealed(
            t, {**AVA_HOME, "items": [{**AVA_HOME["items"][0], "objective": "math4/x"}]}
        ),
        "item 1 (observation): ava-m's plan has no objective 'math4/x' [bad-contribution-item]",
    ),
    (
        lambda t: (t / "photo.jpg").write_bytes(PHOTO) and t / "photo.jpg",
        "not a learnpath contribution (no BEGIN LEARNPATH CONTRIBUTION line) [bad-contribution]",
    ),
]


@pytest.mark.parametrize(("make", "message"), REFUSED)
def test_refused_with_every_plan_byte_identical(plans, tmp_path, make, message: str) -> None:
    before = snapshot(plans)
    file = make(tmp_path)
    result = CliRunner().invoke(
        main, ["inbox", str(file), "--apply", "--plans", str(plans)], env=ENV
    )
    assert result.exit_code == 1
    assert result.output == (
        f"{file}:1:1: error: {message}\n1 error, 0 warnings\n"
        "nothing written: every plan is unchanged\n"
    )
    assert snapshot(plans) == before


def test_a_huge_file_is_refused_unread(plans, tmp_path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(envelope.MAX_TEXT + 1)  # sparse: no disk used
    result = inbox(plans, str(huge), "--apply")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{huge}:1:1: error: cannot read it: file is 16,777,217 bytes; a contribution must "
        "stay under 16,777,216 [bad-contribution]\n"
    )


def test_endless_pasted_text_is_refused(plans) -> None:
    result = inbox(plans, "-", stdin="A" * (envelope.MAX_TEXT + 10))
    assert result.output.startswith(
        "-:1:1: error: over 16 MB: not a contribution (at most 3 photos of 2 MB) [bad-contribution]"
    )


def test_without_the_secret_it_is_a_usage_error(plans, tmp_path) -> None:
    result = CliRunner().invoke(main, ["inbox", "x.txt", "--plans", str(plans)])
    assert result.exit_code == 2
    assert "LEARNPATH_SECRET is not set: contributions open with its keys" in result.output


def test_a_students_why_interests_and_two_contributions_at_once(plans, tmp_path) -> None:
    student = {
        **AVA_HOME,
        "id": "Ava0Why0Interests0000A",
        "writer": {"name": "Ava", "role": "student"},
        "items": [
            {"type": "why", "goal": "fractions", "text": "Quiero hornear pasteles: con mamá."},
            {"type": "interest", "remove": "drawing"},
            {"type": "interest", "add": "astronomía"},
            {
                "type": "self-assessment",
                "objective": "math4/compare-fractions",
                "level": "proficient",
            },
        ],
        "photos": [],
    }
    first = sealed(tmp_path, AVA_HOME, name="a.txt")
    second = sealed(tmp_path, student, name="b.txt")
    result = inbox(plans, str(first), str(second), "--apply")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("inbox: 2 new contributions for 1 plan\n")
    text = (plans / "students" / "ava-m.yml").read_text()
    assert "interests: [horses, baking, música, astronomía]\n" in text
    assert '    why: "Quiero hornear pasteles: con mamá."\n' in text
    assert text.endswith("contributions:\n  - Zx9kQmT3vLw8pR2sY6aB1c\n  - Ava0Why0Interests0000A\n")
    check = CliRunner().invoke(main, ["validate", "--plans", str(plans)])
    assert check.output == "0 errors, 0 warnings\n"


def test_leave_out_names_items_the_preview_lists(plans, tmp_path) -> None:
    file = sealed(tmp_path, AVA_HOME)
    beyond = inbox(plans, str(file), "--leave-out", "4")
    assert beyond.exit_code == 1
    assert beyond.output == (
        "error: --leave-out 4: there are 3 items\nnothing written: every plan is unchanged\n"
    )
    words = CliRunner().invoke(
        main, ["inbox", str(file), "--leave-out", "two", "--plans", str(plans)], env=ENV
    )
    assert words.exit_code == 2
    assert "item numbers as the preview lists them, e.g. 2,5" in words.output


def no_level_diff(writer: str, new_author: bool) -> str:
    """The exact diff of one observation with no level: no `level:` line in the entry."""
    shift = 1 if new_author else 0  # the new writer's line in authors
    authors = (
        "@@ -7,6 +7,7 @@\n"
        "   - {name: Ms. Rivera, role: teacher}\n"
        "   - {name: Carlos M., role: parent}\n"
        "   - {name: Ava, role: student}\n"
        f"+  - {{name: {writer}, role: parent}}\n"
        " interests: [horses, drawing, baking]\n"
        " preferences: [hands-on projects, short practice sessions, drawing a picture before "
        "writing]\n"
        " strengths: [explains ideas to classmates, careful drawings, keeps trying after a "
        "mistake]\n"
    )
    return (
        "--- plans/students/ava-m.yml\n+++ plans/students/ava-m.yml\n"
        + (authors if new_author else "")
        + f"@@ -149,6 +{149 + shift},11 @@\n"
        "     by: Ava\n"
        "     kind: self-assessment\n"
        "     note: I know a lot about the horse but I forget to write where it says it.\n"
        "+  - objective: math4/compare-fractions\n"
        "+    date: 2026-11-20\n"
        f"+    by: {writer}\n"
        "+    kind: observation\n"
        "+    note: Comparó 1/3 y 1/4 con una pizza.\n"
        " \n"
        " reflections:\n"
        "   - date: 2026-10-05\n"
        f"@@ -163,3 +{168 + shift},5 @@\n"
        "   - date: 2026-11-22\n"
        "     by: Ms. Rivera\n"
        "     text: Ava is ready to start scaling recipes once she can write fractions as "
        "multiples on her own.\n"
        "+contributions:\n"
        "+  - Zx9kQmT3vLw8pR2sY6aB1c\n"
    )


NO_LEVEL = {"type": "observation", "objective": "math4/compare-fractions"}


@pytest.mark.parametrize("writer", ["Tía Rosa", "Ms. Rivera"])
def test_an_observation_with_no_level_validates_and_never_counts(plans, tmp_path, writer) -> None:
    """A home observation whose writer chose no level (issue 22: level optional) is written
    without `level:`; the plan validates, and it counts toward mastery for no one, not even
    when the teacher wrote it from the teacher's index."""
    from generator.checking.validate import check
    from generator.mastery import engine as mastery
    from generator.rendering.render import environment, render_site

    from .conftest import TODAY

    item = {**NO_LEVEL, "note": "Comparó 1/3 y 1/4 con una pizza."}
    data = {**AVA_HOME, "items": [item], "photos": []}
    if writer == "Tía Rosa":
        file = sealed(tmp_path, data)
    else:
        teacher = {"writer": {"name": writer, "role": "teacher"}}
        ava = keys.site_keys(SECRET, 1, "ava-m").folder
        file = sealed(tmp_path, {**data, **teacher, "student": ava}, owner=keys.TEACHER)
    before = mastery.evaluate(check(plans).plans["ava-m"])["math4/compare-fractions"]
    preview = inbox(plans, str(file))
    assert preview.exit_code == 0, preview.output
    listing = (
        f"{file}: for ava-m, by {writer} ({'parent' if writer == 'Tía Rosa' else 'teacher'}), "
    )
    listing += "2026-11-20\n  1. observation of math4/compare-fractions: no level\n"
    diff = no_level_diff(writer, new_author=writer == "Tía Rosa")
    assert preview.output == listing + diff + (
        "inbox: 1 new contribution for 1 plan; preview only: add --apply to write\n"
    )
    assert inbox(plans, str(file), "--apply").exit_code == 0
    project = check(plans)
    assert project.problems == []
    after = mastery.evaluate(project.plans["ava-m"])["math4/compare-fractions"]
    assert (after.status, after.score, after.counted) == (
        before.status,
        before.score,
        before.counted,
    )
    assert [(e.by, e.level) for e in after.others][-1] == (writer, "")
    spec = render_site(project.plans["ava-m"], project.school, plans, environment(), TODAY)
    shown = "".join(page.body for page in spec.pages if page.path == "evidence.html")
    role = "familia" if writer == "Tía Rosa" else "docente"  # Ava's site is in Spanish
    line = f'<p>observación · <bdi lang="en">{writer}</bdi> ({role}) · '
    line += "<em>se muestra, no cuenta para el dominio</em></p>\n"
    line += '<p dir="auto" lang="en">Comparó 1/3 y 1/4 con una pizza.</p>'
    assert line in shown  # no level to show, and not counted


def test_a_self_assessment_still_needs_a_level(plans, tmp_path) -> None:
    data = {**AVA_HOME, "items": [{**NO_LEVEL, "type": "self-assessment"}], "photos": []}
    result = inbox(plans, str(sealed(tmp_path, data)))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{tmp_path / 'c.txt'}:1:1: error: item 1 (self-assessment): no level [bad-contribution]\n"
    )


@pytest.mark.parametrize("linked", ["folder", "photo"])
def test_a_photo_that_would_land_outside_the_plans_is_refused_and_nothing_written(
    plans, tmp_path, linked: str
) -> None:
    """The student's folder, or a file of the photo's name in it, a link out of the plans:
    writing there would put the photo outside and leave a plan `validate` refuses."""
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = plans / "students" / "ava-m"
    if linked == "folder":
        shutil.rmtree(folder)
        plan = plans / "students" / "ava-m.yml"
        lines = plan.read_text().splitlines(keepends=True)
        plan.write_text("".join(line for line in lines if "fraction-strips.png" not in line))
        folder.symlink_to(outside, target_is_directory=True)
        message = (
            "students/ava-m/ is a link to another folder; evidence files must be in the "
            "student's own folder"
        )
    else:
        (folder / "contribution-2026-11-20-ed61715612fe.jpg").symlink_to(outside / "x.jpg")
        (outside / "x.jpg").write_bytes(b"not the photo")
        message = (
            "file 'contribution-2026-11-20-ed61715612fe.jpg' is a link to a file outside "
            "students/ava-m/"
        )
    assert CliRunner().invoke(main, ["validate", "--plans", str(plans)]).exit_code == 0
    before, outside_before = snapshot(plans), sorted(outside.iterdir())
    result = inbox(plans, str(sealed(tmp_path, AVA_HOME)), "--apply")
    assert result.exit_code == 1
    assert result.output == (
        f"plans/students/ava-m.yml:1:1: error: {message}: the contribution's photo is not "
        "written [file-outside-folder]\n1 error, 0 warnings\n"
        "nothing written: every plan is unchanged\n"
    )
    assert snapshot(plans) == before
    assert sorted(outside.iterdir()) == outside_before
