"""Write several plans as one change: every file or none.

All new contents go to temporary files beside their plans first (the step that can fail: a
full disk, a read-only folder). Only when every one is written and synced, and no plan changed
under us since it was read, are they renamed over the plans; a rename that still fails puts
back the plans already renamed.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.problem import Problem


@dataclass(frozen=True)
class Change:
    """A plan's bytes before and after an edit; `display` is how reports name it."""

    path: Path
    display: str
    before: bytes
    after: bytes

    def diff(self) -> str:
        """The change as a unified diff."""
        before = self.before.decode("utf-8-sig").splitlines(keepends=True)
        after = self.after.decode("utf-8-sig").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, after, self.display, self.display))


@dataclass
class Result:
    """What an import would do: its problems and every plan's change (kept beside Change so
    that the stages preparing it import it, not each other)."""

    fmt: str = ""
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    added: int = 0
    already: int = 0
    blank: int = 0

    def diff(self) -> str:
        """What would change, per plan, as a unified diff."""
        return "".join(change.diff() for change in self.changes)


class Conflict(Exception):
    """A plan changed on disk between reading it and writing it."""


def commit(changes: list[Change]) -> None:
    """Replace every plan's bytes, or raise with every plan as it was."""
    temporaries: list[tuple[Path, Change]] = []
    try:
        _write_temporaries(changes, temporaries)
        for change in changes:
            if change.path.read_bytes() != change.before:
                raise Conflict(f"{change.display} changed while importing; run the import again")
        _rename_all(temporaries)
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)


def _write_temporaries(changes: list[Change], temporaries: list[tuple[Path, Change]]) -> None:
    """Every temporary file, written and synced; the first failure is raised after all ended.

    Threads, because fsync waits on the disk, not the CPU: a thousand plans sync in a
    fraction of the time one after the other takes.
    """
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [(pool.submit(_temporary, change), change) for change in changes]
    failure = None
    for future, change in futures:
        if future.exception() is None:
            temporaries.append((future.result(), change))
        else:
            failure = failure or future.exception()
    if failure is not None:
        raise failure


def _temporary(change: Change) -> Path:
    mode = change.path.stat().st_mode & 0o777
    handle, name = tempfile.mkstemp(prefix=f".{change.path.name}.", dir=change.path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(change.after)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _rename_all(temporaries: list[tuple[Path, Change]]) -> None:
    done: list[Change] = []
    try:
        for temporary, change in temporaries:
            os.replace(temporary, change.path)
            done.append(change)
    except BaseException:
        for change in done:  # put back what was already replaced
            _restore(change)
        raise


def _restore(change: Change) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{change.path.name}.", dir=change.path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(change.before)
    os.replace(name, change.path)
