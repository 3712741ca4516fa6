"""`learnpath serve`: the built sites over HTTP on localhost, rebuilt when an input changes,
and open pages reloaded after each rebuild.

The reload is the server's alone: it adds one same-origin script to the HTML it serves, so
the built (published) pages stay exactly as `learnpath build` writes them.

Only this computer's browser may ask: a request must name the server as 127.0.0.1 or localhost
with its port (a web page whose own host name resolves to 127.0.0.1, "DNS rebinding", names
itself), and only files inside the site folder are answered, never through a link out of it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import http.server
import io
import os
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from generator.base.terminal import echo
from generator.rendering.render import TEMPLATES

RELOAD = "/__learnpath/"  # paths no site uses: the reload script and the build counter
SCRIPT = b"""let seen = null;
setInterval(async () => {
  try {
    const now = await (await fetch("/__learnpath/version", {cache: "no-store"})).text();
    if (seen !== null && now !== seen) location.reload();
    seen = now;
  } catch (error) { /* the server is restarting */ }
}, 1000);
"""


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    files = (p for folder in folders if folder.is_dir() for p in folder.rglob("*"))
    return {p: p.stat().st_mtime for p in files if p.is_file()}


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


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, plus the reload script in every HTML page and the build counter."""

    version = 0  # bumped after each rebuild

    def parse_request(self) -> bool:
        """Every method (GET, HEAD, the refused others) first: is this host ours?"""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if host is None or len(self.headers.get_all("Host") or ()) != 1:
            self.send_error(HTTPStatus.BAD_REQUEST, "A request names one Host")
            return False
        if host.lower() not in self.server.hosts:  # type: ignore[attr-defined]
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Only 127.0.0.1 and localhost")
            return False
        return True

    def do_GET(self) -> None:
        if self.path == RELOAD + "version":
            return self._send(str(self.version).encode(), "text/plain")
        if self.path == RELOAD + "reload.js":
            return self._send(SCRIPT, "text/javascript")
        path = Path(self.translate_path(self.path))
        if not self._inside(path):
            return self.send_error(HTTPStatus.NOT_FOUND)
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file() and self._inside(path):
            tag = f'<script src="{RELOAD}reload.js"></script></body>'.encode()
            return self._send(path.read_bytes().replace(b"</body>", tag, 1), "text/html")
        return super().do_GET()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """What GET and HEAD answer with a file: only one inside the site folder."""
        path = Path(self.translate_path(self.path))
        index = [path / name for name in ("index.html", "index.htm")] if path.is_dir() else []
        if not all(self._inside(p) for p in [path, *filter(os.path.lexists, index)]):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def _inside(self, path: Path) -> bool:
        """A path whose real place is in the site folder; a NUL or a lone surrogate, which no
        file name holds, is nowhere (open() would raise ValueError)."""
        try:
            real = path.resolve()
            os.fsencode(real)
        except ValueError:
            return False
        root = Path(self.directory).resolve()
        return real == root or root in real.parents

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the terminal shows builds and problems


class Server(http.server.ThreadingHTTPServer):
    """Serves one site folder on localhost; `rebuilt()` makes open pages reload."""

    def __init__(self, site_dir: Path, port: int) -> None:
        self.pages: type[Handler] = type("SiteHandler", (Handler,), {})  # its own build counter
        bound = functools.partial(self.pages, directory=str(site_dir))
        super().__init__(("127.0.0.1", port), bound)
        self.hosts = local_hosts(self.server_address[1])

    def rebuilt(self) -> None:
        self.pages.version += 1


def local_hosts(port: int) -> frozenset[str]:
    """The Host headers a browser on this computer sends for http://127.0.0.1:port/ (no port
    for port 80, where browsers leave it out)."""
    names = ("127.0.0.1", "localhost")
    return frozenset({f"{name}:{port}" for name in names} | (set(names) if port == 80 else set()))


class PortError(Exception):
    """The port cannot be listened on; the message says why and what to do."""


def listen(site_dir: Path, port: int) -> Server:
    """A Server on `port`, or PortError in one sentence (in use, or needing privileges)."""
    try:
        return Server(site_dir, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortError(
                f"port {port} is in use (another learnpath serve?); stop it or choose "
                f"another port: --port {port + 1 if port < 65535 else 8000}"
            ) from None
        raise PortError(f"cannot listen on port {port}: {exc.strerror}") from None


def run(plans_dir: Path, site_dir: Path, port: int, rebuild: Callable[[], object]) -> None:
    with listen(site_dir, port) as httpd:

        def rebuild_and_reload() -> None:
            rebuild()
            httpd.rebuilt()

        rebuild_and_reload()
        thread = threading.Thread(
            target=watch, args=([plans_dir, TEMPLATES], rebuild_and_reload), daemon=True
        )
        thread.start()
        echo(
            f"serving {site_dir} on http://127.0.0.1:{httpd.server_address[1]}/ "
            "— pages reload after each rebuild; Ctrl+C to stop"
        )
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how serve ends
            httpd.serve_forever()
