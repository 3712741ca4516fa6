"""How many worker processes the HTML stage starts: the CPUs this process may use (affinity,
cgroup v1 and v2 quotas, read from fake cgroup files here), never more than its chunks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.base import workers
from generator.html import build_sites
from generator.sitespec import NavItem, Page, SiteSpec


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


@pytest.fixture
def four_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})


@pytest.mark.parametrize(
    ("membership", "files", "quota", "cpus"),
    [
        # cgroup v2: the smallest quota of the process's cgroup and its parents.
        (
            "0::/job/step\n",
            {"job/step/cpu.max": "max 100000\n", "job/cpu.max": "250000 100000\n"},
            2.5,
            3,
        ),
        ("0::/job\n", {"job/cpu.max": "50000 100000\n", "cpu.max": "max 100000\n"}, 0.5, 1),
        # Inside a container the process's own path is often not mounted: the root counts.
        ("0::/elsewhere\n", {"cpu.max": "200000 100000\n"}, 2.0, 2),
        ("0::/\n", {"cpu.max": "max 100000\n"}, None, 4),
        # cgroup v1: the cpu controller's hierarchy, named with its companions or alone.
        (
            "4:memory:/x\n3:cpu,cpuacct:/docker/abc\n",
            {
                "cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "150000\n",
                "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
            },
            1.5,
            2,
        ),
        (
            "2:cpu:/\n",
            {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"},
            None,
            4,
        ),
        ("2:cpu:/\n", {"cpu/cpu.cfs_quota_us": "garbage\n"}, None, 4),
    ],
)
def test_the_cpu_quota_of_the_cgroup_caps_the_affinity(
    tmp_path: Path, four_cpus: None, membership: str, files: dict, quota: float | None, cpus: int
) -> None:
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(membership)
    write(tmp_path / "cgroup", files)
    assert workers.cgroup_quota(tmp_path / "cgroup", proc) == quota
    assert workers.usable_cpus(tmp_path / "cgroup", proc) == cpus


def test_without_cgroup_files_the_affinity_counts(tmp_path: Path, four_cpus: None) -> None:
    assert workers.usable_cpus(tmp_path / "none", tmp_path / "no-proc") == 4


def test_affinity_not_cpu_count(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert workers.usable_cpus(tmp_path / "none", tmp_path / "no-proc") == 1


def spec(site_id: str) -> SiteSpec:
    page = Page("index.html", "Home", '<h1 id="h">Home</h1>')
    return SiteSpec(site_id, site_id, "en", (page,), (NavItem("Home", "index.html"),))


def test_never_more_workers_than_chunks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, four_cpus: None
) -> None:
    """Three students are one chunk: built here, without forking a pool of four."""
    monkeypatch.setattr(workers, "usable_cpus", lambda: 4)
    made_in = []
    build_sites(["a", "b", "c"], lambda sid: made_in.append(os.getpid()) or spec(sid), tmp_path)
    assert made_in == [os.getpid()] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "assets", "b", "c"]
