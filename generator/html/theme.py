"""Every MkDocs and Material internal learnpath relies on, in one place.

The rest of the HTML stage hands this module neutral values (titles, URLs, HTML bodies) and
gets finished pages back. Each item below has a test in tests/test_theme.py that fails when
an upgrade changes it; docs/html-stage.md says what a successor theme must provide instead.

1. ``mkdocs.config.load_config`` reads the base ``mkdocs.yml`` (once per build) and
   ``copy.copy`` of the result is a per-site config (``Config`` is a ``UserDict``).
2. ``Theme(name=..., custom_dir=..., **options)`` makes the base config's theme, a mapping
   whose ``copy.deepcopy`` with another ``language`` and ``direction`` is the theme of one
   language, and ``Theme.get_env()`` its Jinja environment (``script_tag`` filter, i18n
   extension); we replace its ``url`` filter, which Material applies to every URL it writes.
3. ``Files.add_files_from_theme`` picks the theme's static files (CSS, JS, images, fonts).
4. Material's ``main.html`` reads from its context: ``page`` (``title``, ``url``, ``content``,
   ``toc``, ``meta``, ``is_homepage``, ``previous_page``, ``next_page``), ``nav`` (``items``,
   ``homepage``), ``config``, ``base_url`` and ``mkdocs_version``; the look-alikes below.
5. Its navigation items have ``title``, ``url``, ``children``, ``active``, ``is_index``;
   toc entries ``title``, ``url``, ``level``, ``children``.
6. ``partials/language.html`` exports ``t(key)``; ``partials/languages/<code>.html`` lists the
   languages; search reads ``search.config.lang|separator|pipeline`` from it. A language
   Material lacks gets that partial from our labels (``load(base, more_languages)``).
7. The header shows the search box when ``"material/search" in config.plugins``.
8. ``partials/javascripts/base.html`` and ``content.html`` are the only inline scripts
   (hashed for the Content-Security-Policy by templates/overrides/main.html).
9. Material prints ``config.site_name``, page, nav and toc titles without escaping them.
10. The theme option ``direction`` ("ltr" or "rtl") is ``<body dir>`` and picks Material's
    right-to-left layout; we set it from CLDR (conventions.direction), so a language Material
    has no translation for still gets its direction.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import json
import logging
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import mkdocs
from markupsafe import Markup, escape
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from generator.language import conventions

TEMPLATE = "main.html"
SEARCH_PLUGIN = "material/search"
# Material's search plugin boosts these fields by default (plugins/search/plugin.py).
SEARCH_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}}


class ThemeError(Exception):
    """The base config or the theme cannot be used; the message has one problem per line."""


# -- the look-alikes of MkDocs' structures that Material's templates read ---------------


@dataclass(eq=False)
class TocEntry:
    """One heading of a page's outline (mkdocs.structure.toc.AnchorLink)."""

    title: Markup
    id: str
    level: int
    children: list[TocEntry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "#" + self.id


@dataclass(eq=False)
class NavSection:
    """A section of the navigation (mkdocs.structure.nav.Section)."""

    title: Markup
    children: list[Any] = field(default_factory=list)
    parent: NavSection | None = None
    active: bool = False
    is_section = True
    is_page = is_link = is_index = False


@dataclass(eq=False)
class NavPage:
    """A page, in the navigation or not (mkdocs.structure.pages.Page)."""

    title: Markup
    url: str  # relative to the site root, e.g. "goals/fractions.html"
    content: str = ""
    toc: list[TocEntry] = field(default_factory=list)
    parent: NavSection | None = None
    previous_page: NavPage | None = None
    next_page: NavPage | None = None
    active: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    canonical_url = edit_url = children = None
    is_page = True
    is_section = is_link = False

    @property
    def is_index(self) -> bool:
        return self.url.rpartition("/")[2] == "index.html"

    @property
    def is_top_level(self) -> bool:
        return self.parent is None

    @property
    def is_homepage(self) -> bool:
        return self.is_top_level and self.url == "index.html"


@dataclass(eq=False)
class Navigation:
    """A site's navigation (mkdocs.structure.nav.Navigation)."""

    items: list[Any]
    pages: list[NavPage]  # in the navigation, in reading order

    @property
    def homepage(self) -> NavPage | None:
        return next((page for page in self.pages if page.is_homepage), None)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def set_active(item: NavPage | NavSection | None, active: bool) -> None:
    """Mark a page and its sections as the current one, as MkDocs' ``Page.active`` does."""
    while item is not None:
        item.active = active
        item = item.parent


# -- the theme -------------------------------------------------------------------------


# Our language code -> Material's, where the two name a language differently. Our `pt` is
# CLDR's `pt`, Brazilian Portuguese (the Portuguese most US families read); Material's `pt`
# is European Portuguese and its Brazilian labels are `pt-BR` ("Pular para conteúdo", not
# "Ir para o conteúdo"). Both say <html lang="pt">.
THEME_LANGUAGES = {"pt": "pt-BR"}


@dataclass
class Material:
    """The loaded base config and one Jinja environment, shared by every site of a build."""

    config: MkDocsConfig
    env: jinja2.Environment
    languages: frozenset[str]
    static: dict[str, Path]  # URL a template asks for -> the file to copy once
    _themes: dict[str, Theme] = field(default_factory=dict)
    warm: set[str] = field(default_factory=lambda: {"en"})  # languages rendered once already
    _search: dict[str, dict[str, Any]] = field(default_factory=dict)

    def share(self, moved: dict[str, str]) -> None:
        """Send the theme's asset URLs (keys) to files shared by every site: ``moved[url]``
        is the path under the output folder, one level above each site."""
        self.env.filters["url"] = _url_filter(moved.get)

    def site_config(self, title: str, language: str, forget: str) -> MkDocsConfig:
        """A shallow copy of the base config with this site's name, language and lock label."""
        config = copy.copy(self.config)
        config["site_name"] = escape(title)  # printed raw by Material; ours is plain text
        config["theme"] = self._theme(language)
        config["extra"] = {**self.config.extra, "learnpath_forget": forget}
        return config

    def render(self, config: MkDocsConfig, nav: Navigation, page: NavPage, body: str) -> str:
        """``main.html`` for one page, as MkDocs' ``_build_page`` would render it, with
        ``body`` as its content, and without the blank lines of Material's templates."""
        # The body stands in as a marker while the theme's whitespace is collapsed, so
        # that a <pre> in it is never touched. Material adds an <h1> of the page's title
        # unless the content has one: the marker says whether the body does.
        marker = _BODY_WITH_H1 if "<h1" in body else _BODY
        page.content = marker
        set_active(page, True)
        try:
            chrome = self.env.get_template(TEMPLATE).render(
                config=config,
                nav=nav,
                page=page,
                base_url=base_url(page.url),
                mkdocs_version=mkdocs.__version__,
            )
        finally:
            set_active(page, False)
            page.content = ""
        before, found, after = _BLANK_LINES.sub("\n", chrome).partition(marker)
        if not found:  # a school's main.html that shows no content
            return before
        if body.endswith("\n") and after.startswith("\n"):  # no blank line at the seam
            after = after[1:]
        return before + body + after

    def search_config(self, language: str) -> dict[str, Any]:
        """The ``config`` block of Material's ``search_index.json`` for this language."""
        if language not in self._search:
            config = self.site_config("", language, "")
            module = self.env.get_template("partials/language.html").make_module({"config": config})
            t = module.t  # type: ignore[attr-defined]  # the macro the template defines
            pipeline = re.split(r"\s*,\s*", str(t("search.config.pipeline")))
            self._search[language] = {
                "lang": [str(t("search.config.lang"))],
                "separator": str(t("search.config.separator")),
                "pipeline": [step for step in pipeline if step],
                "fields": SEARCH_FIELDS,
            }
        return self._search[language]

    def _theme(self, language: str) -> Theme:
        """The base config's theme in this language and its direction. A copy, not a new
        Theme: MkDocs' Theme() finds the theme through the installed packages' entry points
        and reads its mkdocs_theme.yml again, 10 ms a language in every worker process."""
        if language not in self._themes:
            theme = copy.deepcopy(self.config.theme)
            theme["language"] = THEME_LANGUAGES.get(language, language)
            theme["direction"] = conventions.direction(language)
            self._themes[language] = theme
        return self._themes[language]


def load(base: Path, more_languages: Mapping[str, Mapping[str, str]] | None = None) -> Material:
    """Load the base config and the theme's Jinja environment. ``more_languages`` gives the
    labels of languages the theme has none for: code -> Material's key -> text."""
    config = load_base_config(base)
    env = config.theme.get_env()
    # Drop the indentation and line breaks around Material's {% %} tags, and the
    # indentation of its template lines: about 15% of every page. Page bodies come from
    # variables, which neither touches; the templates have no <pre> or <textarea>.
    env.trim_blocks = env.lstrip_blocks = True
    more = dict(more_languages or {})
    env.loader = jinja2.ChoiceLoader(
        [_UnindentedLoader(config.theme.dirs), _language_partials(more)]
    )
    env.filters["csp_hashes"] = csp_hashes  # used by templates/overrides/main.html
    theme_languages = languages(config) | frozenset(more)
    return Material(config, env, theme_languages, static_files(config, env))


def _language_partials(labels: Mapping[str, Mapping[str, str]]) -> jinja2.BaseLoader:
    """``partials/languages/<code>.html`` in Material's own form (a macro ``t(key)`` over a
    dict literal; a JSON object is one) for each language of ``labels``. The theme's own
    file comes first in the loader, so an upgrade that adds the language wins."""
    return jinja2.DictLoader(
        {
            f"partials/languages/{code}.html": "{% macro t(key) %}{{ "
            + json.dumps(dict(texts), ensure_ascii=False)
            + "[key] }}{% endmacro %}"
            for code, texts in labels.items()
        }
    )


def load_base_config(base: Path) -> MkDocsConfig:
    """The base config alone, strictly: every MkDocs warning is a problem."""
    with _CollectedWarnings() as warnings:
        try:
            return load_config(str(base), strict=True)
        except Exception as error:  # MkDocs raises Abort, YAML and OS errors their own
            lines = [f"base config {base}: {line}" for line in warnings.lines(error)]
            raise ThemeError("\n".join(lines)) from None


def languages(config: MkDocsConfig) -> frozenset[str]:
    """Languages that the theme has translations for (``partials/languages/<code>.html``)."""
    folders = [Path(folder) / "partials" / "languages" for folder in config.theme.dirs]
    return frozenset(path.stem for folder in folders for path in folder.glob("*.html"))


def static_files(config: MkDocsConfig, env: jinja2.Environment) -> dict[str, Path]:
    """The theme's static files and the base ``extra_css``: URL -> file to copy."""
    files = Files([])
    # MkDocs' own rules pick the theme's static files (no templates, .py or translations).
    files.add_files_from_theme(env, config)
    found = {f.src_uri: Path(f.abs_src_path) for f in files if f.abs_src_path is not None}
    found.update({css: Path(config.docs_dir) / css for css in config.extra_css})
    return found


def base_url(url: str) -> str:
    """The site root relative to a page: "." for "index.html", ".." for "goals/x.html"."""
    return "/".join([".."] * url.count("/")) or "."


def _url_filter(shared: Callable[[str], str | None]) -> Callable[..., str]:
    """MkDocs' ``url`` filter for our sites: a URL relative to the site root (a page, an
    asset) made relative to the current page, and the theme's assets sent to the shared
    folder one level above every site root (``../assets/...``). Other URLs are unchanged."""

    @functools.lru_cache(maxsize=4096)
    def relative(value: str, page_url: str) -> str:
        if _ABSOLUTE.match(value):
            return value
        value = value or "."  # as MkDocs: an empty URL is the site root
        moved = shared(value)
        if moved is not None:
            value = "../" + moved
        return posixpath.relpath(value, posixpath.dirname(page_url) or ".")

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, value: object) -> str:
        page = context.get("page")
        return relative(str(value), page.url if page is not None else "index.html")

    return url


