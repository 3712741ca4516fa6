"""The seam between render and html: one student's site as ready HTML, independent of any theme.

render.py makes a SiteSpec; the html package, the only one that knows MkDocs and Material,
wraps each page body in their layout. A successor theme (docs/html-stage.md) gets exactly this.
Nothing here imports MkDocs, Material or Markdown.

Trust: ``title`` fields and ``Heading.title`` are plain text (the HTML stage escapes them);
``Page.body`` is finished HTML in which untrusted text is already escaped, once, by render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Heading:
    """One entry of a page's outline (its table of contents), in document order."""

    level: int  # 1..6, as in <h1>..<h6>
    id: str  # the id attribute of that heading element in the body
    title: str  # plain text
    # False: the section stays out of the site's search, as its words are on another page
    # too (the evidence log repeats a piece of evidence under its objective, unless it has
    # a file or a link), so one hit, not two.
    search: bool = True


@dataclass(frozen=True)
class Page:
    """One page of a site: where it goes, what it is called, and its body as HTML."""

    path: str  # relative POSIX path ending in .html, e.g. "goals/fractions.html"
    title: str  # plain text: <title>, navigation, search results
    body: str  # the content area, finished HTML (escaped once by render)
    headings: tuple[Heading, ...] = ()  # the outline; the page's <h1> first


@dataclass(frozen=True)
class NavItem:
    """An entry of the site's navigation: a page (``path``) or a section (``children``)."""

    title: str  # plain text
    path: str | None = None  # a Page.path of the same site; None for a section
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class SiteSpec:
    """One student's site: its pages, navigation and extra files."""

    site_id: str  # folder under the output dir, e.g. "ava-m"
    title: str  # plain text, e.g. "Ava M. — learning path"
    language: str  # "en", "es", ...: <html lang>, labels of the theme, search language
    pages: tuple[Page, ...]  # in reading order; the first is the home page ("index.html")
    nav: tuple[NavItem, ...]
    files: Mapping[str, bytes] = field(default_factory=dict)  # relative path -> bytes, verbatim
    # A sealed site's "Forget on this device" label: its pages then load the lock script.
    forget: str = ""


def unsafe_path(path: str) -> bool:
    """True unless ``path`` is a relative POSIX path that stays inside its site."""
    parts = PurePosixPath(path).parts
    return not parts or path.startswith("/") or "\\" in path or ".." in parts or "\0" in path
