"""A sealed site in the real browser (Debian's Chromium): the letter's link or passphrase opens a
student's site, everything then works as on a plain site, and nothing else opens it.

Each test opens its own browser context: a fresh profile, as a family's phone would be, with
no service worker and no stored key.
"""

from __future__ import annotations

import json
import shutil
import time
import unicodedata
import urllib.parse
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from generator.cli import main
from generator.language import i18n
from generator.publishing import keys, seal

from . import browser_support
from .browser_support import (
    SECRET,
    VIEWPORTS,
    axe_violations,
    build_sealed,
    open_tab,
    serve,
    settle,
)
from .conftest import ROOT, TODAY_EPOCH

WRONG = "That passphrase does not open this learning path. Check the words in your letter and try again."  # noqa: E501
UNSUPPORTED = "This browser cannot open private learning paths. Use a recent version of Chrome, Safari, Firefox or Edge."  # noqa: E501
BAD_LINK = "This link does not open this learning path; it may be incomplete. Type the passphrase from your letter instead."  # noqa: E501


def site_keys(student: str) -> keys.SiteKeys:
    return keys.site_keys(SECRET, 1, student)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_sealed(ROOT / "plans", tmp_path_factory.mktemp("sealed-browser") / "site")


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve(site) as url:
        yield url


@pytest.fixture
def tab(browser, base_url):
    opened = open_tab(browser, base_url, VIEWPORTS["phone"])
    yield opened
    opened.page.context.close()


def site_paths(site: Path, student: str) -> list[str]:
    """Every page of a sealed site, from its manifest (decrypted here with the key)."""
    ks = site_keys(student)
    sealed = (site / ks.folder / "manifest").read_bytes()
    listing = json.loads(seal.open_sealed(ks.content, "manifest", sealed))
    return sorted(path for path in listing["files"] if path.endswith(".html"))


def unlocked(tab, name: str) -> None:
    """Wait until the student's own site is showing (Material's header with its name)."""
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    assert name in tab.page.title()


def assert_search_finds(tab, word: str) -> None:
    """Material's search, opened from the phone's header, lists a result with the word."""
    tab.page.click('.md-header label[for="__search"]')
    tab.page.keyboard.type(word)
    results = tab.page.locator(".md-search-result__item")
    # Material renders results in batches, fading them in: wait for the word (any case),
    # then for stillness.
    results.filter(has_text=word).first.wait_for(state="visible")
    settle(tab.page)
    assert any(word in text.lower() for text in results.all_inner_texts())


def assert_clean(tab) -> None:
    assert tab.foreign == [] and tab.errors == []


def test_the_letters_link_opens_every_page_and_leaves_no_key_behind(
    site, base_url, tab, axe
) -> None:
    ava = site_keys("ava-m")
    tab.page.goto(f"{base_url}{ava.folder}/#{ava.fragment}")
    unlocked(tab, "Ava M.")
    assert "#" not in tab.page.url and ava.fragment not in tab.page.url
    assert "Hola, Ava M." in tab.page.inner_text("main")
    problems = []
    for path in site_paths(site, "ava-m"):  # no prompt: the key is remembered
        response = tab.page.goto(f"{base_url}{ava.folder}/{path}")
        tab.page.wait_for_load_state("networkidle")
        if response.status != 200 or "Ava M." not in tab.page.title():
            problems.append(f"{path}: HTTP {response.status}, title {tab.page.title()!r}")
        if report := axe_violations(axe, tab.page):
            problems.append(f"{path}: {report}")
    assert problems == []
    forget = tab.page.locator("button.lp-forget")
    assert forget.inner_text() == "Olvidar en este dispositivo"
    assert_clean(tab)


def test_the_passphrase_opens_the_site_and_search_works(base_url, tab, axe) -> None:
    liam = site_keys("liam-o")
    tab.page.goto(f"{base_url}{liam.folder}/")
    assert tab.page.locator("h1").inner_text() == "Private learning path"
    assert tab.page.locator("label[for=lp-passphrase]").inner_text() == "Passphrase"
    assert axe_violations(axe, tab.page) == ""
    tab.page.fill("#lp-passphrase", "  " + liam.passphrase.upper().replace(" ", "-") + " ")
    started = time.perf_counter()
    tab.page.click("button[type=submit]")
    unlocked(tab, "Liam O.")
    print(f"passphrase to unlocked page: {time.perf_counter() - started:.2f} s")
    assert_search_finds(tab, "fractions")
    assert axe_violations(axe, tab.page) == ""
    assert_clean(tab)


