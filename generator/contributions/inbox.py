"""`learnpath inbox`: sealed contributions -> checked items -> per-plan diffs -> one commit.

Every contribution is opened and every item checked against its plan before anything is
written: any error, and nothing is. A contribution already recorded in its plan (its id under
`contributions:`) adds nothing, so applying the same file twice is harmless, and so is
applying it again after some of its items were left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring import author
from generator.base import collector, journal
from generator.base.fsutil import write_atomically
from generator.checking import evidence_files
from generator.checking.validate import check, plan_paths
from generator.classroom.transaction import Change
from generator.contributions import document, envelope, planedit
from generator.contributions.document import Contribution, Item
from generator.load import Map, Unreadable, read_limited
from generator.model import Plan
from generator.problem import Problem, errors
from generator.project import Project
from generator.publishing import keys
from generator.publishing.keys import TEACHER

BAD = "bad-contribution"
BAD_ITEM = "bad-contribution-item"
OUTSIDE = "file-outside-folder"  # validate's rule, for a photo that would land outside


@dataclass(frozen=True)
class Source:
    """One contribution to read: a file, or text pasted on standard input (`-`)."""

    display: str
    path: Path | None = None
    text: str = ""


@dataclass(frozen=True)
class Opened:
    """A contribution opened and matched to its student; `first` numbers its first item."""

    source: Source
    student: str
    contribution: Contribution
    first: int
    sealed_by_teacher: bool


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    opened: list[Opened] = field(default_factory=list)
    already: list[Opened] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    photos: dict[Path, bytes] = field(default_factory=dict)  # new files, by path
    root: Path = Path()  # the folder holding the plans folder: where the journal lives
    items: int = 0
    left_out: int = 0

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)


def sources(paths: list[str], stdin: str | None) -> list[Source]:
    """The files named (a folder: its files, sorted, hidden ones skipped), `-` as pasted text."""
    found = []
    for name in paths:
        if name == "-":
            found.append(Source("-", text=stdin or ""))
            continue
        path = Path(name)
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.iterdir()):
                if not child.name.startswith(".") and child.is_file():
                    found.append(Source(child.as_posix(), path=child))
        else:
            found.append(Source(name, path=path))
    return found


def prepare(
    plans_dir: Path, given: list[Source], secret: bytes, leave_out: set[int], today: dt.date
) -> Result:
    """Open, check and turn every contribution into plan edits; write nothing."""
    # The whole class's parsed plans stay alive until every edit is made: millions of objects
    # the collector would rescan each time contributions and edits allocate (as `evidence
    # import` does, see generator/base/collector.py).
    with collector.paused():
        return _prepare(plans_dir, given, secret, leave_out, today)


def _prepare(
    plans_dir: Path, given: list[Source], secret: bytes, leave_out: set[int], today: dt.date
) -> Result:
    project = check(plans_dir, student_documents=True)
    result = Result(problems=errors(project.problems), root=plans_dir.absolute().parent)
    if result.problems:
        return result  # the plans must be valid before anything is added to them
    owners = _owners(project, secret)
    for source in given:
        opened = _open(source, project, secret, owners, result.items + 1, result.problems)
        if opened is None:
            continue
        result.items += len(opened.contribution.items)
        plan = project.plans[opened.student]
        seen = {o.contribution.id for o in result.opened if o.student == opened.student}
        if opened.contribution.id in _recorded(plan) | seen:
            result.already.append(opened)
        else:
            result.problems += _check(opened, plan, project, today)
            result.opened.append(opened)
    if not errors(result.problems):
        _edit(project, plans_dir, result, leave_out)
    return result


def apply(result: Result) -> None:
    """Write the new photos, then every changed plan or none; on failure, remove the photos
    (a photo left by a killed process is a file no plan names yet, harmless)."""
    try:
        for path in result.photos:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Threads, as transaction.commit does: each write waits on the disk's fsync.
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(write_atomically, result.photos, result.photos.values()))
        # Every plan or none, even if the process is killed (the journal `evidence import`
        # writes with): the next command finishes or undoes it.
        journal.replace_all(result.root, result.changes, "inbox")
    except BaseException:
        for path in result.photos:
            path.unlink(missing_ok=True)
        raise


def _owners(project: Project, secret: bytes) -> dict[str, str]:
    """Published folder name -> student id (or TEACHER), at the school's epoch."""
    ids = [*project.plans, TEACHER]
    return {keys.folder_name(secret, project.school.epoch, sid): sid for sid in ids}


