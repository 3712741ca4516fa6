"""Student sites: golden page bodies, isolation, hostile text, no third party, lang, determinism,
an untouched site on error, and rebuilds that skip unchanged students."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.rendering.render import render_golden

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
STUDENTS = {
    "ava-m": "Ava M.",
    "liam-o": "Liam O.",
    "mia-c": "Mia C.",
    "noah-t": "Noah T.",
    "wei-l": "Wei L.",
    "yasmin-k": "Yasmin K.",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1795478400"
    site = tmp_path_factory.mktemp("built") / "site"
    result = build(ROOT / "plans", site)
    assert not result.failed and sorted(result.built) == sorted(STUDENTS)
    return site


@pytest.mark.parametrize("student", ["ava-m", "yasmin-k"])  # Spanish; Arabic, right to left
def test_rendered_pages_match_the_golden_files(student: str) -> None:
    """Refresh after a deliberate change: .venv/bin/python tests/refresh_golden.py"""
    rendered = render_golden(student)
    folder = GOLDEN / student
    golden = {
        p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()
    }
    assert sorted(rendered) == sorted(golden)
    for name, text in rendered.items():
        assert text == golden[name], name


def test_every_student_gets_every_page(example_site: Path) -> None:
    pages = {
        "index.html",
        "path.html",
        "evidence.html",
        "reflections.html",
        "report.html",
        "search/search_index.json",
    }
    for student in STUDENTS:
        assert pages <= set(snapshot(example_site / student)), student
    assert (example_site / "ava-m" / "goals" / "fractions.html").is_file()
    assert (example_site / "ava-m" / "evidence" / "fraction-strips.png").is_file()


def test_a_site_shows_its_student_alone(example_site: Path) -> None:
    for student in STUDENTS:
        text = b"".join(snapshot(example_site / student).values()).decode("utf-8", "replace")
        for other, name in STUDENTS.items():
            if other != student:
                assert name not in text and f"/{other}/" not in text, (student, other)


def test_landing_page_lists_no_student_by_default(example_site: Path) -> None:
    landing = (example_site / "index.html").read_text()
    assert not any(name in landing for name in STUDENTS.values())
    assert '<meta name="robots" content="noindex, nofollow">' in landing


def test_no_page_loads_anything_from_another_host(example_site: Path) -> None:
    pattern = re.compile(
        r'<(?:script|img|iframe|source)[^>]+src="([^"]+)"|<link[^>]+href="([^"]+)"'
        r"|url\(['\"]?([^'\")]+)"
    )
    for path in [*example_site.rglob("*.html"), *example_site.rglob("*.css")]:
        for match in pattern.finditer(path.read_text(errors="replace")):
            url = next(g for g in match.groups() if g)
            assert not re.match(r"(https?:)?//", url), (path, url)


def test_pages_carry_lang_and_noindex(example_site: Path) -> None:
    for student, lang in (("ava-m", "es"), ("liam-o", "en")):
        for page in ("index.html", "report.html"):
            text = (example_site / student / page).read_text()
            assert f'<html lang="{lang}"' in text
            assert '<meta name="robots" content="noindex, nofollow">' in text


def test_the_learning_path_svg_has_a_text_alternative_and_links(example_site: Path) -> None:
    text = (example_site / "ava-m" / "path.html").read_text()
    assert '<title id="lp-graph-title">Camino de aprendizaje de Ava M.</title>' in text
    assert (
        '<desc id="lp-graph-desc">6 objetivos: 3 dominados, 2 en progreso, 0 listos, '
        "1 bloqueado.</desc>"
    ) in text
    assert text.count('class="lp-node ') == 6


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2)) **bold** `code`"


def _hostile_plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests" / "plans" / "valid" / "everything" / "plans", plans)
    path = plans / "students" / "zoe-2.yml"
    text = path.read_text().replace("title: Own objective", f"title: '{HOSTILE}'")
    path.write_text(text.replace("kind: project", f"kind: project\n    note: '{HOSTILE}'"))
    return plans


def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    result = build(_hostile_plans(tmp_path), tmp_path / "site")
    assert not result.failed
    site = tmp_path / "site" / "zoe-2"
    pages = "".join(p.read_text() for p in site.rglob("*.html"))
    assert "<script>alert(1)" not in pages
    assert "javascript:" not in pages.replace("[x](javascript:alert(2))", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) **bold** `code`" in (
        (site / "evidence.html").read_text()
    )
    # The student's name, Zoë <b>Two</b>, is text too.
    assert "Zoë &lt;b&gt;Two&lt;/b&gt;" in (site / "index.html").read_text()


def test_same_inputs_give_byte_identical_sites(tmp_path: Path, example_site: Path) -> None:
    again = tmp_path / "again"
    assert not build(ROOT / "plans", again).failed
    assert snapshot(again) == snapshot(example_site)


def test_a_broken_plan_leaves_the_site_untouched(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    site = tmp_path / "site"
    assert not build(plans, site).failed
    before = snapshot(site)
    plan = plans / "students" / "liam-o.yml"
    plan.write_text(plan.read_text().replace("objectives:", "objectves:", 1))
    result = build(plans, site)
    assert result.failed
    assert [p.rule for p in result.problems] == ["missing-key", "unknown-key"]
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".learnpath", "plans", "site"]
    assert sorted(p.name for p in (tmp_path / ".learnpath" / "site").iterdir()) == [
        "cache",  # the checked plans (generator/checking/cache/)
        "lock",
        "manifest.json",
    ]


def test_a_rebuild_skips_students_whose_inputs_did_not_change(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    site = tmp_path / "site"
    build(plans, site)
    untouched = snapshot(site / "ava-m")
    again = build(plans, site)
    assert (again.built, sorted(again.skipped)) == ([], sorted(STUDENTS))
    plan = plans / "students" / "liam-o.yml"
    plan.write_text(plan.read_text().replace("name: Liam O.", "name: Liam Ortiz"))
    third = build(plans, site)
    assert third.built == ["liam-o"]
    assert "Liam Ortiz" in (site / "liam-o" / "index.html").read_text()
    assert snapshot(site / "ava-m") == untouched
    (plans / "students" / "ava-m" / "fraction-strips.png").write_bytes(b"\x89PNG changed")
    assert build(plans, site).built == ["ava-m"]


def test_a_removed_student_disappears_from_the_site(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    site = tmp_path / "site"
    build(plans, site)
    (plans / "students" / "noah-t.yml").unlink()
    assert build(plans, site).removed == ["noah-t"]
    assert not (site / "noah-t").exists()


def test_warnings_are_shown_again_on_a_rebuild(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    plan = plans / "students" / "liam-o.yml"
    plan.write_text(plan.read_text().replace("student:\n", "student:\n  language: fr\n", 1))
    site = tmp_path / "site"
    first = build(plans, site)
    again = build(plans, site)
    assert [p.rule for p in first.problems] == [p.rule for p in again.problems]
    assert [p.rule for p in again.problems] == ["unsupported-language"]
    assert again.built == []
    assert build(plans, tmp_path / "strict", strict=True).failed


def test_library_words_follow_the_site_language(example_site: Path) -> None:
    ava = (example_site / "ava-m" / "goals" / "fractions.html").read_text()
    assert "Comparar fracciones con distinto numerador y denominador" in ava
    assert "Comparen porciones de dos pizzas cortadas de distinta manera." in ava
    assert "Compare slices of two pizzas" not in ava
    mia = (example_site / "mia-c" / "goals" / "costumes.html").read_text()
    assert "Understand a fraction a/b as a multiple of 1/b" in mia


def test_level_names_follow_the_site_language(example_site: Path) -> None:
    ava = (example_site / "ava-m" / "evidence.html").read_text()
    assert "<strong>Competente</strong> · observación" in ava
    assert "Proficient" not in ava
    liam = (example_site / "liam-o" / "evidence.html").read_text()
    assert "<strong>Proficient</strong>" in liam


def test_a_page_mkdocs_refuses_fails_the_build_without_a_traceback(tmp_path, monkeypatch):
    from generator import html

    def refuse(*args, **kwargs):
        raise html.HtmlBuildError("site 'ava-m': a page MkDocs refused")

    monkeypatch.setattr(html, "build_sites", refuse)
    result = build(ROOT / "plans", tmp_path / "site")
    assert result.failed
    assert [str(p) for p in result.problems] == [
        "plans:1:1: error: site 'ava-m': a page MkDocs refused [build]"
    ]
    assert not (tmp_path / "site").exists()


def test_the_sites_languages_are_made_once_before_the_workers_fork() -> None:
    """What each language needs (its theme labels' template, its dates and numbers) is made
    in the building process, so that the workers it forks inherit it instead of each making
    it again: building in the families' languages costs no more than in English."""
    from generator.build import _languages
    from generator.checking.validate import check
    from generator.html import _material, _warm_up

    project = check(ROOT / "plans")
    assert _languages(project, list(project.plans)) == ["ar", "en", "es", "zh"]
    assert _languages(project, ["ava-m", "wei-l"]) == ["es", "zh"]
    material = _material(None)
    _warm_up(material, ["ar", "zh", "xx"])  # xx: no theme labels, nothing to make
    assert {"ar", "zh"} <= material.warm and "xx" not in material.warm
    compiled = {name for _, name in material.env.cache}
    assert {"partials/languages/ar.html", "partials/languages/zh.html"} <= compiled
