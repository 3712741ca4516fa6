"""The HTML stage: per-student Markdown in, one MkDocs + Material site per student out.

MkDocs is driven as a library, behind this one module: for each student, ``load_config``
reads the base ``mkdocs.yml`` plus that student's overrides, and ``build`` writes the site.
Three things make 1,000 builds fast and small, all outside MkDocs' plugin API:

* one Jinja environment per process and language, reused by every build (compiling Material's
  templates is most of the cost of a build);
* that environment lists no theme files, so MkDocs does not walk Material's ~14,000 files per
  site; Material's static assets are copied once, to ``<out>/assets/``;
* its ``url`` filter sends those shared assets one level up, e.g. ``../assets/...``.

``build_sites`` writes complete site folders into a new staging folder and publishes
nothing: output.py moves complete folders into the published site, once all have built.
"""

from __future__ import annotations

import base64
import concurrent.futures
import functools
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import escape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.theme import Theme
from mkdocs.utils import yaml_load

from generator import ROOT

BASE_CONFIG = ROOT / "mkdocs.yml"
SHARED_DIR = "assets"  # <out>/assets/: Material's static files, and ours under assets/learnpath/
_SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Student sites are noindex, so no sitemap; GitHub Pages only serves the root 404.html.
_UNWANTED_TEMPLATES = {"sitemap.xml", "sitemap.xml.gz", "404.html"}


@dataclass(frozen=True)
class SiteSpec:
    """One student's site: its Markdown pages, navigation and extra files.

    ``title`` and the titles in ``nav`` are plain text (escaped here). ``pages`` are Markdown
    as MkDocs reads it, raw HTML and attribute lists included: untrusted text in them must
    already be escaped by the render stage.
    """

    site_id: str  # folder under the output dir, e.g. "ava-m"
    title: str  # site_name, e.g. "Ava M. — learning path"
    language: str  # "en", "es", ...: theme.language, search language, <html lang>
    pages: Mapping[str, str]  # relative .md path -> Markdown text
    nav: list  # MkDocs nav, e.g. [{"Home": "index.md"}, {"Goals": [...]}]
    files: Mapping[str, bytes] = field(default_factory=dict)  # relative path -> bytes, verbatim
    # A sealed site's "Forget on this device" label: its pages then load the lock script.
    forget: str = ""


