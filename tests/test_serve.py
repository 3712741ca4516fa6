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


def test_served_pages_reload_after_a_rebuild(tmp_path: Path) -> None:
    import urllib.request

    from generator.serve import Server

    (tmp_path / "a").mkdir()
    page = "<html><body><p>Hi</p></body></html>"
    (tmp_path / "a" / "index.html").write_text(page)
    (tmp_path / "a" / "style.css").write_text("p{}")
    with Server(tmp_path, 0) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"

        def get(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=5) as response:  # noqa: S310
                return response.read().decode()

        try:
            assert get("/a/") == page.replace(
                "</body>", '<script src="/__learnpath/reload.js"></script></body>'
            )
            assert get("/a/style.css") == "p{}"  # other files as they are
            assert "location.reload()" in get("/__learnpath/reload.js")
            assert get("/__learnpath/version") == "0"
            httpd.rebuilt()  # what serve does after each rebuild
            assert get("/__learnpath/version") == "1"
        finally:
            httpd.shutdown()
    assert (tmp_path / "a" / "index.html").read_text() == page  # the built page is untouched
