"""What families actually see: the example sites in a real browser (Debian's Chromium, driven
by Playwright), served over HTTP under a sub-path as on GitHub Pages.

On every page of every example student, and the landing page, at phone and desktop size:
no WCAG 2.1 A/AA violation (axe-core), no request to another host, no console error, no
sideways scrolling on a phone, and every same-site link leads somewhere that exists. Also:
the learning-path graph by keyboard and by screen reader, search with its results shown, and
the printed progress report (at most two A4 pages).

Screenshots and printed reports land in tests/screenshots/ (git-ignored) for a human look;
docs/screenshots/ (shown in the README) are copies of liam-o-{index,goals-fraction-sums,path}
-phone.png, liam-o-index-desktop.png and yasmin-k-index-phone.png (the Arabic site).
Chromium missing is a failure, not a skip: `sh scripts/setup.sh test` installs it.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import urllib.parse
from pathlib import Path

import pytest

from generator.build import build
from generator.language import conventions, i18n

from .browser_support import (
    VIEWPORTS,
    LinkChecker,
    axe_violations,
    open_tab,
    serve,
    settle,
    student_pages,
)
from .conftest import ROOT, TODAY_EPOCH

STUDENTS = sorted(p.stem for p in (ROOT / "plans" / "students").glob("*.yml"))
SHOTS = ROOT / "tests" / "screenshots"
TARGETS = [pytest.param("", id="landing"), *STUDENTS]  # "" is the site root: the landing page


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        result = build(ROOT / "plans", out)
    assert not result.failed, [str(p) for p in result.problems]
    assert sorted(result.built) == STUDENTS
    return out


@pytest.fixture(scope="session")
def base_url(site: Path):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def tabs(browser, base_url):
    """One context and one page per viewport, shared by all tests (a page load is ~0.3 s)."""
    opened = {name: open_tab(browser, base_url, size) for name, size in VIEWPORTS.items()}
    yield opened
    for tab in opened.values():
        tab.page.context.close()


@pytest.fixture(scope="session")
def links() -> LinkChecker:
    return LinkChecker()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


def shot_name(path: str, viewport: str) -> str:
    """ava-m/goals/fractions.html at phone -> ava-m-goals-fractions-phone.png"""
    return re.sub(r"\.html$", "", path).replace("/", "-") + f"-{viewport}.png"


def go(tab, url: str, *, settle: bool = True):
    """Open a page; with ``settle``, wait until the search worker has its index and no
    request is in flight for 0.5 s (late requests and errors then have been seen)."""
    tab.clear()
    response = tab.page.goto(url, wait_until="load")
    if settle:
        tab.page.wait_for_load_state("networkidle")
    return response


# --- every page -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page(viewport, target, site, base_url, tabs, axe, links, shots) -> None:
    """Accessible (WCAG 2.1 AA), local-only, error-free, phone-wide, with working links."""
    pages = student_pages(site, target) if target else ["index.html"]
    if target:
        assert len(pages) >= 6, f"{target}: too few pages built: {pages}"
    tab = tabs[viewport]
    host = urllib.parse.urlsplit(base_url).netloc
    problems: list[str] = []
    for path in pages:
        response = go(tab, base_url + path, settle=False)  # settles while axe runs
        say = lambda text, path=path: problems.append(f"{path}: {text}")  # noqa: E731
        if response is None or response.status != 200:
            say(f"HTTP {response and response.status}")
            continue
        if report := axe_violations(axe, tab.page):
            say("axe (WCAG 2.1 A/AA):\n" + report)
        width, inner = tab.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if width > inner:
            wide = tab.page.evaluate(WIDEST)
            say(f"scrolls sideways: {width}px content in a {inner}px window; widest: {wide}")
        hrefs = tab.page.eval_on_selector_all("a[href]", ABSOLUTE_HREFS)
        for href in sorted(set(hrefs)):
            if urllib.parse.urlsplit(href).netloc == host and (broken := links.problem(href)):
                say(f"broken link {broken}")
        tab.page.screenshot(path=shots / shot_name(path, viewport))
        tab.page.wait_for_load_state("networkidle")  # late requests and errors surface
        if tab.foreign:
            say(f"requests to other hosts: {tab.foreign}")
        if tab.errors:
            say(f"console errors: {tab.errors}")
    assert not problems, "\n".join(problems)


# Also <a> in SVG, whose .href is not a string.
ABSOLUTE_HREFS = "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"

# The elements wider than the window, to say what to fix when a page scrolls sideways.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')"""