class HtmlBuildError(Exception):
    """One or more sites failed to build; the message lists every problem, one per line."""

    def __init__(self, message: str, sites: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        self.sites = sites  # the sites that failed; empty when the specs themselves are unsafe


def build_sites(
    specs: Iterable[SiteSpec],
    out_dir: Path,
    *,
    base_config: Path | None = None,
    jobs: int | None = None,
) -> None:
    """Write a complete ``out_dir/<site_id>/`` for every spec, plus one shared ``out_dir/assets/``.

    ``out_dir`` is a staging folder: new, or empty. Builds are strict: any MkDocs warning (a
    broken link, a nav entry without a page) is a problem; ``HtmlBuildError`` lists them all
    and names the failed sites, whose folders must not be published. Nothing is written when
    a spec is unsafe. ``jobs`` worker processes build in parallel (default: one per CPU for
    large batches).
    """
    specs = list(specs)
    base = Path(base_config or BASE_CONFIG).resolve()
    base_cfg = _load_quietly(base)
    _check_specs(specs, _languages(base_cfg.theme))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = out_dir / ".docs"  # MkDocs reads each site's Markdown from a folder
    try:
        shared = _copy_shared_assets(base_cfg, out_dir)
        errors = _build_all(specs, _Job(base, _base_theme(base), shared, sources, out_dir), jobs)
    finally:
        shutil.rmtree(sources, ignore_errors=True)
    if errors:
        message = "\n".join(line for _, line in errors)
        raise HtmlBuildError(message, frozenset(site_id for site_id, _ in errors))


def supported_languages(base_config: Path | None = None) -> frozenset[str]:
    """The ``language`` codes a SiteSpec may use: those Material has translations for.

    For the validator, so that a plan's ``language: es-MX`` is reported at its line.
    """
    return _languages(_load_quietly(Path(base_config or BASE_CONFIG).resolve()).theme)


def _check_specs(specs: list[SiteSpec], languages: frozenset[str]) -> None:
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
            if not parts or path.startswith("/") or "\\" in path or ".." in parts:
                problems.append(f"{where}: {path!r} is not a relative path inside the site")
        for path in spec.pages:
            if not path.endswith(".md"):
                problems.append(f"{where}: page {path!r} does not end in .md")
        for path in spec.files:
            if path.endswith(".md") or path in spec.pages:
                problems.append(f"{where}: file {path!r} would be read as a page")
    if problems:
        raise HtmlBuildError("\n".join(problems))


def _languages(theme: Theme) -> frozenset[str]:
    """Languages that the theme has translations for (``partials/languages/<code>.html``)."""
    folders = [Path(folder) / "partials" / "languages" for folder in theme.dirs]
    return frozenset(path.stem for folder in folders for path in folder.glob("*.html"))


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
        ours = url in base_cfg.extra_css or not url.startswith(SHARED_DIR + "/")
        shared[url] = f"{SHARED_DIR}/learnpath/{url}" if ours else url
        (root / shared[url]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / shared[url])
    return shared


@dataclass(frozen=True)
class _Job:
    """What every site build needs besides its spec; sent once to each worker process."""

    base: Path  # the base mkdocs.yml
    theme: dict  # its `theme:` mapping, which a per-site `theme` override replaces whole
    shared: dict[str, str]  # URL -> path under out_dir, from _copy_shared_assets
    docs: Path  # docs/<id>/: each site's Markdown and files, as MkDocs reads them
    out: Path  # out/<id>/: each site's HTML


def _build_all(specs: list[SiteSpec], job: _Job, jobs: int | None) -> list[tuple[str, str]]:
    """Build every site into ``job.out``; return (site id, problem), in the order of specs."""
    if jobs is None:  # a worker compiles its own templates (~0.5 s): worth it from ~25 sites
        jobs = min(os.cpu_count() or 1, max(1, len(specs) // 25))
    # "fork", not "spawn": spawn re-imports the caller's __main__, which runs our CLI again
    # when it has no `if __name__ == "__main__"` guard. The pool forks all its workers before
    # starting any thread, which is what makes fork safe here. Without fork: one process.
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _build_chunk(specs, job)
    # Small chunks keep both workers busy to the end; results keep the order of specs.
    size = max(1, len(specs) // (jobs * 8))
    chunks = [specs[i : i + size] for i in range(0, len(specs), size)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        results = pool.map(functools.partial(_build_chunk, job=job), chunks)
        return [problem for chunk in results for problem in chunk]


def _build_chunk(specs: list[SiteSpec], job: _Job) -> list[tuple[str, str]]:
    """Build some sites in this process; return their problems, one line each."""
    return [problem for spec in specs for problem in _build_site(spec, job)]


def _build_site(spec: SiteSpec, job: _Job) -> list[tuple[str, str]]:
    """Write the spec's sources to a docs folder and let MkDocs build it, strictly."""
    docs = job.docs / spec.site_id
    sources = {**spec.files, **{path: text.encode() for path, text in spec.pages.items()}}
    for path, content in sources.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(content)
    with _CollectedWarnings() as warnings:
        try:
            config = load_config(
                str(job.base),
                # Material prints site_name and nav titles as HTML; ours are plain text.
                site_name=escape(spec.title),
                nav=_escape_titles(spec.nav),
                docs_dir=str(docs),
                site_dir=str(job.out / spec.site_id),
                theme={**job.theme, "language": spec.language},
                use_directory_urls=False,  # links must work from file:// too
                strict=True,
            )
            config.theme.static_templates -= _UNWANTED_TEMPLATES
            config.extra["learnpath_forget"] = spec.forget  # read by overrides/main.html
            config.theme.get_env = _cached_env(config.theme, spec.language, job.shared)
            build(config)
        except Exception as error:  # MkDocs raises Abort; Jinja and plugins their own errors
            lines = warnings.lines(error)
            return [(spec.site_id, f"site {spec.site_id!r}: {line}") for line in lines]
    return []


def _escape_titles(nav: object) -> object:
    """A copy of a MkDocs nav whose titles (the keys of its mappings) are HTML-escaped."""
    if isinstance(nav, list):
        return [_escape_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {escape(title): _escape_titles(item) for title, item in nav.items()}
    return nav


def _load_quietly(base: Path) -> MkDocsConfig:
    """Load the base config alone (to find the theme's files), failing with a clear message."""
    with _CollectedWarnings() as warnings:
        try:
            return load_config(str(base), strict=True)
        except Exception as error:
            lines = [f"base config {base}: {line}" for line in warnings.lines(error)]
            raise HtmlBuildError("\n".join(lines)) from None


def _base_theme(base: Path) -> dict:
    """The base config's ``theme`` mapping, as written (``theme: material`` is a name)."""
    with base.open("rb") as file:
        theme = yaml_load(file).get("theme") or {}
    return {"name": theme} if isinstance(theme, str) else dict(theme)


class _CollectedWarnings(logging.Handler):
    """Keep MkDocs' warnings and errors, to put them in our exception instead of on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def lines(self, error: Exception) -> list[str]:
        """What went wrong: the warnings, then the error unless it only counts them."""
        if isinstance(error, Abort) and self.messages:  # "Aborted with 2 warnings in strict..."
            return self.messages
        return [*self.messages, f"{type(error).__name__}: {error}"]

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
        # MkDocs turns reloading off; `learnpath serve` needs edited templates to show.
        env.auto_reload = True
        # Drop the indentation and line breaks around Material's {% %} tags: ~15% of every
        # page. Only template source changes, never page content; Material's own site is
        # served with all whitespace between tags removed, so the theme does not need it.
        env.trim_blocks = env.lstrip_blocks = True
        env.loader = _UnlistedLoader(theme.dirs)
        env.filters["url"] = _shared_url_filter(env.filters["url"], shared)
        env.filters["csp_hashes"] = _csp_hashes  # used by templates/overrides/main.html
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


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _csp_hashes(html: str) -> str:
    """CSP sources that allow exactly the inline ``<script>`` elements of ``html``.

    Pages then run Material's own inline scripts and nothing else: no ``on...=`` attribute
    or ``<script>`` that slipped into a page through Markdown.
    """
    digests = (hashlib.sha256(script.encode()).digest() for script in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)
