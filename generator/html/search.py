"""A site's ``search/search_index.json`` in Material's format, made from our own data.

Material's plugin parses every finished page with html.parser to find its sections. We wrote
those bodies, and each Page lists its headings, so a section is simply the body between the
element of one heading id and the next; its text is the body with the tags removed.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from generator.sitespec import Page

# The start tag of a heading with an id, its content, and its end tag.
_HEADING = re.compile(
    r"""<h([1-6])\b[^>]*?\sid\s*=\s*["']([^"']*)["'][^>]*>.*?</h\1\s*>""", re.S | re.I
)
# Not page text: scripts, styles, and drawings (a chart's or the path graph's labels; the
# page says the same in words, in its table or list).
_HIDDEN = re.compile(r"<(script|style|template|svg)\b(?:[^>]*/>|.*?</\1\s*>)", re.S | re.I)
# Tags that separate words; any other tag (<b>, <a>, <span>) may sit inside a word.
_BLOCK = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|table|tr|td|th|caption|h[1-6]|pre|blockquote|"
    r"details|summary|section|article|aside|nav|header|footer|figure|figcaption|img)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\n\f]+")


def search_index(pages: tuple[Page, ...], config: dict[str, Any]) -> bytes:
    """The index of a site: ``config`` (Material's lang, separator, pipeline, fields) and one
    entry per section of every page, in page order."""
    docs = [entry for page in pages for entry in page_entries(page)]
    # As Material writes it, but in UTF-8 rather than \u escapes: 5% smaller.
    index = {"config": config, "docs": docs}
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False).encode()


def page_entries(page: Page) -> list[dict[str, str]]:
    """One entry per section: the text before the first heading (under the page's title),
    then each heading of ``page.headings`` with the text up to the next one, unless the
    heading says its section is not searched."""
    titles = {heading.id: heading.title for heading in page.headings}
    unsearched = {heading.id for heading in page.headings if not heading.search}
    marks = [m for m in _HEADING.finditer(page.body) if html.unescape(m[2]) in titles]
    entries, start = [], 0
    preface = _text(page.body[: marks[0].start()] if marks else page.body)
    if preface or not marks:
        entries.append(_entry(page.path, page.title, preface))
    for number, mark in enumerate(marks):
        end = marks[number + 1].start() if number + 1 < len(marks) else len(page.body)
        start = mark.end()
        anchor = html.unescape(mark[2])
        if anchor in unsearched:
            continue
        # Material leaves the anchor off the first section of a page: it is the page itself.
        location = page.path if number == 0 else f"{page.path}#{anchor}"
        entries.append(_entry(location, titles[anchor], _text(page.body[start:end])))
    return entries


def _entry(location: str, title: str, text: str) -> dict[str, str]:
    return {"location": location, "title": html.escape(title, quote=False), "text": text}


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment, as HTML (Material shows it in the results)."""
    text = _TAG.sub("", _BLOCK.sub(" ", _HIDDEN.sub(" ", fragment)))
    text = html.unescape(text)
    return html.escape(_SPACE.sub(" ", text).strip(), quote=False)
