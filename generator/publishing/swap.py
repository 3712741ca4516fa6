"""The last step of a build: complete staged folders replace the published ones, safely.

The state of a site folder lives beside it, never in it (everything in it is published):
``<site parent>/.learnpath/<site name>/`` holds ``manifest.json`` (per student: the fingerprint
of the inputs of its published site and the name of its folder), ``lock`` and ``staging/``.

What this module promises:

* one build at a time per site: ``locked`` takes an exclusive ``flock`` on ``lock``; a second
  build waits for the first;
* a reader of ``site/<folder>/index.html`` sees the old site or the new one, never neither:
  ``replace_folder`` swaps two names in one system call (``renameat2(RENAME_EXCHANGE)`` on
  Linux, ``renamex_np(RENAME_SWAP)`` on macOS; elsewhere two renames, microseconds apart);
* a build killed at any point leaves every published folder whole; the next build removes
  the stale staging folder and rebuilds whatever the manifest does not vouch for (``publish``
  writes a manifest that vouches only for untouched folders before it moves anything);
* nothing outside the site is ever removed, whatever the manifest says: only folders that
  are direct children of the site, not symbolic links, named like a student id, not assets.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.base.fsutil import write_atomically
from generator.base.ids import STUDENT_ID
from generator.html import SHARED_DIR

try:
    import fcntl
except ImportError:  # Windows: no flock; builds of one site must not overlap there
    fcntl = None  # type: ignore[assignment]

STATE_DIR = ".learnpath"  # beside the site folder; git-ignored
MANIFEST = "manifest.json"
VERSION = 1  # of the manifest's format; any other version is ignored (a full rebuild)
OLD_MANIFEST = ".learnpath.json"  # where versions before 0.2 kept it: inside the site


class OutputError(Exception):
    """The site folder cannot be used as it is; the message says why, in one line."""


@dataclass(frozen=True)
class Site:
    """A site folder and the state kept beside it."""

    folder: Path  # absolute, as given: site/ may be a symbolic link to where it is served
    state: Path  # <parent>/.learnpath/<name>/
    staging: Path  # on the same file system as folder, so that renames are atomic


@dataclass(frozen=True)
class Entry:
    """One published student site: what it was built from, and where it is."""

    fingerprint: str | None  # None: its folder may hold an older build (one was interrupted)
    folder: str


@dataclass
class Manifest:
    students: dict[str, Entry] = field(default_factory=dict)
    clean: bool = False  # built without any problem: a same-input build may skip everything
    publishing: set[str] = field(default_factory=set)  # folders a killed build may have left

    def folders(self) -> set[str]:
        return {entry.folder for entry in self.students.values()} | self.publishing


@contextlib.contextmanager
def locked(site_dir: Path, on_wait: Callable[[], object] | None = None) -> Iterator[Site]:
    """Hold the site's lock, without what a killed build left staged; clean up after."""
    site = _site(site_dir)
    site.state.mkdir(parents=True, exist_ok=True)
    with (site.state / "lock").open("a") as lock:
        _lock(lock, on_wait)
        _discard_staging(site)
        try:
            yield site
        finally:
            _discard_staging(site)


def _site(site_dir: Path) -> Site:
    folder = Path(os.path.abspath(site_dir))
    top = folder.parent / STATE_DIR
    state = top / (folder.name or "root")
    for path in (top, state):
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise OutputError(f"{path} must be a folder (learnpath keeps build state there)")
    # A site on another file system (a mount point) stages inside itself, hidden.
    same = _same_device(state, folder)
    return Site(folder, state, state / "staging" if same else folder / ".learnpath-staging")


def _same_device(a: Path, b: Path) -> bool:
    """Whether a and b (or, until they exist, the folders they will be made in) share a
    file system, the condition for renaming from one to the other."""
    a, b = (next(p for p in (path, *path.parents) if p.exists()) for path in (a, b))
    return os.stat(a).st_dev == os.stat(b).st_dev


def _lock(lock: IO[str], on_wait: Callable[[], object] | None) -> None:
    if fcntl is None:
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if on_wait is not None:
            on_wait()
        fcntl.flock(lock, fcntl.LOCK_EX)


def _discard_staging(site: Site) -> None:
    stale = [site.state / "staging", *site.state.glob(f".{MANIFEST}.*")]
    stale.append(site.folder / ".learnpath-staging")
    stale += site.folder.glob(".learnpath-staging-*")  # left by versions before 0.2
    for path in stale:
        _discard(path)


