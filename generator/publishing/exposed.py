"""What must never be published: the families' letters, the teacher's class pages, and in a
sealed site anything the build did not write.

Letters and class pages are written outside the site folder (`learnpath access`, `learnpath
class`), but a file can still end up inside it: copied, renamed, or written through a link
that pointed there. `build` and `serve` refuse such a site folder before they change
anything. A file is known by how it starts, whatever its name: a renamed class.html or a
letters.html written over site/index.html is found as surely as one under its own name.

A sealed site promises that nothing in it can be read without a key, so `build` also refuses
a sealed site folder holding a file it would not have written (`foreign`): its names are
known (seal.py, site.py), and a stray file would be published as it is.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from pathlib import Path

from generator.problem import Problem

HEAD = 1024  # every marker below sits in a file's first kilobyte

# Found anywhere in a file's head.
_LETTERS = [
    b'<meta name="generator" content="learnpath letters">',
    b"<title>learnpath letters</title>",  # letters written before they carried the line above
]
_CLASS_PAGES = [
    b'<meta name="generator" content="learnpath class">',
]
# What a file starts with.
_CLASS_STARTS = [
    b"student,name,last_evidence,behind_on",  # class.csv
    b'{\n  "objectives": [',  # class.json
]

LETTERS_MESSAGE = (
    "letters to families are in the site folder, which is published: they hold every "
    "family's key. Delete this file, and if it was ever published, change the keys "
    '(docs/privacy.md, "Rotating the keys") and print new letters'
)
CLASS_MESSAGE = (
    "the teacher's class page is in the site folder, which is published; "
    "delete it and write it to private/ (learnpath class does by default)"
)


def problems(site_dir: Path, display: str) -> list[Problem]:
    """An error for each letter or class page anywhere in `site_dir`, by content.

    Links are followed, each folder once: the Pages upload publishes what a link points to.
    """
    found, seen = [], set()
    for folder, subfolders, files in os.walk(site_dir, followlinks=True):
        seen.add(os.path.realpath(folder))
        subfolders[:] = sorted(
            d for d in subfolders if os.path.realpath(Path(folder) / d) not in seen
        )
        for name in sorted(files):
            path = Path(folder) / name
            head = _head(path)
            shown = (Path(display) / path.relative_to(site_dir)).as_posix()
            if any(marker in head for marker in _LETTERS):
                found.append(Problem(shown, 1, 1, "error", LETTERS_MESSAGE, "letters-in-site"))
            elif any(m in head for m in _CLASS_PAGES) or head.startswith(tuple(_CLASS_STARTS)):
                found.append(Problem(shown, 1, 1, "error", CLASS_MESSAGE, "class-page-in-site"))
    return sorted(found)


def _head(path: Path) -> bytes:
    """The first kilobyte of a regular file (or of what a link points to); b"" otherwise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO never blocks
    except OSError:
        return b""  # a broken link, a socket, unreadable: nothing of it can be published
    try:
        return os.read(descriptor, HEAD) if stat.S_ISREG(os.fstat(descriptor).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(descriptor)


FOREIGN_MESSAGE = (
    "not written by learnpath, and a sealed site folder is published exactly as it is: "
    "move this out of the site folder"
)
_SEALED_NAME = re.compile(r"[0-9a-f]{32}")  # a sealed folder, or a sealed file in one
_SEALED_FILES = {"index.html", "key", "manifest"}  # seal.py: LOCK_PAGE, KEY_FILE, MANIFEST
# At a sealed site's root: its own files (site.py), the shared assets (MkDocs' files, not
# checked here), what a build of another kind may leave for the next one to remove, and two
# files GitHub Pages reads.
_ROOT_NAMES = {
    "index.html", "404.html", "sw.js", "assets",
    ".learnpath-staging", ".learnpath.json",
    "CNAME", ".nojekyll",
}  # fmt: skip


def foreign(site_dir: Path, folders: Collection[str]) -> list[Problem]:
    """An error for each entry of a sealed site folder that its build does not write.

    `folders` are the folders the last build published (the state's manifest): a plain
    build's folders are removed by the sealed build that follows it.
    """
    if not site_dir.is_dir():
        return []
    found = []
    for entry in sorted(os.scandir(site_dir), key=lambda e: e.name):
        if entry.is_symlink():
            found.append(entry.path)
        elif _SEALED_NAME.fullmatch(entry.name) and entry.is_dir():
            found += _foreign_in_sealed(entry.path)
        elif entry.name not in _ROOT_NAMES and entry.name not in folders:
            found.append(entry.path)
    return [Problem(path, 1, 1, "error", FOREIGN_MESSAGE, "foreign-file-in-site") for path in found]


def _foreign_in_sealed(folder: str) -> list[str]:
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        sealed = entry.name in _SEALED_FILES or _SEALED_NAME.fullmatch(entry.name)
        if entry.is_symlink() or not entry.is_file() or not sealed:
            found.append(entry.path)
    return found
