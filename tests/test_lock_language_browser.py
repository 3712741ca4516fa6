"""Everything a family touches before and around a sealed site, in their language and
direction, in the real browser (Debian's Chromium): the lock pages (the family's and the
class's), the 404 page, a sealed site's own "not found" and "cannot be opened" pages, and the
page to add to the plan in Arabic. English, Spanish and Arabic, at 390 and 1280 px, with axe.

Screenshots land in tests/screenshots/ (git-ignored) for a human look.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.language import i18n
from generator.publishing import keys, seal
from generator.publishing import sealed_site as sealing

from .browser_support import (
    SECRET,
    VIEWPORTS,
    axe_violations,
    build_sealed,
    open_tab,
    serve,
    settle,
)
from .conftest import ROOT

SHOTS = ROOT / "tests" / "screenshots"
AVA = keys.site_keys(SECRET, 1, "ava-m")  # the family reads Spanish
YASMIN = keys.site_keys(SECRET, 1, "yasmin-k")  # the family reads Arabic
LIAM = keys.site_keys(SECRET, 1, "liam-o")  # English
TITLES = {
    "en": "Private learning path",
    "es": "Camino de aprendizaje privado",
    "ar": "مسار تعلّم خاص",
}
NOT_FOUND = {"en": "Page not found", "es": "Página no encontrada", "ar": "الصفحة غير موجودة"}
DAMAGED = {
    "en": "This page cannot be opened",
    "es": "Esta página no se puede abrir",
    "ar": "لا يمكن فتح هذه الصفحة",
}
WRONG = {code: i18n.catalog(code)["lock_wrong"] for code in ("en", "es", "ar")}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
LANG_DIR = "[document.documentElement.lang, document.documentElement.dir]"
# The page's text direction as laid out (Material puts dir on <body>, our pages on <html>).
DIRECTION = "getComputedStyle(document.body).direction"


def languages_script(tags: list[str]) -> str:
    """What the browser says are the family's languages, first choice first."""
    return f"Object.defineProperty(Navigator.prototype, 'languages', {{get: () => {tags!r}}});"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_sealed(ROOT / "plans", tmp_path_factory.mktemp("lock-language") / "site")


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve(site, pages_404=True) as url:  # a missing page gets 404.html, as on GitHub
        yield url


def context_for(browser, language: str, viewport: str = "phone"):
    return browser.new_context(locale=language, viewport=VIEWPORTS[viewport])


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def at_rest(page) -> None:
    """The page as a phone shows it after a tap: the mouse that clicked is not left hovering
    over the button that took the place of the one clicked (a colour mid-transition)."""
    page.mouse.move(0, 0)
    settle(page)


def x_of(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["x"]


# --- the lock pages -------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_lock_page_speaks_the_browsers_language_in_its_direction(
    browser, base_url, axe, language, viewport
) -> None:
    context = context_for(browser, language, viewport)
    page = context.new_page()
    page.goto(f"{base_url}{AVA.folder}/")
    rtl = language == "ar"
    assert page.evaluate(LANG_DIR) == [language, "rtl" if rtl else "ltr"]
    assert page.locator("h1").inner_text() == TITLES[language]
    assert page.title() == TITLES[language]
    assert page.locator("#lp-language").input_value() == language
    assert axe_violations(axe, page) == ""
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # Mirrored in Arabic: the switch on the left, "Show" left of the field, the box right of
    # its label; the other way round in English and Spanish.
    mirrored = [
        x_of(page, "#lp-language") < x_of(page, "label[for=lp-language]"),
        x_of(page, "#lp-show") < x_of(page, "#lp-passphrase"),
        x_of(page, "#lp-remember") > x_of(page, "label[for=lp-remember]"),
    ]
    assert mirrored == [rtl, rtl, rtl]
    assert page.get_attribute("#lp-passphrase", "dir") == "ltr"  # the words are typed as printed
    shot(page, f"lock-{language}-{viewport}")
    context.close()