def _discard(path: Path) -> None:
    """Remove a file, a symbolic link (never what it points to) or a whole folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def read_manifest(site: Site) -> Manifest:
    """The last build's manifest: untrusted, so entries naming an unsafe folder are dropped."""
    try:
        data = json.loads((site.state / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return Manifest()
    students = data.get("students")
    entries = students.items() if isinstance(students, dict) else []
    publishing = data.get("publishing")
    return Manifest(
        {sid: entry for sid, raw in entries if (entry := _entry(raw)) is not None},
        data.get("clean") is True,
        {name for name in publishing if _safe_name(name)}
        if isinstance(publishing, list)
        else set(),
    )


def _entry(raw: object) -> Entry | None:
    if not isinstance(raw, dict) or not _safe_name(raw.get("folder")):
        return None
    fingerprint = raw.get("fingerprint")
    return Entry(fingerprint if isinstance(fingerprint, str) else None, raw["folder"])


def _safe_name(name: object) -> bool:
    """A folder name learnpath may have published: a student id (or an opaque hex name)."""
    return isinstance(name, str) and bool(STUDENT_ID.fullmatch(name)) and name != SHARED_DIR


def write_manifest(site: Site, manifest: Manifest) -> None:
    data: dict[str, Any] = {
        "version": VERSION,
        "clean": manifest.clean,
        "students": {
            sid: {"fingerprint": entry.fingerprint, "folder": entry.folder}
            for sid, entry in sorted(manifest.students.items())
        },
    }
    if manifest.publishing:
        data["publishing"] = sorted(manifest.publishing)
    _write_file(site.state / MANIFEST, json.dumps(data, indent=1) + "\n", site.state)


def complete(site: Site, folders: list[str]) -> bool:
    """Whether the landing page, the shared assets and these sites are all in place."""
    pages = [site.folder / "index.html", site.folder / SHARED_DIR]
    return all(p.exists() for p in pages + [site.folder / f / "index.html" for f in folders])


def publish(
    site: Site,
    staged: Path,
    names: list[str],
    root_files: Mapping[str, str | None],
    before: Manifest,
    after: Manifest,
) -> None:
    """Move the complete folders ``staged/<name>`` into the site, write the files at its root
    (``index.html``, the landing page; ``None`` removes one), remove the folders of students
    who are gone, and record ``after`` as the manifest.

    The only function that changes the site folder. Each step leaves a site a reader can use.
    """
    untouched = {sid: e for sid, e in after.students.items() if before.students.get(sid) == e}
    # Until the end, the manifest vouches for untouched folders only, and knows every folder.
    moving = {sid: Entry(None, e.folder) for sid, e in before.students.items()}
    new_folders = {name for name in names if name != SHARED_DIR}
    publishing = before.publishing | new_folders
    write_manifest(site, Manifest({**moving, **untouched}, False, publishing))
    aside = site.staging / "replaced"
    aside.mkdir(parents=True, exist_ok=True)
    site.folder.mkdir(parents=True, exist_ok=True)
    for name in names:  # the shared assets first: new pages may need new asset files
        replace_folder(staged / name, site.folder / name, aside / name)
    for name, text in sorted(root_files.items()):
        if text is not None:
            _write_file(site.folder / name, text, site.staging)
        elif (site.folder / name).is_file():
            (site.folder / name).unlink()
    for name in sorted(before.folders() - after.folders()):
        remove_folder(site.folder, name, aside)
    if (site.folder / OLD_MANIFEST).is_file():
        (site.folder / OLD_MANIFEST).unlink()
    write_manifest(site, after)


def replace_folder(new: Path, target: Path, aside: Path) -> None:
    """Put the complete folder ``new`` at ``target``; what was there goes to ``aside``."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif _exchange(new, target):
        os.rename(new, aside)
    else:
        os.rename(target, aside)  # a reader finds nothing only until the next line
        os.rename(new, target)


def remove_folder(site_folder: Path, name: str, aside: Path) -> None:
    """Take a published folder out of the site, if it is one learnpath may have made."""
    path = site_folder / name
    if _safe_name(name) and path.is_dir() and not path.is_symlink():
        os.rename(path, aside / name)  # removed with the staging folder


def _write_file(path: Path, text: str, scratch: Path) -> None:
    """Replace a file atomically: a reader sees the old or the new file, never half of one.
    The temporary is made in `scratch`, which the next build clears if this one is killed."""
    scratch.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"), scratch=scratch)


_AT_FDCWD = -100
_SWAP = 2  # RENAME_EXCHANGE (linux/fs.h) and RENAME_SWAP (macOS stdio.h) are both 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of two entries in one step; False where the system cannot."""
    # Python's os module has no renameat2 or renamex_np: call the C library.
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        if sys.platform == "linux":
            status = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _SWAP)
        elif sys.platform == "darwin":
            status = libc.renamex_np(os.fsencode(a), os.fsencode(b), _SWAP)
        else:
            return False
    except AttributeError:  # a C library older than the call (glibc < 2.28)
        return False
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:  # a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))
