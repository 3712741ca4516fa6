"""Family words in the real browser (Debian's Chromium): lock.js compares what is typed
exactly as Python does, for every word of every list, and a family's seven words open its
site with or without accents, capitals or (in Chinese) spaces."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from mnemonic import Mnemonic
from ruamel.yaml import YAML

from generator.publishing import keys, wordlists
from generator.publishing.sealed_site import PUBLISH_TEMPLATES

from .browser_support import SECRET, VIEWPORTS, axe_violations, build_sealed, open_tab, serve
from .conftest import ROOT

EPOCH = 3  # publish: {epoch: 3, family_words_from: 3}
TRICKY = [
    "  Piece-FAMOUS  clever\tsaddle\u00a0sentence walnut ",
    "ta\u0301lon A\u0301RBOL año ÜBER Ça",
    "摩葡伏胞玉勘面",
    "摩　葡 伏-胞玉 勘面",
    "третий ДВОЙНОЙ ёж",
    "\uff21\uff22\uff23 ﬁn ǅ",
    "İstanbul ΟΔΟΣ",
    "\u2028a\u2029b\u1680c\ufeffd\u0085e",
    "",
    " - ",
]


def variants(word: str) -> list[str]:
    """A word as a family might type it: as printed, in capitals, without its accents,
    decomposed, between hyphens."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return [word, word.upper(), bare, unicodedata.normalize("NFD", word), f"-{word.title()}-"]


def every_typed_form() -> list[str]:
    lists = [Mnemonic(name).wordlist for name in wordlists.LISTS.values()]
    return [typed for words in lists for word in words for typed in variants(word)] + TRICKY


def test_lock_js_normalises_every_word_of_every_list_as_python_does(browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>normalise</title>")
    page.add_script_tag(content=(PUBLISH_TEMPLATES / "lock.js").read_text(encoding="utf-8"))
    typed = every_typed_form()
    assert len(typed) > 6 * 2048 * 5
    in_browser = page.evaluate("(all) => all.map(learnpathNormalise)", typed)
    differ = [
        (text, js, wordlists.normalize(text))
        for text, js in zip(typed, in_browser, strict=True)
        if js != wordlists.normalize(text)
    ]
    assert differ == []
    context.close()


def family_words_plans(tmp_path: Path) -> Path:
    import shutil

    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    yaml = YAML()
    data = yaml.load(plans / "school.yml")
    data["publish"] = {"epoch": EPOCH, "family_words_from": EPOCH}
    yaml.dump(data, plans / "school.yml")
    return plans


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("family-words")
    site = build_sealed(family_words_plans(root), root / "site")
    with serve(site) as url:
        yield url


@pytest.fixture
def tab(browser, base_url):
    opened = open_tab(browser, base_url, VIEWPORTS["phone"])
    yield opened
    opened.page.context.close()


def type_and_open(tab, passphrase: str) -> None:
    tab.page.fill("#lp-passphrase", passphrase)
    tab.page.click("button[type=submit]")


def test_a_spanish_familys_words_open_its_site_without_accents(base_url, tab, axe) -> None:
    ava = keys.site_keys(SECRET, EPOCH, "ava-m", "es")
    assert ava.passphrase == "novela asiento fuerza oficio tecla oír césped"
    tab.page.goto(f"{base_url}{ava.folder}/")
    assert tab.page.inner_text("#lp-hint") == "Seven words, separated by spaces."
    assert axe_violations(axe, tab.page) == ""
    type_and_open(tab, "NOVELA asiento fuerza oficio tecla OIR cesped")
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    assert "Ava M." in tab.page.title()
    assert tab.errors == [] and tab.foreign == []


def test_a_chinese_familys_words_open_its_site_typed_without_spaces(base_url, tab) -> None:
    wei = keys.site_keys(SECRET, EPOCH, "wei-l", "zh")
    tab.page.goto(f"{base_url}{wei.folder}/")
    type_and_open(tab, wei.passphrase.replace(" ", ""))
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    assert "Wei L." in tab.page.title()
    assert tab.errors == [] and tab.foreign == []


def test_a_familys_seven_words_on_the_class_index_say_where_to_type_them(base_url, tab) -> None:
    tab.page.goto(base_url)
    assert tab.page.inner_text("#lp-hint") == "Seven words, separated by spaces."
    type_and_open(tab, keys.site_keys(SECRET, EPOCH, "yasmin-k", "ar").passphrase)
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text().startswith("If this is your child's passphrase:")