def test_the_switch_changes_the_words_in_place_and_the_choice_is_kept(browser, base_url) -> None:
    context = context_for(browser, "en-US")
    page = context.new_page()
    page.goto(f"{base_url}{AVA.folder}/")
    assert page.evaluate(LANG_DIR) == ["en", "ltr"]
    options = page.locator("#lp-language option")
    assert [
        (o.get_attribute("value"), o.get_attribute("lang"), o.inner_text()) for o in options.all()
    ] == [(code, code, name) for code, name in sorted(sealing.language_names().items())]
    assert options.nth(0).inner_text() == "العربية" and options.nth(0).get_attribute("dir") == "rtl"
    page.evaluate("window.sameDocument = true")
    page.fill("#lp-passphrase", "river lamp quiet")
    page.click("button[type=submit]")
    page.locator("#lp-status.lp-error").wait_for()
    assert page.locator("#lp-status").inner_text() == WRONG["en"]
    page.get_by_label("Language").select_option("ar")
    assert page.evaluate(LANG_DIR) == ["ar", "rtl"]
    assert page.locator("h1").inner_text() == TITLES["ar"]
    assert page.title() == TITLES["ar"]
    assert page.locator("label[for=lp-passphrase]").inner_text() == "عبارة المرور"
    assert page.locator("#lp-status").inner_text() == WRONG["ar"]  # said again, in Arabic
    assert page.input_value("#lp-passphrase") == "river lamp quiet"  # what was typed stays
    assert page.evaluate("window.sameDocument")  # no reload
    page.get_by_label("اللغة").select_option("es")
    assert page.evaluate(LANG_DIR) == ["es", "ltr"]
    assert page.locator("label[for=lp-language]").inner_text() == "Idioma"
    assert page.locator("#lp-status").inner_text() == WRONG["es"]
    page.fill("#lp-passphrase", "nada")  # and lock.js says the next message in Spanish too
    page.click("button[type=submit]")
    page.wait_for_function("() => !document.getElementById('lp-status').textContent.endsWith('…')")
    assert page.locator("#lp-status").inner_text() == WRONG["es"]
    page.reload()  # the family's choice wins over the browser's English, here and elsewhere
    assert page.evaluate(LANG_DIR) == ["es", "ltr"]
    assert page.input_value("#lp-language") == "es"
    page.goto(base_url)  # the class lock page
    assert page.locator("h1").inner_text() == TITLES["es"]
    context.close()


@pytest.mark.parametrize(
    ("tags", "shown"),
    [
        (["ar", "en"], "ar"),
        (["pt-BR", "en-US"], "pt"),  # a region the catalogue does not name: its language
        (["fil-PH"], "tl"),  # what browsers call Tagalog
        (["de-DE", "fr"], "en"),  # nothing we have: the school's language
    ],
)
def test_the_browsers_languages_choose_in_order(browser, base_url, tags, shown) -> None:
    context = context_for(browser, tags[0])
    context.add_init_script(languages_script(tags))
    page = context.new_page()
    page.goto(f"{base_url}{YASMIN.folder}/")
    assert page.evaluate("navigator.languages") == tags
    assert page.evaluate("document.documentElement.lang") == shown
    assert page.locator("h1").inner_text() == i18n.catalog(shown)["lock_title"]
    context.close()


