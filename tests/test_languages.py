"""Every language we have a catalogue for: an example site built in it shows none of our
English labels on any page (its visible text compared with en.yml, the plan's own words aside).

One build holds a copy of Ava's plan per language (`ava-m-<code>`, the plan written in English
and Spanish, its library in English with some Spanish translations): what is left on a page
once the plan's, the libraries' and school.yml's words are taken out is ours, and must be in
the page's language.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.language import i18n

from .conftest import ROOT, TODAY_EPOCH

LANGUAGES = [code for code in i18n.languages() if code != i18n.FALLBACK]
# English words a language has made its own, as its catalogue uses them ("Target na petsa").
BORROWED = {"tl": {"Target"}}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
EDGES = " .,:;!?()—–·\"'“”‘’¡¿…\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("languages")
    plans = work / "plans"
    shutil.copytree(ROOT / "plans", plans)
    students = plans / "students"
    ava = (students / "ava-m.yml").read_text()
    for path in students.glob("*.yml"):
        path.unlink()
    for code in LANGUAGES:
        (students / f"ava-m-{code}.yml").write_text(
            ava.replace("  language: es ", f"  language: {code} ")
        )
        shutil.copytree(students / "ava-m", students / f"ava-m-{code}")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        result = build(plans, work / "site")
    assert not result.failed, [str(p) for p in result.problems]
    return work / "site"


class _VisibleText(html.parser.HTMLParser):
    """A page's text as a reader meets it: no scripts or styles, and nothing inside an element
    marked with another language than the page's (text from the plan)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.skipping: list[str] = []  # open elements whose text is not ours
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page_lang = found.get("lang", "")
        elif tag not in VOID and (
            self.skipping
            or tag in ("script", "style")
            or found.get("lang", self.page_lang) != self.page_lang
        ):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}


def visible_text(page: Path) -> str:
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def plan_words() -> list[str]:
    """Every text of the example plans, libraries and school.yml, longest first."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (ROOT / "plans").rglob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    # Not ids, levels, roles or kinds (lowercase words): "teacher" is a value in the plan and
    # a label on the page, which must be translated.
    return sorted((w for w in found if not ID_LIKE.fullmatch(w)), key=len, reverse=True)


ID_LIKE = re.compile(r"[a-z0-9/_-]*")


def english_fragments() -> dict[str, str]:
    """The words of each English label between its placeholders: fragment -> label."""
    fragments = {}
    for key, label in i18n.catalog(i18n.FALLBACK).items():
        for text in label.values() if isinstance(label, dict) else [label]:
            for part in PLACEHOLDER.split(text):
                words = part.strip(EDGES)
                if len(re.findall(r"[A-Za-z]", words)) >= 4:
                    fragments[words] = key
    return fragments


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_label_on_any_page(site: Path, language: str) -> None:
    pages = sorted((site / f"ava-m-{language}").rglob("*.html"))
    assert len(pages) >= 6
    theirs, ours = plan_words(), english_fragments()
    found = []
    for page in pages:
        text = visible_text(page)
        for words in theirs:
            text = text.replace(words, " ")
        for fragment, key in ours.items():
            if fragment in BORROWED.get(language, ()):
                continue
            if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text):
                found.append(f"{page.relative_to(site)}: {key}: {fragment!r}")
    assert found == []
