"""The page to add to the plan, in the real browser: a family fills it in on a phone, the
sealed file (downloaded, or handed to a stubbed share sheet) is applied by `learnpath inbox`
with an exact diff, and the rebuilt site shows it."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.publishing import keys, seal

from .browser_support import VIEWPORTS, axe_violations, open_tab, serve
from .conftest import ROOT, TODAY_EPOCH

SHOTS = ROOT / "tests" / "screenshots"  # git-ignored: for a human look
SECRET = bytes.fromhex("a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79")
ENV = {"LEARNPATH_SECRET": SECRET.hex(), "SOURCE_DATE_EPOCH": TODAY_EPOCH}
AVA = keys.site_keys(SECRET, 1, "ava-m")
NOTE = "Comparó 1/3 y 1/4 con dos pizzas en la cena."
GPS = struct.pack(">6I", 40, 1, 26, 1, 46, 1)  # 40° 26' 46": a latitude in the photo's EXIF
# Share sheets say files work, and hand over what they were given: the test reads it back.
SHARE_STUB = """
navigator.canShare = (data) => Boolean(data && data.files);
navigator.share = async (data) => { window.__shared = await data.files[0].text();
  window.__sharedName = data.files[0].name; };
"""


def with_gps(jpeg: bytes) -> bytes:
    """The JPEG with an EXIF block holding a GPS latitude, as a phone's camera writes it."""
    gps_ifd = struct.pack(">H", 1) + struct.pack(">HHII", 2, 5, 3, 44) + struct.pack(">I", 0)
    ifd0 = struct.pack(">H", 1) + struct.pack(">HHII", 0x8825, 4, 1, 26) + struct.pack(">I", 0)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + gps_ifd + GPS
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("contribute")
    shutil.copytree(ROOT / "plans", root / "plans")
    result = CliRunner().invoke(
        main, ["build", "--plans", str(root / "plans"), "--site", str(root / "site")], env=ENV
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def base_url(project: Path):
    with serve(project / "site") as url:
        yield url


@pytest.fixture
def tab(browser, base_url):
    opened = open_tab(browser, base_url, VIEWPORTS["phone"])
    opened.page.context.add_init_script(SHARE_STUB)
    yield opened
    opened.page.context.close()


def photo(tab, tmp_path: Path) -> Path:
    """A 2400 x 1800 photo with GPS in its EXIF, made by the browser's own JPEG encoder."""
    data = tab.page.evaluate(
        """() => { const c = document.createElement("canvas"); c.width = 2400; c.height = 1800;
        const g = c.getContext("2d"); g.fillStyle = "#c84"; g.fillRect(0, 0, 2400, 1800);
        g.fillStyle = "#48c"; g.fillRect(300, 300, 900, 600);
        return c.toDataURL("image/jpeg", 0.9).split(",")[1]; }"""
    )
    path = tmp_path / "IMG_0042.jpg"
    path.write_bytes(with_gps(base64.b64decode(data)))
    return path


def open_page(tab, base_url: str) -> None:
    tab.page.goto(f"{base_url}{AVA.folder}/#{AVA.fragment}")
    tab.page.locator(".md-header__topic").first.wait_for(state="attached")
    tab.page.goto(f"{base_url}{AVA.folder}/contribute.html")
    tab.page.locator('[data-step="writer"]').wait_for(state="visible")


def fill_observation(tab, tmp_path: Path) -> None:
    page = tab.page
    page.get_by_label("Carlos M. (familia)").check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_role("button", name="Algo que vi en casa").click()
    step = page.locator('[data-step="observation"]')
    step.get_by_label("¿Qué objetivo?").select_option(
        label="Comparar fracciones con distinto numerador y denominador"
    )
    step.get_by_label("¿Qué tan avanzado?").select_option(label="En desarrollo")
    step.get_by_label("¿Qué pasó?").fill(NOTE)
    step.get_by_label("Fotos (hasta 3)").set_input_files(str(photo(tab, tmp_path)))
    step.locator(".lp-add-photos img").wait_for(state="visible")


def test_a_family_sends_an_observation_with_a_photo(tab, base_url, project, axe, tmp_path) -> None:
    open_page(tab, base_url)
    fill_observation(tab, tmp_path)
    assert axe_violations(axe, tab.page) == ""  # the form, with the photo as it will be sent
    SHOTS.mkdir(exist_ok=True)  # the README's phone screenshot is a copy of this one
    tab.page.screenshot(path=str(SHOTS / "phone-add.png"), full_page=True)
    tab.page.reload()  # nothing typed is lost
    step = tab.page.locator('[data-step="observation"]')
    assert step.get_by_label("¿Qué pasó?").input_value() == NOTE
    assert step.locator(".lp-add-photos img").count() == 1
    tab.page.clock.set_fixed_time(dt.datetime(2026, 11, 20, 18, 30))  # the family's evening
    step.get_by_role("button", name="Agregar", exact=True).click()
    tab.page.get_by_role("button", name="Revisar y enviar").click()
    summary = tab.page.locator(".lp-add-summary")
    assert summary.text_content() == "1 observación, 1 foto, para el plan de Ava M."
    with tab.page.expect_download() as download:
        tab.page.get_by_role("button", name="Guardar como archivo").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("learnpath-")
    tab.page.get_by_role("button", name="Enviar al docente").click()
    tab.page.wait_for_function("() => window.__shared !== undefined")
    shared = tab.page.evaluate("() => window.__shared")
    assert shared == saved.read_text()
    # Material's RxJS scheduler throws "executing a cancelled action" now and then under the
    # frozen clock this test sets (RxJS AsyncAction); it is the test's clock, not the page.
    errors = [e for e in tab.errors if "executing a cancelled action" not in e]
    assert tab.foreign == [] and errors == []
    for word in (NOTE, "Carlos", "pizzas", "compare-fractions"):
        assert word not in shared

    plans = project / "plans"
    result = inbox(saved, plans, "--apply")
    assert result.exit_code == 0, result.output
    stored = list((plans / "students" / "ava-m").glob("contribution-*.jpg"))
    assert len(stored) == 1
    data = stored[0].read_bytes()  # made small on the phone: no EXIF, no GPS
    assert data.startswith(b"\xff\xd8") and b"Exif" not in data and GPS not in data
    recorded = (plans / "students" / "ava-m.yml").read_text().rsplit("\n  - ", 1)[1].strip()
    assert result.output == APPLIED.format(
        file=saved, photo=stored[0].name, size=len(data), id=recorded
    )
    check = CliRunner().invoke(main, ["validate", "--plans", str(plans)])
    assert check.output == "0 errors, 0 warnings\n"
    rebuilt = CliRunner().invoke(
        main, ["build", "--plans", str(plans), "--site", str(project / "site")], env=ENV
    )
    assert rebuilt.exit_code == 0, rebuilt.output
    home = page_text(project / "site", "index.html")  # "what changed" since the last report
    assert (
        "<li>20 nov 2026 — <bdi>Comparar fracciones con distinto numerador y denominador</bdi>: "
        '<strong>En desarrollo</strong> · observación · <bdi lang="en">Carlos M.</bdi> (familia) · '
        "<em>se muestra, no cuenta para el dominio</em></li>"
    ) in home
    received = page_text(project / "site", "contribute.html")
    assert (
        "<li>20 nov 2026: observación — Comparar fracciones con distinto numerador y "
        'denominador, de <bdi lang="en">Carlos M.</bdi> (familia)</li>'
    ) in received
    evidence = page_text(project / "site", "evidence.html")
    assert NOTE in evidence and stored[0].name in evidence
    again = inbox(saved, plans, "--apply")
    assert again.output == (
        f"{saved}: for ava-m, by Carlos M. (parent), 2026-11-20: already applied, nothing to add\n"
        "inbox: 0 new contributions for 0 plans, 1 already applied\n"
    )


def page_text(site: Path, path: str) -> str:
    """A page of Ava's rebuilt sealed site, decrypted as the service worker does."""
    sealed = (site / AVA.folder / "manifest").read_bytes()
    files = json.loads(seal.open_sealed(AVA.content, "manifest", sealed))["files"]
    blob = (site / AVA.folder / files[path][0]).read_bytes()
    return seal.open_file(AVA.content, path, files[path], blob).decode()


def inbox(saved: Path, plans: Path, *args: str):
    return CliRunner().invoke(main, ["inbox", str(saved), "--plans", str(plans), *args], env=ENV)


APPLIED = """\
{file}: for ava-m, by Carlos M. (parent), 2026-11-20
  1. observation of math4/compare-fractions: developing, 1 photo
--- plans/students/ava-m.yml
+++ plans/students/ava-m.yml
@@ -149,6 +149,13 @@
     by: Ava
     kind: self-assessment
     note: I know a lot about the horse but I forget to write where it says it.
+  - objective: math4/compare-fractions
+    date: 2026-11-20
+    level: developing
+    by: Carlos M.
+    kind: observation
+    note: Comparó 1/3 y 1/4 con dos pizzas en la cena.
+    file: {photo}
 
 reflections:
   - date: 2026-10-05
@@ -163,3 +170,5 @@
   - date: 2026-11-22
     by: Ms. Rivera
     text: Ava is ready to start scaling recipes once she can write fractions as multiples on her own.
+contributions:
+  - {id}
+ plans/students/ava-m/{photo} (a new photo, {size:,} bytes)
wrote plans/students/ava-m.yml
inbox: 1 new contribution for 1 plan
"""  # noqa: W293, E501 - a diff's blank context line is one space


def test_the_page_has_no_accessibility_violations(browser, base_url, axe, tmp_path) -> None:
    for name, viewport in VIEWPORTS.items():
        tab = open_tab(browser, base_url, viewport)
        open_page(tab, base_url)
        assert axe_violations(axe, tab.page) == ""
        SHOTS.mkdir(exist_ok=True)
        tab.page.screenshot(path=str(SHOTS / f"contribute-{name}.png"), full_page=True)
        tab.page.context.close()


def test_the_teachers_index_offers_the_page_for_any_student(
    browser, base_url, project, axe, tmp_path
) -> None:
    teacher = keys.site_keys(SECRET, 1, keys.TEACHER)
    tab = open_tab(browser, base_url, VIEWPORTS["phone"])
    tab.page.goto(base_url)  # the landing page opens the teacher's index
    tab.page.fill("#lp-passphrase", teacher.passphrase)
    tab.page.click("button[type=submit]")
    tab.page.locator("table.lp-class-index").wait_for()
    tab.page.get_by_role("link", name="Add to the plan: Liam O.").click()
    step = tab.page.locator('[data-step="writer"]')
    step.wait_for(state="visible")
    tab.page.clock.set_fixed_time(dt.datetime(2026, 11, 23, 14, 0))  # a school day
    assert axe_violations(axe, tab.page) == ""
    step.get_by_label("Mr. Chen (teacher)").check()
    step.get_by_role("button", name="Next").click()
    tab.page.get_by_role("button", name="Something I saw at home").click()
    form = tab.page.locator('[data-step="observation"]')
    form.get_by_label("Which objective?").select_option(index=1)
    form.get_by_label("How far along?").select_option(label="Proficient")
    form.get_by_label("What happened?").fill("Explained it to a classmate at the board.")
    form.get_by_role("button", name="Add", exact=True).click()
    tab.page.get_by_role("button", name="Review and send").click()
    assert tab.page.locator(".lp-add-summary").text_content() == "1 observation, for Liam O.'s plan"
    with tab.page.expect_download() as download:
        tab.page.get_by_role("button", name="Save as a file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    SHOTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(SHOTS / "teacher-add.png"), full_page=True)
    assert tab.foreign == [] and [e for e in tab.errors if "cancelled action" not in e] == []
    tab.page.context.close()
    result = inbox(saved, project / "plans", "--apply")
    assert result.exit_code == 0, result.output
    assert "for liam-o, by Mr. Chen (teacher), 2026-11-23" in result.output
    assert "+    by: Mr. Chen\n+    kind: observation\n" in result.output


def test_an_observation_needs_no_level(tab, base_url) -> None:
    """Issue 22.1: a family that does not know the scale's words adds the observation anyway;
    the draft's item has no level (the inbox writes it without one: it never counts)."""
    open_page(tab, base_url)
    page = tab.page
    page.get_by_label("Carlos M. (familia)").check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_role("button", name="Algo que vi en casa").click()
    step = page.locator('[data-step="observation"]')
    step.get_by_label("¿Qué objetivo?").select_option(
        label="Comparar fracciones con distinto numerador y denominador"
    )
    step.get_by_label("¿Qué pasó?").fill(NOTE)
    step.get_by_role("button", name="Agregar", exact=True).click()
    summary = page.locator(".lp-add-draft-summary").text_content()
    assert summary == "1 observación, para el plan de Ava M."
    items = page.evaluate(
        """() => Object.keys(localStorage).filter((k) => k.startsWith("learnpath-draft:"))
          .map((k) => JSON.parse(localStorage.getItem(k)).items)[0]"""
    )
    assert items == [{"type": "observation", "objective": "math4/compare-fractions", "note": NOTE}]
    assert tab.foreign == [] and tab.errors == []


def test_an_observations_level_says_it_is_optional(tab, base_url) -> None:
    """Issue 22.1's form: the observation's level may stay empty and its label says so; a
    self-assessment's level is needed and its label stays as it was."""
    open_page(tab, base_url)
    observation = tab.page.locator("#lp-observation-level")
    self_assessment = tab.page.locator("#lp-self-assessment-level")
    assert observation.evaluate("(e) => e.labels[0].textContent") == "¿Qué tan avanzado? (opcional)"
    assert self_assessment.evaluate("(e) => e.labels[0].textContent") == "¿Qué tan avanzado?"


# The photo picker in the site's words: (student, button, label, none chosen, one chosen).
PICKERS = {
    "en": ("liam-o", "Choose photos", "Photos (up to 3)", "No photo chosen yet", "1 photo"),
    "es": ("ava-m", "Elegir fotos", "Fotos (hasta 3)", "Aún no eligió ninguna foto", "1 foto"),
    "ar": ("yasmin-k", "اختيار الصور", "صور (حتى 3)", "لم تُختر أي صورة بعد", "الصور: 1"),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", PICKERS)
def test_the_photo_picker_speaks_the_sites_language(
    browser, base_url, axe, tmp_path, language, viewport
) -> None:
    """The browser draws a file input in its own language ("Choose Files / No file chosen");
    the picker is a button in the site's language, reached with Tab, opened with Enter or
    Space, and it says how many photos were chosen."""
    student, button, label, none, one = PICKERS[language]
    site = keys.site_keys(SECRET, 1, student)
    tab = open_tab(browser, base_url, VIEWPORTS[viewport])
    page = tab.page
    # Playwright turns on catching the file chooser without waiting for the browser's reply:
    # a listener from the start has it on before any key is pressed.
    page.on("filechooser", lambda chooser: None)
    page.goto(f"{base_url}{site.folder}/#{site.fragment}")
    page.locator(".md-header__topic").first.wait_for(state="attached")
    page.goto(f"{base_url}{site.folder}/contribute.html")
    page.locator('input[name="lp-writer"]').first.check()
    page.locator('[data-step="writer"] [data-go="what"]').click()
    page.locator('[data-step="what"] [data-go="observation"]').click()
    picker = page.locator('[data-step="observation"] .lp-add-picker')
    picker.wait_for(state="visible")
    assert picker.inner_text() == f"{button}\n{none}"
    assert page.locator("#lp-photos").aria_snapshot() == f'- button "{label} {button}"'
    assert axe_violations(axe, page) == ""
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.locator("#lp-observation-note").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lp-photos"
    focus_ring = "getComputedStyle(document.getElementById('lp-photos-button')).outlineStyle"
    assert page.evaluate(focus_ring) == "solid"  # the button shows where the focus is
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(photo(tab, tmp_path)))
    page.locator(".lp-add-photos img").wait_for(state="visible")
    assert page.locator("#lp-photos-count").text_content() == one
    with page.expect_file_chooser():
        page.keyboard.press("Space")  # the focus stayed on the picker
    with page.expect_file_chooser():
        page.get_by_text(button, exact=True).click()
    page.mouse.move(0, 0)  # the shot shows the button at rest, not hovered
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"photo-picker-{language}-{viewport}.png"), full_page=True)
    assert tab.foreign == [] and tab.errors == []
    page.context.close()
