"""Ways of learning: a student is offered first what fits the ways their preferences name, then
their interests, with the reason in a few words; nothing is hidden; an unknown way is a
warning with the fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base.vocabulary import key
from generator.base.ways import from_school
from generator.checking.validate import check
from generator.cli import main
from generator.rendering.render import environment, render_site

from .conftest import ROOT, TODAY

PLANS = ROOT / "plans"


@pytest.fixture(scope="module")
def project():
    return check(PLANS, TODAY)


def _site(project, student: str, plans: Path = PLANS) -> dict[str, str]:
    spec = render_site(project.plans[student], project.school, plans, environment(), TODAY)
    return {page.path: page.body for page in spec.pages}


def _items(body: str, anchor: str, label: str) -> list[str]:
    """The list items under `label` in the objective whose heading has id `anchor`."""
    section = body[body.index(f'id="{anchor}"') :]
    section = section[section.index(f"<p><strong>{label}</strong></p>") :]
    listed = section[: section.index("</ul>")]
    # Plan text is isolated in <bdi lang=...> (tests/test_languages.py checks that): the
    # order and the reasons are what is asked here.
    return [re.sub(r"</?bdi[^>]*>", "", item) for item in re.findall(r"<li>(.*?)</li>", listed)]


def test_two_students_see_the_same_activities_in_their_own_order_with_the_reason(
    project,
) -> None:
    ava = _items(
        _site(project, "ava-m")["goals/fractions.html"],
        "obj-math4-equivalent-fractions",
        "Para practicar",
    )
    noah = _items(
        _site(project, "noah-t")["goals/fractions.html"],
        "obj-math4-equivalent-fractions",
        "Things to try",
    )
    # Ava's preferences: "hands-on projects" (hands-on), "drawing a picture before writing"
    # (visual); her site is in Spanish.
    assert ava == [
        "Fold paper strips into halves, fourths and eighths and line them up"
        " <em>(te gusta trabajar con las manos)</em>",
        "Cut a pan of brownies two ways and show the pieces are the same amount"
        " <em>(te gusta trabajar con las manos; cooking)</em>",
        "Shade halves, fourths and eighths of three equal bars and compare the shaded parts"
        " <em>(te gusta ver dibujos y modelos)</em>",
        "Fraction-strip matching game <em>(games; bueno para trabajar con otros)</em>",
    ]
    # Noah's: "visual models" (visual), "movement breaks", "directions read aloud".
    assert noah == [
        "Shade halves, fourths and eighths of three equal bars and compare the shaded parts"
        " <em>(you like pictures and models)</em>",
        "Fold paper strips into halves, fourths and eighths and line them up"
        " <em>(good for hands-on work)</em>",
        "Fraction-strip matching game <em>(games; good for working with others)</em>",
        "Cut a pan of brownies two ways and show the pieces are the same amount"
        " <em>(cooking; good for hands-on work)</em>",
    ]


def test_ways_come_before_interests_and_interests_before_the_rest(project) -> None:
    items = _items(
        _site(project, "ava-m")["goals/reading.html"],
        "obj-ela4-describe-story-elements",
        "Para practicar",
    )
    assert items == [
        "Draw a character map with their words, thoughts and actions"
        " <em>(te gusta ver dibujos y modelos; por tu interés en drawing)</em>",
        "Draw Black Beauty&#39;s stable and label it with details from the book"
        " <em>(por tu interés en horses)</em>",
    ]


def test_family_tips_at_home_put_the_students_ways_first_in_the_sites_language(project) -> None:
    noah = _site(project, "noah-t")["index.html"]
    home = noah[noah.index("How to help at home tonight") :]
    tips = re.findall(r"<li>(.*?)</li>", home[: home.index("</ul>")])
    assert [re.sub(r"</?bdi[^>]*>", "", tip) for tip in tips] == [
        "Draw two bars of the same length, split one in thirds and one in fourths, and "
        "compare 2/3 with 3/4. <em>(Noah T. likes pictures and models)</em>",
        "Compare slices of two pizzas cut differently. <em>(good for hands-on work)</em>",
        "Ask &#34;is it more or less than half?&#34; before working anything out."
        " <em>(good for talking it through)</em>",
        "Remind your child that two fractions can only be compared when they are parts of"
        " the same whole.",
    ]
    # A translated tip keeps the ways of the tip it translates, by its place in the list.
    ava = _items(
        _site(project, "ava-m")["goals/fractions.html"],
        "obj-math4-compare-fractions",
        "Cómo ayudar en casa",
    )
    assert ava == [
        "Comparen porciones de dos pizzas cortadas de distinta manera."
        " <em>(a Ava M. le gusta trabajar con las manos)</em>",
        "Dibujen dos barras del mismo largo, una en tercios y otra en cuartos, y comparen 2/3"
        " con 3/4. <em>(a Ava M. le gusta ver dibujos y modelos)</em>",
        "Antes de calcular, pregunte &#34;¿es más o menos que la mitad?&#34;"
        " <em>(bueno para hablarlo con alguien)</em>",
        "Recuérdele que dos fracciones solo se comparan si son partes del mismo entero.",
    ]


def test_preferences_stay_free_text_and_are_shown_as_written(project) -> None:
    home = _site(project, "noah-t")["index.html"]
    assert (
        "<li><strong>Learns best with:</strong> <bdi>visual models, movement breaks, "
        "directions read aloud, one step at a time</bdi></li>"
    ) in home
    assert project.school.ways.named_in(project.plans["noah-t"].preferences) == (
        "visual",
        "movement",
        "listening",
    )


def test_a_way_is_spelled_any_way_and_a_school_phrase_maps_to_it() -> None:
    assert key("  Hands_On ") == key("hands - on") == "hands-on"
    assert key("Work Sample") == key("work-sample") == "work-sample"
    ways = from_school({"hands-on": {"matches": ["hands-on projects"]}})
    assert ways.named_in(["Hands-On  Projects", "VISUAL", "short practice", "visual"]) == (
        "hands-on",
        "visual",
    )
    assert from_school({}).find("hands-on projects") is None  # only when the school maps it


def test_a_school_renames_a_way_and_adds_its_own(tmp_path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    school = plans / "school.yml"
    school.write_text(
        school.read_text().replace(
            "  visual:\n", "  visual:\n    name: seeing it\n    translations: {es: verlo}\n"
        )
        + "  Cooking Together:\n    matches: [short practice sessions]\n"
    )
    library = plans / "library" / "math4.yml"
    library.write_text(
        library.read_text().replace(
            "        interest: cooking\n        ways: [hands-on]",
            "        interest: cooking\n        ways: [cooking together]",
        )
    )
    project = check(plans, TODAY)
    assert [str(p) for p in project.problems] == []
    noah = _items(
        _site(project, "noah-t", plans)["goals/fractions.html"],
        "obj-math4-equivalent-fractions",
        "Things to try",
    )
    assert noah[0].endswith("<em>(you like seeing it)</em>")
    ava = _items(
        _site(project, "ava-m", plans)["goals/fractions.html"],
        "obj-math4-equivalent-fractions",
        "Para practicar",
    )
    assert ava[:3] == [
        "Fold paper strips into halves, fourths and eighths and line them up"
        " <em>(te gusta trabajar con las manos)</em>",
        # "short practice sessions", Ava's second preference, is now the school's own way.
        "Cut a pan of brownies two ways and show the pieces are the same amount"
        " <em>(te gusta cooking together; cooking)</em>",
        "Shade halves, fourths and eighths of three equal bars and compare the shaded parts"
        " <em>(te gusta verlo)</em>",
    ]


def test_an_unknown_way_is_a_warning_at_its_line_with_the_fix(tmp_path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    library = plans / "library" / "math4.yml"
    text = library.read_text()
    text = text.replace("        ways: [visual]\n", "        ways: [Visul]\n", 1)
    text = text.replace("        ways: [talking]", "        ways: [Hands On Projects, cooking]", 1)
    library.write_text(text)
    plan = plans / "students" / "liam-o.yml"
    plan.write_text(
        plan.read_text().replace(
            "            interest: gardening\n",
            "            interest: gardening\n            ways: [outdoors]\n",
            1,
        )
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert result.output == (
        "plans/library/math4.yml:14:16: warning: 'Visul' is not a way of learning here — "
        "did you mean 'visual'? [unknown-way]\n"
        "plans/library/math4.yml:63:16: warning: 'Hands On Projects' is not a way of "
        "learning here — did you mean 'hands-on'? [unknown-way]\n"
        "plans/library/math4.yml:63:35: warning: 'cooking' is not a way of learning here — "
        "the ways are hands-on, visual, listening, reading-writing, talking, movement, music, "
        "nature, with-others, alone; a school adds its own under ways: in school.yml "
        "[unknown-way]\n"
        "plans/students/liam-o.yml:32:20: warning: 'outdoors' is not a way of learning here "
        "— the ways are hands-on, visual, listening, reading-writing, talking, movement, "
        "music, nature, with-others, alone; a school adds its own under ways: in school.yml "
        "[unknown-way]\n"
        "0 errors, 4 warnings\n"
    )
    assert result.exit_code == 0
    assert library.read_text() == text  # nothing changed


def test_a_family_tip_is_a_text_or_a_mapping_with_text_and_ways(tmp_path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    library = plans / "library" / "math4.yml"
    library.write_text(
        library.read_text()
        .replace("      - text: Compare slices", "      - txt: Compare slices", 1)
        .replace(
            "      - When you take slices away, ask what fraction of the whole is left.",
            "      - [When you take slices away]",
        )
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert result.output == (
        "plans/library/math4.yml:60:9: error: tip is missing 'text' (the tip) [missing-key]\n"
        "plans/library/math4.yml:60:9: error: unknown key 'txt' in tip — did you mean "
        "'text'? [unknown-key]\n"
        "plans/library/math4.yml:119:9: error: expected a text, or a mapping with text: and "
        "ways:, found a list [wrong-type]\n"
        "3 errors, 0 warnings\n"
    )


@pytest.fixture
def word_meaning_for_three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example plans with ela4/word-meaning (no prerequisite, no evidence) added to Ava's,
    Liam's and Noah's: tomorrow's group of three. Their ways: Ava hands-on and visual; Liam
    with-others and hands-on; Noah visual, movement and listening."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    for newer in ("yasmin-k", "wei-l"):  # the hand-worked groups are of the first four
        (plans / "students" / f"{newer}.yml").unlink()
    for student, after in (
        ("ava-m", "      - skill: ela4/text-details\n"),
        ("liam-o", "      - skill: ela4/text-details\n"),
        ("noah-t", "      - skill: math4/compare-fractions\n"),
    ):
        path = plans / "students" / f"{student}.yml"
        path.write_text(
            path.read_text().replace(after, after + "      - skill: ela4/word-meaning\n")
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _class(*args: str):
    return CliRunner().invoke(main, ["class", *args], catch_exceptions=False)


def test_class_by_way_splits_tomorrows_group_with_the_activity_for_most_of_it(
    word_meaning_for_three,
) -> None:
    result = _class("--format", "text", "--by-way")
    assert result.exit_code == 0
    section = result.stdout[result.stdout.index("ela4/word-meaning:") :]
    # hands-on (Ava, Liam) and visual (Ava, Noah) tie at two: hands-on comes first in the
    # vocabulary; then Noah is left, and visual is his. The card game suits both Ava (hands-on)
    # and Liam (hands-on, with-others).
    assert section[: section.index("\n\n")] == (
        "ela4/word-meaning: Work out the meaning of words and phrases in a text, including ones "
        "that come from mythology\n"
        "  ready: Ava M., Liam O., Noah T.\n"
        "    hands-on work: Ava M., Liam O. — try: Make a word card game and play it with a "
        "partner\n"
        "    pictures and models: Noah T. — try: Draw a comic strip that uses each new word\n"
        "  mastered: Mia C."
    )
    # Without --by-way the view is as before.
    plain = _class("--format", "text").stdout
    assert "  ready: Ava M., Liam O., Noah T.\n  mastered: Mia C.\n" in plain
    assert "try:" not in plain


def test_class_by_way_names_a_way_as_school_yml_does_in_english(word_meaning_for_three) -> None:
    school = word_meaning_for_three / "plans" / "school.yml"
    school.write_text(
        school.read_text().replace("  visual:\n", "  visual:\n    name: seeing it drawn\n", 1)
    )
    text = _class("--format", "text", "--by-way").stdout
    assert (
        "    seeing it drawn: Noah T. — try: Draw a comic strip that uses each new word\n" in text
    )
    # The JSON keeps the id: it is data for tools, not words for a reader.
    assert _class("--format", "json", "--by-way", "--out", "out").exit_code == 0
    data = json.loads((word_meaning_for_three / "out" / "class.json").read_text())
    objective = next(o for o in data["objectives"] if o["id"] == "ela4/word-meaning")
    assert [group["way"] for group in objective["ready_by_way"]] == ["hands-on", "visual"]


def test_class_by_way_in_json_and_a_student_naming_no_way(word_meaning_for_three) -> None:
    mia = word_meaning_for_three / "plans" / "students" / "liam-o.yml"
    mia.write_text(
        mia.read_text().replace(
            "preferences: [challenge problems, working with a partner, building models]",
            "preferences: [challenge problems]",
        )
    )
    assert _class("--format", "json", "--by-way", "--out", "out").exit_code == 0
    data = json.loads((word_meaning_for_three / "out" / "class.json").read_text())
    objective = next(o for o in data["objectives"] if o["id"] == "ela4/word-meaning")
    assert objective["ready_by_way"] == [
        {
            "way": "visual",
            "students": ["ava-m", "noah-t"],
            "activity": "Draw a comic strip that uses each new word",
        },
        {"way": None, "students": ["liam-o"], "activity": ""},
    ]
    assert list(data) == ["objectives", "students"]  # no notes: the libraries are varied


def test_class_by_way_is_not_for_the_csv_grid(word_meaning_for_three) -> None:
    result = _class("--format", "csv", "--by-way")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: --by-way splits the ready groups of the html, json and text views; class.csv "
        "has one row per student\n"
    )


def test_a_library_with_activities_for_one_way_only_gets_a_note(word_meaning_for_three) -> None:
    library = word_meaning_for_three / "plans" / "library" / "ela4.yml"
    library.write_text(re.sub(r"ways: \[[^\]]*\]", "ways: [talking]", library.read_text()))
    text = _class("--format", "text").stdout
    assert text.endswith(
        "\nNotes:\n"
        "  plans/library/ela4.yml: every activity that names a way of learning is for "
        "talking it through; varied ways matter more than matching one: add activities for "
        "others, such as hands-on work or pictures and models\n"
    )
    note = (
        "plans/library/ela4.yml: every activity that names a way of learning is for talking "
        "it through; varied ways matter more than matching one: add activities for others, "
        "such as hands-on work or pictures and models"
    )
    assert _class("--format", "json", "--out", "out").exit_code == 0
    data = json.loads((word_meaning_for_three / "out" / "class.json").read_text())
    assert (list(data), data["notes"]) == (["objectives", "students", "notes"], [note])
    assert _class("--out", "out").exit_code == 0
    page = (word_meaning_for_three / "out" / "class.html").read_text()
    assert f'<h2 id="notes">Notes</h2>\n<ul>\n<li>{note}</li>\n</ul>\n' in page
    assert check(word_meaning_for_three / "plans", TODAY).problems == []  # a note, not a warning


def test_class_page_by_way_passes_axe_on_a_phone_and_a_desktop(word_meaning_for_three) -> None:
    from .browser_support import serve
    from .test_classroom_class import check_in_chromium, in_own_thread

    assert _class("--by-way").exit_code == 0
    page = (word_meaning_for_three / "private" / "class.html").read_text()
    assert (
        '<ul class="by-way">\n'
        "<li>hands-on work: Ava M., Liam O. — try: Make a word card game and play it with a "
        "partner</li>\n"
        "<li>pictures and models: Noah T. — try: Draw a comic strip that uses each new word</li>\n"
        "</ul></td>"
    ) in page
    assert "Ready: the next small group, by way of learning</th>" in page
    with serve(word_meaning_for_three / "private") as url:
        pdf = in_own_thread(lambda: check_in_chromium(url + "class.html"))
    assert pdf.startswith(b"%PDF")


def test_reasons_are_joined_as_the_sites_language_writes_lists(tmp_path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    liam = plans / "students" / "liam-o.yml"
    liam.write_text(liam.read_text().replace("  grade: 4\n", "  grade: 4\n  language: zh\n", 1))
    project = check(plans, TODAY)
    items = _items(
        _site(project, "liam-o", plans)["goals/fraction-sums.html"],
        "obj-math4-join-separate-parts",
        "可以试试",
    )
    assert items == [
        "Join and take away fraction tiles on a whole bar"
        " <em>(你喜欢动手做；适合喜欢看图和模型的人)</em>",
        "Measure 1/4 cups of rice into a bowl and take some back out"
        " <em>(你喜欢动手做；cooking)</em>",
    ]