def test_a_wrong_passphrase_says_so_and_reveals_nothing(base_url, tab) -> None:
    noah = site_keys("noah-t")
    tab.page.goto(f"{base_url}{noah.folder}/")
    tab.page.fill("#lp-passphrase", "wrong words that open nothing here")
    tab.page.click("button[type=submit]")
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text() == WRONG
    assert tab.page.evaluate("document.activeElement.id") == "lp-passphrase"
    assert "Noah" not in tab.page.content()
    assert_clean(tab)


def test_another_students_key_opens_nothing(base_url, tab) -> None:
    ava, mia = site_keys("ava-m"), site_keys("mia-c")
    tab.page.goto(f"{base_url}{mia.folder}/#{ava.fragment}")
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text() == BAD_LINK
    assert "#" not in tab.page.url
    content = tab.page.content()
    assert "Mia" not in content and "Ava" not in content
    assert_clean(tab)


def test_a_browser_without_decompressionstream_opens_every_page_with_pako(
    site, tmp_path, browser
) -> None:
    """Safari before 16.4 (iPhones on iOS 15, or 16.0 to 16.3) has no DecompressionStream:
    its service worker inflates the decrypted pages with the vendored pako instead, and the
    family sees the same site, search included; a page whose compressed data is cut short
    still fails loudly."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    worker = copy / "sw.js"
    asks = 'self.addEventListener("message", (e) => e.data === "pako?" && e.ports[0].postMessage(typeof self.pako));'  # noqa: E501
    worker.write_text(f"delete self.DecompressionStream;\n{asks}\n{worker.read_text()}")
    liam = site_keys("liam-o")
    _cut_short(copy, liam, "reflections.html")
    with serve(copy) as url:
        tab = open_tab(browser, url, VIEWPORTS["phone"])
        tab.page.add_init_script("delete window.DecompressionStream")
        tab.page.goto(f"{url}{liam.folder}/#{liam.fragment}")
        unlocked(tab, "Liam O.")
        assert tab.page.evaluate(ASK_WORKER) == "object"  # pako loaded: the worker lacks the API
        problems = []
        for path in site_paths(site, "liam-o"):
            response = tab.page.goto(f"{url}{liam.folder}/{path}")
            if path == "reflections.html":
                assert response.status == 500
                assert tab.page.locator("h1").inner_text() == "This page cannot be opened"
                tab.clear()  # the console's note of that 500
            elif response.status != 200 or "Liam O." not in tab.page.title():
                problems.append(f"{path}: HTTP {response.status}, title {tab.page.title()!r}")
        assert problems == []
        tab.page.goto(f"{url}{liam.folder}/index.html")
        assert_search_finds(tab, "fractions")
        assert_clean(tab)
        tab.page.context.close()


ASK_WORKER = """() => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => resolve(event.data);
  navigator.serviceWorker.controller.postMessage("pako?", [channel.port2]);
})"""


def _cut_short(site: Path, ks: keys.SiteKeys, path: str) -> None:
    """Seal a page again as a build would, but with its compressed data cut in half."""
    listing = json.loads(
        seal.open_sealed(ks.content, "manifest", (site / ks.folder / "manifest").read_bytes())
    )
    entry = listing["files"][path]
    blob = site / ks.folder / entry[0]
    data = zlib.compress(seal.open_file(ks.content, path, entry, blob.read_bytes()))
    blob.write_bytes(seal.seal(ks, f"deflate:{path}", data[: len(data) // 2]))


def test_a_browser_without_service_workers_is_told_to_use_a_recent_one(base_url, tab) -> None:
    """No service worker (a private window of some browsers, very old ones): say so, in the
    family's words, and open nothing."""
    tab.page.add_init_script("delete Navigator.prototype.serviceWorker")
    liam = site_keys("liam-o")
    tab.page.goto(f"{base_url}{liam.folder}/#{liam.fragment}")
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text() == UNSUPPORTED
    assert tab.page.locator("#lp-lock").is_hidden()
    assert "Liam" not in tab.page.content()
    assert_clean(tab)


