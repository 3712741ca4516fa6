"""Several files replaced as one change that even a killed process cannot leave half done.

`replace_all` writes each file's new bytes beside it (`.<name>.learnpath-new-<token>`) and
syncs them; checks that no file changed since it was read; records in `.learnpath/journal.json`
that the swap has begun (the point of no return); then swaps each file in, keeping the old one
under a second name (`.<name>.learnpath-old-<token>`, a hard link: no copy) until every file is
in. A failure undoes the swap from those old files.

A process killed at any point leaves the journal, and `recover`, which every command that reads
plans runs first, finishes the swap if it had begun or removes what was written beside the
files if it had not: every file ends all old or all new. One writer at a time: the journal's
lock, which the system releases when its holder dies. The temporary names are git-ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from generator.base import fsutil

try:
    import fcntl
except ImportError:  # Windows: no flock; two writers at once are not guarded against there
    fcntl = None  # type: ignore[assignment]

STATE_DIR = ".learnpath"  # beside the plans folder, git-ignored (see docs/building.md)
JOURNAL = "journal.json"
UNSAVED = ".journal.json.new"  # the journal being written, until it replaces the last one
WRITING, SWAPPING, UNDOING = "writing", "swapping", "undoing"


class Conflict(Exception):
    """A file changed on disk between reading it and replacing it; nothing was written."""


class Replacement(Protocol):
    """A file's bytes as read (`before`) and as they should become (`after`)."""

    @property
    def path(self) -> Path: ...
    @property
    def display(self) -> str: ...
    @property
    def before(self) -> bytes: ...
    @property
    def after(self) -> bytes: ...


def replace_all(root: Path, changes: Sequence[Replacement], what: str) -> None:
    """Replace every file's bytes, or raise with every file as it was.

    `root` is the folder that holds the plans folder (the repository); `what` names the
    command in what the next command says if this one is killed ("evidence import").
    """
    state = root / STATE_DIR
    with _locked(state):
        left = recover_locked(root)  # what a dead writer left is settled before a new one
        if (state / JOURNAL).exists():
            raise Conflict(left[0])
        record: dict[str, object] = {"what": what, "state": WRITING}
        record["token"] = token = secrets.token_hex(4)
        record["files"] = [_file_record(root, change) for change in changes]
        _save(state, record)
        try:
            _write_new(changes, token)
            for change in changes:
                if change.path.read_bytes() != change.before:
                    raise Conflict(_changed(change, what))
            _save(state, {**record, "state": SWAPPING})
            for change in changes:
                _swap(change, token, what)
            _sync_folders(changes)
        except BaseException:
            _undo(root, state, record)
            raise
        _finish(root, state, record)


def recover(root: Path) -> list[str]:
    """Settle a write that a killed process left half done; what was done, in sentences."""
    state = root / STATE_DIR
    if not ((state / JOURNAL).exists() or (state / UNSAVED).exists()):
        return []  # the usual case: nothing was interrupted
    with _locked(root / STATE_DIR):
        return recover_locked(root)


def recover_locked(root: Path) -> list[str]:
    """`recover`, for a caller that holds the lock."""
    state = root / STATE_DIR
    (state / UNSAVED).unlink(missing_ok=True)  # a journal a kill left half written
    try:
        record = json.loads((state / JOURNAL).read_text())
        files = [_checked(root, entry) for entry in record["files"]]
        record["token"] = _token(record["token"])
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        shown = f"{STATE_DIR}/{JOURNAL}"
        return [f"{shown} is damaged ({exc}); check the plans with git diff, then delete it"]
    what = record.get("what", "write")
    if record.get("state") == SWAPPING:
        kept = _roll_forward(root, record)
        _sync_folders_of(files)
        (state / JOURNAL).unlink()
        done = len(files) - len(kept)
        lines = [f"an interrupted {what} was finished: {_plans(done)} written, as previewed"]
        edited = f"was edited after the interrupted {what}: kept as it is, without it"
        return lines + [f"{name} {edited}" for name in kept]
    _undo(root, state, record)
    return [f"an interrupted {what} was undone: every plan is as it was before it"]


# ---- the steps -------------------------------------------------------------------------------


def _file_record(root: Path, change: Replacement) -> dict[str, str]:
    return {
        "path": change.path.absolute().relative_to(root.absolute()).as_posix(),
        "display": change.display,
        "before": _digest(change.before),
        "after": _digest(change.after),
    }


