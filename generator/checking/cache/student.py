"""The check of one student's plan, taken from the cache when none of its inputs changed.

An entry's key is made of everything the check reads except the libraries: learnpath's code
and the versions it runs on, the date, the labels' languages, the school, the plan's bytes
and the listing of the student's folder. The libraries the plan refers to are recorded in the
entry with the digest they had; an entry is used only if each still has that digest, so a
library edit re-checks exactly the plans that use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import NamedTuple, Protocol

from generator.base import workers
from generator.base.fingerprint import code_digest
from generator.checking.cache.store import Cache, Entry
from generator.language import i18n
from generator.load import MAX_BYTES, Unreadable, read_limited
from generator.model import Plan
from generator.problem import Problem
from generator.project import Project

FORMAT = b"learnpath checked plans 1"
CHUNK = 16  # students per task when checking in workers
ALL_LIBRARIES = "*"  # a dependency on the list of library ids (a plan names a missing one)


class Student(Protocol):
    """The uncached check of one student (validate._Student)."""

    project: Project
    broken: set[str]
    day: dt.date
    school_ok: bool

    def check(self, student_id: str, path: Path, data: bytes | None = None) -> Plan | None: ...


class CachedStudent:
    """A student's check from the cache if its inputs are unchanged; else checked, and kept."""

    def __init__(self, student: Student, folder: Path) -> None:
        self.student = student
        project = student.project
        self.digests = _library_digests(project, student.broken)
        self.cache = Cache(folder, _shared_inputs(student), project.libraries)

    def check_all(self, students: dict[str, Path], jobs: int = 1) -> None:
        """Check every student: from the cache where their inputs are unchanged, and the
        others here, or in `jobs` forked workers when there are enough of them (plans never
        refer to each other, and checking them is a sixth of a cold build). The project is
        put together in the order of `students`, as one process would."""
        checked: dict[str, Checked] = {}
        missed: list[Missed] = []
        for student_id, path in students.items():
            found = self._lookup(student_id, path)
            if isinstance(found, Missed):
                missed.append(found)
            else:
                checked[student_id] = found
        if jobs > 1 and len(missed) >= 2 * CHUNK:
            chunks = [missed[start : start + CHUNK] for start in range(0, len(missed), CHUNK)]
            workers.run(self._check_chunk, chunks, min(jobs, len(chunks)), checked.update)
        else:
            checked.update(self._check_chunk(missed))
        project = self.student.project
        for student_id in students:
            problems, pickled, key = checked[student_id]
            project.problems += problems
            if pickled is not None:  # a few KB instead of the plan's objects, until it is used
                project.plans.defer(student_id, self.cache.loader(pickled))
            if key is not None:  # the plan changed since it was looked up: keep its new entry
                self.cache.used.add(key)

    def _lookup(self, student_id: str, path: Path) -> Checked | Missed:
        """The student's problems and pickled plan from the cache; else the student to check."""
        read = self._read(student_id, path)
        entry = read and self.cache.get(read[0], self.digests)  # the key is now kept by `prune`
        if not entry:
            return Missed(student_id, path)
        return Checked(entry.problems, entry.plan if isinstance(entry.plan, bytes) else None, None)

    def _read(self, student_id: str, path: Path) -> tuple[str, bytes] | None:
        """The plan's cache key and bytes; None if it cannot be read (the check says why)."""
        project = self.student.project
        try:
            data = read_limited(path, MAX_BYTES, project.root)
        except Unreadable:
            return None
        folder = project.root / "students" / student_id
        display = project.display(path).encode()
        return self.cache.key(display, data, folder_listing(folder)), data

    def _check_chunk(self, chunk: list[Missed]) -> dict[str, Checked]:
        """Check these students (here, or in a worker) and keep each in the cache; return
        what each adds to the project, and keep none of it here. Each plan is read again
        rather than held: a class's plans would otherwise stay in memory until the end."""
        project = self.student.project
        checked = {}
        for student_id, path in chunk:
            first = len(project.problems)
            read = self._read(student_id, path)
            plan = self.student.check(student_id, path, read and read[1])
            problems = project.problems[first:]
            del project.problems[first:]
            project.plans.pop(student_id, None)
            if read is not None:  # kept under the key of the bytes checked
                used = _libraries_of(plan, self.digests)
                pickled = self.cache.put(read[0], Entry(problems, plan, used))
            else:  # read by the check itself after all (it changed meanwhile): not kept
                pickled = None if plan is None else self.cache.pickle(plan)
            checked[student_id] = Checked(problems, pickled, read and read[0])
        return checked


