"""One student's site: a SiteSpec checked, every page wrapped in the theme, then written.

Everything is rendered in memory first; the folder is written only when the whole site
rendered, so a refused site leaves nothing behind.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Collection
from pathlib import Path

from markupsafe import escape

from generator.html import checks, theme
from generator.html.search import search_index
from generator.sitespec import Heading, NavItem, Page, SiteSpec

# A last step on a complete site's files: (site id, path -> bytes) -> (folder name, files).
Finish = Callable[[str, dict[str, bytes]], tuple[str, dict[str, bytes]]]


def build_site(
    spec: SiteSpec,
    material: theme.Material,
    out_dir: Path,
    shared: Collection[str],
    finish: Finish | None = None,
) -> list[str]:
    """Write the site of ``spec`` into ``out_dir/<site id>`` (or the folder ``finish`` names);
    return its problems (then nothing is written)."""
    problems = checks.spec_problems(spec, material.languages, shared)
    if problems:
        return problems
    files = {**spec.files, **render_pages(spec, material)}
    files[checks.SEARCH_INDEX] = search_index(spec.pages, material.search_config(spec.language))
    name = spec.site_id
    if finish is not None:
        name, files = finish(spec.site_id, files)
    folder = out_dir / name
    try:
        write_folder(folder, files)
    except BaseException:  # a full disk, a name the file system refuses: nothing half-written
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return []


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write files (relative path -> bytes) under folder, each folder made once."""
    for sub in sorted({os.path.dirname(path) for path in files}):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for path, data in files.items():
        with open(os.path.join(folder, path), "wb") as file:
            file.write(data)


def render_pages(spec: SiteSpec, material: theme.Material) -> dict[str, bytes]:
    """Every page of the site in the theme's layout: path -> bytes."""
    config = material.site_config(spec.title, spec.language, spec.forget)
    pages = {page.path: _nav_page(page) for page in spec.pages}
    nav = navigation(spec.nav, pages)
    rendered = {}
    for page in spec.pages:
        text = material.render(config, nav, pages[page.path], page.body)
        # As MkDocs writes them: a lone surrogate becomes a character reference, not an error.
        rendered[page.path] = text.encode("utf-8", errors="xmlcharrefreplace")
    return rendered


def _nav_page(page: Page) -> theme.NavPage:
    return theme.NavPage(escape(page.title), page.path, toc=table_of_contents(page.headings))


def table_of_contents(headings: tuple[Heading, ...]) -> list[theme.TocEntry]:
    """The flat outline nested by level, as Python-Markdown's toc extension nests it."""
    roots: list[theme.TocEntry] = []
    open_entries: list[theme.TocEntry] = []
    for heading in headings:
        entry = theme.TocEntry(escape(heading.title), heading.id, heading.level)
        while open_entries and open_entries[-1].level >= heading.level:
            open_entries.pop()
        (open_entries[-1].children if open_entries else roots).append(entry)
        open_entries.append(entry)
    return roots


def navigation(items: tuple[NavItem, ...], pages: dict[str, theme.NavPage]) -> theme.Navigation:
    """The theme's navigation: sections and pages linked to their parents, and the pages
    in reading order linked to the previous and next ones. A page in the navigation shows
    its entry's title there, as in MkDocs."""
    in_order: list[theme.NavPage] = []

    def convert(item: NavItem, parent: theme.NavSection | None) -> theme.NavPage | theme.NavSection:
        if item.path is not None:
            page = pages[item.path]
            page.title, page.parent = escape(item.title), parent
            in_order.append(page)
            return page
        section = theme.NavSection(escape(item.title), parent=parent)
        section.children = [convert(child, section) for child in item.children]
        return section

    top = [convert(item, None) for item in items]
    for before, after in itertools.pairwise(in_order):
        before.next_page, after.previous_page = after, before
    return theme.Navigation(top, in_order)
