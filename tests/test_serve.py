"""`learnpath serve` rebuilds when a plan changes, and answers only this computer, from the
site folder."""

from __future__ import annotations

import http.client
import os
import threading
import time
from pathlib import Path

import pytest

from generator.serve import watch


class Polls(threading.Event):
    """The watcher's stop event, counting the polls it waits between, so that a test waits
    for polls instead of for time."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.polled = threading.Condition()

    def wait(self, timeout: float | None = None) -> bool:
        with self.polled:
            self.count += 1
            self.polled.notify_all()
        return super().wait(timeout)

    def reach(self, count: int) -> None:
        with self.polled:
            assert self.polled.wait_for(lambda: self.count >= count, 5)


def test_a_changed_plan_triggers_one_rebuild(tmp_path: Path) -> None:
    plan = tmp_path / "students" / "a.yml"
    plan.parent.mkdir()
    plan.write_text("student: {name: A}\n")
    rebuilt, stop = threading.Event(), Polls()
    calls = []
    thread = threading.Thread(
        target=watch, args=([tmp_path], lambda: calls.append(1) or rebuilt.set(), 0.02, stop)
    )
    thread.start()
    try:
        stop.reach(3)  # two polls compared the folder with what it was: nothing changed
        assert calls == []
        plan.write_text("student: {name: B}\n")
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
            with urllib.request.urlopen(base + path, timeout=5) as response:
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


@pytest.fixture
def served(tmp_path: Path):
    """A site folder with a page, a file and links out of it, served on a free port."""
    from generator.serve import Server

    site, outside = tmp_path / "site", tmp_path / "private"
    (site / "a").mkdir(parents=True)
    outside.mkdir()
    (site / "a" / "index.html").write_text("<html><body><p>Hi</p></body></html>")
    (outside / "class.csv").write_text("student,name\n")
    (outside / "index.html").write_text("<html><body>secret</body></html>")
    (site / "a" / "leak.csv").symlink_to(outside / "class.csv")
    (site / "b").symlink_to(outside, target_is_directory=True)
    with Server(site, 0) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield "127.0.0.1", httpd.server_address[1]
        finally:
            httpd.shutdown()


def ask(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_only_this_computers_host_names_are_answered(served) -> None:
    _, port = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert ask(port, "/a/", host)[0] == 200, host
    # DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 names itself.
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "localhost"):
        assert ask(port, "/a/", host)[0] == 421, host
        assert ask(port, "/a/", host, "HEAD")[0] == 421, host
    assert ask(port, "/a/", None)[0] == 400


def test_nothing_outside_the_site_folder_is_served(served) -> None:
    _, port = served
    host = f"127.0.0.1:{port}"
    for path in ("/a/leak.csv", "/b/", "/b/index.html", "/b/class.csv", "/a/%00", "/%00.html"):
        status, body = ask(port, path, host)
        assert status == 404, path
        assert b"secret" not in body and b"student" not in body
        assert ask(port, path, host, "HEAD")[0] == 404, path
    assert ask(port, "/a/%ED%A0%80", host)[0] == 404  # a lone surrogate: no file has it
    assert ask(port, "/a/", host)[0] == 200  # the server still answers
