"""The bottom layer every stage shares: one atomic write, one collector pause and freeze that
nest, one "inside the site folder" rule, one code fingerprint."""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

import pytest

from generator import collector, fingerprint, fsutil, workers
from generator.cache import student


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


def test_inside_the_site_folder_resolves_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (tmp_path / "link").symlink_to(site / "a")
    assert fsutil.inside(site, site) and fsutil.inside(site / "a" / "b", site)
    assert fsutil.inside(tmp_path / "link", site)
    assert not fsutil.inside(tmp_path / "private", site)
    assert not fsutil.inside(tmp_path / "site-old", site)  # a name that starts the same


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
