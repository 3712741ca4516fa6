"""Where checked plans are kept: one signed file per student's check, in one folder.

Entries are pickles, and unpickling runs code: each entry is signed (HMAC-SHA256) with a key
kept outside the repository (in the user's cache folder), so an entry committed to a
repository, copied from elsewhere, truncated or corrupted is ignored and rewritten. Writes go
to a temporary file renamed into place, so two builds at once never see half an entry.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import hashlib
import hmac
import io
import os
import pickle
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base import collector
from generator.base.fsutil import create_once, write_atomically
from generator.load import Unreadable, read_limited
from generator.model import Library, Plan, Skill
from generator.problem import Problem

KEY = re.compile(r"[0-9a-f]{64}")  # an entry's name; nothing else in the folder is removed
TEMPORARY = re.compile(r"\.entry-[^/]*\.tmp")
MAX_ENTRY_BYTES = 64 << 20  # a plan may have 1 MB of text; its entry is a few times that
STALE = 3600  # seconds after which a temporary file is a killed build's, not one in progress


@dataclass
class Entry:
    """One student's check: its problems, its plan (None if it could not be modelled; from
    the cache, as pickled: `Cache.loader` unpickles it) and the digests of the libraries it
    used."""

    problems: list[Problem]
    plan: Plan | bytes | None
    libraries: dict[str, str] = field(default_factory=dict)


class Cache:
    """The entries in one folder, for one set of inputs shared by every student (`inputs`)."""

    def __init__(self, folder: Path, inputs: bytes, libraries: dict[str, Library]) -> None:
        self.folder, self.inputs, self.libraries = folder, inputs, libraries
        self.used: set[str] = set()
        # A folder that is a link (say, committed to a repository) could lead anywhere, and
        # `prune` removes files: such a cache is not used at all.
        self.usable = not folder.is_symlink() and (folder.is_dir() or not os.path.lexists(folder))
        _secret()  # made now, before any worker forks: every worker signs with the same key

    def key(self, *parts: bytes) -> str:
        """The name of the entry for these inputs of one student."""
        digest = hashlib.sha256(self.inputs)
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def get(self, key: str, digests: dict[str, str]) -> Entry | None:
        """The entry under `key` if it is sound, signed by us and checked against these
        library digests; else None."""
        self.used.add(key)
        if not self.usable:
            return None
        try:  # a regular file only: an entry that is a pipe or a device must not block us
            data = read_limited(self.folder / key, MAX_ENTRY_BYTES, self.folder)
        except (Unreadable, OSError):
            return None
        signature, payload = data[:32], data[32:]
        if not hmac.compare_digest(signature, _sign(key, payload)):
            return None
        try:
            libraries, problems, plan = pickle.loads(payload)  # signed by us, checked above
        except Exception:  # a signed entry of another format, say
            return None
        if any(digests.get(name, "") != digest for name, digest in libraries.items()):
            return None
        return Entry(problems, plan, libraries)

    def loader(self, data: bytes) -> Callable[[], Plan]:
        """A function that unpickles a plan pickled by `put`."""
        return functools.partial(self._plan, data)

    def _plan(self, data: bytes) -> Plan:
        # Unpickling makes thousands of objects, none in a cycle: a collection meanwhile
        # would only walk them (a template edit unpickles every plan, one by one).
        with collector.paused():
            plan: Plan = _Unpickler(io.BytesIO(data), self.libraries).load()
            return plan

    def pickle(self, plan: Plan) -> bytes:
        """The plan as `put` stores it, for `loader`."""
        buffer = io.BytesIO()
        _Pickler(buffer).dump(plan)
        return buffer.getvalue()

    def put(self, key: str, entry: Entry) -> bytes | None:
        """Store an entry; a cache that cannot be written is only slower, never an error.
        Return the plan as pickled (None without a plan), stored or not."""
        plan = entry.plan
        if isinstance(plan, Plan):  # pickled apart, to be unpickled only when used
            plan = self.pickle(plan)
        payload = pickle.dumps((entry.libraries, entry.problems, plan), pickle.HIGHEST_PROTOCOL)
        if not self.usable or len(payload) > MAX_ENTRY_BYTES - 32:
            return plan
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Not flushed to the disk: an entry is signed and checked when read, and a torn
            # one is only checked again. Private to this user, as the signing key is.
            entry_bytes = _sign(key, payload) + payload
            write_atomically(
                self.folder / key,
                entry_bytes,
                mode=0o600,
                durable=False,
                prefix=".entry-",
                suffix=".tmp",
            )
        except OSError:
            pass
        return plan

    def prune(self) -> None:
        """Remove the entries this check did not ask for (older versions of the plans), and
        what a killed build left half-written an hour ago or more."""
        try:
            names = os.listdir(self.folder) if self.usable else []
        except OSError:
            return
        for name in names:
            path = self.folder / name
            with contextlib.suppress(OSError):
                if TEMPORARY.fullmatch(name):
                    if time.time() - path.lstat().st_mtime >= STALE:
                        path.unlink()
                elif KEY.fullmatch(name) and name not in self.used:
                    path.unlink()


def _sign(key: str, payload: bytes) -> bytes:
    return hmac.digest(_secret(), key.encode() + b"\0" + payload, "sha256")


@functools.cache
def _secret() -> bytes:
    """This machine's signing key, made on first use; if it cannot be kept, one per process
    (entries then serve only this process, e.g. a running `serve`)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "learnpath" / "cache-key"
    with contextlib.suppress(OSError):
        return _read_or_create(path)
    return secrets.token_bytes(32)


def _read_or_create(path: Path) -> bytes:
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    create_once(path, secrets.token_bytes(32))  # another process's key, if it made one first
    key = path.read_bytes()
    if len(key) != 32:
        raise OSError(f"{path} is not a key")
    return key


class _Pickler(pickle.Pickler):
    """A plan's library skills are stored by reference, and found again in this run's
    libraries: the entry stays small and the plan shares the libraries' objects. (A
    dispatch table, unlike `persistent_id`, costs nothing for the millions of other values.)"""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {**copyreg.dispatch_table, Skill: _by_reference}


def _by_reference(skill: Skill) -> tuple[Any, ...]:
    return _skill, (skill.library, skill.id)


def _skill(library: str, skill_id: str) -> Skill:
    """Stands for a library skill in an entry; `_Unpickler` finds the skill itself."""
    raise pickle.UnpicklingError(f"{library}/{skill_id}: not unpickled by _Unpickler")


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, libraries: dict[str, Library]) -> None:
        super().__init__(file)
        self.libraries = libraries

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == (__name__, "_skill"):
            return lambda library, skill_id: self.libraries[library].skills[skill_id]
        return super().find_class(module, name)
