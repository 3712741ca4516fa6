"""The timing every benchmark shares: several runs, wall and CPU seconds, medians, ratios.

The machine is shared, so a run's wall time swings with the load; CPU time swings less. Every
figure is a median of several runs, and a ratio is taken between two things measured in the
same process, interleaved run by run, so a slow hour slows both alike.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """One run's seconds: wall-clock, and CPU (this process, and its waited-for children)."""

    wall: float
    cpu: float


def cpu_seconds() -> float:
    """CPU seconds of this process and of every child process it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Callable[..., object], *args: object, **kwargs: object) -> Run:
    """Run `fn` once."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    fn(*args, **kwargs)
    return Run(time.perf_counter() - wall, cpu_seconds() - cpu)


def interleaved(
    runs: int,
    steps: dict[str, Callable[[], object]],
    between: Callable[[], object] | None = None,
) -> dict[str, list[Run]]:
    """Each step once per round, in order, for `runs` rounds; `between` (untimed) after each
    round, e.g. to put back the files a step changed."""
    times: dict[str, list[Run]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            times[name].append(timed(step))
        if between is not None:
            between()
    return times


def median(times: Sequence[Run]) -> Run:
    return Run(
        statistics.median(t.wall for t in times),
        statistics.median(t.cpu for t in times),
    )


def ratio(ours: Sequence[Run], base: Sequence[Run]) -> Run:
    """Median against median, wall and CPU."""
    a, b = median(ours), median(base)
    return Run(a.wall / b.wall, a.cpu / b.cpu)


def line(name: str, times: Sequence[Run], width: int = 42) -> str:
    """`name: median W s wall, C s CPU (wall runs: ...)`"""
    m = median(times)
    runs = ", ".join(f"{t.wall:.2f}" for t in times)
    return (
        f"{name + ':':{width}} median {m.wall:.3f} s wall, {m.cpu:.3f} s CPU  (wall runs: {runs})"
    )


def ratio_line(name: str, ours: Sequence[Run], base: Sequence[Run], target: str = "") -> str:
    """`name: Rw x wall, Rc x CPU (target: ...)`"""
    r = ratio(ours, base)
    tail = f" (target: {target})" if target else ""
    return f"{name}: {r.wall:.2f}x wall, {r.cpu:.2f}x CPU{tail}"
