"""The bottom layer every stage shares: one atomic write, one collector pause and freeze that
nest, one "inside the site folder" rule, one code fingerprint."""

from __future__ import annotations

import gc
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.base import collector, fingerprint, fsutil, ids, workers
from generator.checking import validate
from generator.checking.cache import store, student
from generator.publishing import access, sealed_site
from generator.publishing import swap as output


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is flushed to the disk, by path (a folder by its own name)."""
    seen: list[str] = []
    fsync = os.fsync

    def recorded(fd: int) -> None:
        seen.append(os.readlink(f"/proc/self/fd/{fd}"))
        fsync(fd)

    monkeypatch.setattr(os, "fsync", recorded)
    return seen


def test_a_write_keeps_the_mode_and_flushes_the_file_and_its_folder(
    tmp_path: Path, synced: list[str]
) -> None:
    plan = tmp_path / "ava-m.yml"
    plan.write_bytes(b"old")
    plan.chmod(0o640)
    fsutil.write_atomically(plan, b"new")
    assert plan.read_bytes() == b"new" and stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert len(synced) == 2 and synced[0].startswith(str(tmp_path / ".ava-m.yml."))
    assert synced[1] == str(tmp_path)
    assert os.listdir(tmp_path) == ["ava-m.yml"]


def test_a_new_file_gets_the_given_mode_and_a_cache_entry_is_not_flushed(
    tmp_path: Path, synced: list[str]
) -> None:
    fsutil.write_atomically(tmp_path / "new.yml", b"x")
    assert stat.S_IMODE((tmp_path / "new.yml").stat().st_mode) == 0o644
    synced.clear()
    fsutil.write_atomically(tmp_path / "entry", b"x", mode=0o600, durable=False)
    assert stat.S_IMODE((tmp_path / "entry").stat().st_mode) == 0o600 and synced == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "ava-m.yml"
    plan.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        fsutil.write_atomically(plan, b"new")
    assert os.listdir(tmp_path) == ["ava-m.yml"] and plan.read_bytes() == b"old"


def test_a_copy_is_whole_flushed_and_keeps_the_mode(tmp_path: Path, synced: list[str]) -> None:
    source, target = tmp_path / "photo.jpg", tmp_path / "kept" / "photo.jpg"
    source.write_bytes(os.urandom(3 << 20))
    target.parent.mkdir()
    fsutil.copy_atomically(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert synced[-1] == str(target.parent) and len(synced) == 2


def test_a_write_killed_halfway_leaves_the_old_file(tmp_path: Path) -> None:
    plan = tmp_path / "ava-m.yml"
    plan.write_bytes(b"old")
    killed_at_the_flush = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        f"import {fsutil.__name__} as fsutil\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "fsutil.write_atomically(Path(sys.argv[1]), b'new' * 100000)\n"
    )
    done = subprocess.run([sys.executable, "-c", killed_at_the_flush, str(plan)], check=False)
    assert done.returncode == -signal.SIGKILL and plan.read_bytes() == b"old"
    left = sorted(os.listdir(tmp_path))
    assert len(left) == 2 and left[0].startswith(".ava-m.yml.learnpath-new-")  # git-ignored


def test_a_temporary_made_aside_never_shows_in_the_folder(
    tmp_path: Path, synced: list[str]
) -> None:
    site, staging = tmp_path / "site", tmp_path / "staging"
    site.mkdir()
    staging.mkdir()
    fsutil.write_atomically(site / "index.html", b"new", scratch=staging)
    assert synced[0].startswith(str(staging / ".index.html.learnpath-new-"))
    assert synced[1:] == [str(site)] and os.listdir(staging) == []


def test_a_private_file_stays_private_whatever_its_mode_was(
    tmp_path: Path, synced: list[str]
) -> None:
    letters = tmp_path / "letters.html"
    letters.write_bytes(b"old")
    letters.chmod(0o644)
    fsutil.write_atomically(letters, b"new", mode=fsutil.PRIVATE_MODE, keep_mode=False)
    assert stat.S_IMODE(letters.stat().st_mode) == 0o600 and len(synced) == 2


def test_a_file_made_once_is_never_replaced(tmp_path: Path, synced: list[str]) -> None:
    key = tmp_path / "cache-key"
    assert fsutil.create_once(key, b"first")
    assert synced[0].startswith(str(tmp_path / ".cache-key.learnpath-new-"))
    assert synced[1:] == [str(tmp_path)]
    assert not fsutil.create_once(key, b"second")  # another process made it first
    assert key.read_bytes() == b"first" and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["cache-key"]


def test_a_journals_new_file_is_never_an_old_one_nor_through_a_link(
    tmp_path: Path, synced: list[str]
) -> None:
    new = tmp_path / ".ava-m.yml.learnpath-new-0a1b2c3d"
    fsutil.write_new(new, b"new", 0o640)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640 and synced == [str(new)]
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    for path in (new, tmp_path / "link"):
        with pytest.raises(FileExistsError):
            fsutil.write_new(path, b"again")
    assert new.read_bytes() == b"new" and not (tmp_path / "elsewhere").exists()


def test_every_writer_writes_through_the_one_atomic_write(
    tmp_path: Path, synced: list[str]
) -> None:
    private = tmp_path / "private"
    access.write_letters(private, "<p>keys</p>")
    assert synced[0].startswith(str(private / ".letters.")) and synced[1:] == [str(private)]
    assert stat.S_IMODE((private / "letters.html").stat().st_mode) == 0o600
    synced.clear()
    site = output._site(tmp_path / "site")
    site.state.mkdir(parents=True)
    output.write_manifest(site, output.Manifest())
    assert synced[0].startswith(str(site.state / ".manifest.json.learnpath-new-"))
    assert synced[1:] == [str(site.state)]
    synced.clear()
    assert len(store._read_or_create(tmp_path / "cache" / "cache-key")) == 32
    assert len(synced) == 2  # the signing key, made once and kept
    synced.clear()
    sealed_site._keep(tmp_path / "keys" / "entry", b"key file")  # a cache: never flushed
    assert synced == [] and stat.S_IMODE((tmp_path / "keys" / "entry").stat().st_mode) == 0o600


def test_a_manifest_write_killed_halfway_is_cleared_by_the_next_build(tmp_path: Path) -> None:
    site = output._site(tmp_path / "site")
    site.state.mkdir(parents=True)
    (site.state / ".manifest.json.learnpath-new-x1y2z3").write_text("{")
    with output.locked(tmp_path / "site"):
        assert os.listdir(site.state) == ["lock"]


def test_inside_the_site_folder_resolves_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (tmp_path / "link").symlink_to(site / "a")
    assert fsutil.inside(site, site) and fsutil.inside(site / "a" / "b", site)
    assert fsutil.inside(tmp_path / "link", site)
    assert not fsutil.inside(tmp_path / "private", site)
    assert not fsutil.inside(tmp_path / "site-old", site)  # a name that starts the same


def test_every_command_finds_a_students_plan_where_validate_reads_it(tmp_path: Path) -> None:
    students = tmp_path / "plans" / "students"
    (students / "ava-m").mkdir(parents=True)  # her evidence files
    for name in ("ava-m.yaml", "ava-m.yml", ".ava-m.yml", "noah-t.yaml", "notes.txt"):
        (students / name).write_text("")
    ava, noah = [students / "ava-m.yml", students / "ava-m.yaml"], [students / "noah-t.yaml"]
    assert ids.plan_files(tmp_path / "plans") == {"ava-m": ava, "noah-t": noah}
    assert validate.plan_paths(tmp_path / "plans") == {"ava-m": ava[0], "noah-t": noah[0]}


def test_pauses_nest() -> None:
    assert gc.isenabled()
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.fixture
def nothing_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: a build earlier in this one leaves its freeze for the next build."""
    gc.unfreeze()
    monkeypatch.setattr(collector, "_freezes", 0)


def test_forked_workers_do_not_thaw_what_the_build_froze(nothing_frozen: None) -> None:
    """The HTML stage's workers freeze and thaw inside a build that froze the plans first:
    the plans stay frozen until the build's own thaw."""
    collector.freeze()
    try:
        workers.run(abs, [-1, -2], 2, lambda result: None)  # forks two workers
        assert gc.get_freeze_count() > 0
    finally:
        assert collector.thaw()
    assert gc.get_freeze_count() == 0


def test_the_build_and_the_cache_share_one_code_fingerprint() -> None:
    assert student.code_digest is fingerprint.code_digest
    assert {"ruamel.yaml", "jinja2", "mkdocs-material", "babel"} <= set(fingerprint.DISTRIBUTIONS)
