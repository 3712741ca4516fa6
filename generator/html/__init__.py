"""The HTML stage: one SiteSpec per student in, one folder per student out, in Material's layout.

Material's ``main.html`` is rendered directly for each page, with the page's ready HTML as its
content: no Markdown, no docs folder, no ``mkdocs build``. Only ``theme`` (this package) knows
MkDocs and Material; docs/html-stage.md says what a successor theme must provide.

* The base ``mkdocs.yml`` is loaded, and Material's templates compiled, once per build (and
  reused by the next build of the same process while they are unchanged: ``learnpath serve``).
* Students flow through forked worker processes in small chunks: each worker asks for a
  student's spec, renders and writes that student's folder, and keeps nothing of it.
* Material's static files are copied once, to ``<out>/assets/``; pages reach them as
  ``../assets/...``.

``build_sites`` writes complete site folders into a new staging folder and publishes
nothing: publishing/swap.py moves complete folders into the published site, once all have built.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import ROOT
from generator.base import workers
from generator.html import checks, theme
from generator.html.site import Finish, build_site, render_pages
from generator.language import theme_labels
from generator.sitespec import Heading, NavItem, Page, SiteSpec

__all__ = ["SHARED_DIR", "HtmlBuildError", "build_sites", "supported_languages"]

BASE_CONFIG = ROOT / "mkdocs.yml"
SHARED_DIR = "assets"  # <out>/assets/: Material's static files, and ours under assets/learnpath/
CHUNK = 8  # students per task: small enough to keep every worker busy to the end


class HtmlBuildError(Exception):
    """One or more sites failed to build; the message lists every problem, one per line."""

    def __init__(self, message: str, sites: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.sites = sites  # the sites that failed; empty when the ids themselves are unsafe


def build_sites(
    ids: Sequence[str],
    spec_for: Callable[[str], SiteSpec],
    out_dir: Path,
    *,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    base_config: Path | None = None,
    finish: Finish | None = None,
    languages: Sequence[str] = (),
) -> None:
    """Write a complete ``out_dir/<id>/`` for every id, plus one shared ``out_dir/assets/``.

    ``spec_for(id)`` makes that student's SiteSpec; it runs in a worker process (``jobs`` of
    them, default: the CPUs this process may use). ``out_dir`` is a staging folder: new, or
    empty. A spec that fails our checks (a path outside the site, a broken link, an unknown
    language) writes nothing of its site; ``HtmlBuildError`` then lists every problem and names
    those sites, which must not be published. Nothing at all is written when an id is unsafe.
    ``on_progress(done, total)`` is called here as students finish. ``finish(id, files)``, if
    given, runs in the worker on each complete, checked site (relative path -> bytes) and
    returns the folder name and the files to write instead: a sealed build encrypts there.
    ``languages``: those of the sites, as far as the caller knows them; each one's theme
    labels are compiled here, once, before the workers fork, instead of once in each worker.
    """
    ids = list(ids)
    problems = checks.site_id_problems(ids, SHARED_DIR)
    if problems:
        raise HtmlBuildError("\n".join(problems))
    material = _material(base_config)
    _warm_up(material, languages)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shared = _copy_shared_assets(material, out_dir)
    build_chunk = functools.partial(
        _build_chunk,
        spec_for=spec_for,
        material=material,
        out_dir=out_dir,
        shared=shared,
        finish=finish,
    )
    found = _run(ids, build_chunk, jobs, on_progress)
    if found:
        lines = [f"site {sid!r}: {line}" for sid in ids for line in found.get(sid, [])]
        raise HtmlBuildError("\n".join(lines), frozenset(found))


def _run(
    ids: list[str],
    build_chunk: Callable[[list[str]], tuple[int, list[tuple[str, str]]]],
    jobs: int | None,
    on_progress: Callable[[int, int], None] | None,
) -> dict[str, list[str]]:
    """Build every site, in chunks, in worker processes; return each failed site's problems."""
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    found: dict[str, list[str]] = {}
    done = 0

    def finished(result: tuple[int, list[tuple[str, str]]]) -> None:
        nonlocal done
        done += result[0]
        for site_id, line in result[1]:
            found.setdefault(site_id, []).append(line)
        if on_progress:
            on_progress(done, len(ids))

    workers.run(build_chunk, chunks, min(jobs or workers.usable_cpus(), len(chunks)), finished)
    return found


