"""Stage 6, build: validate, render every student in memory, then let html.py write the sites.

Nothing is written when a plan has errors. Students whose inputs did not change since the
last build (plan, libraries, school, templates, evidence files, today) are not rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator import ROOT, __version__, html, i18n, mastery
from generator.load import Unreadable, read_limited
from generator.problem import Problem, errors
from generator.render import TEMPLATES, environment, render_site
from generator.validate import Project, check, plan_paths

MANIFEST = ".learnpath.json"  # fingerprints of the last build, one per student


@dataclass
class BuildResult:
    problems: list[Problem]
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: bool = False


def build(
    plans_dir: Path, site_dir: Path, *, strict: bool = False, jobs: int | None = None
) -> BuildResult:
    """Build every student's site into site_dir; on any problem, leave site_dir untouched."""
    day = mastery.today()
    shared = _shared_fingerprint(plans_dir, day)
    students = sorted(plan_paths(plans_dir))
    fingerprints = {sid: _fingerprint(plans_dir, sid, shared) for sid in students}
    manifest = _read_manifest(site_dir)
    previous = manifest.get("students", {})
    if manifest.get("clean") and previous == fingerprints and _complete(site_dir, students):
        # Same inputs as a clean build that is still in place: the same site, nothing to do.
        return BuildResult([], skipped=students)
    project = check(plans_dir, day)
    result = BuildResult(project.problems)
    if errors(project.problems) or (strict and project.problems):
        result.failed = True
        return result
    changed = [
        sid
        for sid in sorted(project.plans)
        if previous.get(sid) != fingerprints[sid] or not _complete(site_dir, [sid])
    ]
    env = environment()
    specs = [
        render_site(project.plans[sid], project.school, plans_dir, env, day) for sid in changed
    ]  # every page in memory before anything is written
    landing = _landing(project, day)
    try:
        if specs or not (site_dir / "assets").is_dir():
            html.build_sites(specs, site_dir, jobs=jobs)
    except html.HtmlBuildError as error:  # MkDocs refused a page: nothing was replaced
        where = project.display(plans_dir)
        result.problems += [
            Problem(where, 1, 1, "error", line, "build") for line in str(error).splitlines()
        ]
        result.failed = True
        return result
    result.built = changed
    result.skipped = [sid for sid in project.plans if sid not in changed]
    result.removed = [sid for sid in previous if sid not in project.plans]
    for sid in result.removed:
        shutil.rmtree(site_dir / sid, ignore_errors=True)
    _write(site_dir / "index.html", landing)
    # Only a build without warnings may be skipped whole next time: warnings must show again.
    manifest = {
        "clean": not project.problems,
        "students": {sid: fingerprints[sid] for sid in project.plans},
    }
    _write(site_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return result


def _complete(site_dir: Path, students: list[str]) -> bool:
    pages = [site_dir / "index.html", site_dir / "assets"]
    pages += [site_dir / sid / "index.html" for sid in students]
    return all(p.exists() for p in pages)


def _write(path: Path, text: str) -> None:
    """Replace a file atomically: a reader sees the old or the new file, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_manifest(site_dir: Path) -> dict:
    try:
        data = json.loads((site_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("students"), dict) else {}


def _hash_tree(digest: hashlib._Hash, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _shared_fingerprint(plans_dir: Path, day: dt.date) -> str:
    """What every site depends on: code version, templates, base config, school, libraries."""
    # Material's asset names change with its version: skipped sites must not point at old ones.
    versions = [metadata.version(name) for name in ("mkdocs", "mkdocs-material", "jinja2")]
    digest = hashlib.sha256("\0".join([__version__, *versions, day.isoformat(), ""]).encode())
    _hash_tree(digest, TEMPLATES)
    _hash_tree(digest, Path(html.__file__).parent)
    digest.update((ROOT / "mkdocs.yml").read_bytes())
    libraries = [*(plans_dir / "library").glob("*.yml"), *(plans_dir / "library").glob("*.yaml")]
    for path in [plans_dir / "school.yml", plans_dir / "school.yaml", *sorted(libraries)]:
        if path.is_file():
            with contextlib.suppress(Unreadable):  # check() reports it
                digest.update(path.name.encode() + b"\0" + read_limited(path))
    return digest.hexdigest()


def _fingerprint(plans_dir: Path, student_id: str, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    path = plans_dir / "students" / f"{student_id}.yml"
    path = path if os.path.lexists(path) else path.with_suffix(".yaml")
    with contextlib.suppress(Unreadable):  # a FIFO must not hang us before check() reports it
        digest.update(read_limited(path))
    folder = plans_dir / "students" / student_id
    if folder.is_dir():
        _hash_tree(digest, folder)
    return digest.hexdigest()


def _landing(project: Project, day: dt.date) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    language = project.school.language if project.school.language in i18n.languages() else "en"
    students = sorted(project.plans.values(), key=lambda p: p.name.casefold())
    return env.get_template("landing.html").render(
        words=i18n.catalog(language),
        language=language,
        school=project.school.name,
        students=students if project.school.list_students else [],
        today=day.isoformat(),
    )
