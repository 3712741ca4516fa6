"""The HTML stage: per-student Markdown in, one MkDocs + Material site per student out.

MkDocs is driven as a library (STYLE.md #10): for each student, ``load_config`` reads the base
``mkdocs.yml`` plus that student's overrides, and ``build`` writes the site. Three things make
1,000 builds fast and small, all outside MkDocs' plugin API:

* one Jinja environment per process and language, reused by every build (compiling Material's
  templates is most of the cost of a build);
* that environment lists no theme files, so MkDocs does not walk Material's ~14,000 files per
  site; Material's static assets are copied once, to ``<out>/assets/``;
* its ``url`` filter sends those shared assets one level up, e.g. ``../assets/...``.

Every site is first built in a staging folder inside ``out_dir``; sites replace the published
ones only once all of them have built (STYLE.md #1).
"""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.theme import Theme
from mkdocs.utils import yaml_load

BASE_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
SHARED_DIR = "assets"  # <out>/assets/: Material's static files, and ours under assets/learnpath/
_SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Student sites are noindex, so no sitemap; GitHub Pages only serves the root 404.html.
_UNWANTED_TEMPLATES = {"sitemap.xml", "sitemap.xml.gz", "404.html"}


@dataclass(frozen=True)
class SiteSpec:
    """One student's site: its Markdown pages, navigation and extra files."""

    site_id: str  # folder under the output dir, e.g. "ava-m"
    title: str  # site_name, e.g. "Ava M. — learning path"
    language: str  # "en", "es", ...: theme.language, search language, <html lang>
    pages: Mapping[str, str]  # relative .md path -> Markdown text
    nav: list  # MkDocs nav, e.g. [{"Home": "index.md"}, {"Goals": [...]}]
    files: Mapping[str, bytes] = field(default_factory=dict)  # relative path -> bytes, verbatim


class HtmlBuildError(Exception):
    """One or more sites failed to build; the message lists every problem, one per line."""


