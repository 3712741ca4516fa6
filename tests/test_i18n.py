"""Label catalogues: plural forms in every language, and a broken catalogue is a located
problem in `validate` (so `build` stops before rendering), never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from generator import report
from generator.build import build
from generator.checking.validate import check
from generator.language import i18n, theme_labels
from generator.model import Plan
from generator.rendering.render import Words

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
            {"count": 1, "who": Markup("docente"), "level": Markup("Competente")},
            "Dominado cuando 1 evidencia de docente llega a Competente.",
        ),
        (
            "en",
            "rule_n_mastery",
            {"count": 1, "who": Markup("teacher"), "level": Markup("Proficient")},
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
        "templates/locales/es.yml:4:1: warning: label 'nav_home' is missing (after "
        "'site_title'); the site shows the English text instead [missing-label]",
        "0 errors, 1 warning",
    ]
    assert words("es")("nav_home") == "Home"


def test_a_yaml_error_in_a_catalogue_is_located(locales, tmp_path) -> None:
    edit(locales, "es", "nav_home: Inicio", "nav_home: [Inicio")
    found = problems()
    assert found[0].startswith("templates/locales/es.yml:") and found[0].endswith("[syntax]")
    assert build(PLANS, tmp_path / "site").failed


def test_the_languages_of_the_issue_all_load_in_their_own_words() -> None:
    assert i18n.languages() == [
        *("ar", "en", "es", "fa", "ht", "ko", "pt", "ru", "so", "tl", "vi", "zh"),
    ]
    homes = {language: words(language)("nav_home") for language in i18n.languages()}
    assert homes == {
        **{"ar": "الرئيسية", "en": "Home", "es": "Inicio", "fa": "خانه", "ht": "Akèy"},
        **{"ko": "홈", "pt": "Início", "ru": "Главная", "so": "Bogga hore", "tl": "Simula"},
        **{"vi": "Trang chủ", "zh": "首页"},
    }


@pytest.mark.parametrize(
    "language", ["ar", "es", "fa", "ht", "ko", "pt", "ru", "so", "tl", "vi", "zh"]
)
def test_every_catalogue_has_every_label_and_each_plural_form_of_its_language(language) -> None:
    english = i18n._checked("en", None)
    checked = i18n._checked(language, english)
    assert checked.problems == [] and set(checked.labels) == set(english.labels)
    forms = set(i18n.plural_rule(language).tags) | {"other"}
    for key in i18n.PLURAL_BY:
        label = checked.labels[key]
        assert isinstance(label, str) or set(label) == forms, key


def test_a_plural_form_left_out_is_a_located_warning_and_other_shows(locales) -> None:
    edit(locales, "ru", '  few: "{n} засчитанные записи"\n', "")
    line = line_of(locales, "ru", "counted_evidence:")
    assert problems() == [
        f"templates/locales/ru.yml:{line}:1: warning: label 'counted_evidence' has no 'few' "
        "form, which 'ru' uses for 2, 3, 4…; the site shows the 'other' text there "
        "[missing-label]",
        "0 errors, 1 warning",
    ]
    assert words("ru")("counted_evidence", n=2) == "2 засчитанной записи"


def test_a_form_only_spanish_millions_take_is_named_with_its_number(locales) -> None:
    edit(locales, "es", '  many: "{n} evidencias que cuentan"\n', "")
    line = line_of(locales, "es", "counted_evidence:")
    assert problems()[0] == (
        f"templates/locales/es.yml:{line}:1: warning: label 'counted_evidence' has no 'many' "
        "form, which 'es' uses for 1,000,000; the site shows the 'other' text there "
        "[missing-label]"
    )


@pytest.mark.parametrize(
    ("language", "old", "new", "message"),
    [
        (
            "ar",
            'as_of: "آخر تحديث: {date}."',
            'as_of: "آخر تحديث."',
            "label 'as_of' leaves out {date}, which the English text shows; keep every placeholder",
        ),
        (
            "ru",
            '  one: "{n} навык"',
            '  one: "навык"',
            "the 'one' form of label 'graph_objectives' leaves out {n}, which the English text "
            "shows; keep every placeholder",
        ),
        (
            "es",
            'result_value: "{score} ({level}), a partir de {evidence}"',
            'result_value: "{score}, a partir de {evidence}"',
            "label 'result_value' leaves out {level}, which the English text shows; keep every "
            "placeholder",
        ),
    ],
    ids=["text", "plural-form-of-many-numbers", "one-of-three"],
)
def test_a_placeholder_left_out_is_a_located_warning(locales, language, old, new, message):
    edit(locales, language, old, new)
    line = line_of(locales, language, new.strip())
    column = len(new) - len(new.split(": ", 1)[1]) + 1
    assert problems() == [
        f"templates/locales/{language}.yml:{line}:{column}: warning: {message} [missing-label]",
        "0 errors, 1 warning",
    ]


def test_only_a_form_for_a_single_number_may_say_the_number_in_words() -> None:
    # Arabic "two" is only 2: "هدفان" (two objectives) needs no {n}; Russian "one" is also 21.
    assert i18n.numbers("ar", "two") == (2,)
    assert i18n.numbers("ru", "one")[:3] == (1, 21, 31)
    assert words("ar")("graph_objectives", n=2) == "هدفان"


def test_a_missing_label_is_placed_after_the_label_it_follows_in_english(locales) -> None:
    edit(locales, "ar", "nav_path: مسار التعلّم\n", "")
    line = line_of(locales, "ar", "nav_home:")
    assert problems() == [
        f"templates/locales/ar.yml:{line}:1: warning: label 'nav_path' is missing (after "
        "'nav_home'); the site shows the English text instead [missing-label]",
        "0 errors, 1 warning",
    ]


@pytest.fixture
def theme_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "material"
    shutil.copytree(ROOT / "templates" / "locales" / "material", folder)
    monkeypatch.setattr(theme_labels, "FOLDER", folder)
    return folder


def test_a_broken_theme_label_file_is_located_and_left_out(theme_folder) -> None:
    path = theme_folder / "so.yml"
    path.write_text(
        path.read_text()
        .replace("language: so", "language: sw")
        .replace("top: Ku noqo korka", "top: [Ku noqo korka]")
    )
    lines = path.read_text().splitlines()
    top = next(i for i, line in enumerate(lines, 1) if line.startswith("top:"))
    assert problems() == [
        "templates/locales/material/so.yml:4:1: error: the file needs 'language: so' [bad-label]",
        f"templates/locales/material/so.yml:{top}:1: error: the theme's label 'top' must be "
        "one text [wrong-type]",
        "2 errors, 0 warnings",
    ]
    assert sorted(theme_labels.labels()) == ["ht"]


@pytest.mark.parametrize(
    ("language", "skip", "top"),
    [("ht", "Ale nan kontni an", "Retounen anwo"), ("so", "U bood nuxurka", "Ku noqo korka")],
)
def test_a_site_in_a_language_material_lacks_builds_with_our_theme_labels(
    tmp_path, language, skip, top
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    plan = plans / "students" / "ava-m.yml"
    plan.write_text(plan.read_text().replace("  language: es ", f"  language: {language} "))
    result = build(plans, tmp_path / "site")
    assert not result.failed and not result.problems
    page = (tmp_path / "site" / "ava-m" / "index.html").read_text()
    assert f'<html lang="{language}"' in page and skip in page and top in page
    assert "Skip to content" not in page and "Back to top" not in page


def test_a_site_is_in_the_language_asked_for_when_we_have_its_labels_else_english() -> None:
    assert i18n.site_language("es") == "es" and i18n.site_language("ar") == "ar"
    assert i18n.site_language("xx") == "en" and i18n.site_language("") == "en"


def uncommented_labels(path: Path) -> list[str]:
    """Labels (and plural forms) of a catalogue with no comment on the line just above them:
    the one comment Weblate shows a translator as the string's context."""
    from generator.load import load_file
    from generator.load.tree import Map

    lines = path.read_text(encoding="utf-8").splitlines()
    tree = load_file(path, path.name).tree

    def commented(line: int) -> bool:
        return line > 1 and lines[line - 2].lstrip().startswith("# ")

    missing, after_forms = [], False
    for key, value in tree.items():
        if isinstance(value, Map):  # a counting label: each form has the comment above it
            missing += [f"{key}.{form}" for form in value if not commented(value.key_pos[form][0])]
        # Right after a counting label's forms, a YAML reader (ruamel.yaml, in Weblate's
        # translate-toolkit) gives the comment to the last form, not to the label below it.
        elif after_forms or not commented(tree.key_pos[key][0]):
            missing.append(key)
        after_forms = isinstance(value, Map)
    return missing


def test_every_english_label_has_a_comment_for_translators() -> None:
    assert uncommented_labels(i18n.LOCALES / "en.yml") == []


def test_a_label_without_a_comment_is_found(tmp_path: Path) -> None:
    english = (i18n.LOCALES / "en.yml").read_text(encoding="utf-8")
    bare = english.replace("# Menu entry: the student's home page.\n", "", 1)
    bare = bare.replace(
        '  # Count in the add page\'s summary: photos in the draft.\n  other: "{n} photos"',
        '  other: "{n} photos"',
        1,
    )
    bare += "# A label after the forms: Weblate would show it no comment.\nlast: Last\n"
    (tmp_path / "en.yml").write_text(bare, encoding="utf-8")
    assert uncommented_labels(tmp_path / "en.yml") == ["nav_home", "add_n_photos.other", "last"]
