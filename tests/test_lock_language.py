"""The lock pages and the 404 page of a sealed site: in the school's language until the
browser's script picks the family's, carrying only the labels they show, in every language,
under a policy that allows exactly their own scripts (tests/test_lock_language_browser.py
drives them in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from types import SimpleNamespace

import pytest

from generator.language import i18n
from generator.publishing import sealed_site as sealing

FOLDER = "0123456789abcdef0123456789abcdef"


def carried(page: str) -> dict[str, dict[str, str]]:
    """The words a page carries for its script (#lp-words)."""
    found = re.search(r'<script type="application/json" id="lp-words">(.*?)</script>', page)
    assert found
    return json.loads(found.group(1))


def test_the_lock_page_comes_in_the_schools_language_and_direction() -> None:
    spanish = sealing.lock_page(assets="../", language="es").decode()
    assert '<html lang="es" dir="ltr">' in spanish
    assert '<title data-word="lock_title">Camino de aprendizaje privado</title>' in spanish
    assert '<option value="es" lang="es" dir="ltr" selected>Español</option>' in spanish
    arabic = sealing.lock_page(assets="../", language="ar").decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<h1 data-word="lock_title">مسار تعلّم خاص</h1>' in arabic
    assert '<option value="ar" lang="ar" dir="rtl" selected>العربية</option>' in arabic
    # A school language we have no catalogue for: English, the catalogues' source.
    assert '<html lang="en" dir="ltr">' in sealing.lock_page(assets="", language="de").decode()


def test_the_language_switch_names_each_language_in_its_own_words() -> None:
    assert sealing.language_names() == {
        "ar": "العربية",
        "en": "English",
        "es": "Español",
        "fa": "فارسی",
        "ht": "Kreyòl Ayisyen",
        "ko": "한국어",
        "pt": "Português",
        "ru": "Русский",
        "so": "Soomaali",
        "tl": "Filipino",
        "vi": "Tiếng Việt",
        "zh": "中文",
    }


@pytest.mark.parametrize(
    ("page", "labels"),
    [
        (sealing.lock_page(assets="../").decode(), (*sealing.STUDENT_LOCK, "lock_hint")),
        (
            sealing.lock_page(
                assets="", intro="lock_teacher_intro", folder=FOLDER, count=7
            ).decode(),
            (*sealing.CLASS_LOCK, "lock_hint_seven"),  # family words: seven of them
        ),
        (sealing.missing_page("en"), sealing.MISSING_LABELS),
    ],
    ids=["family", "class", "404"],
)
def test_a_page_carries_its_own_labels_in_every_language_and_nothing_else(
    page: str, labels: tuple[str, ...]
) -> None:
    words = carried(page)
    assert sorted(words) == i18n.languages()
    assert {code: sorted(texts) for code, texts in words.items()} == {
        code: sorted(labels) for code in i18n.languages()
    }
    assert words["ar"]["lock_language"] == "اللغة"
    shown = set(re.findall(r'data-word="([a-z_]+)"', page))
    assert shown <= set(labels)


def test_every_message_the_lock_script_says_rides_with_the_lock_page() -> None:
    script = (sealing.PUBLISH_TEMPLATES / "lock.js").read_text(encoding="utf-8")
    said = {f"lock_{name}" for name in re.findall(r"\bwords\.([a-z_]+)", script)}
    assert said - {"lock_family_passphrase"} <= set(sealing.STUDENT_LOCK)
    assert said <= set(sealing.CLASS_LOCK)


def test_the_404_page_allows_exactly_its_own_inline_script_and_style() -> None:
    page = sealing.missing_page("es")
    assert '<html lang="es" dir="ltr">' in page
    assert '<h1 data-word="lock_missing_title">Página no encontrada</h1>' in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert policy and script and style
    assert policy.group(1) == (
        f"default-src 'none'; script-src {digest(script.group(1))}; "
        f"style-src {digest(style.group(1))}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    assert script.group(1) == (sealing.PUBLISH_TEMPLATES / "language.js").read_text()


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_words_in_a_script_element_cannot_end_it() -> None:
    text = sealing.json_script({"x": "</script><!-- it's & more", "ar": "اللغة"})
    assert str(text) == (
        '{"ar":"اللغة","x":"\\u003c/script\\u003e\\u003c!-- it\\u0027s \\u0026 more"}'
    )
    assert json.loads(str(text)) == {"x": "</script><!-- it's & more", "ar": "اللغة"}


def test_a_sealed_site_carries_its_own_words_for_a_missing_or_damaged_page() -> None:
    assert json.loads(sealing.page_words("ar")) == {
        "lang": "ar",
        "dir": "rtl",
        "missing_title": "الصفحة غير موجودة",
        "missing": "هذه الصفحة ليست جزءًا من مسار التعلّم هذا: ربما نُقلت عند تحديث الخطة.",
        "damaged_title": "لا يمكن فتح هذه الصفحة",
        "damaged": "تغيّرت نسختها المنشورة أو تلفت بعد إنشائها. حاولوا مرة أخرى بعد بضع دقائق؛ "
        "وإذا تكرر ذلك، فأخبروا المعلم.",
        "back_home": "العودة إلى الصفحة الرئيسية",
    }
    english = json.loads(sealing.page_words("de"))  # a Material language we have no words for
    assert english["lang"] == "en" and english["missing_title"] == "Page not found"
    worker = (sealing.PUBLISH_TEMPLATES / "sw.js").read_text(encoding="utf-8")
    assert f'const PAGE_WORDS = "{sealing.PAGE_WORDS}";' in worker
    for name, text in json.loads(sealing.page_words("en")).items():  # the worker's fallback
        assert f"{name}: {json.dumps(text)}" in worker.replace("\n    ", " ")


def test_the_teachers_page_to_add_to_a_plan_reads_right_to_left_in_an_arabic_school() -> None:
    for language, direction in [("ar", "rtl"), ("en", "ltr")]:
        school = SimpleNamespace(language=language)  # all the page reads of the school
        page = sealing.teacher_add_page(school, "<p>…</p>").decode()  # type: ignore[arg-type]
        assert f'<html lang="{language}" dir="{direction}">' in page
