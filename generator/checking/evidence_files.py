"""Evidence files: where a plan's `file:` really is, whether it may be published, its bytes.

The cross-reference stage checks every name with `locate`; the render stage publishes only
what `locate` accepts and reads it with `read`, so a file is never read that was not checked.
A student folder or a file that is a symbolic link leading out of the plans folder is refused:
what is published must be in the repository, in that student's own folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.load.read import Unreadable, read_limited
from generator.problem import Level

MAX_BYTES = 50_000_000  # a phone video of a few minutes; GitHub refuses files over 100 MB
MAX_NAME_BYTES = 255  # the longest file name ext4, APFS and NTFS accept
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Published as they are; anything else (HTML, SVG, scripts) is named, not served.
PUBLISHED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".mp3", ".m4a", ".mp4", ".txt"}
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


@dataclass(frozen=True)
class Located:
    """The real path of a checked file (None when refused), or the problem with it."""

    path: Path | None
    rule: str = ""
    message: str = ""
    level: Level = "error"


def shown(name: str) -> str:
    """A file name safe to print in a one-line report: control characters escaped, shortened."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", name)
    return text if len(text) <= 80 else text[:60] + "…" + text[-12:]


def relative(name: str) -> PurePosixPath:
    return PurePosixPath(name.replace("\\", "/"))


def locate(plans_root: Path, student_id: str, name: str) -> Located:
    """Check one evidence `file:` of a student; never raises, whatever the name or the disk."""
    where = f"students/{student_id}/"
    path = relative(name)
    if path.is_absolute() or ".." in path.parts or ":" in name:
        return Located(None, "file-outside-folder", f"file '{shown(name)}' must be inside {where}")
    refused = _bad_name(name, path)
    if refused:
        return Located(None, "bad-file-name", f"file name '{shown(name)}' {refused}")
    try:
        students = (plans_root / "students").resolve()
        base = students / student_id
        if not students.is_relative_to(plans_root.resolve()) or base.resolve() != base:
            return Located(
                None,
                "file-outside-folder",
                f"{where} is a link to another folder; "
                "evidence files must be in the student's own folder",
            )
        target = (base / path).resolve(strict=True)
        info = target.stat()
    except FileNotFoundError:
        return Located(None, "file-missing", f"file '{shown(name)}' is missing from {where}")
    except (OSError, RuntimeError) as error:  # RuntimeError: Python 3.11's symlink loop
        if isinstance(error, OSError) and error.errno != errno.ELOOP:
            return Located(None, "file-missing", f"file '{shown(name)}' cannot be read: {error}")
        return Located(
            None, "file-missing", f"file '{shown(name)}' is a symbolic link loop, not a file"
        )
    return _accepted(name, where, base, target, info)


def _bad_name(name: str, path: PurePosixPath) -> str:
    """Why no file can have this name, or ''."""
    control = CONTROL.search(name)
    if control:
        return f"holds the control character U+{ord(control[0]):04X}; rename the file"
    for part in path.parts:
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return f"is longer than {MAX_NAME_BYTES} bytes, which file systems refuse"
    return ""


def _accepted(name: str, where: str, base: Path, target: Path, info: os.stat_result) -> Located:
    if not target.is_relative_to(base):
        return Located(
            None,
            "file-outside-folder",
            f"file '{shown(name)}' is a link to a file outside {where}",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return Located(None, "file-missing", f"file '{shown(name)}' is {kind}")
    if info.st_size > MAX_BYTES:
        return Located(
            None,
            "file-too-large",
            f"file '{shown(name)}' is {info.st_size:,} bytes; evidence files must stay under "
            f"{MAX_BYTES:,} (shrink the photo or video, or link to it)",
        )
    if any(part.startswith(".") for part in relative(name).parts):
        # A hidden name (.git, .DS_Store, an editor's lock file) is never published: the
        # site leaves it out (`publishable`), so a link to it would lead nowhere.
        return Located(
            target,
            "file-not-published",
            f"file '{shown(name)}' will not be published: names starting with '.' are hidden "
            "files; rename it",
            "warning",
        )
    return Located(target)


def publishable(name: str) -> bool:
    """Whether the site serves this file (others are named on the page, not linked)."""
    path = relative(name)
    hidden = any(part.startswith(".") for part in path.parts)
    return not hidden and path.suffix.lower() in PUBLISHED


def read(path: Path) -> bytes | None:
    """A checked file's bytes: a regular file, at most MAX_BYTES; None if it changed since
    (no following a link swapped in since the check, no waiting on a pipe)."""
    try:
        return read_limited(path, MAX_BYTES, follow=False)
    except Unreadable:
        return None