def _build_chunk(chunk: list[str], **job: Any) -> tuple[int, list[tuple[str, str]]]:
    """Build some sites in this process: how many, and their problems, one line each."""
    return len(chunk), [(site_id, line) for site_id in chunk for line in _build(site_id, **job)]


def supported_languages(base_config: Path | None = None) -> frozenset[str]:
    """The ``language`` codes a SiteSpec may use: those Material has translations for.

    For the validator, so that a plan's ``language: es-MX`` is reported at its line.
    """
    return _material(base_config).languages


def _build(
    site_id: str,
    spec_for: Callable[[str], SiteSpec],
    material: theme.Material,
    out_dir: Path,
    shared: frozenset[str],
    finish: Finish | None,
) -> list[str]:
    try:
        spec = spec_for(site_id)
        if spec.site_id != site_id:
            return [f"the spec made for it is the spec of {spec.site_id!r}"]
        return build_site(spec, material, out_dir, shared, finish)
    except Exception as error:  # a school's template failing on this site, a full disk
        return [theme.describe(error)]


_LOADED: list[
    tuple[tuple[Any, ...], theme.Material]
] = []  # the last base config loaded, and its state


def _material(base_config: Path | None) -> theme.Material:
    """The theme of this base config, loaded and compiled once, in this process, for as long
    as neither the config nor a file of its custom_dir changes (``serve`` edits them)."""
    base = Path(base_config or BASE_CONFIG).resolve()
    if _LOADED and _LOADED[0][0] == _state(base, _LOADED[0][1]):
        return _LOADED[0][1]
    material = _load(base)
    _LOADED[:] = [(_state(base, material), material)]
    return material


def _load(base: Path) -> theme.Material:
    try:
        material = theme.load(base, theme_labels.labels())
        material.share({url: _shared_path(material, url) for url in material.static})
        render_pages(_WARM_UP, material)  # compile every template now, before workers fork
    except theme.ThemeError as error:
        raise HtmlBuildError(str(error)) from None
    except Exception as error:  # a template of the custom_dir that does not compile or run
        raise HtmlBuildError(f"theme: {theme.describe(error)}") from None
    return material


def _warm_up(material: theme.Material, languages: Sequence[str]) -> None:
    """Render the warm-up page in each language the theme has and has not rendered yet: its
    labels' template (partials/languages/<code>.html) and its theme copy are then made here,
    and every worker inherits them."""
    for language in sorted(set(languages) & material.languages):
        if language not in material.warm:
            render_pages(replace(_WARM_UP, language=language), material)
            material.warm.add(language)


def _state(base: Path, material: theme.Material) -> tuple[Any, ...]:
    """The base config's bytes, and the name, size and time of every file of the theme's
    custom_dir (templates/overrides/) and of our labels for the theme's missing languages."""
    try:
        text = base.read_bytes()
    except OSError:
        return (base,)
    custom = material.config.theme.custom_dir
    files = sorted(path for path in Path(custom).rglob("*") if path.is_file()) if custom else []
    files += sorted(theme_labels.FOLDER.glob("*.yml"))
    return (base, text, tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


def _shared_path(material: theme.Material, url: str) -> str:
    """Where a theme asset goes under the output folder: Material's files are under assets/
    already; the base config's extra_css goes to assets/learnpath/."""
    ours = url in material.config.extra_css or not url.startswith(SHARED_DIR + "/")
    return f"{SHARED_DIR}/learnpath/{url}" if ours else url


def _copy_shared_assets(material: theme.Material, out_dir: Path) -> frozenset[str]:
    """Copy the theme's static files and the base extra_css once, under ``out_dir/assets/``;
    return their paths relative to ``out_dir``."""
    written = set()
    for url, source in sorted(material.static.items()):
        target = _shared_path(material, url)
        (out_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out_dir / target)
        written.add(target)
    return frozenset(written)


_WARM_UP = SiteSpec(
    "warm-up",
    "Warm-up",
    "en",
    (Page("index.html", "Warm-up", '<h1 id="w">W</h1>', (Heading(1, "w", "W"),)),),
    (NavItem("Warm-up", "index.html"),),
)
