"""A page's outline while it renders: each heading element with its id, and the list of them.

Part of rendering. Templates write headings through ``Outline.heading``, which records the
entry (for the theme's table of contents and search) and returns the element, so the outline
comes from the same values as the page and never from parsing the page back.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from markupsafe import Markup, escape

from generator.sitespec import Heading

LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # str.splitlines' set
SLUG_DROP = re.compile(r"[^\w\s-]")
SLUG_JOIN = re.compile(r"[-\s]+")
COUNTED = re.compile(r"^(.*)_([0-9]+)$")
# Ids the templates give on purpose (objectives, the progress chart): a made-up id never
# takes one of these forms, so a link to them always lands where it should.
RESERVED = ("obj-", "lp-")


def one_line(value: object) -> object:
    """Plain text as one line: every line break (CR, NEL, LS, PS...) becomes one space.

    A page shows text the same without them; a break kept in a heading or a list item could
    only surprise (browsers draw some of them, and some tools read them as new lines).
    Markup (already HTML) and other values pass unchanged.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    if not LINE_BREAKS.search(value):
        return value
    return " ".join(part.strip() for part in LINE_BREAKS.split(value) if part.strip())


def paragraphs(value: object) -> list[str]:
    """Plain text split into paragraphs at blank lines, each paragraph on one line."""
    if value is None:
        return []  # an optional field left out
    text = "\n".join(LINE_BREAKS.split(str(value)))
    return [str(one_line(p)).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@functools.lru_cache(maxsize=4096)  # every site of a language has the same headings
def slug(text: str) -> str:
    """An id made from a heading's words. In a Latin script, ASCII, as Python-Markdown's
    table of contents made them (so links and bookmarks to those pages still land):
    "¿Qué sigue?" -> "que-sigue". When a letter has no ASCII form (Arabic, Chinese, Russian,
    Vietnamese đ...), the words as written, lower-cased, in Unicode's composed form (NFC):
    "الخطوة التالية" -> "الخطوة-التالية", "Wei L.，你好！" -> "wei-l-你好". Letters, digits, marks,
    "-" and "_" only, so an id is one piece of a URL's #fragment (browsers percent-encode it
    when they copy the link)."""
    if text.isascii() or all(_has_ascii_form(c) for c in text):
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return SLUG_JOIN.sub("-", SLUG_DROP.sub("", ascii_text).strip().lower())
    kept = "".join(_slug_char(c) for c in unicodedata.normalize("NFC", text))
    return SLUG_JOIN.sub("-", kept.strip().lower())


def _has_ascii_form(char: str) -> bool:
    """True for a letter or digit that folds to ASCII ("é" -> "e") and for anything else."""
    if not char.isalnum():
        return True
    return any(c.isascii() and c.isalnum() for c in unicodedata.normalize("NFKD", char))


def _slug_char(char: str) -> str:
    """A letter, digit or mark as it is (a Devanagari vowel sign or an Arabic shadda is part
    of the word); "-" and "_" too; punctuation and symbols part words, as a space does (a
    Chinese title has no spaces: "Wei L.，你好！" -> "wei-l-你好"); other characters
    (joiners, controls) go."""
    if unicodedata.category(char)[0] in "LMN" or char in "-_" or char.isspace():
        return char
    return " " if unicodedata.category(char)[0] in "PS" else ""


def _plain(text: object) -> str:
    return text.striptags() if isinstance(text, Markup) else str(one_line(text))


class Outline:
    """The headings of one page, in document order, and the ids already in use on it."""

    def __init__(self) -> None:
        self.headings: list[Heading] = []
        self.ids: set[str] = set()

    def heading(
        self,
        level: int,
        text: object,
        id: str | None = None,
        href: str | None = None,
        search: object = True,
        id_from: object = None,
    ) -> Markup:
        """``<hN id="...">text</hN>``; a link inside it when ``href`` is given; ``search``
        false (or empty) keeps the section out of the site's search (sitespec.Heading).

        ``id`` is kept as given (links point at it); without one, the id is made from the
        text (or from ``id_from``: a heading that shows a date in the site's language keeps
        the id of its ISO date, so links and bookmarks to it still land) and made unique.
        """
        title = _plain(text)
        ident = id if id is not None else self._unique(slug(_plain(id_from or text)))
        self.ids.add(ident)
        self.headings.append(Heading(level, ident, title, bool(search)))
        inner = escape(one_line(text))
        if href is not None:
            inner = Markup(f'<a href="{escape(href)}">{inner}</a>')
        return Markup(f'<h{level:d} id="{escape(ident)}">{inner}</h{level:d}>')

    def _unique(self, ident: str) -> str:
        if ident.startswith(RESERVED):
            ident = f"h-{ident}"
        while not ident or ident in self.ids:
            counted = COUNTED.match(ident)
            ident = f"{counted[1]}_{int(counted[2]) + 1}" if counted else f"{ident}_1"
        return ident
