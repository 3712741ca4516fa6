"""Peak memory of a process tree, sampled from /proc (Linux): the sum of RSS and of PSS.

RSS counts a page shared by forked workers once per process; PSS splits it among them, so the
PSS sum is what the tree really costs the machine. Both are reported.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the task ended meanwhile
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _kilobytes(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in lines[1:] if ":" in line}
    return values.get("Rss", 0), values.get("Pss", 0)


class Peak:
    """Samples a process tree every ``interval`` seconds until stopped; keeps the peaks (MB)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.rss = self.pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_kilobytes(pid) for pid in _tree(self.pid)]
            self.rss = max(self.rss, sum(r for r, _ in sizes) / 1024)
            self.pss = max(self.pss, sum(p for _, p in sizes) / 1024)
            time.sleep(self.interval)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


def run(command: list[str], **kwargs) -> tuple[float, Peak]:
    """Run a command; return its wall time in seconds and its tree's peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    with Peak(process.pid) as peak:
        process.wait()
    elapsed = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return elapsed, peak