def test_the_lock_page_speaks_the_browsers_language(browser, base_url) -> None:
    context = browser.new_context(locale="es-ES", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{base_url}{site_keys('ava-m').folder}/")
    assert page.locator("h1").inner_text() == "Camino de aprendizaje privado"
    assert page.evaluate("document.documentElement.lang") == "es"
    page.fill("#lp-passphrase", "nada")
    page.click("button[type=submit]")
    page.locator("#lp-status.lp-error").wait_for()
    assert page.locator("#lp-status").inner_text().startswith("Esa frase de acceso no abre")
    context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_lock_page_reads_right_to_left_in_arabic(
    browser, base_url, axe, viewport, tmp_path
) -> None:
    context = browser.new_context(locale="ar", viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(f"{base_url}{site_keys('ava-m').folder}/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.locator("h1").inner_text() == "مسار تعلّم خاص"
    assert page.get_attribute("#lp-passphrase", "dir") == "ltr"  # six English words
    assert axe_violations(axe, page) == ""
    page.screenshot(path=str(tmp_path / f"lock-ar-{viewport}.png"), full_page=True)
    context.close()


def test_a_changed_byte_fails_loudly(site, tmp_path, browser) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    ava = site_keys("ava-m")
    listing = json.loads(
        seal.open_sealed(ava.content, "manifest", (copy / ava.folder / "manifest").read_bytes())
    )
    home = copy / ava.folder / listing["files"]["index.html"][0]
    data = bytearray(home.read_bytes())
    data[40] ^= 1
    home.write_bytes(bytes(data))
    with serve(copy) as url:
        tab = open_tab(browser, url, VIEWPORTS["phone"])
        tab.page.goto(f"{url}{ava.folder}/#{ava.fragment}")
        # The key leaves the address bar at once, so the URL alone says nothing: wait for
        # the unlock to land on the page the worker could not decrypt, then load it again.
        tab.page.get_by_text("Esta página no se puede abrir").wait_for()  # Ava's site's words
        response = tab.page.reload()
        assert response.status == 500
        assert tab.page.locator("h1").inner_text() == "Esta página no se puede abrir"
        assert "Ava" not in tab.page.content()
        tab.page.context.close()


def test_the_teachers_passphrase_opens_the_class_index(base_url, tab) -> None:
    teacher = site_keys(keys.TEACHER)
    tab.page.goto(base_url)
    intro = tab.page.locator("main p").first.inner_text()
    assert intro.startswith("These learning paths are private.")
    tab.page.fill("#lp-passphrase", teacher.passphrase)
    tab.page.click("button[type=submit]")
    tab.page.locator("table.lp-class-index").wait_for()
    names = tab.page.locator("table.lp-class-index tbody th").all_inner_texts()
    assert names == ["Ava M.", "Liam O.", "Mia C.", "Noah T.", "Wei L.", "Yasmin K."]
    assert tab.page.url == f"{base_url}{teacher.folder}/"
    tab.page.click("a[href='class.html']")  # the class page rides inside the teacher's index
    assert tab.page.locator("h1").inner_text().startswith("Class at a glance")
    tab.page.go_back()
    tab.page.click("text=Noah T.")
    unlocked(tab, "Noah T.")
    assert urllib.parse.urlsplit(tab.page.url).fragment == ""
    assert_clean(tab)


def test_forget_on_this_device_locks_the_site_again(base_url, tab) -> None:
    mia = site_keys("mia-c")
    tab.page.goto(f"{base_url}{mia.folder}/#{mia.fragment}")
    unlocked(tab, "Mia C.")
    tab.page.click("button.lp-forget")
    tab.page.locator("#lp-lock").wait_for()
    tab.page.goto(f"{base_url}{mia.folder}/report.html")
    tab.page.locator("#lp-lock").wait_for()  # asked again, then brought back to the report
    assert "Mia" not in tab.page.content()
    tab.page.fill("#lp-passphrase", mia.passphrase)
    tab.page.click("button[type=submit]")
    unlocked(tab, "Mia C.")
    assert tab.page.url == f"{base_url}{mia.folder}/report.html"
    assert_clean(tab)


def test_the_letters_print_one_a4_page_per_family(browser, tmp_path) -> None:
    import io

    from pypdf import PdfReader

    env = {"LEARNPATH_SECRET": SECRET.hex(), "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    args = ["access", "--plans", str(ROOT / "plans"), "--base-url", "https://org.github.io/p/",
            "--format", "html", "--out", str(tmp_path)]  # fmt: skip
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    context = browser.new_context()
    page = context.new_page()
    page.goto((tmp_path / "letters.html").as_uri())
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pages]
    assert len(pages) == 6
    # Names are isolated (U+2068 ... U+2069): pypdf reads a space either side of them.
    families = [("es", "Ava M."), ("en", "Liam O."), ("en", "Mia C."), ("en", "Noah T."),
                ("zh", "Wei L.")]  # fmt: skip
    assert [" ".join(t.split("\n")[0].split()) for t in texts[:5]] == [
        " ".join(i18n.catalog(language)["letter_title"].format(name=f" {name} ").split())
        for language, name in families
    ]
    assert texts[1].startswith(" Liam O. 's learning path")
    assert site_keys("noah-t").passphrase in texts[3]
    # Arabic comes out of a PDF as the glyphs drawn, right to left; the Latin parts read.
    assert "Yasmin K." in texts[5] and site_keys("yasmin-k").passphrase in texts[5]
    context.close()


DAMAGED = "This learning path cannot be opened right now: the site is damaged or being updated. Try again in a few minutes; if it keeps happening, tell the teacher."  # noqa: E501
FAMILY_AT_ROOT = "If this is your child's passphrase: open the address in your letter and type it there. This page opens only the teacher's class index."  # noqa: E501


def forget_here(tab) -> None:
    """'Forget on this device', then wait for the lock page it leads to."""
    tab.page.click("button.lp-forget")
    tab.page.locator("#lp-lock").wait_for()


@pytest.mark.parametrize(
    "next_page",
    [
        ".%252e/.%252e/other-repo/x.html",  # decoded once by searchParams, then ".%2e" is ".."
        "%2e%2e/%2e%2e/other-repo/x.html",
        "..%5C..%5Cother-repo%5Cx.html",  # a backslash is a slash to the URL parser
        "%252e%252e%252fother-repo%252fx.html",
        "//evil.example/x.html",
        "https://evil.example/x.html",
        "/plans-site/",
        "../",
        "report.html/..%252f..%252f..%252fother-repo",
        "javascript:alert(1)",
    ],
)
def test_next_never_leaves_the_students_folder(base_url, tab, next_page: str) -> None:
    """After the automatic unlock, ?next= may only choose a page inside the folder: any other
    page of the same origin could read the key the tab keeps (another repository of
    <org>.github.io, another student's folder)."""
    ava = site_keys("ava-m")
    home = f"{base_url}{ava.folder}/"
    tab.page.goto(f"{home}index.html?next={next_page}#{ava.fragment}")
    unlocked(tab, "Ava M.")
    assert tab.page.url == home
    assert_clean(tab)


def test_next_still_brings_the_family_to_the_page_it_asked_for(base_url, tab) -> None:
    ava, mia = site_keys("ava-m"), site_keys("mia-c")
    home = f"{base_url}{ava.folder}/"
    tab.page.goto(f"{home}index.html?next=report.html#{ava.fragment}")
    unlocked(tab, "Ava M.")
    assert tab.page.url == f"{home}report.html"
    forget_here(tab)
    tab.page.goto(f"{home}index.html?next=../{mia.folder}/index.html#{ava.fragment}")
    unlocked(tab, "Ava M.")
    assert tab.page.url == home  # another student's folder is outside
    assert_clean(tab)


def test_a_second_tab_strips_the_key_and_offers_forget(base_url, tab) -> None:
    """The site is open in one tab and the letter's link is opened again in another: the
    worker serves the page, and the key leaves that tab's address bar too, whatever is
    stored; "Forget on this device" is there; a link pasted into the same tab is handled."""
    noah = site_keys("noah-t")
    home = f"{base_url}{noah.folder}/"
    tab.page.goto(f"{home}#{noah.fragment}")
    unlocked(tab, "Noah T.")
    second = tab.page.context.new_page()
    second.goto(f"{home}#{noah.fragment}")
    second.locator(".md-header__topic").first.wait_for(state="attached")
    second.locator("button.lp-forget").wait_for()
    assert second.url == home
    assert second.evaluate(f"sessionStorage.getItem('learnpath:{noah.folder}')") == noah.fragment
    mia = site_keys("mia-c")
    second.evaluate(f"location.hash = '{mia.fragment}'")  # pasted: only the fragment changes
    second.wait_for_url(home)
    assert second.evaluate(f"sessionStorage.getItem('learnpath:{noah.folder}')") == noah.fragment
    second.evaluate("location.hash = 'goals'")  # a page's own anchor stays
    second.wait_for_url(f"{home}#goals")
    second.close()
    assert_clean(tab)


def test_a_corrected_link_pasted_into_the_lock_page_opens_the_site(base_url, tab) -> None:
    liam = site_keys("liam-o")
    home = f"{base_url}{liam.folder}/"
    tab.page.goto(f"{home}#{liam.fragment[:20]}")  # a link cut short
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text() == BAD_LINK and tab.page.url == home
    tab.page.evaluate(f"location.hash = '{liam.fragment}'")
    unlocked(tab, "Liam O.")
    assert tab.page.url == home
    assert_clean(tab)


def test_a_remembered_key_survives_an_outage_and_a_wrong_one_is_forgotten(
    site, tmp_path, browser
) -> None:
    """The manifest cannot be fetched (an outage, an update in progress): say the site is
    damaged or being updated, and keep the key; when it is back, the key opens the site.
    Only a key that decryption proves wrong is forgotten."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    mia, ava = site_keys("mia-c"), site_keys("ava-m")
    slot = f"learnpath:{mia.folder}"
    manifest = copy / mia.folder / "manifest"
    with serve(copy) as url:
        tab = open_tab(browser, url, VIEWPORTS["phone"])
        home = f"{url}{mia.folder}/"
        tab.page.goto(home)  # the lock page, as the worker shows it to a tab whose key is kept
        tab.page.evaluate(f"localStorage.setItem('{slot}', '{mia.fragment}')")
        manifest.rename(manifest.with_name("away"))
        tab.page.reload()
        status = tab.page.locator("#lp-status.lp-error")
        status.wait_for()
        assert status.inner_text() == DAMAGED
        assert tab.page.evaluate(f"localStorage.getItem('{slot}')") == mia.fragment
        tab.page.fill("#lp-passphrase", mia.passphrase)  # the passphrase cannot open it either
        tab.page.click("button[type=submit]")
        expect(tab.page.locator("#lp-status")).to_have_text(DAMAGED)
        manifest.with_name("away").rename(manifest)
        tab.clear()  # the console's notes of those 404s
        tab.page.reload()
        unlocked(tab, "Mia C.")
        tab.page.evaluate(
            "navigator.serviceWorker.getRegistrations()"
            ".then((all) => Promise.all(all.map((r) => r.unregister())))"
        )
        tab.page.evaluate(f"localStorage.setItem('{slot}', '{ava.fragment}')")
        tab.page.evaluate(f"sessionStorage.removeItem('{slot}')")
        tab.page.goto(home)  # no worker now: the server's lock page, with a wrong key kept
        expect(tab.page.locator("#lp-lock")).to_be_visible()
        tab.page.wait_for_load_state("networkidle")
        assert tab.page.evaluate(f"localStorage.getItem('{slot}')") is None
        assert tab.page.inner_text("#lp-status") == ""  # asked for the passphrase, quietly
        assert_clean(tab)
        tab.page.context.close()


def test_a_familys_passphrase_on_the_class_lock_page_says_where_it_belongs(
    base_url, tab, axe
) -> None:
    tab.page.goto(base_url)
    tab.page.fill("#lp-passphrase", site_keys("ava-m").passphrase)
    tab.page.click("#lp-show")
    assert tab.page.get_attribute("#lp-passphrase", "type") == "text"
    assert tab.page.get_attribute("#lp-show", "aria-pressed") == "true"
    assert axe_violations(axe, tab.page) == ""
    tab.page.click("button[type=submit]")
    status = tab.page.locator("#lp-status.lp-error")
    status.wait_for()
    assert status.inner_text() == FAMILY_AT_ROOT
    tab.page.fill("#lp-passphrase", "not six words")
    tab.page.click("button[type=submit]")
    expect(tab.page.locator("#lp-status")).to_have_text(WRONG)
    tab.page.click("#lp-show")
    assert tab.page.get_attribute("#lp-passphrase", "type") == "password"
    assert_clean(tab)


def test_what_chromiums_history_keeps_of_the_letters_link(browser, base_url, tmp_path) -> None:
    """Measured for docs/privacy.md ("The key in the browser's history"): the tab's own
    history entry loses the key before the lock page loads anything, but Chromium's history
    database has recorded the link as it was opened, key included, and "Forget on this
    device" cannot reach it. If this changes, the privacy page must change with it."""
    import sqlite3

    ava = site_keys("ava-m")
    profile = tmp_path / "profile"
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=browser_support.CHROMIUM, args=browser_support.LAUNCH_ARGS
    )
    page = context.new_page()
    page.goto(f"{base_url}{ava.folder}/#{ava.fragment}")
    page.locator(".md-header__topic").first.wait_for(state="attached")
    page.click("button.lp-forget")
    page.locator("#lp-lock").wait_for()
    entries = page.evaluate("history.length")
    page.go_back()  # the tab's history: the lock page without its key
    context.close()
    with sqlite3.connect(profile / "Default" / "History") as history:
        urls = dict(history.execute("SELECT url, title FROM urls").fetchall())
    home = f"{base_url}{ava.folder}/"
    assert urls[f"{home}#{ava.fragment}"] == ""  # recorded before any script ran, no title
    assert home in urls
    assert entries == 2  # about:blank, then the site: the link's own entry was replaced
