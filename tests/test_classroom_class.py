"""`learnpath class` against groups worked out by hand from the example plans, its four
formats, where it may be written, and `build` refusing a site folder that holds it.

Hand-worked (today 2026-11-24; school method decaying_average, weight 65, mastery at
proficient = 3), for example:
- Noah, math4/compare-fractions, goal decaying_average weight 50: teacher evidence beginning (1)
  then developing (2): 0.5·1 + 0.5·2 = 1.5, so in progress at beginning; the family's
  observation is shown, not counted.
- Noah, math4/decompose-fractions requires unit-fraction-sums, n_mastery count 2, one
  proficient: not mastered, so decompose-fractions is locked.
- Liam, ela4/describe-story-elements requires ela4/text-details (weighted_average 80:
  0.8·4 + 0.2·mean(2, 2) = 3.6, mastered) and has no evidence: ready.
- Mia, ela4/theme-summary: only Dana's and Mia's own evidence, which do not count, and
  text-details is mastered (0.75·3 + 0.25·mean(2, 4) = 3): ready.
- Noah's fractions goal: 1 of 4 mastered (0.25) after 84 of 108 days (0.78): behind. Mia's
  costumes goal: 0 of 3 after 50 of 144 days: behind. Liam's fraction-sums: 4 of 5 (0.8)
  after 77 of 204 days (0.38): ahead.
"""

from __future__ import annotations

import io
import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .browser_support import (
    LAUNCH_ARGS,
    VIEWPORTS,
    axe_violations,
    open_tab,
    require_chromium,
    serve,
)
from .conftest import ROOT

# ref: (ready, in progress, mastered, locked)
GROUPS = {
    "ela4/compare-themes-cultures": ([], [], [], ["mia-c"]),
    "ela4/describe-story-elements": (["liam-o"], ["ava-m"], [], []),
    "ela4/point-of-view": ([], [], [], ["liam-o"]),
    "ela4/text-details": ([], [], ["ava-m", "liam-o", "mia-c"], []),
    "ela4/theme-summary": (["mia-c"], ["liam-o"], [], []),
    "ela4/word-meaning": ([], [], ["mia-c"], []),
    "math4/add-subtract-mixed-numbers": ([], [], ["liam-o"], []),
    "math4/compare-fractions": ([], ["noah-t"], ["ava-m"], []),
    "math4/decompose-fractions": ([], [], ["liam-o"], ["noah-t"]),
    "math4/equivalent-fractions": ([], [], ["ava-m", "noah-t"], []),
    "math4/fraction-as-multiple": ([], ["ava-m", "mia-c"], [], []),
    "math4/fraction-multiplication-word-problems": ([], [], [], ["mia-c"]),
    "math4/join-separate-parts": ([], [], ["liam-o"], []),
    "math4/multiply-fraction-by-whole": ([], [], [], ["mia-c"]),
    "math4/unit-fraction-sums": ([], ["noah-t"], ["liam-o"], []),
    "facts-2-5-10": ([], [], ["noah-t"], []),
    "facts-to-10": ([], ["noah-t"], [], []),
    "garden-planner": ([], ["liam-o"], [], []),
    "myth-reading": ([], [], ["mia-c"], []),
    "recipe-scaling": ([], [], [], ["ava-m"]),
}
STUDENTS = [
    {
        "id": "ava-m",
        "name": "Ava M.",
        "goals": [{"id": "fractions", "pace": "on_track_late"}, {"id": "reading", "pace": None}],
        "last_evidence": "2026-11-21",
    },
    {
        "id": "liam-o",
        "name": "Liam O.",
        "goals": [
            {"id": "fraction-sums", "pace": "ahead"},
            {"id": "reading-science", "pace": "on_track"},
        ],
        "last_evidence": "2026-11-22",
    },
    {
        "id": "mia-c",
        "name": "Mia C.",
        "goals": [{"id": "myths", "pace": "on_track"}, {"id": "costumes", "pace": "behind"}],
        "last_evidence": "2026-11-21",
    },
    {
        "id": "noah-t",
        "name": "Noah T.",
        "goals": [{"id": "fractions", "pace": "behind"}, {"id": "times-tables", "pace": None}],
        "last_evidence": "2026-11-23",
    },
]