def _read(source: Source) -> str:
    if source.path is None:
        text = source.text
    else:
        try:
            data = read_limited(source.path, envelope.MAX_TEXT, what="a contribution")
        except Unreadable as exc:
            raise envelope.Refused(f"cannot read it: {exc}") from None
        text = data.decode("utf-8", errors="replace")
    if len(text) > envelope.MAX_TEXT:
        raise envelope.Refused("over 16 MB: not a contribution (at most 3 photos of 2 MB)")
    return text


def _open(
    source: Source,
    project: Project,
    secret: bytes,
    owners: dict[str, str],
    first: int,
    problems: list[Problem],
) -> Opened | None:
    try:
        sealed = envelope.parse(_read(source))
        owner = owners.get(sealed.folder)
        if owner is None or sealed.epoch != project.school.epoch:
            raise envelope.Refused(_stranger(sealed, project.school.epoch))
        content = keys.derive(secret, sealed.epoch, "content", owner)
        contribution = document.read(envelope.open_envelope(sealed, content))
        student = _student(contribution, owner, owners)
    except envelope.Refused as refused:
        problems.append(Problem(source.display, 1, 1, "error", str(refused), BAD))
        return None
    return Opened(source, student, contribution, first, owner == TEACHER)


def _stranger(sealed: envelope.Envelope, epoch: int) -> str:
    if sealed.epoch != epoch:
        return (
            f"sealed for key epoch {sealed.epoch}, but the school is at epoch {epoch}: it was "
            "made on a site from before the keys changed; ask the family to send it again"
        )
    return (
        "its folder is no student of this school (another school's contribution, a student "
        "whose plan was removed, or LEARNPATH_SECRET is not the one the sites were built with)"
    )


def _student(contribution: Contribution, owner: str, owners: dict[str, str]) -> str:
    """The student it is for: its site's, or, from the teacher's index, the one it names."""
    if owner != TEACHER:
        if contribution.student or contribution.role == "teacher":
            raise envelope.Refused(
                "the writer claims the teacher's role, but it was sealed with a family's key"
            )
        return owner
    student = owners.get(contribution.student, TEACHER)
    if student == TEACHER:
        raise envelope.Refused("made on the teacher's index for no student of this school")
    return student


def _recorded(plan: Plan) -> set[str]:
    found = plan.src.get("contributions", [])
    return set(found) if isinstance(found, list) else set()


def _check(opened: Opened, plan: Plan, project: Project, today: dt.date) -> list[Problem]:
    """Everything that must fit the plan: writer, date, objectives, levels, goals."""
    c, where = opened.contribution, opened.source.display

    def problem(message: str) -> Problem:
        return Problem(where, 1, 1, "error", message, BAD_ITEM)

    found = []
    role = plan.role_of(c.writer)
    if role == "teacher" and not opened.sealed_by_teacher:
        message = f"the writer '{c.writer}' is {plan.id}'s teacher, but it was sealed with a "
        found.append(problem(message + "family's key"))
    elif role is not None and role != c.role:
        message = f"the writer '{c.writer}' is a {role} in {plan.id}'s plan, not a {c.role}"
        found.append(problem(message))
    if c.date > today:
        found.append(problem(f"dated {c.date.isoformat()}, after today ({today.isoformat()})"))
    scale = project.school.settings.scale
    goals = {g.id for g in plan.goals}
    for number, item in enumerate(c.items, opened.first):
        message = _item_problem(item, plan, scale, goals)
        if message:
            found.append(problem(f"item {number} ({item.type}): {message}"))
    return found


def _item_problem(item: Item, plan: Plan, scale: tuple[str, ...], goals: set[str]) -> str:
    fields = item.fields
    if "objective" in fields and fields["objective"] not in plan.objectives:
        return f"{plan.id}'s plan has no objective '{fields['objective']}'"
    if "level" in fields and fields["level"] not in scale:
        return f"'{fields['level']}' is not a level of the scale ({', '.join(scale)})"
    if item.type == "why" and fields["goal"] not in goals:
        return f"{plan.id}'s plan has no goal '{fields['goal']}'"
    return ""


