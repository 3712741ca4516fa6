"""What learnpath's output depends on: its own code, as this process loaded it, and the
versions of the libraries that read plans and write pages (`code_digest`, shared by the build
and the cache of checked plans); and, for the build, what each site depends on besides
(`shared_inputs`, `student_site`: is a published site still current?).
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.base.ids import SUFFIXES

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


# What one site depends on: the build compares these with the manifest's before it checks
# anything, so a build of unchanged inputs does nothing, not even validate.


def shared_inputs(head: list[str], trees: list[Path], files: list[tuple[Path, list[Path]]]) -> str:
    """What every site depends on: `head` (versions, the date, the seal), learnpath's code
    (`code_digest`, as the cache of checked plans), every file of `trees` (templates, labels)
    and `files` (per folder: the base MkDocs config, the school)."""
    digest = hashlib.sha256(code_digest() + "\0".join(head).encode())
    for tree in trees:
        _hash_tree(digest, tree)
    for folder, paths in files:
        _hash_files(digest, folder, paths)
    return digest.hexdigest()


@dataclass(frozen=True)
class Library:
    fingerprint: str  # of its file
    mentions: frozenset[str]  # the libraries it (or a library it mentions) names: id/


def libraries(plans_dir: Path, limit: int) -> dict[str, Library]:
    """Each skill library's fingerprint, and the libraries its sites also depend on; a file
    over `limit` bytes is not read (it names every library)."""
    paths = sorted(p for p in (plans_dir / "library").glob("*") if p.suffix in SUFFIXES)
    texts = {path: small_bytes(path, limit) for path in paths}
    ids = sorted({path.stem for path in paths})
    named = {path.stem: libraries_of(texts[path], ids) for path in reversed(paths)}
    found: dict[str, Library] = {}
    for path in paths:  # x.yml before x.yaml, as validate reads them
        digest = hashlib.sha256()
        _hash_files(digest, plans_dir, [path])
        reached: set[str] = set()
        todo = [path.stem]
        while todo:  # what a skill requires may be in another library, and so on
            library = todo.pop()
            reached.add(library)
            todo += named.get(library, set()) - reached
        found.setdefault(path.stem, Library(digest.hexdigest(), frozenset(reached)))
    return found


def libraries_of(data: bytes | None, ids: list[str]) -> set[str]:
    """The library ids a plan or library names as `id/`; all of them when it cannot tell
    (a file too large to read, or an escape in a quoted string could spell a name)."""
    if data is None or b"\\" in data:
        return set(ids)
    return {library for library in ids if f"{library}/".encode() in data}


def student_site(
    plans_dir: Path,
    student_id: str,
    plans: list[Path],
    shared: str,
    limit: int,
    known: dict[str, Library],
) -> str:
    """What one site depends on: the shared inputs, the plan, the student's files and the
    libraries the plan names (with those they name), so a library edit rebuilds its users."""
    digest = hashlib.sha256(shared.encode())
    named: set[str] = set()
    for path in plans:
        data = small_bytes(path, limit)  # read once: hashed, and searched for library names
        if data is None:
            _hash_files(digest, plans_dir, [path])
        else:
            digest.update(path.relative_to(plans_dir).as_posix().encode() + b"\0" + data + b"\0")
        named |= libraries_of(data, list(known))
    folder = plans_dir / "students" / student_id
    if folder.is_symlink():  # refused by validation; never walk where it points
        digest.update(f"linked to {os.path.realpath(folder)}\0".encode())
    elif folder.is_dir():
        _hash_tree(digest, folder)
    for library in sorted(set().union(*(known[n].mentions for n in named))):
        digest.update(f"{library}={known[library].fingerprint}\0".encode())
    return digest.hexdigest()


def small_bytes(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, if it is no larger than `limit`; else None."""
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
            return path.read_bytes()
    except OSError:
        pass
    return None


def _hash_file(digest: hashlib._Hash, path: Path) -> None:
    """A regular file's bytes, in chunks; a FIFO, a device or a broken link by its kind only."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            digest.update(b"not a file\0")
            return
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError as error:
        digest.update(f"unreadable {error.errno}\0".encode())
    digest.update(b"\0")


def _hash_files(digest: hashlib._Hash, folder: Path, paths: list[Path]) -> None:
    for path in paths:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        _hash_file(digest, path)


def _hash_tree(digest: hashlib._Hash, folder: Path, pattern: str = "*") -> None:
    _hash_files(digest, folder, sorted(p for p in folder.rglob(pattern) if p.is_file()))
