"""The cache of checked plans: a rebuild reads again exactly what changed, and reports exactly
what an uncached check reports; a damaged or foreign cache entry is never trusted."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.base.ways import Ways
from generator.build import build
from generator.checking import validate
from generator.checking.cache import store

from .conftest import ROOT, TODAY

INVALID = sorted((ROOT / "tests" / "plans" / "invalid").iterdir())
FOLDERS = [ROOT / "plans", *(case / "plans" for case in INVALID)]
SHARED = ["plans/library/ela4.yml", "plans/library/math4.yml", "plans/school.yml"]
EVERYONE = sorted(p.stem for p in (ROOT / "plans" / "students").glob("*.yml"))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files validate loads (parses), by display path, in order."""
    seen: list[str] = []
    load_file = validate.load_file

    def counted(path: Path, display: str, *args: object) -> object:
        seen.append(display)
        return load_file(path, display, *args)

    monkeypatch.setattr(validate, "load_file", counted)
    return seen


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def checked(plans: Path, reads: list[str], **options: object) -> tuple[validate.Project, list]:
    """Check with the cache beside the plans; return the project and what was read, sorted."""
    reads.clear()
    project = validate.check(plans, cache=plans.parent / "cache", **options)
    return project, sorted(reads)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_after_one_edit_exactly_that_plan_is_read_again(plans: Path, reads: list[str]) -> None:
    first, read = checked(plans, reads)
    assert read == [*SHARED, *(f"plans/students/{s}.yml" for s in sorted(first.plans))]
    again, read = checked(plans, reads)
    assert read == SHARED  # the school and libraries are always read; no plan
    assert again.problems == first.problems
    assert (
        again.plans["liam-o"].objectives["math4/unit-fraction-sums"].skill
        is (again.libraries["math4"].skills["unit-fraction-sums"])
    )  # a cached plan stands on this run's libraries
    edit(plans / "students" / "liam-o.yml", "name: Liam O.", "name: Liam Ortiz")
    edited, read = checked(plans, reads)
    assert read == [*SHARED, "plans/students/liam-o.yml"]
    assert edited.plans["liam-o"].name == "Liam Ortiz"
    assert edited.problems == validate.check(plans).problems


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.parent.name)
def test_cached_problems_are_those_of_an_uncached_check(
    folder: Path, tmp_path: Path, reads: list[str]
) -> None:
    shutil.copytree(folder, tmp_path / "plans", symlinks=True)
    plans = tmp_path / "plans"
    uncached = validate.check(plans)
    cold, _ = checked(plans, reads)
    warm, read = checked(plans, reads)
    assert cold.problems == warm.problems == uncached.problems
    assert sorted(warm.plans) == sorted(uncached.plans)
    for student, plan in uncached.plans.items():
        assert repr(warm.plans[student]) == repr(plan)
    readable = [p for p in (plans / "students").glob("*.y*ml") if p.is_file()]
    assert not any(f"plans/students/{p.name}" in read for p in readable)


def test_a_damaged_entry_is_ignored_and_written_again(plans: Path, reads: list[str]) -> None:
    first, _ = checked(plans, reads)
    entries = sorted((plans.parent / "cache").iterdir())
    assert len(entries) == len(EVERYONE)  # one per student
    truncated, flipped, emptied, junk, *more_junk = entries
    truncated.write_bytes(truncated.read_bytes()[:100])
    data = bytearray(flipped.read_bytes())
    data[-5] ^= 1
    flipped.write_bytes(bytes(data))
    emptied.write_bytes(b"")
    for entry in [junk, *more_junk]:
        entry.write_bytes(os.urandom(5000))
    again, read = checked(plans, reads)
    assert read == [*SHARED, *(f"plans/students/{s}.yml" for s in sorted(first.plans))]
    assert again.problems == first.problems
    assert sorted(again.plans) == sorted(first.plans)
    assert checked(plans, reads)[1] == SHARED  # rewritten whole


def test_entries_no_plan_needs_are_removed(plans: Path, reads: list[str]) -> None:
    checked(plans, reads)
    cache = plans.parent / "cache"
    kept = sorted(cache.iterdir())
    edit(plans / "students" / "liam-o.yml", "name: Liam O.", "name: Liam Ortiz")
    (cache / ".entry-left-by-a-killed-build.tmp").write_bytes(b"half")
    os.utime(cache / ".entry-left-by-a-killed-build.tmp", (0, 0))
    (cache / ".entry-being-written.tmp").write_bytes(b"half")
    (cache / "notes.txt").write_text("not ours: kept")
    checked(plans, reads)
    now = sorted(cache.iterdir())
    assert len(set(kept) - set(now)) == 1  # liam-o's old entry
    assert [p.name for p in now if len(p.name) != 64] == [".entry-being-written.tmp", "notes.txt"]
    assert len(now) == len(EVERYONE) + 2