def _edit(project: Project, plans_dir: Path, result: Result, leave_out: set[int]) -> None:
    """Each plan's edits, its new text, and the photos it names."""
    paths = plan_paths(plans_dir)
    by_plan: dict[str, list[Opened]] = {}
    for opened in result.opened:
        by_plan.setdefault(opened.student, []).append(opened)
    for student, contributions in sorted(by_plan.items()):
        plan, edits = project.plans[student], planedit.Edits()
        folder = paths[student].parent / student
        for opened in contributions:
            _items(opened, plan, edits, folder, result, leave_out)
        refused = _photos_outside(plans_dir, student, folder, result)
        if refused:
            result.problems.append(Problem(plan.path, 1, 1, "error", refused, OUTSIDE))
            continue
        before = paths[student].read_bytes()
        bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
        text = before.decode("utf-8-sig")
        document = project.documents.get(plan.path)
        tree = document.tree if document is not None and document.text == text else None
        tree = tree if isinstance(tree, Map) else None  # a plan's tree, else parsed again
        try:
            text = planedit.apply(paths[student], plan.path, text, edits, tree)
        except planedit.CannotEdit as exc:
            result.problems.append(Problem(plan.path, 1, 1, "error", str(exc), BAD_ITEM))
            continue
        result.changes.append(Change(paths[student], plan.path, before, bom + text.encode()))


def _items(
    opened: Opened,
    plan: Plan,
    edits: planedit.Edits,
    folder: Path,
    result: Result,
    leave_out: set[int],
) -> None:
    c = opened.contribution
    if all(p.name != c.writer for p in plan.authors) and all(
        a["name"] != c.writer for a in edits.authors
    ):
        edits.authors.append({"name": c.writer, "role": c.role})
    for number, item in enumerate(c.items, opened.first):
        if number in leave_out:
            result.left_out += 1
            continue
        _item(item, c, plan, edits, folder, result)
    edits.contributions.append(c.id)


def _item(
    item: Item, c: Contribution, plan: Plan, edits: planedit.Edits, folder: Path, result: Result
) -> None:
    f = item.fields
    if item.type in ("observation", "self-assessment"):
        photos = [_photo(c, index, folder, result) for index in f.get("photos", [])]
        names: list[str | None] = [*photos] or [None]
        for at, name in enumerate(names):
            note = str(f.get("note", "")) if at == 0 else ""
            level = str(f["level"]) if "level" in f else None  # none: shown, never counted
            entry = author.evidence_entry(
                str(f["objective"]), level, c.writer, item.type, c.date, note, name, None
            )
            edits.evidence.append(entry)
    elif item.type == "reflection":
        edits.reflections.append({"date": c.date.isoformat(), "by": c.writer, "text": f["text"]})
    elif item.type == "why":
        edits.why[str(f["goal"])] = str(f["text"])
    elif "add" in f:
        if str(f["add"]).casefold() not in {i.casefold() for i in plan.interests}:
            edits.add_interests.append(str(f["add"]))
    elif str(f["remove"]) in plan.interests:
        edits.remove_interests.append(str(f["remove"]))


def _photos_outside(plans_dir: Path, student: str, folder: Path, result: Result) -> str:
    """Why the student's new photos would land outside the plans (their folder, or a file of
    the same name, a link out of it), as `validate` says it; '' when they would not. Written
    there, they would leave the plan naming a file `validate` refuses."""
    for path in result.photos:
        if path.parent == folder:
            found = evidence_files.locate(plans_dir, student, path.name)
            if found.rule == OUTSIDE:
                return f"{found.message}: the contribution's photo is not written"
    return ""


def _photo(c: Contribution, index: int, folder: Path, result: Result) -> str:
    """A photo's safe file name in the student's folder: the date and a hash, no name."""
    data = c.photos[index]
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"contribution-{c.date.isoformat()}-{digest}.jpg"
    path = folder / name
    if not (path.is_file() and path.read_bytes() == data):
        result.photos[path] = data
    return name