# Left as they are: another site (scheme:, //host), the site's root (/), an #anchor.
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/|#")


class _UnindentedLoader(jinja2.FileSystemLoader):
    """Templates without the spaces that start their lines (the HTML's indentation)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return _INDENTATION.sub("", source), filename, uptodate


_INDENTATION = re.compile(r"^[ \t]+", re.M)
_BLANK_LINES = re.compile(r"\n[ \t\n]*\n")
# Never in a template or a body (NUL is not allowed in HTML text).
_BODY, _BODY_WITH_H1 = "\0body\0", "\0<h1 body\0"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@functools.lru_cache(maxsize=64)  # one string per page depth and feature set
def csp_hashes(html: str) -> str:
    """CSP sources that allow exactly the inline ``<script>`` elements of ``html``.

    Pages then run Material's own inline scripts and nothing else: no ``on...=`` attribute
    or ``<script>`` that slipped into a page body.
    """
    digests = (hashlib.sha256(script.encode()).digest() for script in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def describe(error: Exception) -> str:
    """One line for an error while loading or rendering: where in a template, when known."""
    where = ""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        where = f"{error.filename}:{error.lineno}: "
    message = error.message if isinstance(error, jinja2.TemplateSyntaxError) and where else error
    return f"{where}{type(error).__name__}: {message}"


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