def test_the_guard_catches_foreign_requests(tabs) -> None:
    """The checks above would notice a request to another host (and it never leaves).

    On a blank page: the sites' Content-Security-Policy would block it before any request.
    """
    tab = tabs["phone"]
    tab.page.goto("about:blank")
    tab.clear()
    tab.page.set_content('<img src="https://tracker.example.invalid/pixel.gif" alt="">')
    # The guard records the request before it aborts it, and only then is the image done.
    tab.page.wait_for_function("() => [...document.images].every(image => image.complete)")
    assert tab.foreign == ["https://tracker.example.invalid/pixel.gif"]
    tab.clear()


# --- search ---------------------------------------------------------------------------------


def first_goal_word(site: Path, student: str) -> str:
    """A word from the title of the student's first goal page (what a family would look for)."""
    goal = next(p for p in student_pages(site, student) if "/goals/" in p)
    title = heading(site / goal)
    return max(re.findall(r"\w{4,}", title), key=len)


def heading(page: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert match, page
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


@pytest.mark.parametrize("student", STUDENTS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_finds_the_students_own_words(
    viewport, student, site, base_url, tabs, axe, shots
) -> None:
    """Material's search, opened as a family would, finds the student's goal; still AA."""
    word = first_goal_word(site, student)
    tab = tabs[viewport]
    go(tab, base_url + f"{student}/index.html")
    page = tab.page
    if viewport == "phone":  # the magnifier button in the header opens the search
        page.click('.md-header label[for="__search"]')
    else:
        page.click(".md-search__input")
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item")
    # Material renders results in batches, fading them in: wait for the word (any case),
    # then for stillness.
    results.filter(has_text=word).first.wait_for(state="visible")
    settle(page)
    found = results.all_inner_texts()
    assert any(word.lower() in text.lower() for text in found), (word, found)
    page.screenshot(path=shots / f"{student}-search-{viewport}.png")
    assert not axe_violations(axe, page), axe_violations(axe, page)
    assert tab.foreign == [] and tab.errors == []


def test_navigation_drawer_on_a_phone(base_url, tabs, axe, shots) -> None:
    """The phone's navigation drawer, once opened, is AA too."""
    tab = tabs["phone"]
    for student in STUDENTS:
        go(tab, base_url + f"{student}/index.html")
        tab.page.click('.md-header label[for="__drawer"]')
        tab.page.locator(".md-nav--primary").first.wait_for(state="visible")
        settle(tab.page)  # the drawer slides in
        assert not (report := axe_violations(axe, tab.page)), f"{student}:\n{report}"
        assert tab.foreign == [] and tab.errors == []
    tab.page.screenshot(path=shots / f"{STUDENTS[-1]}-drawer-phone.png")


# --- right to left --------------------------------------------------------------------------

RTL_STUDENT, LTR_STUDENT = "yasmin-k", "ava-m"


def test_a_right_to_left_site_is_mirrored(base_url, tabs, shots) -> None:
    """Yasmin's Arabic site runs right to left: the drawer slides in from the right, a
    progress bar fills from the right, the learning path starts on the right; Ava's Spanish
    site, the other way round. Charts keep time left to right on both (docs/languages.md)."""
    tab = tabs["phone"]
    for student, rtl in ((RTL_STUDENT, True), (LTR_STUDENT, False)):
        go(tab, base_url + f"{student}/goals/fractions.html")
        page = tab.page
        assert page.evaluate("getComputedStyle(document.body).direction") == (
            "rtl" if rtl else "ltr"
        )
        start, end = bar_ends(page, page.locator("progress.lp-progress").first)
        green, white = (27, 94, 32), (255, 255, 255)
        assert (start, end) == ((white, green) if rtl else (green, white)), student
        chart = page.locator("svg.lp-burnup").first
        assert chart.evaluate("s => getComputedStyle(s.querySelector('text')).direction") == "ltr"
        page.click('.md-header label[for="__drawer"]')
        drawer = page.locator(".md-sidebar--primary")
        page.wait_for_timeout(400)  # the drawer slides in
        box = drawer.bounding_box()
        width = page.viewport_size["width"]
        if rtl:
            assert abs(box["x"] + box["width"] - width) <= 1 and box["x"] > 0, box
        else:
            assert abs(box["x"]) <= 1 and box["x"] + box["width"] < width, box
        page.screenshot(path=shots / f"{student}-drawer-phone.png")
        go(tab, base_url + f"{student}/path.html")
        first = page.locator("svg.lp-graph a.lp-node rect").first.bounding_box()
        graph = page.locator("svg.lp-graph").bounding_box()
        middle = graph["x"] + graph["width"] / 2
        assert (first["x"] > middle - first["width"] / 2) == rtl, (first, graph)
        assert tab.foreign == [] and tab.errors == []


# The pixels of an element's screenshot, read back through a canvas of the page itself.
PIXELS = """async ([png, at]) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [image.width, image.height];
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const y = Math.floor(image.height / 2);
  return at.map(f => Array.from(
    context.getImageData(Math.floor(image.width * f), y, 1, 1).data.slice(0, 3)));
}"""


def bar_ends(page, bar) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The colours a progress bar shows near its left and right ends."""
    import base64

    png = base64.b64encode(bar.screenshot()).decode()
    left, right = page.evaluate(PIXELS, [png, [0.08, 0.92]])
    return tuple(left), tuple(right)


# --- the learning-path graph ----------------------------------------------------------------


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours as getComputedStyle gives them."""
    la, lb = (luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c))) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


