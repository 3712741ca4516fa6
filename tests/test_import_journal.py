"""`evidence import --apply` is all or nothing even when the process is killed: a real SIGKILL
at every step of the write, then the next command, and every plan is all old or all new.

The killed process is `learnpath` itself, run with a hook (below) that counts the calls that
change the disk (fsync, link, rename, unlink) and kills the process at the N-th one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base import journal
from generator.cli import main

from .conftest import ROOT
from .test_classroom_import import RIVERA, class_folder, run, snapshot

KILLED_AT = """
import atexit, os, signal, sys, threading
limit, seen, lock = int(sys.argv[1]), [0], threading.Lock()
def counted(real):
    def call(*args, **kwargs):
        with lock:  # the new files are written by several threads
            seen[0] += 1
            if seen[0] == limit:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
for name in ("fsync", "link", "replace", "unlink"):
    setattr(os, name, counted(getattr(os, name)))
atexit.register(lambda: print(f"calls: {seen[0]}", file=sys.stderr))
from generator.cli import main
sys.argv = ["learnpath", *sys.argv[2:]]
main()
"""
EXPORT = (
    "student,objective,level,date,note\n"
    "Lina K.,math4/compare-fractions,proficient,2026-11-20,Compared 3/4 and 5/8\n"
    "Ava M.,math4/compare-fractions,developing,2026-11-20,\n"
    "Noah T.,math4/compare-fractions,proficient,2026-11-20,\n"
)
IMPORT = ["evidence", "import", "quiz.csv", *RIVERA, "--date", "2026-11-23", "--apply"]
PLANS = ["lina-k", "ava-m", "noah-t"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return class_folder(tmp_path, monkeypatch)


def plans(folder: Path) -> dict[str, bytes]:
    return {p: (folder / "plans" / "students" / f"{p}.yml").read_bytes() for p in PLANS}


def killed_at(folder: Path, limit: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", KILLED_AT, str(limit), *IMPORT],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def leftovers(folder: Path) -> list[str]:
    found = [p for p in folder.rglob("*") if ".learnpath-" in p.name]
    found += [p for p in (folder / ".learnpath").glob("*") if p.name != "journal.lock"]
    return sorted(str(p.relative_to(folder)) for p in found)


def test_a_kill_at_any_step_ends_all_old_or_all_new_after_the_next_command(folder: Path) -> None:
    (folder / "quiz.csv").write_text(EXPORT)
    pristine = folder.parent / "pristine"
    shutil.copytree(folder, pristine)
    old = plans(folder)
    whole = killed_at(folder, 0)  # never killed: how many steps a whole write takes
    assert whole.returncode == 0, whole.stderr
    new, steps = plans(folder), int(whole.stderr.rsplit("calls: ", 1)[1])
    assert all(new[p] != old[p] for p in PLANS) and steps > 10
    outcomes = set()
    for limit in range(1, steps + 1):
        for name in ("plans", ".learnpath"):  # the folder itself is the current directory
            shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(pristine / "plans", folder / "plans")
        killed = killed_at(folder, limit)
        assert killed.returncode == -9, (limit, killed.stderr)
        after_kill = plans(folder)
        settled = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
        assert settled.stdout == "0 errors, 0 warnings\n"
        now = plans(folder)
        assert now in (old, new), f"killed at step {limit}: some plans old, some new"
        assert leftovers(folder) == [], f"killed at step {limit}"
        note = settled.stderr
        if now == new and after_kill != new:
            assert note == (
                "note: an interrupted evidence import was finished: 3 plans written, as previewed\n"
            )
        elif now == old and after_kill == old and note:
            assert note == (
                "note: an interrupted evidence import was undone: every plan is as it was "
                "before it\n"
            )
        outcomes.add((now == new, bool(note)))
    # Killed before the journal, after it but before the swap; during the swap or after it.
    assert outcomes == {(False, False), (False, True), (True, True)}, steps


def test_an_edit_saved_during_the_swap_stops_the_import_and_is_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "quiz.csv").write_text(EXPORT)
    noah = folder / "plans" / "students" / "noah-t.yml"
    real = os.link

    def and_meanwhile(source, target) -> None:
        if Path(source).name == noah.name:  # lina-k and ava-m are swapped in already
            noah.write_bytes(noah.read_bytes() + b"# a teacher's edit\n")
        real(source, target)

    monkeypatch.setattr(journal.os, "link", and_meanwhile)
    before = snapshot(folder)
    code, out, err = run("quiz.csv", *RIVERA, "--apply")
    assert (code, "wrote" in out) == (1, False)
    assert err == (
        "error: plans/students/noah-t.yml changed during the evidence import; run the "
        "evidence import again\n"
        "nothing written: every plan is unchanged\n"
    )
    after = snapshot(folder)
    assert after.pop("plans/students/noah-t.yml").endswith(b"# a teacher's edit\n")
    before.pop("plans/students/noah-t.yml")
    assert after == before  # lina-k and ava-m put back, nothing left beside the plans


def test_a_plan_edited_after_a_kill_is_kept_and_named(folder: Path) -> None:
    (folder / "quiz.csv").write_text(EXPORT)
    old = plans(folder)
    assert killed_at(folder, 0).returncode == 0
    new = plans(folder)
    # What a kill during the swap leaves: lina-k swapped in, ava-m and noah-t still to swap.
    record = {"what": "evidence import", "state": "swapping", "token": "0123abcd", "files": []}
    for plan in PLANS:
        path = folder / "plans" / "students" / f"{plan}.yml"
        shown = f"plans/students/{plan}.yml"
        digests = {"before": journal._digest(old[plan]), "after": journal._digest(new[plan])}
        record["files"].append({"path": shown, "display": shown, **digests})
        if plan != "lina-k":
            path.write_bytes(old[plan])
            path.with_name(f".{plan}.yml.learnpath-new-0123abcd").write_bytes(new[plan])
    (folder / ".learnpath" / "journal.json").write_text(json.dumps(record))
    ava = folder / "plans" / "students" / "ava-m.yml"
    ava.write_bytes(old["ava-m"] + b"# edited after the kill\n")
    settled = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert settled.stderr == (
        "note: an interrupted evidence import was finished: 2 plans written, as previewed\n"
        "note: plans/students/ava-m.yml was edited after the interrupted evidence import: "
        "kept as it is, without it\n"
    )
    assert leftovers(folder) == []
    assert plans(folder) == {**new, "ava-m": old["ava-m"] + b"# edited after the kill\n"}


def test_a_journal_naming_a_file_outside_the_repository_is_not_followed(folder: Path) -> None:
    (folder / ".learnpath").mkdir(exist_ok=True)
    record = {"what": "evidence import", "state": "swapping", "token": "0123abcd"}
    record["files"] = [{"path": "../elsewhere.yml", "before": "", "after": ""}]
    (folder / ".learnpath" / "journal.json").write_text(json.dumps(record))
    settled = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert settled.stderr == (
        "note: .learnpath/journal.json is damaged ('../elsewhere.yml' is not inside the "
        "repository); check the plans with git diff, then delete it\n"
    )
    assert (folder / ".learnpath" / "journal.json").exists()


def test_git_ignores_what_a_killed_write_leaves_beside_the_plans(folder: Path) -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-v", "--stdin"],
        cwd=ROOT,
        input="plans/students/.ava-m.yml.learnpath-new-0123abcd\n"
        "plans/students/.ava-m.yml.learnpath-old-0123abcd\n.learnpath/journal.json\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(ignored.stdout.splitlines()) == 3


def test_evidence_add_writes_through_a_name_git_ignores(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.authoring import author

    real, names = os.replace, []

    def noted(source, target) -> None:
        names.append(Path(source).name)
        real(source, target)

    monkeypatch.setattr(author.os, "replace", noted)
    added = CliRunner().invoke(
        main,
        ["evidence", "add", "lina-k", "--objective", "math4/compare-fractions"]
        + ["--level", "proficient", *RIVERA, "--date", "2026-11-23"],
    )
    assert added.exit_code == 0, added.output
    assert [name[: len(".lina-k.yml.learnpath-new-")] for name in names] == [
        ".lina-k.yml.learnpath-new-"
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", f"plans/students/{names[0]}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert ignored.returncode == 0
