"""A family's conventions: dates and numbers as its language writes them (CLDR, via Babel),
the direction of its script, and text from a plan marked with the language it is written in."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from generator.checking.validate import check
from generator.language import conventions
from generator.mastery.engine import evaluate
from generator.model import localized
from generator.rendering import graph
from generator.rendering.render import environment, render_site

from .conftest import ROOT, TODAY

DAY = dt.date(2026, 10, 2)


@pytest.mark.parametrize(
    ("language", "date", "number", "direction"),
    [
        ("en", "Oct 2, 2026", "1,234.5", "ltr"),
        ("es", "2 oct 2026", "1.234,5", "ltr"),
        ("ar", "2 أكتوبر 2026", "1,234.5", "rtl"),
        # Persian: CLDR's default numbering system is arabext, Persian digits and separators.
        ("fa", "۲ اکتبر ۲۰۲۶", "۱٬۲۳۴٫۵", "rtl"),
        ("zh", "2026年10月2日", "1,234.5", "ltr"),
        ("vi", "2 thg 10, 2026", "1.234,5", "ltr"),
        ("ru", "2 окт. 2026\u202fг.", "1\xa0234,5", "ltr"),  # no-break spaces
        # CLDR has no month names for Haitian Creole: the ISO date, not "2026 M10 2".
        ("ht", "2026-10-02", "1\xa0234,5", "ltr"),
        ("pt-BR", "2 de out. de 2026", "1.234,5", "ltr"),
    ],
)
def test_dates_numbers_and_direction_follow_the_language(language, date, number, direction):
    assert conventions.date(DAY, language) == date
    assert conventions.number(1234.5, language) == number
    assert conventions.direction(language) == direction


def test_numbers_keep_two_decimals_at_most_and_whole_numbers_none() -> None:
    assert [conventions.number(v, "es") for v in (3, 2.65, 2.0, 1.25)] == ["3", "2,65", "2", "1,25"]


@pytest.fixture()
def plans(tmp_path):
    copied = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", copied)
    return copied


def test_a_plan_is_written_in_the_schools_language_unless_it_says_another(plans) -> None:
    school = plans / "school.yml"
    school.write_text(school.read_text().replace("language: en ", "language: es "))
    project = check(plans, TODAY)
    assert [str(p) for p in project.problems] == []
    assert project.school.written_in == "es"
    assert {p.written_in for p in project.plans.values()} == {"es"}
    school.write_text(school.read_text() + "written_in: en\n")
    ava = plans / "students" / "ava-m.yml"
    ava.write_text(ava.read_text() + "written_in: fr\n")
    project = check(plans, TODAY)
    assert [str(p) for p in project.problems] == []
    assert (project.school.language, project.school.written_in) == ("es", "en")
    assert project.plans["ava-m"].written_in == "fr"
    assert project.plans["liam-o"].written_in == "en"
    assert {lib.written_in for lib in project.libraries.values()} == {"en"}


def test_a_translated_skill_is_in_the_sites_language_the_rest_in_its_own(plans) -> None:
    project = check(plans, TODAY)
    ava = localized(project.plans["ava-m"], "es")
    translated = ava.objectives["math4/equivalent-fractions"]
    assert (translated.lang, {t.lang for t in translated.family_tips}) == ("es", {"es"})
    untranslated = ava.objectives["ela4/text-details"]
    assert untranslated.lang == "es"  # the library translates its title
    own = ava.objectives["recipe-scaling"]
    assert own.lang == "en"
    assert {a.lang for a in own.activities} == {"en"}


def test_text_in_another_language_than_the_page_carries_its_own() -> None:
    project = check(ROOT / "plans", TODAY)
    spec = render_site(project.plans["ava-m"], project.school, ROOT / "plans", environment(), TODAY)
    home = spec.pages[0].body
    # A goal the teacher wrote in English, on Ava's Spanish site.
    assert '<a href="goals/fractions.html"><bdi lang="en">Understand fractions</bdi></a>' in home
    # A skill title the library translates: isolated, and in the page's language.
    assert "<bdi>Entender una fracción a/b como un múltiplo de 1/b</bdi>" in home


def test_the_learning_path_is_mirrored_on_a_right_to_left_page() -> None:
    project = check(ROOT / "plans", TODAY)
    plan = project.plans["liam-o"]
    results = evaluate(plan)
    labels = {ref: o.title for ref, o in plan.objectives.items()} | {
        f"status_{s}": s for s in graph.SYMBOLS
    }
    hrefs = dict.fromkeys(results, "#")
    ltr = graph.draw(results, labels, hrefs, "t", "d")
    rtl = graph.draw(results, labels, hrefs, "t", "d", "rtl")
    left = graph.WIDTH - graph.PAD - graph.BOX_W
    assert 'direction="rtl"' in rtl and "direction" not in ltr
    assert f'<rect x="{graph.PAD}" ' in ltr and f'<rect x="{left}" ' in rtl
    # Text starts at the box's right edge; longer arrows bend out to the left of the boxes.
    assert f'<text x="{left + graph.BOX_W - 14}" ' in rtl
    bends = [float(x) for x in re.findall(r" C(\d+),", rtl)]
    assert bends and all(x < left for x in bends)


def test_each_familys_letter_runs_its_languages_way(tmp_path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    secret = "a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79"
    env = {"LEARNPATH_SECRET": secret, "SOURCE_DATE_EPOCH": "1795478400"}
    args = ["access", "--plans", str(ROOT / "plans"), "--base-url", "https://learn.example.org/",
            "--format", "html", "--out", str(tmp_path)]  # fmt: skip
    assert CliRunner().invoke(main, args, env=env).exit_code == 0
    letters = (tmp_path / "letters.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="letter" lang="([a-z]+)" dir="([a-z]+)">', letters)
    assert sections == [
        ("es", "ltr"),
        ("en", "ltr"),
        ("en", "ltr"),
        ("en", "ltr"),
        ("zh", "ltr"),
        ("ar", "rtl"),
    ]
    # Links and passphrases read left to right in every letter; names are isolated.
    assert letters.count('class="passphrase" lang="en" dir="ltr"') == 6
    assert "\u2068Yasmin K.\u2069" in letters


def test_digits_follow_each_numbering_system_babel_names() -> None:
    import unicodedata

    from babel import Locale, localedata

    systems = {
        Locale.parse(code).default_numbering_system for code in localedata.locale_identifiers()
    }
    # Every numbering system a CLDR locale defaults to is latn or one we write the digits of.
    assert systems - {"latn"} == set(conventions.ZEROS)
    for zero in conventions.ZEROS.values():
        assert [unicodedata.digit(chr(ord(zero) + i)) for i in range(10)] == list(range(10))
    assert conventions.digits("2026-11-24", "fa") == "۲۰۲۶-۱۱-۲۴"
    assert conventions.digits("2026-11-24", "ar") == "2026-11-24"  # CLDR: ar writes 0-9


def test_a_persian_family_reads_persian_digits_on_every_page_and_in_status(folder) -> None:
    from .conftest import run

    yasmin = folder / "plans" / "students" / "yasmin-k.yml"
    yasmin.write_text(yasmin.read_text().replace("language: ar ", "language: fa "))
    code, out, _ = run("status", "yasmin-k")
    assert (code, out) == (
        0,
        "Yasmin K. (yasmin-k), as of ۲۴ نوامبر ۲۰۲۶\n"
        "\n"
        "Understand and compare fractions [fractions]: ۱/۴ mastered, behind, "
        "projected finish ۱۶ ژوئیه ۲۰۲۷\n"
        "  [x] math4/unit-fraction-sums: mastered score ۳ (۳ counted)\n"
        "  [~] math4/equivalent-fractions: in progress score ۲٫۸۸ (۳ counted)\n"
        "  [-] math4/compare-fractions: locked (۰ counted)\n"
        "  [-] cake-shares: locked (۰ counted)\n"
        "\n"
        "Read closely and talk about stories [reading]: ۰/۲ mastered, behind\n"
        "  [~] ela4/text-details: in progress score ۲٫۶۵ (۲ counted)\n"
        "  [ ] ela4/word-meaning: ready (۰ counted)\n",
    )
    project = check(folder / "plans", TODAY)
    spec = render_site(
        project.plans["yasmin-k"], project.school, folder / "plans", environment(), TODAY
    )
    pages = {page.path: page.body for page in spec.pages}
    assert "به‌روزرسانی: ۲۴ نوامبر ۲۰۲۶." in pages["index.html"]
    goal = pages["goals/fractions.html"]
    # The chart's figures (date, mastered, planned to one decimal) and its axis.
    assert "<tr><td>۱۶ سپتامبر ۲۰۲۶</td><td>۱</td><td>۰٫۲</td></tr>" in goal
    assert '<text x="24" y="48" text-anchor="end">۴</text>' in goal
    assert '<text x="30" y="216">۷ سپتامبر ۲۰۲۶</text>' in goal
    assert "<p>پایهٔ ۴. تاریخ گزارش: ۲۴ نوامبر ۲۰۲۶. " in pages["report.html"]
    assert "۶ هدف: ۱ تسلط‌یافته، ۲ در حال یادگیری، ۱ آماده، ۲ قفل." in pages["path.html"]


def _headings(student: str, page: str) -> list[tuple[int, str, str]]:
    project = check(ROOT / "plans", TODAY)
    spec = render_site(project.plans[student], project.school, ROOT / "plans", environment(), TODAY)
    body = next(p for p in spec.pages if p.path == page)
    return [(h.level, h.id, h.title) for h in body.headings]


def test_arabic_headings_have_ids_in_their_own_words() -> None:
    assert _headings("yasmin-k", "index.html") == [
        (1, "مرحبًا-يا-yasmin-k", "مرحبًا يا Yasmin K.!"),
        (2, "ما-الجديد-منذ-2026-11-17", "ما الجديد منذ 17 نوفمبر 2026"),
        (3, "أدلة-جديدة", "أدلة جديدة"),
        (3, "تأملات-جديدة", "تأملات جديدة"),
        (2, "الخطوة-التالية", "الخطوة التالية"),
        (2, "كيف-تساعدون-في-البيت-الليلة", "كيف تساعدون في البيت الليلة"),
        (2, "التقدّم-العام", "التقدّم العام"),
        (2, "الأهداف", "الأهداف"),
        (3, "understand-and-compare-fractions", "Understand and compare fractions"),
        (3, "read-closely-and-talk-about-stories", "Read closely and talk about stories"),
        (2, "عن-yasmin-k", "عن Yasmin K."),
    ]


def test_chinese_headings_have_ids_in_their_own_words() -> None:
    assert _headings("wei-l", "index.html") == [
        (1, "wei-l-你好", "Wei L.，你好！"),
        (2, "自-2026-11-17-以来的变化", "自 2026年11月17日 以来的变化"),
        (3, "新记录", "新记录"),
        (2, "下一步", "下一步"),
        (2, "今晚在家可以这样帮忙", "今晚在家可以这样帮忙"),
        (2, "总体进度", "总体进度"),
        (2, "目标", "目标"),
        (3, "understand-and-compare-fractions", "Understand and compare fractions"),
        (3, "find-what-a-story-teaches", "Find what a story teaches"),
        (2, "关于wei-l", "关于Wei L."),
    ]
    assert _headings("wei-l", "reflections.html") == [
        (1, "反思", "反思"),
        (2, "2026-11-13-wei-学生", "2026年11月13日 — Wei（学生）"),
    ]


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("¿Qué sigue?", "que-sigue"),  # Latin script: ASCII, as before
        ("Что дальше?", "что-дальше"),
        ("다음 단계", "다음-단계"),  # Hangul stays composed (NFC), not split into jamo
        ("Điều tiếp theo", "điều-tiếp-theo"),  # đ has no ASCII form
        ("فهم الكسر أ/ب", "فهم-الكسر-أ-ب"),
        ("به\u200cروزرسانی", "بهروزرسانی"),  # the joiner goes, the letters stay
    ],
)
def test_a_heading_id_is_its_words_in_one_url_fragment(text: str, ident: str) -> None:
    from urllib.parse import quote, unquote

    from generator.rendering.outline import slug

    assert slug(text) == ident
    assert unquote(quote(ident, safe="")) == ident and not set(ident) & set("#%?/&= ")


def test_the_same_arabic_heading_twice_on_a_page_gets_two_ids() -> None:
    from generator.rendering.outline import Outline

    outline = Outline()
    outline.heading(2, "قائمة التحقق")
    outline.heading(2, "قائمة التحقق")
    assert [h.id for h in outline.headings] == ["قائمة-التحقق", "قائمة-التحقق_1"]