NODE_STYLES = """svg => [...svg.querySelectorAll('a.lp-node')].map(a => {
  const s = e => getComputedStyle(e);
  return {cls: a.getAttribute('class'), href: a.getAttribute('href'),
          fill: s(a.querySelector('rect')).fill, stroke: s(a.querySelector('rect')).stroke,
          strokeWidth: s(a.querySelector('rect')).strokeWidth,
          dash: s(a.querySelector('rect')).strokeDasharray,
          texts: [...a.querySelectorAll('text')].map(t => s(t).fill)};
})"""


@pytest.mark.parametrize("student", STUDENTS)
def test_learning_path_graph(student, base_url, tabs, shots) -> None:
    """Labelled for screen readers, followed by the same path as a list, readable colours,
    statuses told apart by more than colour, and every objective reachable with Tab."""
    tab = tabs["phone"]
    go(tab, base_url + f"{student}/path.html")
    page = tab.page
    svg = page.locator("svg.lp-graph")
    assert svg.count() == 1
    # Text alternative: <title> and <desc> named by aria-labelledby, both with words.
    labelled = svg.get_attribute("aria-labelledby").split()
    names = [page.locator(f"svg.lp-graph > #{i}") for i in labelled]
    assert [n.evaluate("e => e.tagName") for n in names] == ["title", "desc"]
    assert all(n.text_content().strip() for n in names)
    # The same path as an ordered list right after the picture, one item per objective.
    nodes = svg.evaluate(NODE_STYLES)
    listed = page.eval_on_selector_all(
        ".lp-graph-box + h2 + ol > li > a", "as => as.map(a => a.getAttribute('href'))"
    )
    assert sorted(listed) == sorted(n["href"] for n in nodes) and nodes
    # Readable: text on its box, box edge on the page; each status its own look.
    for node in nodes:
        for text in node["texts"]:
            assert contrast(text, node["fill"]) >= 4.5, node
        assert contrast(node["stroke"], "rgb(255, 255, 255)") >= 3, node
    looks = {}
    for node in nodes:
        status = node["cls"].split()[-1]
        looks.setdefault(status, (node["fill"], node["stroke"], node["dash"]))
    assert len(set(looks.values())) == len(looks), looks
    # Keyboard: Tab reaches an objective in the picture, and the focus is visible.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg.lp-graph a.lp-node')"):
            break
    else:
        pytest.fail("pressing Tab never reached an objective in the learning-path graph")
    focused = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth"
    )
    unfocused = [
        n["strokeWidth"]
        for n in nodes
        if n["href"] != page.evaluate("document.activeElement.getAttribute('href')")
    ]
    assert all(float(focused[:-2]) > float(w[:-2]) for w in unfocused), (focused, unfocused)
    page.screenshot(path=shots / f"{student}-path-focus-phone.png")
    assert tab.foreign == [] and tab.errors == []