def test_a_browser_in_no_language_we_have_gets_the_schools(browser, site, tmp_path) -> None:
    """The lock page comes in the school's language, and stays in it when the browser's
    languages have no catalogue: a Spanish-speaking school's landing page in German Chrome."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    teacher = keys.site_keys(SECRET, 1, keys.TEACHER).folder
    landing = sealing.lock_page(
        assets="", language="es", intro="lock_teacher_intro", folder=teacher
    )
    (copy / "index.html").write_bytes(landing)
    with serve(copy) as url:
        context = context_for(browser, "de-DE")
        page = context.new_page()
        page.goto(url)
        assert page.evaluate(LANG_DIR) == ["es", "ltr"]
        assert page.locator("h1").inner_text() == TITLES["es"]
        context.close()


def test_the_class_lock_page_reads_right_to_left_in_arabic(browser, base_url, axe) -> None:
    context = context_for(browser, "ar")
    page = context.new_page()
    page.goto(base_url)
    assert page.evaluate(LANG_DIR) == ["ar", "rtl"]
    assert page.locator("main p").first.inner_text() == i18n.catalog("ar")["lock_teacher_intro"]
    assert axe_violations(axe, page) == ""
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "lock-class-ar-phone")
    context.close()


# --- the 404 page, outside any student ------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_404_page_speaks_the_browsers_language(
    browser, base_url, axe, language, viewport
) -> None:
    tab = open_tab(browser, base_url, VIEWPORTS[viewport])
    tab.page.context.add_init_script(languages_script([language]))
    response = tab.page.goto(f"{base_url}no/such/page.html")  # at any depth
    assert response.status == 404
    rtl = language == "ar"
    assert tab.page.evaluate(LANG_DIR) == [language, "rtl" if rtl else "ltr"]
    assert tab.page.locator("h1").inner_text() == NOT_FOUND[language]
    assert tab.page.locator("main p").inner_text() == i18n.catalog(language)["lock_missing"]
    assert axe_violations(axe, tab.page) == ""
    assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
    is_left = x_of(tab.page, "#lp-language") < x_of(tab.page, "label[for=lp-language]")
    assert is_left == rtl
    shot(tab.page, f"404-{language}-{viewport}")
    # Its inline script and style ran under its own policy: nothing refused, nothing foreign.
    assert [e for e in tab.errors if "404" not in e] == [] and tab.foreign == []
    other = "en" if rtl else "ar"
    tab.page.get_by_label(i18n.catalog(language)["lock_language"]).select_option(other)
    assert tab.page.evaluate("document.documentElement.lang") == other
    tab.page.context.close()


# --- a sealed site's own pages for a missing address and a damaged file ---------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("student", "language"), [(LIAM, "en"), (AVA, "es"), (YASMIN, "ar")])
def test_inside_a_site_a_missing_page_is_in_the_sites_language(
    browser, base_url, axe, student, language, viewport
) -> None:
    """Whatever the browser's language (German here): the site's own."""
    tab = open_tab(browser, base_url, VIEWPORTS[viewport])
    tab.page.context.add_init_script(languages_script(["de"]))
    tab.page.goto(f"{base_url}{student.folder}/#{student.fragment}")
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    response = tab.page.goto(f"{base_url}{student.folder}/goals/no-such-goal.html")
    assert response.status == 404
    assert tab.page.evaluate(LANG_DIR) == [language, "rtl" if language == "ar" else "ltr"]
    assert tab.page.locator("h1").inner_text() == NOT_FOUND[language]
    assert tab.page.locator("main p").first.inner_text() == i18n.catalog(language)["page_missing"]
    assert axe_violations(axe, tab.page) == ""
    assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(tab.page, f"site-missing-{language}-{viewport}")
    tab.page.get_by_role("link", name=i18n.catalog(language)["page_back_home"]).click()
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    assert tab.page.url == f"{base_url}{student.folder}/"
    tab.page.context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_damaged_page_says_so_in_arabic_right_to_left(
    site, browser, axe, tmp_path, viewport
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    listing = json.loads(
        seal.open_sealed(
            YASMIN.content, "manifest", (copy / YASMIN.folder / "manifest").read_bytes()
        )
    )
    sealed = copy / YASMIN.folder / listing["files"]["evidence.html"][0]
    data = bytearray(sealed.read_bytes())
    data[40] ^= 1
    sealed.write_bytes(bytes(data))
    with serve(copy) as url:
        tab = open_tab(browser, url, VIEWPORTS[viewport])
        tab.page.goto(f"{url}{YASMIN.folder}/#{YASMIN.fragment}")
        tab.page.locator(".md-header__topic").first.wait_for(state="attached")
        response = tab.page.goto(f"{url}{YASMIN.folder}/evidence.html")
        assert response.status == 500
        assert tab.page.evaluate(LANG_DIR) == ["ar", "rtl"]
        assert tab.page.locator("h1").inner_text() == DAMAGED["ar"]
        assert tab.page.locator("main p").first.inner_text() == i18n.catalog("ar")["page_damaged"]
        assert "Yasmin" not in tab.page.content()
        assert axe_violations(axe, tab.page) == ""
        assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
        shot(tab.page, f"site-damaged-ar-{viewport}")
        tab.page.context.close()


# --- the page to add to the plan, right to left ---------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_page_to_add_to_the_plan_is_mirrored_in_arabic(
    browser, base_url, axe, viewport
) -> None:
    tab = open_tab(browser, base_url, VIEWPORTS[viewport])
    tab.page.goto(f"{base_url}{YASMIN.folder}/#{YASMIN.fragment}")
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    tab.page.goto(f"{base_url}{YASMIN.folder}/contribute.html")
    step = tab.page.locator('[data-step="writer"]')
    step.wait_for(state="visible")
    assert tab.page.evaluate("document.documentElement.lang") == "ar"
    assert tab.page.evaluate(DIRECTION) == "rtl"
    assert tab.page.locator("h1").inner_text() == "أضف إلى الخطة"
    assert axe_violations(axe, tab.page) == ""
    assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
    # Mirrored: each radio button right of its words, the step's button on the right.
    choice = step.locator("label.lp-add-choice").first
    radio, words = choice.locator("input").bounding_box(), choice.bounding_box()
    assert radio["x"] + radio["width"] > words["x"] + words["width"] - 4
    button, box = step.get_by_role("button").bounding_box(), step.bounding_box()
    assert button["x"] + button["width"] > box["x"] + box["width"] - 40
    # "Omar K." stays whole in the Arabic label: its full stop after the K, not before the O.
    assert tab.page.evaluate(FULL_STOP_AFTER, "Omar K.") is True
    shot(tab.page, f"contribute-ar-{viewport}")
    tab.page.get_by_label("Omar K. (الأسرة)").check()
    tab.page.get_by_role("button", name="التالي").click()
    kinds = tab.page.locator('[data-step="what"]')
    kinds.wait_for(state="visible")
    at_rest(tab.page)
    assert axe_violations(axe, tab.page) == ""
    assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
    tab.page.get_by_role("button", name=i18n.catalog("ar")["add_observation"]).click()
    form = tab.page.locator('[data-step="observation"]')
    form.wait_for(state="visible")
    at_rest(tab.page)
    assert axe_violations(axe, tab.page) == ""
    assert tab.page.evaluate(NO_SIDEWAYS_SCROLL)
    # The field's label starts on the right, where the form's edge is.
    text, box = form.locator("label").first.evaluate(TEXT_BOX), form.bounding_box()
    assert text["right"] > box["x"] + box["width"] - 40 and text["left"] > box["x"] + 40
    shot(tab.page, f"contribute-ar-observation-{viewport}")
    assert tab.foreign == [] and [e for e in tab.errors if "cancelled action" not in e] == []
    tab.page.context.close()


# Where an element's own text is drawn (its box may be as wide as the page).
TEXT_BOX = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const box = range.getBoundingClientRect();
  return {left: box.left, right: box.right};
}"""

# Where a name's first letter and its last character (a full stop) are drawn, in the first
# visible label that holds it: the stop must be to the right of the first letter.
FULL_STOP_AFTER = """(name) => {
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const at = node.data.indexOf(name);
    if (at < 0 || !node.parentElement.getClientRects().length) continue;
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 1);
    const first = range.getBoundingClientRect().x;
    range.setStart(node, at + name.length - 1); range.setEnd(node, at + name.length);
    return range.getBoundingClientRect().x > first;
  }
  return null;
}"""
