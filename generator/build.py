"""Stage 6, build: validate, render and write every changed student, stage, then publish.

The pipeline of one build, holding the site's lock (output.py), after ``check`` (with the
cache of checked plans in ``.learnpath/<site name>/cache/``):

(a) ``render_site`` turns a changed student's plan into a SiteSpec, in a worker of (b);
(b) ``html.build_sites`` writes each complete student folder, and the shared assets, into a
    staging folder beside the site (``<site parent>/.learnpath/<site name>/staging/new/``),
    a few students at a time in each worker, keeping none of them;
(c) ``output.publish`` alone changes the site: it swaps complete folders in, writes the
    landing page, removes the folders of students who are gone and records the manifest.

A sealed build encrypts each complete site in (b), in the worker that wrote it, into a folder
with another name (``finish``): the manifest maps each student id to its published folder.

Nothing is published when a plan has errors. With ``keep_going``, only errors in the school
or the libraries stop everything; a student whose plan has errors keeps their last good site
and the others are published. Students whose inputs did not change since the last build (see
``_shared_fingerprint``) are not rebuilt.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator import ROOT, __version__, html
from generator.base import collector, workers
from generator.base.fingerprint import code_digest
from generator.base.ids import plan_files
from generator.checking.validate import Project, check
from generator.classroom import page as class_page
from generator.classroom.overview import overview
from generator.language import i18n
from generator.load import MAX_BYTES
from generator.mastery import engine as mastery
from generator.problem import Problem
from generator.publishing import exposed
from generator.publishing import sealed_site as sealing
from generator.publishing import swap as output
from generator.publishing.keys import TEACHER
from generator.publishing.swap import Entry, Manifest, Site
from generator.rendering.render import TEMPLATES, Contribute, environment, render_site
from generator.sitespec import SiteSpec

# Libraries whose version changes the pages (Material's asset names change with its version).
PLAN_SUFFIXES = (".yml", ".yaml")
KEY_FILES = "keys"  # in the site's state folder: sealed builds' key files (the workflow caches it)


@dataclass
class BuildResult:
    problems: list[Problem]
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_built: dict[str, bool] = field(default_factory=dict)  # id -> its last good site kept
    failed: bool = False  # problems stop the build, or some students were not built
    written: bool = False  # the site changed


def build(
    plans_dir: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    keep_going: bool = False,
    jobs: int | None = None,
    on_wait: Callable[[], object] | None = None,
    secret: bytes | None = None,
    publishing: bool = False,
    on_progress: Callable[[int, int], object] | None = None,
) -> BuildResult:
    """Build every student's site into site_dir; on any problem, leave site_dir untouched.

    With ``keep_going``, a problem in one student's plan only keeps that student's site as it
    was. ``on_wait`` is called when another build of the same site holds it: this one waits.
    With ``secret`` (LEARNPATH_SECRET), every site is sealed (generator/publishing/); with
    ``publishing`` and no secret, a plain build is refused unless the school chose it.
    ``on_progress(done, total)`` is told how many of the changed students' sites are built.
    """
    if publishing and secret is None and (refusal := _plain_refused(plans_dir)):
        return BuildResult([refusal], failed=True)
    try:
        with output.locked(site_dir, on_wait) as site:
            return _build(plans_dir, site, strict, keep_going, jobs, secret, on_progress)
    except (OSError, output.OutputError) as error:
        problem = Problem(str(site_dir), 1, 1, "error", f"cannot build the site: {error}", "build")
        return BuildResult([problem], failed=True)


def _plain_refused(plans_dir: Path) -> Problem | None:
    """Why publishing this plain (unencrypted) site is refused, or None: the school chose it."""
    project = check(plans_dir, only="")  # the school and libraries, no student
    if project.school.privacy == "public":
        return None
    where = project.school.path or project.display(plans_dir / "school.yml")
    return Problem(
        where, 1, 1, "error",
        "LEARNPATH_SECRET is not set, so the sites would be published unencrypted; set the "
        "secret (docs/privacy.md), or say 'publish: {privacy: public}' here on purpose",
        "bad-setting",
    )  # fmt: skip


def _build(
    plans_dir: Path,
    site: Site,
    strict: bool,
    keep_going: bool,
    jobs: int | None,
    secret: bytes | None,
    on_progress: Callable[[int, int], object] | None = None,
) -> BuildResult:
    day = mastery.today()
    _forget_cached_inputs()
    _thaw()
    shared = _shared_fingerprint(plans_dir, day, sealing.tag(secret))
    libraries = _library_fingerprints(plans_dir)
    files = plan_files(plans_dir)
    fingerprints = {
        sid: _fingerprint(plans_dir, sid, paths, shared, libraries) for sid, paths in files.items()
    }
    if secret is not None:  # the teacher's index lists every student
        fingerprints[TEACHER] = hashlib.sha256(repr(sorted(fingerprints.items())).encode())
        fingerprints[TEACHER] = fingerprints[TEACHER].hexdigest()
    before = output.read_manifest(site)
    if secret is not None and (stray := exposed.foreign(site.folder, before.folders())):
        return BuildResult(stray, failed=True)  # a sealed site holds only what it wrote
    if _unchanged(site, before, fingerprints):
        return BuildResult([], skipped=sorted(files))  # same inputs, same site still in place
    project = check(plans_dir, day, cache=_cache_folder(site), jobs=jobs or workers.usable_cpus())
    # The plans stay alive until the build ends: keep the collector from walking them again.
    collector.freeze()  # given back by the next build in this process (_thaw)
    result = BuildResult(project.problems)
    failed = _failed_students(project, plans_dir, strict, keep_going)
    if failed is None:
        result.failed = True
        return result
    buildable = [sid for sid in sorted(project.plans) if sid not in failed]
    changed = [sid for sid in buildable if not _current(site, before, sid, fingerprints[sid])]
    seal = None
    if secret is not None:
        keys = sealing.cached_key_files(site.state / KEY_FILES)
        seal = sealing.Sealing.of(secret, project.school, project.plans.values(), keys)
    staged = _stage(
        project, plans_dir, changed, site, day, jobs, keep_going, result, failed, seal, on_progress
    )
    if staged is None:
        result.failed = True
        return result
    if seal and not _current(site, before, TEACHER, fingerprints[TEACHER]):
        staged[TEACHER] = _stage_teacher(project, site, seal, day)
    after = _manifest(before, fingerprints, staged, clean=not (project.problems or failed))
    root = _root_files(project, day, seal, after)
    staged_assets = (site.staging / "new" / html.SHARED_DIR).is_dir()
    names = [html.SHARED_DIR] * staged_assets + list(staged.values())  # what (b) staged
    output.publish(site, site.staging / "new", names, root, before, after)
    staged.pop(TEACHER, None)
    result.built = list(staged)
    result.skipped = [sid for sid in buildable if sid not in changed]
    result.removed = sorted(sid for sid in before.students if sid not in files and sid != TEACHER)
    result.not_built = {sid: sid in after.students for sid in sorted(failed)}
    result.failed, result.written = bool(failed), True
    return result


def _stage_teacher(project: Project, site: Site, seal: sealing.Sealing, day: dt.date) -> str:
    """Stage the teacher's sealed index, with the class page beside it; return its folder."""
    # Both pages read every plan of the class, unpickled here: the collector would walk
    # them again and again while they pile up (a third of this step for 1,000 students).
    with collector.paused():
        page = sealing.teacher_index(list(project.plans.values()), project.school, seal)
        grid = {"class.html": class_page.as_html(overview(project, day)).encode()}
        grid.update(
            sealing.teacher_add_files(list(project.plans.values()), project.school, seal, day)
        )
    return sealing.seal_teacher(site.staging / "new", seal, page, grid)