# The class worked out by hand above is the four English and Spanish example students; the
# Arabic and Chinese ones (yasmin-k, wei-l) are there for their languages, and are left out.
LANGUAGE_EXAMPLES = ("yasmin-k", "wei-l")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    for student in LANGUAGE_EXAMPLES:
        (tmp_path / "plans" / "students" / f"{student}.yml").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_hand_worked_groups_in_the_documented_shape(folder: Path) -> None:
    code, out, _ = run("class", "--format", "json")
    assert (code, out) == (0, "wrote private/class.json\n")
    data = json.loads((folder / "private" / "class.json").read_text())
    assert list(data) == ["objectives", "students"]
    assert [o["id"] for o in data["objectives"]] == list(GROUPS)
    for objective in data["objectives"]:
        assert list(objective) == ["id", "title", "ready", "in_progress", "mastered", "locked"]
        ready, in_progress, mastered, locked = GROUPS[objective["id"]]
        assert objective["ready"] == ready, objective["id"]
        assert objective["in_progress"] == in_progress, objective["id"]
        assert objective["mastered"] == mastered, objective["id"]
        assert objective["locked"] == locked, objective["id"]
    # A library skill keeps the library's title, even where a plan gives it its own.
    assert (
        data["objectives"][9]["title"] == "Explain why two fractions are equivalent, using models"
    )
    assert data["students"] == STUDENTS


def test_csv_is_a_grid_with_status_and_current_level(folder: Path) -> None:
    assert run("class", "--format", "csv")[0] == 0
    lines = (folder / "private" / "class.csv").read_bytes().decode().split("\r\n")
    assert lines[0] == "student,name,last_evidence,behind_on," + ",".join(GROUPS)
    assert lines[4] == (
        "noah-t,Noah T.,2026-11-23,Understand fractions,,,,,,,,in progress: beginning,"
        "locked,mastered: proficient,,,,,in progress: developing,"
        "mastered: extending,in progress: developing,,,"
    )
    assert len(lines) == 6 and lines[5] == ""