def test_charts_are_images_named_and_drawn_by_the_stylesheet(base_url, tabs) -> None:
    """A chart is one image to a screen reader, named by its title; the stylesheet draws its
    marks (each line its own colour and dash, 3:1 or more on white, text 4.5:1), and it fits
    a phone's width."""
    tab = tabs["phone"]
    go(tab, base_url + "ava-m/goals/fractions.html")
    page = tab.page
    burnup = page.get_by_role("img", name="Understand fractions: objetivos dominados en el tiempo")
    assert burnup.count() == 1 and burnup.evaluate("e => e.tagName") == "svg"
    looks = burnup.evaluate(CHART_STYLES)
    white = "rgb(255, 255, 255)"
    assert looks["lp-actual"] == ["rgb(27, 94, 32)", "3px", "none"]
    assert looks["lp-planned"] == ["rgb(13, 71, 161)", "2px", "8px, 5px"]
    assert looks["lp-projected"] == ["rgb(138, 69, 0)", "2.5px", "2px, 4px"]
    assert all(contrast(stroke, white) >= 3 for stroke, _, _ in looks.values()), looks
    text = burnup.evaluate("s => getComputedStyle(s.querySelector('text')).fill")
    assert contrast(text, white) >= 4.5
    box = burnup.bounding_box()
    assert box["width"] <= page.viewport_size["width"] and box["height"] > 100
    levels = page.locator("svg.lp-levels")
    # One per objective with evidence: "Scale a recipe" has none yet.
    named = page.get_by_role("img", name=re.compile("nivel de cada evidencia"))
    assert levels.count() == named.count() == 3
    # A Windows contrast theme (light text on black): the chart takes the theme's colours.
    page.emulate_media(forced_colors="active", color_scheme="dark")
    try:
        ink, paper = page.evaluate(THEME_COLOURS)
        assert contrast(ink, paper) >= 4.5, (ink, paper)
        looks = burnup.evaluate(CHART_STYLES)
        assert {stroke for stroke, _, _ in looks.values()} == {ink}, looks
        assert burnup.evaluate("s => getComputedStyle(s.querySelector('text')).fill") == ink
        assert looks["lp-planned"][2] == "8px, 5px"  # the lines still differ by their dashes
    finally:
        page.emulate_media(forced_colors="none", color_scheme="light")
    assert tab.foreign == [] and tab.errors == []


THEME_COLOURS = """() => [getComputedStyle(document.body).color,
  getComputedStyle(document.body).backgroundColor]"""

CHART_STYLES = """svg => Object.fromEntries(
  ['lp-actual', 'lp-planned', 'lp-projected', 'lp-today', 'lp-target'].map(c => {
    const s = getComputedStyle(svg.querySelector('.' + c));
    return [c, [s.stroke, s.strokeWidth, s.strokeDasharray]];
  }))"""


# --- the printed report ---------------------------------------------------------------------


@pytest.mark.parametrize("student", STUDENTS)
def test_printed_report(student, site, base_url, tabs, shots) -> None:
    """report.html printed by Chromium: at most two A4 pages, with the progress and goals."""
    from pypdf import PdfReader

    tab = tabs["desktop"]
    go(tab, base_url + f"{student}/report.html")
    pdf = tab.page.pdf(format="A4", print_background=True)
    (shots / f"{student}-report.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) <= 2, f"{student}: report prints on {len(reader.pages)} A4 pages"
    site_name = tab.page.locator(".md-header__topic .md-ellipsis").first.text_content().strip()
    assert site_name and site_name not in text, "the page header was printed"
    language = tab.page.evaluate("document.documentElement.lang")
    if conventions.direction(language) == "ltr":  # pypdf gives Arabic as the glyphs drawn
        overall = unicodedata.normalize("NFKC", i18n.catalog(language)["overall"])
        assert overall in unicodedata.normalize("NFKC", text), text[:500]
    goals = [heading(site / p) for p in student_pages(site, student) if "/goals/" in p]
    for title in goals:
        assert " ".join(title.split()) in text, (title, text[:800])
    assert tab.foreign == [] and tab.errors == []
