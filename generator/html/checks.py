"""Our own strict checks of a SiteSpec, instead of MkDocs' strict mode: run before anything
of the site is written, so a refused site leaves no file behind.

Each function returns problems as lines of text (the caller names the site).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection, Iterator
from urllib.parse import unquote, urlsplit

from generator.sitespec import SITE_ID, NavItem, Page, SiteSpec, unsafe_path

SEARCH_INDEX = "search/search_index.json"
# Links typed in plans carry this class: generator/checking/links.py checks them at validation, and
# a relative one points wherever its author meant (a school's file beside the sites, say).
PLAN_LINK = "lp-plan-link"
# A start tag, then href="..." and src="..." in it; render writes double quotes, a school's
# template may not.
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_REF = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_PLAN_LINK = re.compile(rf"""\sclass\s*=\s*["'][^"']*\b{PLAN_LINK}\b""", re.I)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def site_id_problems(ids: list[str], shared_dir: str) -> list[str]:
    """Folder names that are not plain names, or used twice: before anything is written."""
    problems, seen = [], set()
    for site_id in ids:
        if not SITE_ID.fullmatch(site_id) or site_id == shared_dir:
            problems.append(f"site {site_id!r}: site_id must be a plain folder name other than "
                            f"{shared_dir!r}")  # fmt: skip
        elif site_id in seen:
            problems.append(f"site {site_id!r}: site_id used twice")
        seen.add(site_id)
    return problems


def spec_problems(spec: SiteSpec, languages: Collection[str], shared: Collection[str]) -> list[str]:
    """Everything wrong with one spec; ``shared`` are the paths under the output folder of
    the shared assets (``assets/...``), which pages reach as ``../assets/...``."""
    problems = [] if spec.language in languages else [
        f"language {spec.language!r} is not one the theme knows"
    ]  # fmt: skip
    problems += _path_problems(spec)
    if problems:  # links are only worth checking between well-placed pages
        return problems
    problems += _nav_problems(spec.nav, {page.path for page in spec.pages}, set())
    problems += _link_problems(spec, shared)
    return problems


def _path_problems(spec: SiteSpec) -> list[str]:
    problems, taken = [], set()
    for kind, paths in [("page", [p.path for p in spec.pages]), ("file", list(spec.files))]:
        for path in paths:
            if unsafe_path(path):
                problems.append(f"{kind} {path!r} is not a relative path inside the site")
            elif kind == "page" and not path.endswith(".html"):
                problems.append(f"page {path!r} does not end in .html")
            elif path in taken or path == SEARCH_INDEX:
                problems.append(f"{kind} {path!r} is written twice")
            taken.add(path)
    folders = {posixpath.dirname(path) for path in taken} - {""}
    folders |= {posixpath.dirname(folder) for folder in folders} - {""}
    problems += [f"{path!r} is both a file and a folder" for path in sorted(taken & folders)]
    if not problems and "index.html" not in taken:
        problems.append("there is no home page 'index.html'")
    return problems


def _nav_problems(items: tuple[NavItem, ...], pages: set[str], listed: set[str]) -> list[str]:
    problems = []
    for item in items:
        if item.path is None and not item.children:
            problems.append(f"navigation entry {item.title!r} has neither a page nor entries")
        elif item.path is not None and item.path not in pages:
            problems.append(f"navigation entry {item.title!r} links to {item.path!r}, "
                            "which is not a page of the site")  # fmt: skip
        elif item.path is not None and item.path in listed:
            problems.append(f"page {item.path!r} is in the navigation twice")
        if item.path is not None:
            listed.add(item.path)
        problems += _nav_problems(item.children, pages, listed)
    return problems


def _link_problems(spec: SiteSpec, shared: Collection[str]) -> list[str]:
    ids = {page.path: page_ids(page) for page in spec.pages}
    problems = []
    for page in spec.pages:
        problems += [
            f"page {page.path!r}: heading id {heading.id!r} is not an id in the body"
            for heading in page.headings
            if heading.id not in ids[page.path]
        ]
        for url in references(page.body):
            if not _resolves(url, page.path, ids, spec.files, shared):
                problems.append(f"page {page.path!r} links to {url!r}, which is not a page, "
                                "an #id of a page, or a file of the site")  # fmt: skip
    return problems


def page_ids(page: Page) -> set[str]:
    """The ``id`` attributes of a page body."""
    return {html.unescape(a if a is not None else b) for a, b in _ID.findall(page.body)}


def references(body: str) -> Iterator[str]:
    """The URLs of the ``href`` and ``src`` attributes of a body, unescaped, but for the
    links typed in plans."""
    for tag in _TAG.findall(body):
        if "=" in tag and not _PLAN_LINK.search(tag):
            for match in _REF.finditer(tag):
                yield html.unescape(match[2] if match[2] is not None else match[3])


def _resolves(
    url: str,
    page: str,
    ids: dict[str, set[str]],
    files: Collection[str],
    shared: Collection[str],
) -> bool:
    """Whether a URL in ``page`` reaches something that will be there, from file:// too."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return True  # another site (or mailto:, data:): not ours to check
    if url.startswith("/"):
        return False  # absolute paths break when the site is opened from a folder
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if target in ids:
        return not parts.fragment or unquote(parts.fragment) in ids[target]
    return target in files or (target.startswith("../") and target[3:] in shared)
