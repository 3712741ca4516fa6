"""Files written whole or not at all, and the one rule for "inside the site folder".

The bottom layer for every stage that writes: a plan edited by `author add`, the evidence
`evidence import --apply` writes, an imported library, a cache entry, the site's landing page
and manifest, the family letters. A temporary file in the same folder takes the bytes, is
flushed to the disk with its folder, keeps the mode of the file it replaces, and is renamed
over it: after a power cut the file holds the old bytes or the new ones, never half of them
and never an empty file.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

NEW_FILE_MODE = 0o644  # a plan or library: read by the editor, git and the build alike
PRIVATE_MODE = 0o600  # keys and what holds them: the owner's alone


def write_atomically(
    path: Path,
    data: bytes,
    *,
    mode: int = NEW_FILE_MODE,
    keep_mode: bool = True,
    durable: bool = True,
    prefix: str | None = None,
    suffix: str = "",
    scratch: Path | None = None,
) -> None:
    """Replace `path` with `data` whole. The file keeps its mode (`mode` when it is new, or
    always with `keep_mode=False`: a private file stays private whatever was done to it).

    `durable=False` skips the flushes to disk, for files that are checked when read and
    remade when damaged (the signed cache entries): speed matters more there than a power cut.
    `scratch` is where the temporary is made when not beside `path` (it must be on the same
    file system): the site's own folder never shows one, even after a kill.
    """
    if keep_mode and path.exists():
        mode = path.stat().st_mode & 0o777
    temporary = _temporary(path, prefix, suffix, scratch)
    _replace(path, temporary, lambda file: file.write(data), mode, durable)


def copy_atomically(source: Path, target: Path, *, mode: int = NEW_FILE_MODE) -> None:
    """Copy `source` over `target` whole, as `write_atomically` writes (a large evidence file
    is copied in chunks, never read into memory)."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    temporary = _temporary(target, None, "", None)

    def fill(file: IO[bytes]) -> None:
        with source.open("rb") as original:
            shutil.copyfileobj(original, file, 1 << 20)

    _replace(target, temporary, fill, mode, durable=True)


def create_once(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> bool:
    """Make `path` holding `data` whole, unless a file is there already; True if this call
    made it. Two processes that race each keep one value: the file first linked in, which
    both then read (the cache's signing key)."""
    temporary = _temporary(path, None, "", None)
    try:
        with os.fdopen(temporary[0], "wb") as file:
            file.write(data)
            _flush(file, durable=True)
        os.chmod(temporary[1], mode)
        try:
            os.link(temporary[1], path)  # fails, atomically, if another process made one
        except FileExistsError:
            return False
    finally:
        Path(temporary[1]).unlink(missing_ok=True)
    sync_folder(path.parent)
    return True


def write_new(path: Path, data: bytes, mode: int = NEW_FILE_MODE) -> None:
    """Make the new file `path` (never an existing one, nor through a link) with `data`,
    flushed to the disk: the files a journal names before it swaps them in."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
        _flush(file, durable=True)
    os.chmod(path, mode)


def _temporary(
    path: Path, prefix: str | None, suffix: str, scratch: Path | None
) -> tuple[int, str]:
    # Named like an import's new files, which git ignores (.gitignore): a kill leaves nothing
    # to commit. mkstemp makes it for the owner alone until it has its mode.
    prefix = f".{path.name}.learnpath-new-" if prefix is None else prefix
    return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=scratch or path.parent)


def _replace(
    path: Path,
    temporary: tuple[int, str],
    fill: Callable[[IO[bytes]], object],
    mode: int,
    durable: bool,
) -> None:
    handle, name = temporary
    try:
        with os.fdopen(handle, "wb") as file:
            fill(file)
            _flush(file, durable)
        os.chmod(name, mode)
        os.replace(name, path)  # replaces a link itself, never what it points to
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def _flush(file: IO[bytes], durable: bool) -> None:
    file.flush()
    if durable:
        os.fsync(file.fileno())


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to the disk. Some file systems cannot
    sync a folder (EINVAL), and Windows cannot open one: there the rename is as durable as
    the system makes it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except PermissionError:
        return  # Windows: a folder is not a file it opens
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