def build_sites(
    specs: Iterable[SiteSpec],
    out_dir: Path,
    *,
    base_config: Path | None = None,
    jobs: int | None = None,
) -> None:
    """Write ``out_dir/<site_id>/`` for every spec, plus one shared ``out_dir/assets/``.

    Builds are strict: any MkDocs warning (a broken link, a nav entry without a page) fails
    the whole call with ``HtmlBuildError``, and then nothing in ``out_dir`` has changed.
    ``jobs`` worker processes build in parallel (default: one per CPU for large batches).
    Other entries of ``out_dir`` are left alone, so sites of removed students stay: callers
    that need a clean output start from an empty ``out_dir``.
    """
    specs = list(specs)
    base = Path(base_config or BASE_CONFIG).resolve()
    base_cfg = _load_quietly(base)
    _check_specs(specs, _languages(base_cfg.theme))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Staging lives inside out_dir: one filesystem for the final renames, nothing outside.
    work = Path(tempfile.mkdtemp(prefix=".learnpath-staging-", dir=out_dir))
    try:
        shared = _copy_shared_assets(base_cfg, work / "site")
        errors = _build_all(specs, base, work, shared, jobs)
        if errors:
            raise HtmlBuildError("\n".join(errors))
        for name in [SHARED_DIR, *(spec.site_id for spec in specs)]:
            target = out_dir / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            os.replace(work / "site" / name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_specs(specs: list[SiteSpec], languages: set[str]) -> None:
    """Refuse specs that would write outside their site or clash, before building anything."""
    problems, seen = [], set()
    for spec in specs:
        where = f"site {spec.site_id!r}"
        if not _SITE_ID.fullmatch(spec.site_id) or spec.site_id == SHARED_DIR:
            problems.append(f"{where}: site_id must be a plain folder name other than 'assets'")
        elif spec.site_id in seen:
            problems.append(f"{where}: site_id used twice")
        seen.add(spec.site_id)
        if spec.language not in languages:
            problems.append(f"{where}: language {spec.language!r} is not one Material knows")
        for path in [*spec.pages, *spec.files]:
            parts = PurePosixPath(path).parts
            if not parts or path.startswith("/") or "\\" in path or {"..", "."} & set(parts):
                problems.append(f"{where}: {path!r} is not a relative path inside the site")
        problems += [f"{where}: page {p!r} must end in .md" for p in spec.pages if p[-3:] != ".md"]
        problems += [f"{where}: {p!r} is a page and a file" for p in spec.files if p in spec.pages]
    if problems:
        raise HtmlBuildError("\n".join(problems))


def _languages(theme: Theme) -> set[str]:
    """Languages that Material has translations for (``partials/languages/<code>.html``)."""
    return {
        name[: -len(".html")]
        for folder in theme.dirs
        if (Path(folder) / "partials" / "languages").is_dir()
        for name in os.listdir(Path(folder) / "partials" / "languages")
        if name.endswith(".html")
    }


def _copy_shared_assets(base_cfg: MkDocsConfig, root: Path) -> dict[str, str]:
    """Copy the theme's static files and the base extra_css once, under ``root/assets/``.

    Return the map from the URL a template asks for (``assets/images/favicon.png``,
    ``learnpath.css``) to the file's path relative to ``root``, which becomes ``out_dir``.
    """
    theme_files = Files([])
    # MkDocs' own rules pick the theme's static files (no templates, .py or translations).
    theme_files.add_files_from_theme(Theme.get_env(base_cfg.theme), base_cfg)
    sources = {file.src_uri: Path(file.abs_src_path) for file in theme_files}
    sources.update({css: Path(base_cfg.docs_dir) / css for css in base_cfg.extra_css})
    shared = {}
    for url, source in sorted(sources.items()):
        # Material's files are under assets/ already; ours go to assets/learnpath/.
        inside = url in base_cfg.extra_css or not url.startswith(SHARED_DIR + "/")
        shared[url] = f"{SHARED_DIR}/learnpath/{url}" if inside else url
        (root / shared[url]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / shared[url])
    return shared


def _build_all(
    specs: list[SiteSpec], base: Path, work: Path, shared: dict[str, str], jobs: int | None
) -> list[str]:
    """Build every site into ``work/site``; return the problems, in the order of ``specs``."""
    if jobs is None:  # a worker compiles its own templates (~0.5 s): worth it from ~25 sites
        jobs = min(os.cpu_count() or 1, max(1, len(specs) // 25))
    # "fork", not "spawn": spawn re-imports the caller's __main__, which runs our CLI again
    # when it has no `if __name__ == "__main__"` guard. The pool forks all its workers before
    # starting any thread, which is what makes fork safe here. Without fork: one process.
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _build_chunk(specs, base, work, shared)
    # Small chunks keep both workers busy to the end; results keep the order of specs.
    size = max(1, len(specs) // (jobs * 8))
    chunks = [specs[i : i + size] for i in range(0, len(specs), size)]
    context = multiprocessing.get_context("fork")
    build_chunk = functools.partial(_build_chunk, base=base, work=work, shared=shared)
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return [problem for chunk in pool.map(build_chunk, chunks) for problem in chunk]


def _build_chunk(
    specs: list[SiteSpec], base: Path, work: Path, shared: dict[str, str]
) -> list[str]:
    """Build some sites, in this process; return their problems as text."""
    problems = []
    for spec in specs:
        try:
            _build_site(spec, base, work, shared)
        except HtmlBuildError as error:
            problems.append(str(error))
    return problems


def _build_site(spec: SiteSpec, base: Path, work: Path, shared: dict[str, str]) -> None:
    """Write the spec's Markdown to a docs folder and let MkDocs build it, strictly."""
    docs = work / "docs" / spec.site_id
    sources = {**spec.files, **{path: text.encode() for path, text in spec.pages.items()}}
    for path, content in sources.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(content)
    theme = {**_base_theme(base), "language": spec.language}
    with _CollectedWarnings() as warnings:
        try:
            config = load_config(
                str(base),
                site_name=spec.title,
                docs_dir=str(docs),
                site_dir=str(work / "site" / spec.site_id),
                nav=copy.deepcopy(spec.nav),
                theme=theme,
                use_directory_urls=False,  # links must work from file:// too
                strict=True,
            )
            config.theme.static_templates -= _UNWANTED_TEMPLATES
            config.theme.get_env = _cached_env(config.theme, spec.language, shared)
            build(config)
        except Exception as error:  # MkDocs raises Abort, plugins and Jinja their own
            details = warnings.messages or [f"{type(error).__name__}: {error}"]
            raise HtmlBuildError(f"site {spec.site_id!r}: " + "; ".join(details)) from None


_BASE_THEMES: dict[Path, dict] = {}


def _base_theme(base: Path) -> dict:
    """The base config's ``theme`` mapping: a per-site ``theme`` override replaces it whole."""
    if base not in _BASE_THEMES:
        with base.open("rb") as file:
            _BASE_THEMES[base] = dict(yaml_load(file).get("theme") or {})
    return _BASE_THEMES[base]


def _load_quietly(base: Path) -> MkDocsConfig:
    """Load the base config alone (to find the theme's files), failing with a clear message."""
    with _CollectedWarnings() as warnings:
        try:
            return load_config(str(base), strict=True)
        except Exception as error:
            details = warnings.messages or [f"{type(error).__name__}: {error}"]
            raise HtmlBuildError(f"base config {base}: " + "; ".join(details)) from None


class _CollectedWarnings(logging.Handler):
    """Keep MkDocs' warnings and errors, to put them in our exception instead of on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> _CollectedWarnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


class _UnlistedLoader(jinja2.FileSystemLoader):
    """Finds templates as usual but lists none, so MkDocs adds no theme files to each site."""

    def list_templates(self) -> list[str]:
        return []


_ENVS: dict[tuple, jinja2.Environment] = {}


def _cached_env(theme: Theme, language: str, shared: dict[str, str]):
    """A ``get_env`` for this theme returning one environment per process and language.

    Per language, because Material's search plugin caches translations in the environment
    (``template.module`` of ``partials/language.html``). MkDocs 1.6 calls ``theme.get_env()``
    once per build, and Material's search plugin once more; both get this environment.
    """
    key = (tuple(theme.dirs), str(theme.locale), language, tuple(sorted(shared.items())))
    if key not in _ENVS:
        env = Theme.get_env(theme)  # MkDocs' own environment, filters and translations
        env.loader = _UnlistedLoader(theme.dirs)
        env.filters["url"] = _shared_url_filter(env.filters["url"], shared)
        _ENVS[key] = env
    return lambda: _ENVS[key]


def _shared_url_filter(url_filter, shared: dict[str, str]):
    """Wrap MkDocs' ``url`` filter so that shared assets resolve to ``<out>/assets/``.

    Every site root is exactly one folder below ``out_dir``, hence the one ``../``.
    """

    @jinja2.pass_context
    def url(context, value: str) -> str:
        if value in shared:
            return "../" + url_filter(context, shared[value])
        return url_filter(context, value)

    return url
