"""Files written whole or not at all, and the one rule for "inside the site folder".

The bottom layer for every stage that writes: a plan edited by `author add`, the evidence
`evidence import --apply` writes, an imported library, a cache entry. A temporary file in the
same folder takes the bytes, is flushed to the disk with its folder, keeps the mode of the
file it replaces, and is renamed over it: after a power cut the file holds the old bytes or
the new ones, never half of them and never an empty file.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

NEW_FILE_MODE = 0o644  # a plan or library: read by the editor, git and the build alike


def write_atomically(
    path: Path,
    data: bytes,
    *,
    mode: int = NEW_FILE_MODE,
    durable: bool = True,
    prefix: str | None = None,
    suffix: str = "",
) -> None:
    """Replace `path` with `data` whole. The file keeps its mode (`mode` when it is new).

    `durable=False` skips the flushes to disk, for files that are checked when read and
    remade when damaged (the signed cache entries): speed matters more there than a power cut.
    """
    if path.exists():
        mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(
        prefix=_temporary_prefix(path) if prefix is None else prefix, suffix=suffix, dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            _flush(file, durable)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def copy_atomically(source: Path, target: Path, *, mode: int = NEW_FILE_MODE) -> None:
    """Copy `source` over `target` whole, as `write_atomically` writes (a large evidence file
    is copied in chunks, never read into memory)."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(target), dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file, source.open("rb") as original:
            shutil.copyfileobj(original, file, 1 << 20)
            _flush(file, durable=True)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def _temporary_prefix(path: Path) -> str:
    # Named like an import's new files, which git ignores (.gitignore): a kill leaves nothing
    # to commit.
    return f".{path.name}.learnpath-new-"


def _flush(file: IO[bytes], durable: bool) -> None:
    file.flush()
    if durable:
        os.fsync(file.fileno())


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to the disk. Some file systems cannot
    sync a folder (EINVAL): there the rename is as durable as the system makes it."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or anywhere inside it, links resolved: the guard that keeps
    what is private (the class page, the family letters with their keys) out of the site."""
    resolved, container = path.resolve(), folder.resolve()
    return resolved == container or container in resolved.parents
