"""Label catalogues: plural forms in every language, and a broken catalogue is a located
problem in `validate` (so `build` stops before rendering), never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import i18n, report
from generator.build import build
from generator.model import Plan
from generator.render import Words
from generator.validate import check

from .conftest import ROOT

PLANS = ROOT / "plans"


@pytest.fixture
def locales(tmp_path, monkeypatch) -> Path:
    """A copy of the catalogues that a test may break."""
    folder = tmp_path / "locales"
    shutil.copytree(ROOT / "templates" / "locales", folder)
    monkeypatch.setattr(i18n, "LOCALES", folder)
    i18n.languages.cache_clear()
    i18n.catalog.cache_clear()
    yield folder
    i18n.languages.cache_clear()
    i18n.catalog.cache_clear()


def edit(folder: Path, language: str, old: str, new: str) -> None:
    path = folder / f"{language}.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def line_of(folder: Path, language: str, text: str) -> int:
    lines = (folder / f"{language}.yml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def problems(plans: Path = PLANS) -> list[str]:
    return report.text(check(plans).problems).splitlines()


def words(language: str) -> Words:
    plan = check(PLANS).plans["ava-m"]
    return Words(Plan(**{**plan.__dict__, "language": language}), check(PLANS).school)


@pytest.mark.parametrize(
    ("language", "key", "params", "expected"),
    [
        ("en", "counted_evidence", {"n": 1}, "1 counted piece of evidence"),
        ("en", "counted_evidence", {"n": 0}, "0 counted pieces of evidence"),
        ("en", "n_of_m_mastered", {"n": 0, "m": 1}, "0 of 1 objective mastered"),
        ("en", "n_of_m_mastered", {"n": 2, "m": 3}, "2 of 3 objectives mastered"),
        ("es", "n_of_m_mastered", {"n": 0, "m": 1}, "0 de 1 objetivo dominado"),
        ("es", "n_of_m_mastered", {"n": 1, "m": 4}, "1 de 4 objetivos dominados"),
        ("es", "counted_evidence", {"n": 1}, "1 evidencia que cuenta"),
        ("es", "counted_evidence", {"n": 2}, "2 evidencias que cuentan"),
        ("es", "graph_locked", {"n": 1}, "1 bloqueado"),
        ("es", "graph_locked", {"n": 0}, "0 bloqueados"),
        (
            "es",
            "rule_n_mastery",
            {"count": 1, "who": "docente", "level": "Competente"},
            "Dominado cuando 1 evidencia de docente llega a Competente.",
        ),
        (
            "en",
            "rule_n_mastery",
            {"count": 1, "who": "teacher", "level": "Proficient"},
            "Mastered when 1 piece of teacher evidence reaches Proficient.",
        ),
    ],
)
def test_labels_that_count_take_the_plural_form_of_the_number(language, key, params, expected):
    assert words(language)(key, **params) == expected


# Arabic has six plural forms: 0 zero, 1 one, 2 two, 3 few (3–10), 11 many (11–99), 100 other.
ARABIC_OBJECTIVES = {
    0: "لا أهداف",
    1: "هدف واحد",
    2: "هدفان",
    3: "3 أهداف",
    11: "11 هدفًا",
    100: "100 هدف",
}
ARABIC_EVIDENCE = {
    0: "لا أدلة محتسبة",
    1: "دليل واحد محتسب",
    2: "دليلان محتسبان",
    3: "3 أدلة محتسبة",
    11: "11 دليلًا محتسبًا",
    100: "100 دليل محتسب",
}


@pytest.mark.parametrize("n", [0, 1, 2, 3, 11, 100])
def test_arabic_takes_each_of_its_six_plural_forms(n) -> None:
    assert words("ar")("graph_objectives", n=n) == ARABIC_OBJECTIVES[n]
    assert words("ar")("counted_evidence", n=n) == ARABIC_EVIDENCE[n]


# Russian has four: one (1, 21), few (2–4), many (0, 5–20, 100); other is for fractions.
RUSSIAN_OBJECTIVES = {
    0: "0 навыков",
    1: "1 навык",
    2: "2 навыка",
    3: "3 навыка",
    11: "11 навыков",
    21: "21 навык",
    100: "100 навыков",
}
RUSSIAN_EVIDENCE = {
    0: "0 засчитанных записей",
    1: "1 засчитанная запись",
    2: "2 засчитанные записи",
    3: "3 засчитанные записи",
    11: "11 засчитанных записей",
    21: "21 засчитанная запись",
    100: "100 засчитанных записей",
}


@pytest.mark.parametrize("n", [0, 1, 2, 3, 11, 21, 100])
def test_russian_takes_each_of_its_plural_forms(n) -> None:
    assert words("ru")("graph_objectives", n=n) == RUSSIAN_OBJECTIVES[n]
    assert words("ru")("counted_evidence", n=n) == RUSSIAN_EVIDENCE[n]


def test_the_repository_catalogues_are_clean() -> None:
    assert i18n.problems() == []


def test_a_placeholder_typo_is_a_located_validate_error_not_a_build_crash(
    locales, tmp_path
) -> None:
    edit(locales, "es", '"¡Hola, {name}!"', '"¡Hola, {nmae}!"')
    line = line_of(locales, "es", "nmae")
    expected = (
        f"templates/locales/es.yml:{line}:8: error: '{{nmae}}' is not a placeholder of label "
        "'hello' — did you mean '{name}'? [bad-label]"
    )
    assert problems() == [expected, "1 error, 0 warnings"]
    result = build(PLANS, tmp_path / "site")
    assert result.failed and [str(p) for p in result.problems] == [expected]
    assert not (tmp_path / "site").exists()


def test_a_placeholder_typo_in_english_is_caught_too(locales) -> None:
    edit(locales, "en", '"Hello, {name}!"', '"Hello, {nmae}!"')
    line = line_of(locales, "en", "nmae")
    assert problems()[0] == (
        f"templates/locales/en.yml:{line}:8: error: '{{nmae}}' is not a placeholder of label "
        "'hello' — did you mean '{name}'? [bad-label]"
    )


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (
            'hello: "¡Hola, {name}!"',
            'hello: "¡Hola, {name!"',
            8,
            "error: label 'hello' has an unmatched '{' or '}'; write '{{' or '}}' for a brace "
            "[bad-label]",
        ),
        (
            'hello: "¡Hola, {name}!"',
            'hello: "¡Hola, {name.__class__}!"',
            8,
            "error: '{name.__class__}' is not a placeholder of label 'hello' — it may use: "
            "{name} [bad-label]",
        ),
        (
            '  one: "{n} evidencia que cuenta"',
            '  uno: "{n} evidencia que cuenta"',
            3,
            "error: 'uno' is not a plural form of 'es' (its forms: many, one, other) [bad-label]",
        ),
        (
            "nav_home: Inicio",
            "nav_hom: Inicio",
            1,
            "error: unknown label 'nav_hom' — did you mean 'nav_home'? [unknown-key]",
        ),
        (
            "nav_home: Inicio",
            "nav_home: [Inicio]",
            1,
            "error: label 'nav_home' must be one text [wrong-type]",
        ),
    ],
    ids=["brace", "attribute", "plural-form", "unknown-key", "wrong-type"],
)
def test_a_broken_label_is_located(locales, old, new, column, message) -> None:
    edit(locales, "es", old, new)
    line = line_of(locales, "es", new.strip())
    assert f"templates/locales/es.yml:{line}:{column}: {message}" in problems()


def test_a_missing_label_is_a_warning_and_shows_english(locales) -> None:
    edit(locales, "es", "nav_home: Inicio\n", "")
    assert problems() == [
        "templates/locales/es.yml:4:1: warning: label 'nav_home' is missing; the site shows "
        "the English text instead [missing-label]",
        "0 errors, 1 warning",
    ]
    assert words("es")("nav_home") == "Home"


def test_a_yaml_error_in_a_catalogue_is_located(locales, tmp_path) -> None:
    edit(locales, "es", "nav_home: Inicio", "nav_home: [Inicio")
    found = problems()
    assert found[0].startswith("templates/locales/es.yml:") and found[0].endswith("[syntax]")
    assert build(PLANS, tmp_path / "site").failed
