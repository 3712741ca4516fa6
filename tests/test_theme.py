"""The MkDocs and Material internals generator/html/theme.py relies on, one test each (numbered
as in its docstring): an upgrade that changes one of them fails here, not in a student's site."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import escape

from generator.html import BASE_CONFIG, site, theme
from generator.language import theme_labels
from generator.sitespec import Heading, NavItem, Page, SiteSpec

SPEC = SiteSpec(
    "ava-m",
    "Ava & <b>co</b>",
    "es",
    (
        Page(
            "index.html",
            "Hola",
            '<h1 id="hola">Hola</h1>\n<p>Inicio</p>\n',
            (Heading(1, "hola", "Hola"),),
        ),
        Page(
            "goals/fractions.html",
            "Fracciones",
            '<h1 id="f">Fracciones</h1>\n<h2 id="o">Objetivos &amp; más</h2>\n<p>x</p>\n',
            (Heading(1, "f", "Fracciones"), Heading(2, "o", "Objetivos & más")),
        ),
        Page("report.html", "Informe", "<p>Sin título</p>\n"),
    ),
    (
        NavItem("Inicio", "index.html"),
        NavItem("Metas", children=(NavItem("Fracciones <i>", "goals/fractions.html"),)),
        NavItem("Informe", "report.html"),
    ),
)


@pytest.fixture(scope="module")
def material() -> theme.Material:
    return theme.load(BASE_CONFIG)


@pytest.fixture(scope="module")
def rendered(material: theme.Material) -> dict[str, str]:
    return {path: data.decode() for path, data in site.render_pages(SPEC, material).items()}


def test_1_the_base_config_loads_once_and_copies_per_site(material: theme.Material) -> None:
    config = material.site_config("Ava", "fr", "Oublier")
    assert config["site_name"] == "Ava" and config.theme["language"] == "fr"
    assert config.extra["learnpath_forget"] == "Oublier" and config.extra["generator"] is False
    # The base config is untouched: a copy shares nothing that we change.
    assert material.config["site_name"] == "learnpath — style preview"
    assert (
        material.config.theme["language"] == "en"
        and "learnpath_forget" not in material.config.extra
    )
    assert type(copy.copy(material.config)) is type(material.config)


def test_2_a_theme_per_language_and_mkdocs_url_filter(material: theme.Material) -> None:
    french = material.site_config("", "fr", "").theme
    assert french.name == "material" and french["language"] == "fr"
    assert french["features"] == material.config.theme["features"]
    assert french.dirs == material.config.theme.dirs
    # A copy of the base theme (not a new Theme read from disk): changing it leaves the base.
    assert french is not material.config.theme and material.config.theme["language"] == "en"
    arabic = material.site_config("", "ar", "").theme
    assert (arabic["language"], arabic["direction"], french["direction"]) == ("ar", "rtl", "ltr")
    assert {"url", "script_tag", "csp_hashes"} <= set(material.env.filters)
    url = material.env.from_string(
        "{{ 'report.html' | url }} {{ 'assets/images/favicon.png' | url }}"
    )
    page = theme.NavPage(escape("F"), "goals/fractions.html")
    # Relative to the page; this module's theme does not share the assets (html/__init__.py).
    assert url.render(page=page, base_url="..") == "../report.html ../assets/images/favicon.png"


def test_3_the_theme_static_files(material: theme.Material) -> None:
    static = material.static
    assert static["learnpath.css"] == BASE_CONFIG.parent / "templates/assets/learnpath.css"
    assert "assets/images/favicon.png" in static
    assert [url for url in static if re.fullmatch(r"assets/stylesheets/main\.\w+\.min\.css", url)]
    assert not [url for url in static if url.endswith((".html", ".py", ".yml")) or "/." in url]
    assert all(path.is_file() for path in static.values())


def test_4_and_5_what_materials_templates_read_from_the_look_alikes(
    material: theme.Material,
) -> None:
    """Every attribute the templates ask for, found or not (then Jinja's Undefined): a new
    one in an upgrade is a field our look-alikes may need."""
    reads = defaultdict(set)

    def recording(cls):
        class Recorded(cls):
            def __getattribute__(self, name: str):
                if not name.startswith("_"):
                    reads[cls.__name__].add(name)
                return object.__getattribute__(self, name)

        return Recorded

    class Config:
        def __init__(self, config) -> None:
            self._config = config

        def __getattr__(self, name: str):
            reads["config"].add(name)
            return getattr(self._config, name)

    with pytest.MonkeyPatch.context() as patch:
        for cls in (theme.NavPage, theme.NavSection, theme.TocEntry, theme.Navigation):
            patch.setattr(theme, cls.__name__, recording(cls))
        config = material.site_config(SPEC.title, SPEC.language, "")
        pages = {page.path: site._nav_page(page) for page in SPEC.pages}
        nav = site.navigation(SPEC.nav, pages)
        for page in SPEC.pages:
            material.render(Config(config), nav, pages[page.path], page.body)
    assert {name: sorted(names) for name, names in reads.items()} == {
        "NavPage": ["active", "canonical_url", "children", "content", "edit_url", "is_homepage",
                    "is_index", "is_top_level", "meta", "next_page", "pages", "parent",
                    "previous_page", "title", "toc", "typeset", "url"],
        "NavSection": ["active", "children", "meta", "pages", "parent", "title", "typeset"],
        "Navigation": ["homepage", "items", "pages"],
        "TocEntry": ["children", "id", "level", "title", "typeset", "url"],
        "config": ["copyright", "extra", "extra_css", "extra_javascript", "mdx_configs",
                   "plugins", "repo_url", "site_author", "site_description", "site_name", "theme"],
    }  # fmt: skip


def test_4_the_page_navigation_and_outline_in_the_layout(rendered: dict[str, str]) -> None:
    page = rendered["goals/fractions.html"]
    assert '<link rel="prev" href="../index.html">\n<link rel="next" href="../report.html">' in page
    assert '<a href="#f" class="md-skip">\nSaltar a contenido\n</a>' in page
    assert (
        '<a href="../index.html" title="Ava &amp; &lt;b&gt;co&lt;/b&gt;" class="md-header__button'
        in page
    )
    toc_entry = (
        '<a href="#o" class="md-nav__link">\n<span class="md-ellipsis">\nObjetivos &amp; más\n'
    )
    assert toc_entry in page
    assert (
        '<span class="md-ellipsis">\nFracciones &lt;i&gt;\n</span>' in page
    )  # the nav entry's title
    assert '<script id="__config" type="application/json">{"annotate": null, "base": "..",' in page


def test_4_material_adds_an_h1_only_to_a_body_without_one(rendered: dict[str, str]) -> None:
    article = re.compile(r'<article class="md-content__inner md-typeset">\n(.*?)</article>', re.S)
    assert article.search(rendered["report.html"])[1] == "<h1>Informe</h1>\n<p>Sin título</p>\n"
    assert article.search(rendered["index.html"])[1] == '<h1 id="hola">Hola</h1>\n<p>Inicio</p>\n'


def test_6_languages_and_search_settings_come_from_materials_translations(
    material: theme.Material,
) -> None:
    assert {"en", "es", "fr", "de", "pt-BR", "zh-TW"} <= material.languages
    assert material.search_config("es") == {
        "lang": ["es"],
        "separator": "[\\s\\-]+",
        "pipeline": ["stopWordFilter"],
        "fields": {
            "title": {"boost": 1000.0},
            "text": {"boost": 1.0},
            "tags": {"boost": 1000000.0},
        },
    }
    assert material.search_config("pt-BR")["lang"] == ["pt"]
    # No search language for zh-TW: Material falls back to English, and so do we.
    assert material.search_config("zh-TW")["lang"] == ["en"]


def test_7_the_search_box_needs_materials_search_plugin(material: theme.Material, rendered) -> None:
    assert theme.SEARCH_PLUGIN in material.config.plugins
    assert material.config.plugins[theme.SEARCH_PLUGIN].config.enabled is True
    assert (
        '<div class="md-search" data-md-component="search" role="dialog">' in rendered["index.html"]
    )
    assert '"search": "../assets/javascripts/workers/search.' in rendered["goals/fractions.html"]


def test_8_materials_inline_scripts_are_the_two_we_hash(rendered: dict[str, str]) -> None:
    for page in rendered.values():
        scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
        assert [script[:12] for script in scripts] == ["__md_scope=n", "var target=d"]
        assert theme.csp_hashes(page) in page


def test_9_material_prints_titles_as_given(material: theme.Material) -> None:
    """We escape titles once; Material adds no escaping of its own (autoescape is off)."""
    assert material.env.autoescape is False
    rendered = material.env.from_string("{{ config.site_name }}").render(
        config=material.site_config("A & <b>", "en", "")
    )
    assert rendered == "A &amp; &lt;b&gt;"


def test_templates_have_no_whitespace_that_matters(material: theme.Material) -> None:
    """The loader strips the indentation of every template line: safe while no template
    writes a <pre> or <textarea> (page bodies are variables, never stripped)."""
    for folder in material.config.theme.dirs:
        for path in Path(folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert "<pre" not in text and "<textarea" not in text, path


def test_6_a_language_material_lacks_takes_our_labels_in_materials_form() -> None:
    material = theme.load(BASE_CONFIG, theme_labels.labels())
    assert {"ht", "so"} <= material.languages and "ht" not in theme.languages(material.config)
    page = site.render_pages(replace(SPEC, language="ht"), material)["index.html"].decode()
    assert '<html lang="ht"' in page and "Ale nan kontni an" in page and "Retounen anwo" in page
    english = material.env.get_template("partials/languages/en.html").module.t
    ours = theme_labels.labels()["ht"]
    shown = [str(english(key)) for key, text in ours.items() if str(english(key)) != text]
    left = [text for text in shown if re.search(rf'[>"]\s*{re.escape(text)}\s*[<"]', page)]
    assert left == []  # no English label of Material's on the page
    # No English stop words or stemmer on Creole text: the pipeline Material gives Korean.
    assert material.search_config("ht")["pipeline"] == material.search_config("ko")["pipeline"]


def test_6_our_theme_labels_have_every_key_of_materials_english(material) -> None:
    dirs = [Path(d) / "partials" / "languages" / "en.html" for d in material.config.theme.dirs]
    english = next(path for path in dirs if path.is_file()).read_text(encoding="utf-8")
    keys = set(re.findall(r'^\s*"([^"]+)":', english, re.M))
    # Search keeps Material's default language and word separator; only the pipeline is ours.
    expected = keys - {"search.config.lang", "search.config.separator"}
    assert {code: set(labels) for code, labels in theme_labels.labels().items()} == {
        "ht": expected,
        "so": expected,
    }


def test_our_portuguese_gets_materials_brazilian_labels(material: theme.Material) -> None:
    # Our pt is CLDR's pt, Brazilian Portuguese; Material's pt is European, its pt-BR Brazilian.
    spec = replace(SPEC, language="pt")
    page = site.render_pages(spec, material)["index.html"].decode()
    assert '<html lang="pt"' in page
    assert "Pular para conteúdo" in page and "Ir para o conteúdo" not in page
    assert material.site_config("", "pt", "").theme["language"] == "pt-BR"
    assert material.search_config("pt")["lang"] == ["pt"]