def test_a_name_that_a_spreadsheet_would_run_stays_text(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    noah.write_text(noah.read_text().replace("name: Noah T.", 'name: "=HYPERLINK(1)"'))
    assert run("class", "--format", "csv")[0] == 0
    assert (
        "\r\nnoah-t,'=HYPERLINK(1),2026-11-23,"
        in (folder / "private" / "class.csv").read_bytes().decode()
    )


def test_text_lists_groups_ready_first_and_who_needs_attention(folder: Path) -> None:
    school = folder / "plans" / "school.yml"
    school.write_text(school.read_text() + "stale_after_days: 3\n")
    code, out, _ = run("class", "--format", "text")
    assert code == 0
    assert not (folder / "private").exists()
    assert out.startswith("Class at a glance, as of 2026-11-24 (4 students)\n")
    assert (
        "\nela4/theme-summary: Find the theme of a story, play or poem and summarize it\n"
        "  ready: Mia C.\n"
        "  in progress: Liam O.\n"
    ) in out
    assert out.endswith(
        "\nBehind pace:\n"
        "  Mia C.: Multiply fractions by whole numbers\n"
        "  Noah T.: Understand fractions\n"
        "\nNo evidence for 3 days or more:\n"
        "  Ava M.: last 2026-11-21\n"
        "  Mia C.: last 2026-11-21\n"
        # Liam's fractions goal: review_after_days 45, so mastered with no counted evidence
        # since 2026-10-09: unit fraction sums (last 2026-09-22), joining and separating
        # (2026-10-06); not decomposing (2026-10-13, 42 days), not mixed numbers (2026-11-10).
        "\nTime to review (mastered, no counted evidence since):\n"
        "  Liam O.: Understand a fraction a/b as a sum of unit fractions 1/b, Add and subtract "
        "fractions as joining and separating parts of the same whole\n"
    )


def test_html_escapes_plan_text(folder: Path) -> None:
    mia = folder / "plans" / "students" / "mia-c.yml"
    mia.write_text(mia.read_text().replace("name: Mia C.", "name: Mia <b>C.</b>"))
    assert run("class")[0] == 0
    page = (folder / "private" / "class.html").read_text()
    assert "Mia &lt;b&gt;C.&lt;/b&gt;" in page and "<b>C." not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_the_class_page_is_never_written_into_the_site_folder(folder: Path) -> None:
    for out in ("site", "site/teacher", "site/../site/x"):
        code, _, err = run("class", "--out", out)
        assert code == 2
        assert f"'{out}' is inside the site folder 'site', which is published" in err
    assert not (folder / "site").exists()
    code, _, err = run("class", "--out", "public/teacher", "--site", "public")
    assert code == 2 and "inside the site folder 'public'" in err


def test_build_refuses_a_site_folder_holding_the_class_page(folder: Path) -> None:
    assert run("class", "--out", "private")[0] == 0
    (folder / "site" / "extra").mkdir(parents=True)
    shutil.copy(folder / "private" / "class.html", folder / "site" / "extra" / "class.html")
    (folder / "site" / "class").mkdir()  # a student may be called "class": that is fine
    (folder / "site" / "class" / "class.html").write_text("<!doctype html><p>a student's page")
    code, out, err = run("build")
    assert (code, out) == (1, "")
    assert err == (
        "site/extra/class.html:1:1: error: the teacher's class page is in the site folder, "
        "which is published; delete it and write it to private/ (learnpath class does by "
        "default) [class-page-in-site]\n"
        "1 error, 0 warnings\n"
        "nothing written: site is unchanged\n"
    )
    assert sorted(p.name for p in (folder / "site").rglob("*")) == [
        "class",
        "class.html",
        "class.html",
        "extra",
    ]


def test_a_broken_plan_stops_the_class_view(folder: Path) -> None:
    noah = folder / "plans" / "students" / "noah-t.yml"
    noah.write_text(noah.read_text().replace("kind: quiz", "kind: quiz\n    levl: x", 1))
    code, _, err = run("class")
    assert code == 1
    assert err.startswith("plans/students/noah-t.yml:")
    assert "nothing written: fix the plans first" in err
    assert not (folder / "private").exists()


def test_gitignore_keeps_private_out_of_git() -> None:
    assert "/private/\n" in (ROOT / ".gitignore").read_text()


# --- in a browser: axe and print --------------------------------------------------------------


@pytest.mark.browser
def test_class_page_passes_axe_and_prints_on_landscape_pages(folder: Path) -> None:
    from pypdf import PdfReader

    assert run("class")[0] == 0
    with serve(folder / "private") as url:
        pdf = in_own_thread(lambda: check_in_chromium(url + "class.html"))
    reader = PdfReader(io.BytesIO(pdf))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape, from the page's own @page rule
    assert len(reader.pages) <= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Ready: the next small group" in text and "Noah T." in text


def check_in_chromium(url: str) -> bytes:
    """axe, requests, console and width on a phone and a desktop; the page printed to PDF."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=require_chromium(), args=LAUNCH_ARGS)
        try:
            for name, size in VIEWPORTS.items():
                tab = open_tab(chromium, url, size)
                tab.page.goto(url, wait_until="load")
                assert axe_violations(Axe(), tab.page) == "", name
                assert tab.foreign == [] and tab.errors == []
                # Wide tables scroll in their own region, never the whole page.
                assert tab.page.evaluate("document.documentElement.scrollWidth") == size["width"]
            return tab.page.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            chromium.close()


def in_own_thread(work):
    """test_browser.py keeps a sync Playwright open for the whole session, and Playwright
    refuses a second one in a thread whose event loop runs: this one gets its own thread."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="class-page-browser")
    thread.start()
    thread.join(300)
    if "error" in box:
        raise box["error"]
    return box["value"]