def test_a_cache_folder_that_is_a_link_is_not_used(plans: Path, reads: list[str]) -> None:
    elsewhere = plans.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ("0" * 64)).write_text("someone's file")
    (plans.parent / "cache").symlink_to(elsewhere)
    expected = validate.check(plans).problems
    for _ in range(2):
        project, read = checked(plans, reads)
        assert project.problems == expected
        assert len(read) == len(SHARED) + len(EVERYONE)
    assert [p.name for p in elsewhere.iterdir()] == ["0" * 64]


def test_an_entry_that_is_a_pipe_is_skipped(plans: Path, reads: list[str]) -> None:
    checked(plans, reads)
    entries = sorted((plans.parent / "cache").iterdir())
    entries[0].unlink()
    os.mkfifo(entries[0])
    project, read = checked(plans, reads)
    assert len(read) == len(SHARED) + 1
    assert project.problems == validate.check(plans).problems


def test_two_checks_at_once_share_the_cache(plans: Path) -> None:
    expected = validate.check(plans).problems
    with ThreadPoolExecutor(2) as pool:
        for _ in range(3):
            runs = [pool.submit(validate.check, plans, cache=plans.parent / "cache") for _ in "ab"]
            assert [run.result().problems for run in runs] == [expected, expected]
            for entry in (plans.parent / "cache").iterdir():
                entry.write_bytes(b"")  # both threads check and write every plan again


class Planted:
    """What a hostile entry would run when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


def test_an_entry_not_signed_on_this_machine_is_never_unpickled(
    plans: Path, reads: list[str], tmp_path: Path
) -> None:
    checked(plans, reads)
    marker = tmp_path / "ran"
    for entry in (plans.parent / "cache").iterdir():  # e.g. committed to the repository
        entry.write_bytes(os.urandom(32) + pickle.dumps(Planted(marker)))
    project, read = checked(plans, reads)
    assert not marker.exists()
    assert len(read) == len(SHARED) + len(EVERYONE)
    assert project.problems == validate.check(plans).problems


def test_a_signed_entry_naming_a_class_where_it_used_to_live_is_checked_again(
    plans: Path, reads: list[str]
) -> None:
    """Entries pickle classes by module name: after a module moves (generator/ways.py became
    generator/base/ways.py), an entry of the old code is recomputed, never an error."""
    first, _ = checked(plans, reads)
    old = pickle.dumps(({}, [Ways({})], None), 0)  # protocol 0 names the class as text
    assert b"generator.base.ways\nWays" in old
    old = old.replace(b"generator.base.ways\nWays", b"generator.ways\nWays")
    for entry in (plans.parent / "cache").iterdir():
        entry.write_bytes(store._sign(entry.name, old) + old)  # signed on this machine
    again, read = checked(plans, reads)
    assert read == [*SHARED, *(f"plans/students/{s}.yml" for s in sorted(first.plans))]
    assert again.problems == first.problems
    assert checked(plans, reads)[1] == SHARED  # rewritten by this code


def test_a_library_edit_rereads_exactly_the_plans_that_use_it(
    plans: Path, reads: list[str]
) -> None:
    checked(plans, reads)
    edit(plans / "library" / "ela4.yml", "title: ", "title: Edited ")
    project, read = checked(plans, reads)
    users = ["ava-m", "liam-o", "mia-c", "wei-l", "yasmin-k"]  # noah-t's plan uses math4 only
    assert read == [*SHARED, *(f"plans/students/{s}.yml" for s in users)]
    assert project.problems == validate.check(plans).problems


def test_a_new_library_rechecks_the_plans_that_named_it_missing(
    plans: Path, reads: list[str]
) -> None:
    edit(plans / "students" / "noah-t.yml", "objectives:\n", "objectives:\n      - skill: sci4/x\n")
    project, _ = checked(plans, reads)
    assert [p.rule for p in project.problems if p.level == "error"] == ["unknown-skill"]
    (plans / "library" / "sci4.yml").write_text("title: Science\nskills:\n  - {id: x, title: X}\n")
    project, read = checked(plans, reads)
    assert read == [*SHARED[:2], "plans/library/sci4.yml", SHARED[2], "plans/students/noah-t.yml"]
    assert [p for p in project.problems if p.level == "error"] == []


def test_an_evidence_file_added_rechecks_its_student(tmp_path: Path, reads: list[str]) -> None:
    shutil.copytree(ROOT / "tests" / "plans" / "invalid" / "file-missing", tmp_path / "case")
    plans = tmp_path / "case" / "plans"
    project, _ = checked(plans, reads)
    missing = [p for p in project.problems if p.rule == "file-missing"]
    assert missing
    student = Path(missing[0].path).stem
    name = missing[0].message.split("'")[1]
    (plans / "students" / student).mkdir(exist_ok=True)
    (plans / "students" / student / name).write_bytes(b"%PDF-1.4\n")
    project, read = checked(plans, reads)
    assert f"plans/students/{student}.yml" in read
    assert project.problems == validate.check(plans).problems
    assert len([p for p in project.problems if p.rule == "file-missing"]) == len(missing) - 1


def test_another_day_rechecks_every_plan(plans: Path, reads: list[str]) -> None:
    checked(plans, reads)
    _, read = checked(plans, reads, today=TODAY + dt.timedelta(days=1))
    assert len(read) == len(SHARED) + len(EVERYONE)


def test_a_rebuild_after_one_edit_reads_and_builds_that_student_only(
    plans: Path, reads: list[str]
) -> None:
    site = plans.parent / "site"  # `learnpath serve` rebuilds with this same function
    assert build(plans, site).built == EVERYONE
    edit(plans / "students" / "mia-c.yml", "name: Mia C.", "name: Mia Chen")
    reads.clear()
    again = build(plans, site)
    assert sorted(reads) == [*SHARED, "plans/students/mia-c.yml"]
    assert (again.built, again.skipped) == (["mia-c"], [s for s in EVERYONE if s != "mia-c"])
    assert "Mia Chen" in (site / "mia-c" / "index.html").read_text(encoding="utf-8")


def test_a_library_edit_rebuilds_exactly_the_sites_of_its_users(plans: Path) -> None:
    site = plans.parent / "site"
    assert build(plans, site).built == EVERYONE
    edit(plans / "library" / "ela4.yml", "title: ", "title: Edited ")
    again = build(plans, site)
    assert (again.built, again.skipped) == ([s for s in EVERYONE if s != "noah-t"], ["noah-t"])
    edit(plans / "library" / "math4.yml", "title: ", "title: Edited ")
    assert build(plans, site).built == EVERYONE


def test_a_build_renders_from_the_pickled_plans_exactly_what_it_renders_without_the_cache(
    plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps each checked plan as its pickle and unpickles it in the worker that
    renders it (and a later build from the cache does the same): every byte must be as if
    the plans had never been pickled."""
    from generator import build as building

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    assert build(plans, tmp_path / "cached").built == EVERYONE
    deferred = validate.check(plans, cache=tmp_path / "probe")
    assert all(callable(deferred.plans._plans[sid]) for sid in deferred.plans)  # pickles
    monkeypatch.setattr(building, "_cache_folder", lambda site: None)
    assert build(plans, tmp_path / "uncached").built == EVERYONE
    cached, uncached = files(tmp_path / "cached"), files(tmp_path / "uncached")
    assert len(cached) > 40 and cached == uncached


