"""Stage 6, build: validate, render every student in memory, then let html.py write the sites.

Nothing is written when a plan has errors. Students whose inputs did not change since the
last build (plan, libraries, school, templates, evidence files, today) are not rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator import __version__, html, i18n, mastery
from generator.problem import Problem, errors
from generator.render import TEMPLATES, environment, render_site
from generator.validate import Project, check

ROOT = Path(__file__).resolve().parent.parent
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
    project = check(plans_dir, day)
    result = BuildResult(project.problems)
    if errors(project.problems) or (strict and project.problems):
        result.failed = True
        return result
    previous = _read_manifest(site_dir)
    shared = _shared_fingerprint(plans_dir, day)
    fingerprints = {sid: _fingerprint(project, sid, shared) for sid in sorted(project.plans)}
    changed = [
        sid
        for sid, fp in fingerprints.items()
        if previous.get(sid) != fp or not (site_dir / sid / "index.html").is_file()
    ]
    env = environment()
    specs = [
        render_site(project.plans[sid], project.school.name, plans_dir, env, day) for sid in changed
    ]  # every page in memory before anything is written
    landing = _landing(project, day)
    if specs or not (site_dir / "assets").is_dir():
        html.build_sites(specs, site_dir, jobs=jobs)
    result.built = changed
    result.skipped = [sid for sid in fingerprints if sid not in changed]
    result.removed = [sid for sid in previous if sid not in fingerprints]
    for sid in result.removed:
        shutil.rmtree(site_dir / sid, ignore_errors=True)
    _write(site_dir / "index.html", landing)
    _write(site_dir / MANIFEST, json.dumps(fingerprints, indent=1, sort_keys=True) + "\n")
    return result


def _write(path: Path, text: str) -> None:
    """Replace a file atomically: a reader sees the old or the new file, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_manifest(site_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((site_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _hash_tree(digest: hashlib._Hash, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _shared_fingerprint(plans_dir: Path, day: dt.date) -> str:
    """What every site depends on: code version, templates, base config, school, libraries."""
    digest = hashlib.sha256(f"{__version__}\0{day.isoformat()}\0".encode())
    _hash_tree(digest, TEMPLATES)
    _hash_tree(digest, Path(html.__file__).parent)
    digest.update((ROOT / "mkdocs.yml").read_bytes())
    for path in [plans_dir / "school.yml", *sorted((plans_dir / "library").glob("*.yml"))]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _fingerprint(project: Project, student_id: str, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update((project.root / "students" / f"{student_id}.yml").read_bytes())
    folder = project.root / "students" / student_id
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
