"""The lock page against what another page on the same origin can write, in the real browser
(Debian's Chromium). On GitHub Pages every project of one account shares an origin
(user.github.io), so any of them can write the family's remembered language
(localStorage "learnpath:language"): a value that is not one of our languages is ignored,
whatever it is, and the page still speaks and says its messages in the browser's language.
"""

from __future__ import annotations

import pytest

from generator.language import i18n
from generator.publishing import keys, wordlists
from generator.publishing.sealed_site import PUBLISH_TEMPLATES

from .browser_support import SECRET, VIEWPORTS, build_sealed, open_tab, serve
from .conftest import ROOT

AVA = keys.site_keys(SECRET, 1, "ava-m")
# Names every JavaScript object answers to (its prototype's), a path, markup, and a value
# as long as a browser lets a page store.
CRAFTED = ["__proto__", "constructor", "toString", "../", "<img src=x onerror=alert(1)>"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = build_sealed(ROOT / "plans", tmp_path_factory.mktemp("lock-hostile") / "site")
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("value", [*CRAFTED, "x" * 4_000_000])
def test_a_crafted_language_choice_is_ignored(browser, base_url: str, value: str) -> None:
    context = browser.new_context(locale="es-ES")
    # Written before any script of the page runs, as another page of the origin could have.
    context.add_init_script(f"localStorage.setItem('learnpath:language', {value!r})")
    page = context.new_page()
    page.goto(f"{base_url}{AVA.folder}/")
    assert page.evaluate("localStorage.getItem('learnpath:language').length") == len(value)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "es",
        "ltr",
    ]
    assert page.input_value("#lp-language") == "es"
    assert page.locator("h1").inner_text() == i18n.catalog("es")["lock_title"]
    page.fill("#lp-passphrase", "river lamp quiet")
    page.click("button[type=submit]")
    page.locator("#lp-status.lp-error").wait_for()
    assert page.locator("#lp-status").inner_text() == i18n.catalog("es")["lock_wrong"]
    assert page.locator("img").count() == 0
    context.close()


@pytest.mark.parametrize(
    "path",
    ["__proto__", "constructor", "goals/toString", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"],
)
def test_inside_a_site_a_page_named_like_javascripts_own_is_not_found(
    browser, base_url: str, path: str
) -> None:
    """Not "cannot be opened" (the site is not damaged), and nothing of the address is shown."""
    tab = open_tab(browser, base_url, VIEWPORTS["phone"])
    tab.page.goto(f"{base_url}{AVA.folder}/#{AVA.fragment}")
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    response = tab.page.goto(f"{base_url}{AVA.folder}/{path}")
    assert response.status == 404
    assert tab.page.locator("h1").inner_text() == i18n.catalog("es")["lock_missing_title"]
    assert tab.page.locator("img").count() == 0
    assert "onerror" not in tab.page.content()
    tab.page.context.close()


# What a family may paste: direction marks and isolates from a message in Arabic, a
# zero-width space, a soft hyphen, full-width letters, a lone surrogate; and a million letters.
PASTED = {
    "\u200epiece\u200f famous\u200bclever": "piece famous clever",
    "\u2067saddle\u2069 sen\u00adtence \u202ewalnut\u202c": "saddle sentence walnut",
    "\uff30\uff49\uff45\uff43\uff45\u3000famous": "piece famous",
    "river\u2060lamp \u061cquiet\u200d": "riverlamp quiet",
    "lone \ud800 half": "lone \ud800 half",
}


def test_lock_js_drops_pasted_marks_as_python_does(browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>normalise</title>")
    page.add_script_tag(content=(PUBLISH_TEMPLATES / "lock.js").read_text(encoding="utf-8"))
    typed = list(PASTED)
    assert page.evaluate("(all) => all.map(learnpathNormalise)", typed) == list(PASTED.values())
    assert [wordlists.normalize(text) for text in typed] == list(PASTED.values())
    huge = page.evaluate("learnpathNormalise('Ab-'.repeat(1000000)).length")
    assert huge == len(" ".join(["ab"] * 1_000_000))
    context.close()