def test_checking_in_workers_gives_what_one_process_gives(tmp_path: Path) -> None:
    """A build checks its students in forked workers: the same problems, in the same order,
    the same plans, and the cache entries they used are kept and used again."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    students = plans / "students"
    for n in range(10):  # 40 good plans and 32 broken ones, mixed
        for plan in sorted(ROOT.glob("plans/students/*.yml")):
            shutil.copy(plan, students / f"{plan.stem}-{n}.yml")
    for case in INVALID:
        for plan in sorted((case / "plans" / "students").glob("*.y*ml")):
            shutil.copy(plan, students / f"{case.name}-{plan.stem}{plan.suffix}")
    alone = validate.check(plans, TODAY, cache=tmp_path / "alone", jobs=1)
    forked = validate.check(plans, TODAY, cache=tmp_path / "forked", jobs=2)
    assert len(forked.plans) >= 44 and len(forked.problems) > 40
    assert forked.problems == alone.problems
    assert list(forked.plans) == list(alone.plans)
    assert [repr(forked.plans[s]) for s in forked.plans] == [
        repr(alone.plans[s]) for s in alone.plans
    ]
    entries = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "forked").iterdir()}
    assert len(entries) == len(list((tmp_path / "alone").iterdir())) > 44  # one per readable plan
    again = validate.check(plans, TODAY, cache=tmp_path / "forked", jobs=2)
    assert again.problems == alone.problems
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "forked").iterdir()} == entries


def test_a_check_of_unwritten_bytes_with_a_cache_neither_uses_nor_prunes_it(
    plans: Path, reads: list[str]
) -> None:
    """Authoring commands check a change before writing it; a cache beside the plans is
    then left exactly as it was (its entries vouch for the files on disk, not the change)."""
    checked(plans, reads)
    cache = plans.parent / "cache"
    kept = sorted((p.name, p.read_bytes()) for p in cache.iterdir())
    path = plans / "students" / "liam-o.yml"
    change = path.read_bytes().replace(b"name: Liam O.", b"name: Liam Ortiz", 1)
    project, read = checked(plans, reads, override=(path, change))
    assert "plans/students/liam-o.yml" in read  # the change itself is read, never a cached plan
    assert project.plans["liam-o"].name == "Liam Ortiz"
    assert project.problems == validate.check(plans, override=(path, change)).problems
    assert sorted((p.name, p.read_bytes()) for p in cache.iterdir()) == kept
