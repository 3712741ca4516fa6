"""The bytes of a plan file: only a regular file, never more than the limit, never blocking.

A plan, library or school file that is a link to /dev/zero, a FIFO or a folder would hang a
build or eat the memory; each is refused with a sentence saying what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_BYTES = 1_000_000


class Unreadable(Exception):
    """A path that is not a regular file we may read; the message says what it is."""


def read_limited(
    path: Path,
    limit: int = MAX_BYTES,
    within: Path | None = None,
    *,
    follow: bool = True,
    what: str = "plans",
) -> bytes:
    """The bytes of a regular file, at most `limit` + 1 of them, never blocking.

    A link is followed only to a regular file inside `within` (the plans folder): a device,
    a pipe, a folder or a loop would hang the build or eat the memory. With `follow=False`,
    a link is refused (an evidence file already checked: a link swapped in since is not it).
    `what` names what the file should be in the message about its size ("plans must stay
    under...").
    """
    linked = path.is_symlink()
    if not follow:
        target = path  # a link is refused below (O_NOFOLLOW)
    else:
        target = _real_path(path, within, linked) if linked or within is not None else path
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as exc:
        raise Unreadable(_why(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise Unreadable(f"file is {info.st_size:,} bytes; {what} must stay under {limit:,}")
        # Asking for `limit` + 1 bytes at once allocates that much for each file (16 MB for a
        # contribution: a quarter of a millisecond each); the file's size and a byte more
        # reads it and sees its end, and a file still growing is read on in chunks.
        step = max(info.st_size + 1, 1 << 16)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(limit + 1 - size, step))):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise Unreadable(f"file is over {limit:,} bytes; {what} must stay under {limit:,}")
    return b"".join(chunks)


def _real_path(path: Path, within: Path | None, linked: bool) -> Path:
    """Where the file really is; the file or a folder on its way may be a link (plans/library
    linked to a folder elsewhere), and neither may lead out of `within`."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise Unreadable(
            "is a link to a file that does not exist" if linked else "does not exist"
        ) from None
    except RuntimeError:  # Python 3.11's word for a loop
        raise Unreadable("is a link that loops back on itself") from None
    except OSError as exc:
        raise Unreadable(_why(exc)) from None
    if within is not None and not target.is_relative_to(within.resolve()):
        if linked:
            raise Unreadable(
                "is a link to a file outside the plans folder; copy the file here instead"
            )
        raise Unreadable(
            "is in a folder that links outside the plans folder; replace the link with the "
            "folder itself"
        )
    return target


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a link that loops back on itself"
    if exc.errno == errno.ENOENT:
        return "does not exist"
    return f"cannot read the file: {exc.strerror}"
