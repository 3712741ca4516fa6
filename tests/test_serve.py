"""`learnpath serve` rebuilds when a plan changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from generator.serve import watch


def test_a_changed_plan_triggers_one_rebuild(tmp_path: Path) -> None:
    plan = tmp_path / "students" / "a.yml"
    plan.parent.mkdir()
    plan.write_text("student: {name: A}\n")
    rebuilt, stop = threading.Event(), threading.Event()
    calls = []
    thread = threading.Thread(
        target=watch, args=([tmp_path], lambda: calls.append(1) or rebuilt.set(), 0.02, stop)
    )
    thread.start()
    try:
        time.sleep(0.1)
        assert calls == []
        plan.write_text("student: {name: B}\n")
        import os

        os.utime(plan, (time.time() + 5, time.time() + 5))  # a newer mtime, whatever the clock
        assert rebuilt.wait(5)
    finally:
        stop.set()
        thread.join(5)
    assert calls == [1]
