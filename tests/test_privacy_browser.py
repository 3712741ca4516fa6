"""A sealed site in the real browser (Debian's Chromium): the letter's link or passphrase opens a
student's site, everything then works as on a plain site, and nothing else opens it.

Each test opens its own browser context: a fresh profile, as a family's phone would be, with
no service worker and no stored key.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.parse
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.publish import keys, seal

from .browser_support import VIEWPORTS, axe_violations, open_tab, serve
from .conftest import ROOT, TODAY_EPOCH

SECRET = bytes.fromhex("a7" * 32)
WRONG = "That passphrase does not open this learning path. Check the words in your letter and try again."  # noqa: E501
UNSUPPORTED = "This browser cannot open private learning paths. Use a recent version of Chrome, Safari, Firefox or Edge."  # noqa: E501
BAD_LINK = "This link does not open this learning path; it may be incomplete. Type the passphrase from your letter instead."  # noqa: E501


def site_keys(student: str) -> keys.SiteKeys:
    return keys.site_keys(SECRET, 1, student)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sealed-browser") / "site"
    env = {"LEARNPATH_SECRET": SECRET.hex(), "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    result = CliRunner().invoke(
        main, ["build", "--plans", str(ROOT / "plans"), "--site", str(out)], env=env
    )
    assert result.exit_code == 0, result.output
    return out


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
    results.first.wait_for(state="visible")
    tab.page.wait_for_timeout(300)  # Material renders results in batches, fading them in
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
                assert "could not be decrypted" in tab.page.inner_text("body")
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
        response = tab.page.goto(f"{url}{ava.folder}/#{ava.fragment}")
        tab.page.wait_for_url(f"{url}{ava.folder}/")
        tab.page.wait_for_load_state("networkidle")
        response = tab.page.reload()
        assert response.status == 500
        assert "could not be decrypted" in tab.page.inner_text("body")
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
    assert names == ["Ava M.", "Liam O.", "Mia C.", "Noah T."]
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
    texts = [p.extract_text() for p in pages]
    assert len(pages) == 4
    assert [t.split("\n")[0] for t in texts] == [
        "El camino de aprendizaje de Ava M.",
        "Liam O.'s learning path",
        "Mia C.'s learning path",
        "Noah T.'s learning path",
    ]
    assert site_keys("noah-t").passphrase in texts[3]
    context.close()
