"""Stage 6, build: validate, render and write every changed student, stage, then publish.

The pipeline of one build, holding the site's lock (swap.py), after ``check`` (with the
cache of checked plans in ``.learnpath/<site name>/cache/``):

(a) ``render_site`` turns a changed student's plan into a SiteSpec, in a worker of (b);
(b) ``html.build_sites`` writes each complete student folder, and the shared assets, into a
    staging folder beside the site (``<site parent>/.learnpath/<site name>/staging/new/``),
    a few students at a time in each worker, keeping none of them;
(c) ``swap.publish`` alone changes the site: it swaps complete folders in, writes the
    landing page, removes the folders of students who are gone and records the manifest.

A sealed build encrypts each complete site in (b), in the worker that wrote it, into a folder
with another name (``finish``): the manifest maps each student id to its published folder.

Nothing is published when a plan has errors. With ``keep_going``, only errors in the school
or the libraries stop everything; a student whose plan has errors keeps their last good site
and the others are published. Students whose inputs did not change since the last build (see
``fingerprint.student_site``) are not rebuilt.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import ROOT, __version__, html
from generator.base import collector, fingerprint, workers
from generator.base.ids import SUFFIXES, plan_files
from generator.checking.validate import Project, check
from generator.classroom import page as class_page
from generator.classroom.overview import overview
from generator.language import conventions, i18n
from generator.load import MAX_BYTES
from generator.mastery import engine as mastery
from generator.problem import Problem
from generator.publishing import exposed, swap
from generator.publishing import sealed_site as sealing
from generator.publishing.keys import TEACHER
from generator.publishing.swap import Entry, Manifest, Site
from generator.rendering import landing
from generator.rendering.render import TEMPLATES, Contribute, environment, render_site
from generator.sitespec import SiteSpec

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


@dataclass(frozen=True)
class BuildRun:
    """What the steps after the check share: the checked project, where it goes, and how."""

    project: Project
    plans_dir: Path
    site: Site
    day: dt.date
    jobs: int | None
    keep_going: bool
    seal: sealing.Sealing | None
    on_progress: Callable[[int, int], object] | None


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
    shown_as: str | None = None,
) -> BuildResult:
    """Build every student's site into site_dir; on any problem, leave site_dir untouched.

    With ``keep_going``, a problem in one student's plan only keeps that student's site as it
    was. ``on_wait`` is called when another build of the same site holds it: this one waits.
    With ``secret`` (LEARNPATH_SECRET), every site is sealed (generator/publishing/); with
    ``publishing`` and no secret, a plain build is refused unless the school chose it.
    ``on_progress(done, total)`` is told how many of the changed students' sites are built.
    Problems name the site folder ``shown_as`` (as the user wrote it), else ``site_dir``.
    """
    if found := private_pages(site_dir, shown_as or str(site_dir)):
        return BuildResult(found, failed=True)
    if publishing and secret is None and (refusal := _plain_refused(plans_dir)):
        return BuildResult([refusal], failed=True)
    try:
        with swap.locked(site_dir, on_wait) as site:
            return _build(plans_dir, site, strict, keep_going, jobs, secret, on_progress)
    except (OSError, swap.OutputError) as error:
        problem = Problem(str(site_dir), 1, 1, "error", f"cannot build the site: {error}", "build")
        return BuildResult([problem], failed=True)


def private_pages(site_dir: Path, shown_as: str) -> list[Problem]:
    """The teacher's class page and the families' letters found in the site folder: they
    must never be published, so nothing is built into it until they are moved out."""
    return exposed.problems(site_dir, shown_as) if site_dir.is_dir() else []


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
    shared = _shared_inputs(plans_dir, day, sealing.tag(secret))
    libraries = fingerprint.libraries(plans_dir, MAX_BYTES)
    files = plan_files(plans_dir)
    fingerprints = {
        sid: fingerprint.student_site(plans_dir, sid, paths, shared, MAX_BYTES, libraries)
        for sid, paths in files.items()
    }
    if secret is not None:  # the teacher's index lists every student
        fingerprints[TEACHER] = hashlib.sha256(repr(sorted(fingerprints.items())).encode())
        fingerprints[TEACHER] = fingerprints[TEACHER].hexdigest()
    before = swap.read_manifest(site)
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
    run = BuildRun(project, plans_dir, site, day, jobs, keep_going, seal, on_progress)
    staged = _stage(run, changed, result, failed)
    if staged is None:
        result.failed = True
        return result
    if seal and not _current(site, before, TEACHER, fingerprints[TEACHER]):
        staged[TEACHER] = _stage_teacher(project, site, seal, day)
    after = _manifest(before, fingerprints, staged, clean=not (project.problems or failed))
    root = _root_files(project, day, seal, after)
    staged_assets = (site.staging / "new" / html.SHARED_DIR).is_dir()
    names = [html.SHARED_DIR] * staged_assets + list(staged.values())  # what (b) staged
    swap.publish(site, site.staging / "new", names, root, before, after)
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
    return {"index.html": landing.render(project, day, listed), **sealing.PLAIN_ROOT}


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
    run: BuildRun, changed: list[str], result: BuildResult, failed: set[str]
) -> dict[str, str] | None:
    """(a) and (b): render each changed student and write their complete folder into staging,
    in the HTML stage's workers. Return each staged student's folder name (its id, or its
    sealed folder's name), or None when nothing may be published; add the students the HTML
    stage refused to ``failed``."""
    env = environment()
    project, seal, site = run.project, run.seal, run.site

    def spec_for(sid: str) -> SiteSpec:  # runs in a worker process of build_sites
        school = project.school  # a sealed site has the page to add to the plan
        add = Contribute(school.epoch, school.contact) if seal else None
        spec = render_site(project.plans[sid], school, run.plans_dir, env, run.day, add)
        project.plans.release(sid)  # a worker keeps no student it has rendered
        if seal:  # sealed pages load the lock script, labelled in the student's language
            forget = i18n.catalog(spec.language)["lock_forget"]
            words = {sealing.PAGE_WORDS: sealing.page_words(spec.language)}
            spec = replace(spec, forget=forget, files={**spec.files, **words})
        return spec

    if not changed and swap.complete(site, []):
        return {}  # nothing to stage: the shared assets are in place
    # A sealed build encrypts each complete site in the worker that made it, under its
    # opaque folder name: no plain page is ever written (generator/publishing/).
    finish = sealing.sealer(seal) if seal else None
    staging = site.staging / "new"
    try:
        html.build_sites(
            changed,
            spec_for,
            staging,
            jobs=run.jobs,
            on_progress=run.on_progress,
            finish=finish,
            languages=_languages(project, changed),
        )
    except html.HtmlBuildError as error:  # a page failed its checks or its template
        result.problems += _html_problems(project, run.plans_dir, error)
        if not run.keep_going or not error.sites:
            return None
        failed |= error.sites
    built = [sid for sid in changed if sid not in failed]
    if seal:
        sealing.stage_browser_scripts(staging)
        return sealing.folders(seal, built)
    return {sid: sid for sid in built}


def _languages(project: Project, changed: list[str]) -> list[str]:
    """The languages of the sites to build, as far as the plans already in memory say (a plan
    still in the cache is not unpickled for it), with their dates and numbers made once here:
    the workers inherit what each language needs instead of each making it again."""
    wanted = set(changed)
    found = {i18n.site_language(p.language) for p in project.plans.made() if p.id in wanted}
    for language in sorted(found):
        conventions.date(dt.date(2026, 1, 2), language)
        conventions.number(1234.5, language)
    return sorted(found)


def _unchanged(site: Site, before: Manifest, fingerprints: dict[str, str]) -> bool:
    """A clean build of the same inputs is still in place: nothing to do, not even validate."""
    vouched = {sid: entry.fingerprint for sid, entry in before.students.items()}
    folders = [entry.folder for entry in before.students.values()]
    return before.clean and vouched == fingerprints and swap.complete(site, folders)


def _current(site: Site, before: Manifest, sid: str, fingerprint: str) -> bool:
    entry = before.students.get(sid)
    return (
        entry is not None
        and entry.fingerprint == fingerprint
        and (swap.complete(site, [entry.folder]))
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


def _cache_folder(site: Site) -> Path:
    """Where the checked plans are kept between builds (generator/checking/cache/)."""
    return site.state / "cache"


def _thaw() -> None:
    """Give the collector back what the last build in this process froze (`serve` builds
    again and again), and collect it once, while little else is alive."""
    if collector.thaw():
        gc.collect()


def _shared_inputs(plans_dir: Path, day: dt.date, sealed: str) -> str:
    """What every site depends on: the date, learnpath's code and version, its templates and
    labels, the base MkDocs config, and the school."""
    head = [__version__, day.isoformat(), sealed, ""]
    school = [plans_dir / f"school{suffix}" for suffix in SUFFIXES]
    files = [(ROOT, [ROOT / "mkdocs.yml"]), (plans_dir, school)]
    return fingerprint.shared_inputs(head, [TEMPLATES, i18n.LOCALES], files)