def _write_new(changes: Sequence[Replacement], token: str) -> None:
    """Every new file, written and synced; the first failure is raised after all ended.

    Threads, because fsync waits on the disk, not the CPU: a thousand plans sync in a
    fraction of the time one after the other takes.
    """
    from concurrent.futures import ThreadPoolExecutor  # only a writing command pays for it

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(_write_one, change, token) for change in changes]
    failures = [error for future in futures if (error := future.exception()) is not None]
    if failures:
        raise failures[0]


def _write_one(change: Replacement, token: str) -> None:
    mode = change.path.stat().st_mode & 0o777
    fsutil.write_new(_beside(change.path, "new", token), change.after, mode)


def _swap(change: Replacement, token: str, what: str) -> None:
    """Keep the old file under a second name, check it is what was read, put the new one in."""
    old = _beside(change.path, "old", token)
    try:
        os.link(change.path, old)
    except OSError:  # a file system without hard links (FAT, some network shares): a copy
        fsutil.write_new(old, change.path.read_bytes(), change.path.stat().st_mode & 0o777)
    if old.read_bytes() != change.before:  # an edit saved while the others were swapped
        raise Conflict(_changed(change, what))
    os.replace(_beside(change.path, "new", token), change.path)


def _undo(root: Path, state: Path, record: dict[str, Any]) -> None:
    """Every file back as it was (from its old name), the new files and the journal gone."""
    if record["state"] != WRITING:
        _save(state, {**record, "state": UNDOING})
    for path in (_checked(root, entry) for entry in record["files"]):
        old = _beside(path, "old", record["token"])
        if old.exists():
            os.replace(old, path)
            old.unlink(missing_ok=True)  # still there if both names were one file already
        _beside(path, "new", record["token"]).unlink(missing_ok=True)
    (state / JOURNAL).unlink(missing_ok=True)


def _roll_forward(root: Path, record: dict[str, Any]) -> list[str]:
    """Swap in every new file not swapped yet; a file changed since the kill is kept as it
    is (its new version dropped) and named in the list returned."""
    kept = []
    for entry in record["files"]:
        path = _checked(root, entry)
        new = _beside(path, "new", record["token"])
        if new.exists():
            if path.exists() and _digest(path.read_bytes()) == entry["before"]:
                os.replace(new, path)
            else:
                new.unlink()
                kept.append(entry.get("display", entry["path"]))
        _beside(path, "old", record["token"]).unlink(missing_ok=True)
    return kept


def _finish(root: Path, state: Path, record: dict[str, Any]) -> None:
    for path in (_checked(root, entry) for entry in record["files"]):
        _beside(path, "old", record["token"]).unlink(missing_ok=True)
    (state / JOURNAL).unlink()


# ---- small helpers ---------------------------------------------------------------------------


def _beside(path: Path, which: str, token: str) -> Path:
    return path.with_name(f".{path.name}.learnpath-{which}-{token}")


def _checked(root: Path, entry: dict[str, Any]) -> Path:
    """A path from the journal, only inside `root`: the journal is a file anyone could edit."""
    relative = Path(str(entry["path"]))
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"'{relative}' is not inside the repository")
    return root / relative


def _token(value: object) -> str:
    """The journal's token, only as `replace_all` makes it (it becomes part of file names)."""
    text = str(value)
    if len(text) != 8 or not all(c in "0123456789abcdef" for c in text):
        raise ValueError(f"'{text}' is not a journal token")
    return text


def _changed(change: Replacement, what: str) -> str:
    return f"{change.display} changed during the {what}; run the {what} again"


def _plans(count: int) -> str:
    return f"{count} plan{'' if count == 1 else 's'}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _save(state: Path, record: dict[str, Any]) -> None:
    """The journal, replaced atomically and synced: it is the record of what to finish."""
    state.mkdir(parents=True, exist_ok=True)
    temporary = state / UNSAVED
    temporary.unlink(missing_ok=True)  # left by a writer killed while saving (we hold the lock)
    fsutil.write_new(temporary, json.dumps(record, indent=1).encode())
    os.replace(temporary, state / JOURNAL)
    fsutil.sync_folder(state)


def _sync_folders(changes: Sequence[Replacement]) -> None:
    _sync_folders_of([change.path for change in changes])


def _sync_folders_of(paths: list[Path]) -> None:
    for folder in {path.parent for path in paths}:
        fsutil.sync_folder(folder)


@contextmanager
def _locked(state: Path) -> Iterator[None]:
    state.mkdir(parents=True, exist_ok=True)
    with (state / "journal.lock").open("a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another writer ends in seconds; wait for it
        yield
