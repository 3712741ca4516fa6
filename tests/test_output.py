"""Publishing a build: a manifest that deletes nothing outside the site, student folders
replaced whole while readers read, a lock between builds, recovery after a killed build,
and `build --keep-going`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import html
from generator.build import build
from generator.cli import main
from generator.publishing import swap as output

from .conftest import ROOT

STUDENTS = sorted(p.stem for p in (ROOT / "plans" / "students").glob("*.yml"))
NOT_NOAH = [sid for sid in STUDENTS if sid != "noah-t"]
NOT_LIAM = [sid for sid in STUDENTS if sid != "liam-o"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    return plans


def rename_school(plans: Path, name: str) -> None:
    """A change every student's site depends on: all of them are rebuilt."""
    school = plans / "school.yml"
    school.write_text(school.read_text().replace("name: Maple Street School", f"name: {name}"))


def state(tmp_path: Path) -> Path:
    return tmp_path / ".learnpath" / "site"


def test_the_manifest_lives_beside_the_site_and_names_each_published_folder(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    (site).mkdir()
    (site / ".learnpath.json").write_text("{}")  # where older versions kept it
    assert not build(plans, site).failed
    manifest = json.loads((state(tmp_path) / "manifest.json").read_text())
    assert sorted(manifest) == ["clean", "students", "version"]
    assert (manifest["clean"], manifest["version"]) == (True, 1)
    assert {sid: entry["folder"] for sid, entry in manifest["students"].items()} == {
        sid: sid for sid in STUDENTS
    }
    assert sorted(p.name for p in site.iterdir()) == sorted(["assets", *STUDENTS, "index.html"])
    assert sorted(p.name for p in state(tmp_path).iterdir()) == ["cache", "lock", "manifest.json"]
    assert (ROOT / ".gitignore").read_text().count("\n.learnpath/\n") == 1


def test_a_tampered_manifest_deletes_nothing_outside_the_site(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    assert not build(plans, site).failed
    victims = [tmp_path / "victim", tmp_path / "abs-victim", tmp_path / "linked"]
    for victim in victims:
        victim.mkdir()
        (victim / "keep.txt").write_text("mine")
    (site / "link").symlink_to(tmp_path / "linked")
    (site / "Notes").mkdir()  # not a student id
    names = ["../victim", str(tmp_path / "abs-victim"), "assets", "link", "Notes", "", "."]
    entries = {f"gone-{i}": {"fingerprint": "x", "folder": n} for i, n in enumerate(names)}
    entries["ava-m"] = {"fingerprint": "x", "folder": "../victim"}
    state(tmp_path).mkdir(parents=True, exist_ok=True)
    (state(tmp_path) / "manifest.json").write_text(
        json.dumps({"version": 1, "clean": True, "students": entries})
    )
    # The manifest of older versions, inside the published folder, is never read.
    old = {"students": {"../victim": "x", str(tmp_path / "abs-victim"): "x", "assets": "x"}}
    (site / ".learnpath.json").write_text(json.dumps(old))
    assets = snapshot(site / "assets")
    result = build(plans, site)
    assert not result.failed
    assert sorted(result.built) == STUDENTS
    for victim in victims:
        assert (victim / "keep.txt").read_text() == "mine"
    assert (site / "link").is_symlink() and (site / "Notes").is_dir()
    assert snapshot(site / "assets") == assets
    assert not (site / ".learnpath.json").exists()
    assert sorted(p.name for p in site.iterdir()) == sorted(
        ["Notes", "assets", *STUDENTS, "index.html", "link"]
    )


def test_a_reader_never_misses_a_page_while_every_site_is_rebuilt(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    assert not build(plans, site).failed
    pages = [site / sid / "index.html" for sid in STUDENTS]
    pages += [site / "index.html", site / "assets" / "learnpath" / "learnpath.css"]
    done, reads, missing = threading.Event(), [0], []

    def read() -> None:
        while not done.is_set():
            for page in pages:
                try:
                    page.read_bytes()
                    reads[0] += 1
                except OSError:
                    missing.append(page)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        rename_school(plans, "Oak Street School")
        result = build(plans, site)
    finally:
        done.set()
        reader.join()
    assert sorted(result.built) == STUDENTS
    assert "Oak Street School" in (site / "index.html").read_text()
    assert missing == []
    assert reads[0] > 100


def test_a_second_build_waits_for_the_first(tmp_path) -> None:
    import fcntl

    plans, site = copy_plans(tmp_path), tmp_path / "site"
    assert not build(plans, site).failed
    waited, finished = threading.Event(), []
    with (state(tmp_path) / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build holds the site
        second = threading.Thread(
            target=lambda: finished.append(build(plans, site, on_wait=waited.set))
        )
        second.start()
        assert waited.wait(30)
        second.join(0.5)
        assert finished == []  # still waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
    second.join(60)
    assert [r.skipped for r in finished] == [STUDENTS]


def learnpath(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    first = learnpath("build", "--plans", str(plans), "--site", str(site))
    second = learnpath("build", "--plans", str(plans), "--site", str(site))
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    summaries = sorted(out.splitlines()[0] for out, _ in outputs)
    assert summaries == [
        "built 0 site(s), 6 unchanged, 0 removed",
        "built 6 site(s), 0 unchanged, 0 removed",
    ]
    fresh = tmp_path / "fresh"
    assert not build(plans, fresh).failed
    assert snapshot(site) == snapshot(fresh)
    assert sorted(p.name for p in state(tmp_path).iterdir()) == ["cache", "lock", "manifest.json"]


KILLER = """
import os, signal, sys
import generator.{module} as target
from generator.cli import main
original, calls = target.{function}, []
def killing(*args, **kwargs):
    calls.append(1)
    if len(calls) == {call}:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)
target.{function} = killing
main(sys.argv[1:])
"""


@pytest.mark.parametrize(
    ("module", "function", "call"),
    [
        ("html", "_build", 2),  # the first site written into staging, the second not
        ("publishing.swap", "replace_folder", 1),  # everything staged, nothing published
        ("publishing.swap", "replace_folder", 3),  # assets and one student published
        (
            "publishing.swap",
            "remove_folder",
            1,
        ),  # every site published, the removed one still there
        ("publishing.swap", "write_manifest", 2),  # all done but the final manifest
    ],
)
def test_a_killed_build_is_recovered_by_the_next_one(tmp_path, module, function, call) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    assert not build(plans, site).failed
    before = {sid: snapshot(site / sid) for sid in STUDENTS}
    rename_school(plans, "Oak Street School")
    (plans / "students" / "noah-t.yml").unlink()
    fresh = tmp_path / "fresh"
    assert not build(plans, fresh).failed
    after = {sid: snapshot(fresh / sid) for sid in NOT_NOAH}
    script = KILLER.format(module=module, function=function, call=call)
    killed = subprocess.run(
        [sys.executable, "-c", script, "build", "--plans", str(plans), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for sid in STUDENTS:  # every published site is whole: the old one or the new one
        if (site / sid).exists():
            assert snapshot(site / sid) in (before[sid], after.get(sid)), sid
    for sid in NOT_NOAH:
        assert (site / sid / "index.html").is_file(), sid
    result = build(plans, site)
    assert not result.failed
    assert snapshot(site) == snapshot(fresh)
    assert sorted(p.name for p in state(tmp_path).iterdir()) == ["cache", "lock", "manifest.json"]
    assert build(plans, site).built == []


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def break_plan(plans: Path, sid: str) -> None:
    plan = plans / "students" / f"{sid}.yml"
    plan.write_text(plan.read_text().replace("objectives:", "objectves:", 1))


def test_keep_going_publishes_the_others_and_keeps_a_broken_plans_last_site(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    options = ["--plans", str(plans), "--site", str(site)]
    break_plan(plans, "liam-o")
    result = run("build", *options, "--keep-going")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "plans/students/liam-o.yml:13:5: error: goal is missing 'objectives' (its objectives) "
        "[missing-key]",
        "plans/students/liam-o.yml:20:5: error: unknown key 'objectves' in goal — "
        "did you mean 'objectives'? [unknown-key]",
        "2 errors, 0 warnings",
        "1 student not built because of errors: liam-o (no site)",
    ]
    assert result.stdout.splitlines() == [
        "built 5 site(s), 0 unchanged, 0 removed",
        *(f"  {site / sid / 'index.html'}" for sid in NOT_LIAM),
    ]
    assert sorted(p.name for p in site.iterdir()) == [
        "assets",
        "ava-m",
        "index.html",
        *NOT_LIAM[1:],
    ]
    shutil.copy(ROOT / "plans" / "students" / "liam-o.yml", plans / "students")
    assert run("build", *options).exit_code == 0
    good = snapshot(site / "liam-o")
    break_plan(plans, "liam-o")
    rename_school(plans, "Oak Street School")
    result = run("build", *options, "--keep-going")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "1 student not built because of errors: liam-o (last good site kept)"
    )
    assert result.stdout.splitlines()[0] == "built 5 site(s), 0 unchanged, 0 removed"
    assert snapshot(site / "liam-o") == good
    assert "Oak Street School" in (site / "index.html").read_text()
    # Fixed, it is rebuilt; without --keep-going a broken plan still stops everything.
    shutil.copy(ROOT / "plans" / "students" / "liam-o.yml", plans / "students")
    rename_school(plans, "Elm Street School")
    break_plan(plans, "mia-c")
    before = snapshot(site)
    result = run("build", *options)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"nothing written: {site} is unchanged"
    assert snapshot(site) == before


def test_keep_going_stops_everything_on_a_school_error(tmp_path) -> None:
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    school = plans / "school.yml"
    school.write_text(school.read_text().replace("level: proficient", "level: profcient"))
    result = run("build", "--plans", str(plans), "--site", str(site), "--keep-going")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "plans/school.yml:8:10: error: mastery level 'profcient' is not in the scale — "
        "did you mean 'proficient'? [bad-setting]",
        "1 error, 0 warnings",
        f"nothing written: {site} is unchanged",
    ]
    assert result.stdout == ""
    assert not site.exists()


def folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


@pytest.mark.parametrize("exchange", [True, False])
def test_replacing_a_folder_replaces_it_whole(tmp_path, monkeypatch, exchange: bool) -> None:
    if not exchange:  # a system without renameat2 or renamex_np: two renames
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    target = folder(tmp_path / "site" / "ava-m", {"index.html": "old", "goals/g.html": "old"})
    new = folder(tmp_path / "new", {"index.html": "new"})
    output.replace_folder(new, target, tmp_path / "aside")
    assert snapshot(target) == {"index.html": b"new"}
    assert snapshot(tmp_path / "aside") == {"index.html": b"old", "goals/g.html": b"old"}
    assert not new.exists()


def test_a_symbolic_link_in_the_site_is_replaced_not_followed(tmp_path) -> None:
    elsewhere = folder(tmp_path / "elsewhere", {"keep.txt": "mine"})
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ava-m").symlink_to(elsewhere)
    new = folder(tmp_path / "new", {"index.html": "new"})
    output.replace_folder(new, tmp_path / "site" / "ava-m", tmp_path / "aside")
    assert snapshot(tmp_path / "site") == {"ava-m/index.html": b"new"}
    assert (tmp_path / "aside").is_symlink()
    assert snapshot(elsewhere) == {"keep.txt": b"mine"}


def test_a_site_on_another_file_system_is_staged_inside_itself(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(output, "_same_device", lambda a, b: False)
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    staged = []
    publish = output.publish
    monkeypatch.setattr(
        output, "publish", lambda s, *args: staged.append(s.staging) or publish(s, *args)
    )
    assert sorted(build(plans, site).built) == STUDENTS
    assert staged == [site / ".learnpath-staging"]
    assert sorted(p.name for p in site.iterdir()) == sorted(["assets", *STUDENTS, "index.html"])


def test_keep_going_publishes_the_others_when_mkdocs_refuses_one_site(
    tmp_path, monkeypatch
) -> None:
    build_site = html._build

    def refuse_liam(site_id, **job):
        if site_id == "liam-o":
            return ["a page MkDocs refused"]
        return build_site(site_id, **job)

    monkeypatch.setattr(html, "_build", refuse_liam)
    plans, site = copy_plans(tmp_path), tmp_path / "site"
    assert build(plans, site).failed and not site.exists()
    result = build(plans, site, keep_going=True)
    assert [str(p) for p in result.problems] == [
        "plans:1:1: error: site 'liam-o': a page MkDocs refused [build]"
    ]
    assert (result.failed, result.built, result.not_built) == (
        True,
        NOT_LIAM,
        {"liam-o": False},
    )
    assert sorted(p.name for p in site.iterdir()) == [
        "assets",
        "ava-m",
        "index.html",
        *NOT_LIAM[1:],
    ]


NAMES = st.sampled_from(
    ["../victim", "/tmp", "assets", "link", "ava-m", "gone", "Gone", ".", "..", "", "a/b"]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | NAMES | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=12,
)
MANIFESTS = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2, "1", None]), "clean": JSON},
    optional={
        "students": st.dictionaries(
            NAMES, st.fixed_dictionaries({}, optional={"folder": JSON, "fingerprint": JSON})
        )
        | JSON,
        "publishing": st.lists(NAMES) | JSON,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifest=MANIFESTS)
def test_any_manifest_removes_only_student_folders_of_the_site(tmp_path_factory, manifest):
    work = tmp_path_factory.mktemp("manifest")
    victim = folder(work / "victim", {"keep.txt": "mine"})
    site = output.Site(work / "site", work / ".learnpath" / "site", work / ".learnpath" / "st")
    for name in ("ava-m", "gone", "Gone", "assets"):
        folder(site.folder / name, {"index.html": name})
    (site.folder / "link").symlink_to(victim)
    site.state.mkdir(parents=True)
    (site.state / "manifest.json").write_text(json.dumps(manifest))
    before = output.read_manifest(site)
    assert all(output._safe_name(name) for name in before.folders())
    keep = output.Manifest({"ava-m": output.Entry("f", "ava-m")}, True)
    output.publish(
        site, work / "nothing-staged", [], {"index.html": "<p>landing</p>"}, before, keep
    )
    assert snapshot(victim) == {"keep.txt": b"mine"}
    left = {p.name for p in site.folder.iterdir()}
    assert {"ava-m", "Gone", "assets", "link", "index.html"} <= left
    assert ("gone" in left) == ("gone" not in before.folders())