class Checked(NamedTuple):
    """What one student's check adds to the project: problems, and the plan as pickled; and
    the cache entry it was kept under."""

    problems: list[Problem]
    pickled: bytes | None
    key: str | None


class Missed(NamedTuple):
    """A student whose check is not in the cache."""

    student_id: str
    path: Path


def _shared_inputs(student: Student) -> bytes:
    """What every student's check reads besides the plan, its folder and its libraries."""
    project = student.project
    school = project.documents.get(project.school.path)
    return inputs(
        os.fsencode(project.root),  # evidence files are looked up where these lead
        os.fsencode(os.path.realpath(project.root)),
        os.fsencode(os.path.realpath(project.root / "students")),
        student.day.isoformat().encode(),
        " ".join(i18n.languages()).encode(),
        f"{student.school_ok} {school.display if school else ''}".encode(),
        school.text.encode("utf-8", "surrogateescape") if school else b"",
    )


def _library_digests(project: Project, broken: set[str]) -> dict[str, str]:
    """Each library's digest (its file, and whether it is broken), and one of their names."""
    digests = {ALL_LIBRARIES: hashlib.sha256(" ".join(project.libraries).encode()).hexdigest()}
    for library_id, library in project.libraries.items():
        document = project.documents[library.path]
        words = f"{library.path}\0{library_id in broken}\0{document.text}"
        digests[library_id] = hashlib.sha256(words.encode("utf-8", "surrogateescape")).hexdigest()
    return digests


def _libraries_of(plan: Plan | None, digests: dict[str, str]) -> dict[str, str]:
    """The libraries a plan's check looked into, with their digests: those its objectives
    and their prerequisites name, and all their names if one of them is missing."""
    if plan is None:
        return {}
    names = set()
    for goal in plan.goals:
        for objective in goal.objectives:
            if objective.skill or "skill" in objective.src:
                names.add(objective.ref.partition("/")[0])
            names.update(ref.partition("/")[0] for ref in objective.requires if "/" in ref)
    used = {name: digests.get(name, "") for name in names}
    if any(not digest for digest in used.values()):
        used[ALL_LIBRARIES] = digests[ALL_LIBRARIES]
    return used


def inputs(*parts: bytes) -> bytes:
    """The digest of the inputs every student's check shares, learnpath's own code first."""
    digest = hashlib.sha256(FORMAT + code_digest())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.digest()


def folder_listing(folder: Path) -> bytes:
    """What the check of a student's evidence files reads of their folder: where it leads,
    and each entry's name, kind and size (links by their target), never the files' bytes."""
    if not os.path.lexists(folder):
        return b"none"  # most students have no files: no need to resolve the path
    lines = [os.path.realpath(folder)]
    if folder.is_dir() and not folder.is_symlink():
        for top, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(dirs + files):
                lines.append(_describe(Path(top) / name, folder))
    return "\0".join(lines).encode("utf-8", "surrogateescape")


def _describe(path: Path, folder: Path) -> str:
    name = path.relative_to(folder).as_posix()
    try:
        info = path.lstat()
        if path.is_symlink():
            target = os.readlink(path)
            info = path.stat()
            return f"{name} -> {target} {info.st_mode:o} {info.st_size}"
        return f"{name} {info.st_mode:o} {info.st_size}"
    except OSError as error:
        return f"{name} unreadable {error.errno}"