def _root_files(
    project: Project, day: dt.date, seal: sealing.Sealing | None, after: Manifest
) -> dict[str, str | None]:
    """The files at the site's root: a sealed site's lock pages and worker, or the landing."""
    if seal is not None:
        return sealing.root_files(seal)
    listed = [sid for sid in project.plans if sid in after.students]
    return {"index.html": _landing(project, day, listed), **sealing.PLAIN_ROOT}


def _failed_students(
    project: Project, plans_dir: Path, strict: bool, keep_going: bool
) -> set[str] | None:
    """The students not to build, or None when the problems stop the whole build."""
    stopping = [p for p in project.problems if strict or p.level == "error"]
    failed = _owners(stopping, project.display(plans_dir / "students"))
    if stopping and (not keep_going or failed is None):
        return None
    return failed or set()


def _stage(
    project: Project,
    plans_dir: Path,
    changed: list[str],
    site: Site,
    day: dt.date,
    jobs: int | None,
    keep_going: bool,
    result: BuildResult,
    failed: set[str],
    seal: sealing.Sealing | None,
    on_progress: Callable[[int, int], object] | None = None,
) -> dict[str, str] | None:
    """(a) and (b): render each changed student and write their complete folder into staging,
    in the HTML stage's workers. Return each staged student's folder name (its id, or its
    sealed folder's name), or None when nothing may be published; add the students the HTML
    stage refused to ``failed``."""
    env = environment()

    def spec_for(sid: str) -> SiteSpec:  # runs in a worker process of build_sites
        school = project.school  # a sealed site has the page to add to the plan
        add = Contribute(school.epoch, school.contact) if seal else None
        spec = render_site(project.plans[sid], school, plans_dir, env, day, add)
        project.plans.release(sid)  # a worker keeps no student it has rendered
        if seal:  # sealed pages load the lock script, labelled in the student's language
            forget = i18n.catalog(spec.language)["lock_forget"]
            words = {sealing.PAGE_WORDS: sealing.page_words(spec.language)}
            spec = replace(spec, forget=forget, files={**spec.files, **words})
        return spec

    if not changed and output.complete(site, []):
        return {}  # nothing to stage: the shared assets are in place
    # A sealed build encrypts each complete site in the worker that made it, under its
    # opaque folder name: no plain page is ever written (generator/publishing/).
    finish = sealing.sealer(seal) if seal else None
    staging = site.staging / "new"
    try:
        html.build_sites(
            changed, spec_for, staging, jobs=jobs, on_progress=on_progress, finish=finish
        )
    except html.HtmlBuildError as error:  # a page failed its checks or its template
        result.problems += _html_problems(project, plans_dir, error)
        if not keep_going or not error.sites:
            return None
        failed |= error.sites
    built = [sid for sid in changed if sid not in failed]
    if seal:
        sealing.stage_browser_scripts(staging)
        return sealing.folders(seal, built)
    return {sid: sid for sid in built}


