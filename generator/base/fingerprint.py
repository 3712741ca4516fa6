"""What learnpath's output depends on besides the plans: its own code, as this process loaded
it, and the versions of the libraries that read plans and write pages. One digest, shared by
the build (is a site current?) and the cache of checked plans (is an entry still good?).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # learnpath's code: generator/ (.py files only)
# Every distribution whose version can change what a check finds or a page says.
DISTRIBUTIONS = (
    "learnpath",
    "ruamel.yaml",
    "ruamel.yaml.clib",
    "jinja2",
    "mkdocs",
    "mkdocs-material",
    "babel",
)


@functools.cache
def code_digest() -> bytes:
    """learnpath's code as this process loaded it, and what it runs on. Computed once: a
    running `serve` keeps the code it started with, so it must vouch for that code, not for
    files edited on disk since (a new process sees the edit and rebuilds)."""
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    for name in DISTRIBUTIONS:
        digest.update(f"{name}={version(name)}\0".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def version(name: str) -> str:
    """An installed distribution's version, "-" when it is not installed (a source checkout)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
