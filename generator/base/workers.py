"""Worker processes (for validating and for the HTML stage): how many this process may use,
and the forked pool.

``os.cpu_count()`` counts the machine's CPUs; a container or a CI runner often lets a process
use fewer, through its CPU affinity or a cgroup CPU quota. More workers than usable CPUs only
add memory and context switches.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator.base import collector

CGROUP = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")

T = TypeVar("T")
R = TypeVar("R")


def usable_cpus(cgroup: Path = CGROUP, proc_cgroup: Path = PROC_CGROUP) -> int:
    """The CPUs this process may use: its affinity, capped by any cgroup CPU quota (rounded
    up: 1.5 CPUs of quota keep two workers busy part of the time)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows: no affinity
        cpus = os.cpu_count() or 1
    quota = cgroup_quota(cgroup, proc_cgroup)
    if quota is not None:
        cpus = min(cpus, math.ceil(quota))
    return max(1, cpus)


def cgroup_quota(cgroup: Path = CGROUP, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The smallest CPU quota (in CPUs) of this process's cgroup and its parents, v2 or v1;
    None when there is none."""
    quotas = []
    for controllers, path in _memberships(proc_cgroup):
        if controllers == "":  # v2: one unified hierarchy
            quotas += [_v2_quota(folder / "cpu.max") for folder in _up(cgroup, path)]
        elif "cpu" in controllers.split(","):  # v1: the cpu controller's own hierarchy
            root = cgroup / controllers
            if not root.is_dir():
                root = cgroup / "cpu"
            quotas += [_v1_quota(folder) for folder in _up(root, path)]
    found = [quota for quota in quotas if quota is not None]
    return min(found) if found else None


def _memberships(proc_cgroup: Path) -> list[tuple[str, str]]:
    """(controllers, path) of each line "id:controllers:path" of /proc/self/cgroup."""
    try:
        lines = proc_cgroup.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [("", "/")]  # no /proc: look at the root of a v2 hierarchy only
    found = []
    for line in lines:
        if line.count(":") >= 2:
            _, controllers, path = line.split(":", 2)
            found.append((controllers, path))
    return found


def _up(root: Path, path: str) -> Iterator[Path]:
    """The folder of a cgroup and of each of its parents, up to the mounted root. Inside a
    container the process's path is often not mounted: then only the root is read."""
    parts = [part for part in path.split("/") if part and part != ".."]
    for depth in range(len(parts), -1, -1):
        folder = root.joinpath(*parts[:depth])
        if folder.is_dir():
            yield folder


def _v2_quota(cpu_max: Path) -> float | None:
    """``cpu.max``: "max 100000" (no limit) or "<quota> <period>" in microseconds."""
    try:
        quota, period = cpu_max.read_text(encoding="utf-8").split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        return None


def _v1_quota(folder: Path) -> float | None:
    """``cpu.cfs_quota_us`` (-1: no limit) over ``cpu.cfs_period_us``."""
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text(encoding="utf-8"))
        period = int((folder / "cpu.cfs_period_us").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return quota / period if quota > 0 and period > 0 else None


# What the workers run: set by ``run`` just before the pool forks, so that a closure (which
# cannot be pickled) reaches every worker as part of its copy of this process's memory.
_TASK: Callable[..., Any] | None = None


def run(
    task: Callable[[T], R],
    chunks: Sequence[T],
    jobs: int,
    on_done: Callable[[R], None],
) -> None:
    """Call ``task(chunk)`` for every chunk, in ``jobs`` forked worker processes (here when
    jobs is 1, or fork is unavailable); ``on_done(result)`` runs here, as each one finishes,
    in no particular order."""
    global _TASK
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            on_done(task(chunk))
        return
    _TASK = task
    # Objects made so far (the theme, compiled templates, validated plans) move out of the
    # collector's view: a collection in a worker then does not touch, and copy, their pages.
    try:
        # "fork", not "spawn": spawn re-imports the caller's __main__ (our CLI). The pool
        # forks every worker in its constructor, before it starts any thread.
        with collector.frozen(), multiprocessing.get_context("fork").Pool(jobs) as pool:
            for result in pool.imap_unordered(_call, chunks):
                on_done(result)
    finally:
        _TASK = None


def _call(chunk: Any) -> Any:
    if _TASK is None:  # never: `run` sets it before the pool forks the workers
        raise RuntimeError("a worker started without a task")
    return _TASK(chunk)