def _unchanged(site: Site, before: Manifest, fingerprints: dict[str, str]) -> bool:
    """A clean build of the same inputs is still in place: nothing to do, not even validate."""
    vouched = {sid: entry.fingerprint for sid, entry in before.students.items()}
    folders = [entry.folder for entry in before.students.values()]
    return before.clean and vouched == fingerprints and output.complete(site, folders)


def _current(site: Site, before: Manifest, sid: str, fingerprint: str) -> bool:
    entry = before.students.get(sid)
    return (
        entry is not None
        and entry.fingerprint == fingerprint
        and (output.complete(site, [entry.folder]))
    )


def _manifest(
    before: Manifest, fingerprints: dict[str, str], staged: dict[str, str], clean: bool
) -> Manifest:
    """What the site holds once published: new and untouched sites, and kept last good ones."""
    students = {
        sid: Entry(fingerprint, staged[sid]) if sid in staged else before.students.get(sid)
        for sid, fingerprint in fingerprints.items()
    }
    students = {sid: entry for sid, entry in students.items() if entry is not None}
    return Manifest(students, clean)


def _owners(problems: list[Problem], students: str) -> set[str] | None:
    """The students whose files these problems are in; None if one is elsewhere (the school,
    a library), which stops every site."""
    owners = set()
    for problem in problems:
        if not problem.path.startswith(students + "/"):
            return None
        name = problem.path[len(students) + 1 :].split("/")[0]
        owners.add(name.removesuffix(".yml").removesuffix(".yaml"))
    return owners


def _html_problems(project: Project, plans_dir: Path, error: html.HtmlBuildError) -> list[Problem]:
    where = project.display(plans_dir)
    return [Problem(where, 1, 1, "error", line, "build") for line in str(error).splitlines()]


def _forget_cached_inputs() -> None:
    """Labels are cached per process: `serve` builds again and again, after edits."""
    for function in vars(i18n).values():
        if callable(getattr(function, "cache_clear", None)):
            function.cache_clear()


