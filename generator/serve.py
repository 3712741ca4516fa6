"""`learnpath serve`: the built sites over HTTP on localhost, rebuilt when an input changes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path

from generator.render import TEMPLATES


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {
        p: p.stat().st_mtime for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file()
    }


def watch(
    folders: list[Path],
    rebuild: Callable[[], object],
    interval: float = 1.0,
    stop: threading.Event | None = None,
) -> None:
    """Poll modification times (no extra dependency); rebuild on any change, until `stop`."""
    stop = stop or threading.Event()
    seen = _snapshot(folders)
    while not stop.wait(interval):
        now = _snapshot(folders)
        if now != seen:
            seen = now
            rebuild()


def run(plans_dir: Path, site_dir: Path, port: int, rebuild: Callable[[], object]) -> None:
    rebuild()
    thread = threading.Thread(target=watch, args=([plans_dir, TEMPLATES], rebuild), daemon=True)
    thread.start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {site_dir} on http://127.0.0.1:{port}/ — Ctrl+C to stop")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how serve ends
            server.serve_forever()
