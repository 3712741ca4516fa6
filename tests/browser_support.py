"""What the browser tests need besides the tests: a static server under a sub-path, Chromium
launched the same way everywhere, a page that records (and blocks) every request to another
host and every console error, axe-core with the WCAG 2.1 A/AA rules, and link checking.

Debian's Chromium is used, not Playwright's own download, which does not work everywhere:
``sh scripts/setup.sh test`` installs it. Without it the browser tests fail, never skip.
"""

from __future__ import annotations

import contextlib
import functools
import html.parser
import http.server
import io
import os
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LEARNPATH_CHROMIUM", "/usr/bin/chromium")
# Headless in a container or CI runner: no sandbox (no user namespaces), no GPU, /tmp instead
# of a small /dev/shm, and nothing that phones home (updates, sync, field trials, QUIC probes).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PREFIX = "/plans-site/"  # served under a sub-path, as on GitHub Pages (user.github.io/repo/)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# Only the WCAG 2.1 A and AA rules: axe's "best-practice" rules are advice, not the standard.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# One secret for every sealed test site, so that the tests can derive each family's keys.
SECRET = bytes.fromhex("a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79")
SETUP_HINT = "run `sh scripts/setup.sh test` (it installs Debian's chromium with apt-get)"


def require_chromium() -> str:
    """The Chromium executable; a failure (never a skip) that says how to install it."""
    found = CHROMIUM if os.path.isfile(CHROMIUM) else shutil.which(CHROMIUM)
    if not found or not os.access(found, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: {SETUP_HINT}", pytrace=False)
    return found


# --- a static server under a sub-path -------------------------------------------------------


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    pages_404 = False  # answer a missing file with the site's 404.html, as GitHub Pages does
    # Predictable types whatever the host's /etc/mime.types says.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".woff2": "font/woff2",
    }

    def translate_path(self, path: str) -> str:
        # Only called once send_head has checked the prefix; the base class drops "..".
        return super().translate_path("/" + urllib.parse.urlsplit(path).path[len(self.prefix) :])

    def send_head(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == self.prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        missing = self.pages_404 and not os.path.exists(self.translate_path(self.path))
        if missing and os.path.isfile(os.path.join(self.directory, "404.html")):
            return self._not_found_page()
        return super().send_head()

    def _not_found_page(self):
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser cancels requests in flight (the search index) when a test navigates on.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path, prefix: str = PREFIX, *, pages_404: bool = False) -> Iterator[str]:
    """Serve ``root`` at http://127.0.0.1:<free port><prefix>; yield that base URL. With
    ``pages_404``, a missing file is answered with ``root/404.html``, as GitHub Pages does."""
    attributes = {"prefix": prefix, "pages_404": pages_404}
    handler = functools.partial(type("Handler", (_PrefixHandler,), attributes), directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="learnpath-serve", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- a guarded browser tab ------------------------------------------------------------------


@dataclass
class Tab:
    """One page in its own context: every foreign request is aborted and recorded, every
    console error and uncaught exception recorded. ``clear()`` between checks."""

    page: object  # playwright.sync_api.Page
    host: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.foreign.clear()
        self.errors.clear()

    def is_local(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.netloc == self.host


def open_tab(browser, base_url: str, viewport: dict) -> Tab:
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(15_000)
    tab = Tab(context.new_page(), urllib.parse.urlsplit(base_url).netloc)

    def record(url: str) -> None:
        if url not in tab.foreign:
            tab.foreign.append(url)

    def guard(route) -> None:
        if tab.is_local(route.request.url):
            route.continue_()
        else:
            record(route.request.url)
            route.abort()

    def seen(request) -> None:  # also what routing may not see (a worker's requests)
        if not tab.is_local(request.url):
            record(request.url)

    context.route("**/*", guard)  # nothing leaves for another host, whatever a page asks
    context.on("request", seen)
    tab.page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.page.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))
    return tab


# Resolves once every animation and transition with an end (Material's drawer sliding in,
# search results fading in) has finished: the page as a reader sees it when it stops moving.
SETTLED = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map(a => a.finished.catch(() => null)))"""


def settle(page) -> None:
    """Wait until nothing on the page is moving (no fixed sleep: the condition itself)."""
    page.evaluate(SETTLED)


# --- axe ------------------------------------------------------------------------------------


def axe_violations(axe, page) -> str:
    """The WCAG 2.1 A/AA violations on the page as readable lines; "" when there are none."""
    results = axe.run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']} {node['html'][:120]}\n      {summary[:300]}")
    return "\n".join(lines)


# --- links ----------------------------------------------------------------------------------


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


class LinkChecker:
    """Fetches each same-site URL once (without its fragment) and remembers status and ids."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[int, set[str]]] = {}

    def fetch(self, url: str) -> tuple[int, set[str]]:
        if url not in self._cache:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, b""
            parser = _Ids()
            if body:
                parser.feed(body.decode("utf-8", "replace"))
            self._cache[url] = (status, parser.ids)
        return self._cache[url]

    def problem(self, href: str) -> str | None:
        """Why a same-site link is broken, or None: not HTTP 200, or no element with its id."""
        url, fragment = urllib.parse.urldefrag(href)
        status, ids = self.fetch(url)
        if status != 200:
            return f"{href}: HTTP {status}"
        fragment = urllib.parse.unquote(fragment)
        if fragment and fragment not in ids:
            return f"{href}: no element with id {fragment!r}"
        return None


def student_pages(site: Path, student: str) -> list[str]:
    """Every page of one student's site, as paths relative to the site root."""
    return sorted(p.relative_to(site).as_posix() for p in (site / student).rglob("*.html"))


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright, launched as every browser test launches it."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright is not installed: {SETUP_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def build_sealed(plans: Path, site: Path) -> Path:
    """Build the sealed sites of `plans` into `site` with SECRET, on the tests' fixed day."""
    from click.testing import CliRunner

    from generator.cli import main

    from .conftest import TODAY_EPOCH

    env = {"LEARNPATH_SECRET": SECRET.hex(), "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    result = CliRunner().invoke(
        main, ["build", "--plans", str(plans), "--site", str(site)], env=env
    )
    assert result.exit_code == 0, result.output
    return site