def _hash_file(digest: hashlib._Hash, path: Path) -> None:
    """A regular file's bytes, in chunks; a FIFO, a device or a broken link by its kind only."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            digest.update(b"not a file\0")
            return
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError as error:
        digest.update(f"unreadable {error.errno}\0".encode())
    digest.update(b"\0")


def _hash_files(digest: hashlib._Hash, folder: Path, paths: list[Path]) -> None:
    for path in paths:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        _hash_file(digest, path)


def _hash_tree(digest: hashlib._Hash, folder: Path, pattern: str = "*") -> None:
    _hash_files(digest, folder, sorted(p for p in folder.rglob(pattern) if p.is_file()))


def _cache_folder(site: Site) -> Path:
    """Where the checked plans are kept between builds (generator/checking/cache/)."""
    return site.state / "cache"


def _thaw() -> None:
    """Give the collector back what the last build in this process froze (`serve` builds
    again and again), and collect it once, while little else is alive."""
    if collector.thaw():
        gc.collect()


def _shared_fingerprint(plans_dir: Path, day: dt.date, sealed: str) -> str:
    """What every site depends on, and nothing else: the date, learnpath's code and the
    versions it runs on (fingerprint.code_digest, as the cache of checked plans), its
    templates and labels, the base MkDocs config, and the school."""
    head = [__version__, day.isoformat(), sealed, ""]
    digest = hashlib.sha256(code_digest() + "\0".join(head).encode())
    _hash_tree(digest, TEMPLATES)  # pages, MkDocs overrides, locales, CSS, landing page
    _hash_tree(digest, i18n.LOCALES)
    _hash_files(digest, ROOT, [ROOT / "mkdocs.yml"])
    _hash_files(digest, plans_dir, [plans_dir / f"school{suffix}" for suffix in PLAN_SUFFIXES])
    return digest.hexdigest()


@dataclass(frozen=True)
class _Library:
    fingerprint: str  # of its file
    mentions: frozenset[str]  # the libraries it (or a library it mentions) names: id/


def _library_fingerprints(plans_dir: Path) -> dict[str, _Library]:
    """Each skill library's fingerprint, and the libraries its sites also depend on."""
    paths = sorted(p for p in (plans_dir / "library").glob("*") if p.suffix in PLAN_SUFFIXES)
    texts = {path: _small_bytes(path) for path in paths}
    ids = sorted({path.stem for path in paths})
    named = {path.stem: _mentioned(texts[path], ids) for path in reversed(paths)}
    libraries = {}
    for path in paths:  # x.yml before x.yaml, as validate reads them
        digest = hashlib.sha256()
        _hash_files(digest, plans_dir, [path])
        reached, todo = set(), [path.stem]
        while todo:  # what a skill requires may be in another library, and so on
            library = todo.pop()
            reached.add(library)
            todo += named.get(library, set()) - reached
        libraries.setdefault(path.stem, _Library(digest.hexdigest(), frozenset(reached)))
    return libraries


def _mentioned(data: bytes | None, ids: list[str]) -> set[str]:
    """The library ids a plan or library names as `id/`; all of them when it cannot tell
    (a file too large to read, or an escape in a quoted string could spell a name)."""
    if data is None or b"\\" in data:
        return set(ids)
    return {library for library in ids if f"{library}/".encode() in data}


def _small_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, if it is no larger than a plan may be; else None."""
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
            return path.read_bytes()
    except OSError:
        pass
    return None


def _fingerprint(
    plans_dir: Path,
    student_id: str,
    plans: list[Path],
    shared: str,
    libraries: dict[str, _Library],
) -> str:
    """What one site depends on: the shared inputs, the plan, the student's files and the
    libraries the plan names (with those they name), so a library edit rebuilds its users."""
    digest = hashlib.sha256(shared.encode())
    named: set[str] = set()
    for path in plans:
        data = _small_bytes(path)  # read once: hashed, and searched for library names
        if data is None:
            _hash_files(digest, plans_dir, [path])
        else:
            digest.update(path.relative_to(plans_dir).as_posix().encode() + b"\0" + data + b"\0")
        named |= _mentioned(data, list(libraries))
    folder = plans_dir / "students" / student_id
    if folder.is_symlink():  # refused by validation; never walk where it points
        digest.update(f"linked to {os.path.realpath(folder)}\0".encode())
    elif folder.is_dir():
        _hash_tree(digest, folder)
    for library in sorted(set().union(*(libraries[n].mentions for n in named))):
        digest.update(f"{library}={libraries[library].fingerprint}\0".encode())
    return digest.hexdigest()


def _landing(project: Project, day: dt.date, students: list[str]) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    language = i18n.site_language(project.school.language)
    listed = []
    if project.school.list_students:  # only then: the others' plans need not be unpickled
        listed = sorted((project.plans[sid] for sid in students), key=lambda p: p.name.casefold())
    return env.get_template("landing.html").render(
        words=i18n.catalog(language),
        language=language,
        school=project.school.name,
        students=listed,
        today=day.isoformat(),
    )
