"""The HTML stage: exact files, shared assets, privacy, determinism and errors of build_sites."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest

import generator.html as html_stage
from generator.html import HtmlBuildError, build_sites, supported_languages
from generator.sitespec import Heading, NavItem, Page, SiteSpec

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8"/></svg>'

FRACTIONS = """<h1 id="fracciones">Fracciones</h1>
<p><img src="../evidence/strips.svg" alt="Tiras de fracciones"></p>
<h2 id="objetivos">Objetivos</h2>
<ul>
  <li>Explicó 1/2 = 2/4</li>
  <li>Comparar 3/4 y <b>5</b>/8</li>
</ul>
<h2 id="en-casa">En casa &amp; fuera</h2>
<pre>  1/2
    = 2/4</pre>
<p>Comparen <a href="../index.html#hola">porciones</a> de dos pizzas.</p>
"""
AVA = SiteSpec(
    site_id="ava-m",
    title="Ava M. — learning path",
    language="es",
    pages=(
        Page(
            "index.html",
            "Hola",
            '<h1 id="hola">Hola</h1>\n<p>El camino de Ava. '
            '<a href="goals/fractions.html#en-casa">Fracciones</a></p>\n',
            (Heading(1, "hola", "Hola"),),
        ),
        Page(
            "goals/fractions.html",
            "Fracciones",
            FRACTIONS,
            (
                Heading(1, "fracciones", "Fracciones"),
                Heading(2, "objetivos", "Objetivos"),
                Heading(2, "en-casa", "En casa & fuera"),
            ),
        ),
        Page(
            "report.html",
            "Informe",
            '<h1 id="informe">Informe</h1>\n<table><tr><td>2026-10-02</td><td>competente</td>'
            "</tr></table>\n",
            (Heading(1, "informe", "Informe"),),
        ),
    ),
    nav=(
        NavItem("Inicio", "index.html"),
        NavItem("Metas", children=(NavItem("Fracciones", "goals/fractions.html"),)),
        NavItem("Informe", "report.html"),
    ),
    files={"evidence/strips.svg": SVG},
)
BEN = SiteSpec(
    "ben-k",
    "Ben K. — learning path",
    "en",
    (
        Page(
            "index.html",
            "Ben's path",
            '<h1 id="ben">Ben\'s path</h1>\n<p>Ben likes zebracorns.</p>',
        ),
    ),
    (NavItem("Home", "index.html"),),
)
# Titles are plain text from plans: they must come out as text, never as markup.
CLEO = SiteSpec(
    "cleo",
    "Cleo & <b>co</b>",
    "fr",
    (
        Page("index.html", "Accueil", '<h1 id="a">Accueil</h1>', (Heading(1, "a", "Accueil"),)),
        Page(
            "goal.html",
            "</title><script>alert(1)</script>",
            '<h1 id="b">But</h1>\n<h2 id="c">&lt;i&gt;c&lt;/i&gt;</h2>',
            (Heading(1, "b", "But"), Heading(2, "c", "<i>c</i>")),
        ),
    ),
    (NavItem("Accueil", "index.html"), NavItem("</title><script>alert(1)</script>", "goal.html")),
)
SPECS = {spec.site_id: spec for spec in [AVA, BEN, CLEO]}


def build(ids, out: Path, specs=SPECS, **options) -> None:
    build_sites(ids, specs.__getitem__, out, **options)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three specs, built once for the read-only tests of this module."""
    out = tmp_path_factory.mktemp("html") / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1795478400")
        build(list(SPECS), out, jobs=1)
    return out


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root: relative POSIX path -> bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def pages(root: Path) -> list[Path]:
    return sorted(root.glob("*/**/*.html"))


class Refs(HTMLParser):
    """The URLs a page makes the browser fetch, and its <html lang> and robots meta."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.attrs: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("html", "body"):
            self.attrs[tag] = a
        if tag == "meta" and a.get("name"):
            self.attrs[f"meta {a['name']}"] = a
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.fetched.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.fetched.append(a["href"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def refs(page: Path) -> Refs:
    parser = Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def config_of(page: Path) -> dict:
    """Material's per-page JSON config (base URL, search worker URL)."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(found.group(1))


def resolve(page: Path, url: str) -> Path:
    return (page.parent / urlsplit(url).path).resolve()


def test_each_site_has_exactly_its_pages_files_and_search_index(site: Path) -> None:
    files = sorted(path for path in tree(site) if not path.startswith("assets/"))
    assert files == [
        "ava-m/evidence/strips.svg",
        "ava-m/goals/fractions.html",
        "ava-m/index.html",
        "ava-m/report.html",
        "ava-m/search/search_index.json",
        "ben-k/index.html",
        "ben-k/search/search_index.json",
        "cleo/goal.html",
        "cleo/index.html",
        "cleo/search/search_index.json",
    ]
    assert sorted(p.name for p in site.iterdir()) == ["assets", "ava-m", "ben-k", "cleo"]
    assert (site / "ava-m/evidence/strips.svg").read_bytes() == SVG


def test_the_body_is_the_content_of_the_page(site: Path) -> None:
    page = (site / "ava-m/goals/fractions.html").read_text(encoding="utf-8")
    article = re.search(
        r'<article class="md-content__inner md-typeset">\n(.*?)</article>', page, re.S
    )
    assert article.group(1) == FRACTIONS  # exactly as render wrote it


def test_the_outline_and_the_navigation_come_from_the_spec(site: Path) -> None:
    page = (site / "ava-m/goals/fractions.html").read_text(encoding="utf-8")
    toc = re.search(r'<ul class="md-nav__list" data-md-component="toc".*?</ul>', page, re.S)
    assert re.findall(r'href="([^"]*)"', toc.group(0)) == ["#objetivos", "#en-casa"]
    assert "En casa &amp; fuera" in toc.group(0)
    links = re.findall(
        r'<a href="([^"]*)" class="md-nav__link[^"]*">\n<span class="md-ellipsis">\n([^\n]*)', page
    )
    assert links == [
        ("../index.html", "Inicio"),
        ("fractions.html", "Fracciones"),
        ("#objetivos", "Objetivos"),
        ("#en-casa", "En casa &amp; fuera"),
        ("../report.html", "Informe"),
    ]
    footer = re.findall(
        r'class="md-footer__link md-footer__link--(\w+)" aria-label="([^"]*)"', page
    )
    assert footer == [("prev", "Anterior: Inicio"), ("next", "Siguiente: Informe")]


def test_the_search_index_has_a_section_per_heading(site: Path) -> None:
    index = json.loads((site / "ava-m/search/search_index.json").read_bytes())
    assert index == {
        "config": {
            "lang": ["es"],
            "separator": "[\\s\\-]+",
            "pipeline": ["stopWordFilter"],
            "fields": {
                "title": {"boost": 1000.0},
                "text": {"boost": 1.0},
                "tags": {"boost": 1000000.0},
            },
        },
        "docs": [
            {"location": "index.html", "title": "Hola", "text": "El camino de Ava. Fracciones"},
            {"location": "goals/fractions.html", "title": "Fracciones", "text": ""},
            {
                "location": "goals/fractions.html#objetivos",
                "title": "Objetivos",
                "text": "Explicó 1/2 = 2/4 Comparar 3/4 y 5/8",
            },
            {
                "location": "goals/fractions.html#en-casa",
                "title": "En casa &amp; fuera",
                "text": "1/2 = 2/4 Comparen porciones de dos pizzas.",
            },
            {"location": "report.html", "title": "Informe", "text": "2026-10-02 competente"},
        ],
    }


def test_theme_assets_exist_once_in_the_shared_folder(site: Path) -> None:
    shared = tree(site / "assets")
    assert "learnpath/learnpath.css" in shared
    assert "images/favicon.png" in shared
    assert "javascripts/lunr/min/lunr.es.min.js" in shared
    assert any(re.fullmatch(r"stylesheets/main\.\w+\.min\.css", path) for path in shared)
    assert any(re.fullmatch(r"javascripts/workers/search\.\w+\.min\.js", path) for path in shared)
    # No copy inside any site: ~2.5 MB once, not per student.
    assert not [p for p in site.glob("*/assets") if p.parent != site]
    assert sum(len(data) for data in shared.values()) < 4_000_000


def test_asset_urls_of_a_nested_page_resolve_to_the_shared_files(site: Path) -> None:
    page = site / "ava-m/goals/fractions.html"
    fetched = refs(page).fetched
    shared = [url for url in fetched if url.startswith("../../assets/")]
    names = {PurePosixPath(url).name for url in shared}
    assert "favicon.png" in names and "learnpath.css" in names
    assert any(n.startswith("main.") and n.endswith(".css") for n in names)
    assert any(n.startswith("palette.") and n.endswith(".css") for n in names)
    assert any(n.startswith("bundle.") and n.endswith(".js") for n in names)
    for url in fetched:
        assert resolve(page, url).is_file(), url
    for url in refs(page).links:
        if not url.startswith("#"):
            assert resolve(page, url).is_file(), url
    config = config_of(page)
    assert config["base"] == ".."
    worker = resolve(page, config["search"])
    assert worker.is_file() and worker.parent == site / "assets/javascripts/workers"
    # The worker loads lunr's language files from "../lunr/min/", relative to itself.
    for name in ["lunr.stemmer.support.min.js", "lunr.es.min.js"]:
        assert (worker.parent / "../lunr/min" / name).resolve().is_file()


def test_html_lang_and_search_language_are_the_site_language(site: Path) -> None:
    for site_id, language in [("ava-m", "es"), ("ben-k", "en"), ("cleo", "fr")]:
        for page in (site / site_id).rglob("*.html"):
            assert refs(page).attrs["html"]["lang"] == language
        index = json.loads((site / site_id / "search/search_index.json").read_bytes())
        assert index["config"]["lang"] == [language]


def test_every_page_asks_not_to_be_indexed(site: Path) -> None:
    assert len(pages(site)) == 6
    for page in pages(site):
        assert refs(page).attrs["meta robots"]["content"] == "noindex, nofollow"
    assert not list(site.rglob("sitemap.xml*")) and not list(site.rglob("404.html"))


def test_nothing_is_fetched_from_another_site(site: Path) -> None:
    off_site = re.compile(r"^\s*(https?:)?//", re.I)
    for page in pages(site):
        parsed = refs(page)
        assert not [url for url in parsed.fetched if off_site.match(url)], page
        assert not [url for url in parsed.links if off_site.match(url)], page  # no "Made with"
        assert "Content-Security-Policy" in page.read_text(encoding="utf-8")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = re.findall(r"""url\(\s*['"]?([^'")]*)""", text)
        urls += re.findall(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]*)""", text)
        assert not [url for url in urls if off_site.match(url)], css


def test_a_site_holds_nothing_of_another_site(site: Path) -> None:
    for path, data in tree(site / "ava-m").items():
        for other in [b"zebracorn", b"Ben K.", b"ben-k", b"Cleo", b"cleo"]:
            assert other not in data, (path, other)
    assert b"Ava" not in b"".join(tree(site / "ben-k").values())


def test_titles_are_text_not_markup(site: Path) -> None:
    goal = (site / "cleo/goal.html").read_text(encoding="utf-8")
    assert "<script>alert" not in goal and "<b>co</b>" not in goal and "<i>c" not in goal
    title = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Cleo &amp; &lt;b&gt;co&lt;/b&gt;"
    assert f"<title>{title}</title>" in goal
    assert (
        '<a href="#c" class="md-nav__link">\n<span class="md-ellipsis">\n&lt;i&gt;c&lt;/i&gt;\n'
        in goal
    )
    index = json.loads((site / "cleo/search/search_index.json").read_bytes())
    assert index["docs"][2] == {
        "location": "goal.html#c",
        "title": "&lt;i&gt;c&lt;/i&gt;",
        "text": "",
    }


def test_the_theme_indentation_is_gone_but_words_and_pre_are_kept(site: Path) -> None:
    page = (site / "ava-m/goals/fractions.html").read_text(encoding="utf-8")
    assert "<pre>  1/2\n    = 2/4</pre>" in page
    chrome = page.replace(FRACTIONS, "")  # the body keeps its own indentation
    assert not re.search(r"\n[ \t]|[ \t]\n", chrome) and "\n\n" not in chrome
    assert '<span class="md-ellipsis">\nAva M. — learning path\n</span>' in page


def made_in_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """One site per chunk, so that three sites fork two workers; the file named lists the
    process that made each site's spec."""
    monkeypatch.setattr(html_stage, "CHUNK", 1)
    return tmp_path / "pids"


def spec_logged(pids: Path):
    def spec_for(site_id: str) -> SiteSpec:
        with pids.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return SPECS[site_id]

    return spec_for


def test_same_inputs_give_the_same_bytes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = made_in_workers(monkeypatch, tmp_path)
    build_sites(list(SPECS), spec_logged(pids), tmp_path / "again", jobs=2)
    assert tree(tmp_path / "again") == tree(site)
    made_in = pids.read_text().split()  # in two worker processes this time
    assert len(made_in) == 3 and len(set(made_in)) == 2 and str(os.getpid()) not in made_in


def test_specs_are_made_in_the_worker_processes_and_progress_is_reported(tmp_path: Path) -> None:
    made_in, progress = tmp_path / "pids", []

    def spec_for(site_id: str) -> SiteSpec:
        with made_in.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return SiteSpec(site_id, site_id, "en", BEN.pages, BEN.nav)

    ids = [f"s{n:02d}" for n in range(20)]
    build_sites(ids, spec_for, tmp_path / "out", jobs=2, on_progress=lambda *a: progress.append(a))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["assets", *ids]
    pids = made_in.read_text().split()
    assert len(pids) == 20 and str(os.getpid()) not in pids
    # Chunks of 8, 8 and 4 students, counted here as each one finishes, in any order.
    done = [count for count, total in progress if total == 20]
    assert len(done) == len(progress) == 3 and done[-1] == 20
    assert sorted(b - a for a, b in itertools.pairwise([0, *done])) == [4, 8, 8]


def test_a_sealed_site_loads_the_lock_script(tmp_path: Path) -> None:
    sealed = SiteSpec("ben-k", BEN.title, "en", BEN.pages, BEN.nav, forget="Forget <me>")
    build(["ben-k"], tmp_path, {"ben-k": sealed})
    page = (tmp_path / "ben-k/index.html").read_text(encoding="utf-8")
    script = '<script src="./../assets/learnpath/lock.js" data-forget="Forget &lt;me&gt;" defer>'
    assert script + "</script>" in page


def broken(site_id: str, **changes) -> SiteSpec:
    """BEN, under another id, with some fields changed."""
    fields = {"pages": BEN.pages, "nav": BEN.nav, "files": {}, "language": "en", **changes}
    return SiteSpec(
        site_id, "Broken", fields["language"], fields["pages"], fields["nav"], fields["files"]
    )


def test_broken_sites_fail_the_build_are_named_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "staging"
    body = (
        '<h1 id="b">B</h1><a href="gone.html">gone</a> <a href="#nowhere">x</a> '
        '<img src="../assets/images/favicon.png"> <a href="index.html#b">ok</a> '
        '<img src="/etc/passwd"> <a href="https://example.org/x">ok</a> '
        "<img src='pic%201.png'> <img src=\"data:image/png;base64,AA\">"
        # Typed in a plan: checked by validation, and relative to wherever the author meant.
        '<a class="lp-plan-link" href="notes/own.html">own</a>'
    )
    specs = {
        "ben-k": BEN,
        "links": broken(
            "links",
            pages=(
                Page("index.html", "B", body, (Heading(1, "b", "B"), Heading(2, "gone", "Gone"))),
            ),
            files={"pic 1.png": b""},
        ),
        "nav": broken(
            "nav",
            nav=(
                NavItem("Home", "index.html"),
                NavItem("Missing", "missing.html"),
                NavItem("Again", "index.html"),
                NavItem("Empty"),
            ),
        ),
        "paths": broken(
            "paths",
            language="xx",
            pages=(*BEN.pages, Page("../../etc.html", "X", ""), Page("notes.txt", "X", "")),
            files={
                "/abs.png": b"",
                "index.html": b"",
                "a/b": b"",
                "a/b/c": b"",
                "search/search_index.json": b"",
            },
        ),
        "home": broken("home", pages=(Page("start.html", "S", ""),), nav=()),
        "other": broken("ben-k"),
    }
    with pytest.raises(HtmlBuildError) as error:
        build(list(specs), out, specs)
    assert str(error.value).splitlines() == [
        "site 'links': page 'index.html': heading id 'gone' is not an id in the body",
        "site 'links': page 'index.html' links to 'gone.html', which is not a page, an #id of a "
        "page, or a file of the site",
        "site 'links': page 'index.html' links to '#nowhere', which is not a page, an #id of a "
        "page, or a file of the site",
        "site 'links': page 'index.html' links to '/etc/passwd', which is not a page, an #id of "
        "a page, or a file of the site",
        "site 'nav': navigation entry 'Missing' links to 'missing.html', which is not a page of "
        "the site",
        "site 'nav': page 'index.html' is in the navigation twice",
        "site 'nav': navigation entry 'Empty' has neither a page nor entries",
        "site 'paths': language 'xx' is not one the theme knows",
        "site 'paths': page '../../etc.html' is not a relative path inside the site",
        "site 'paths': page 'notes.txt' does not end in .html",
        "site 'paths': file '/abs.png' is not a relative path inside the site",
        "site 'paths': file 'index.html' is written twice",
        "site 'paths': file 'search/search_index.json' is written twice",
        "site 'paths': 'a/b' is both a file and a folder",
        "site 'home': there is no home page 'index.html'",
        "site 'other': the spec made for it is the spec of 'ben-k'",
    ]
    assert error.value.sites == {"links", "nav", "paths", "home", "other"}
    assert sorted(p.name for p in out.iterdir()) == ["assets", "ben-k"]  # nothing of the others
    assert (out / "ben-k" / "index.html").is_file()


def test_unsafe_or_clashing_ids_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(HtmlBuildError) as error:
        build(["../up", "assets", "", "y", "y", "ben-k"], tmp_path / "out")
    assert str(error.value).splitlines() == [
        "site '../up': site_id must be a plain folder name other than 'assets'",
        "site 'assets': site_id must be a plain folder name other than 'assets'",
        "site '': site_id must be a plain folder name other than 'assets'",
        "site 'y': site_id used twice",
    ]
    assert error.value.sites == frozenset()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_supported_languages_are_material_translations() -> None:
    languages = supported_languages()
    assert {"en", "es", "fr", "pt-BR", "zh-TW"} <= languages
    assert "es-MX" not in languages and "EN" not in languages


def test_pages_run_only_materials_own_inline_scripts(site: Path) -> None:
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'self'" and directives["img-src"] == "'self' data:"
        allowed = set(directives["script-src"].split())
        assert "'unsafe-inline'" not in allowed
        inline = re.findall(r"<script>(.*?)</script>", text, re.S)
        assert len(inline) == 2  # Material's __md_scope and content scripts
        for script in inline:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, page


def school_theme(tmp_path: Path, main: str) -> Path:
    """A base config like ours whose templates/overrides/main.html is ``main``."""
    root = tmp_path / "school"
    (root / "templates" / "overrides").mkdir(parents=True)
    (root / "templates" / "assets").mkdir()
    (root / "templates" / "assets" / "learnpath.css").write_text("body{}")
    (root / "templates" / "overrides" / "main.html").write_text(main)
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def test_a_school_template_that_does_not_compile_stops_the_build(tmp_path: Path) -> None:
    base = school_theme(tmp_path, '{% extends "base.html" %}\n{% block content %}{% if %}\n')
    with pytest.raises(HtmlBuildError) as error:
        build(["ben-k"], tmp_path / "out", base_config=base)
    main = base.parent / "templates/overrides/main.html"
    expected = "TemplateSyntaxError: Expected an expression, got 'end of statement block'"
    assert str(error.value) == f"theme: {main}:2: {expected}"
    assert not (tmp_path / "out").exists()


def test_a_school_template_that_fails_on_one_site_fails_that_site(tmp_path: Path) -> None:
    main = (
        '{% extends "base.html" %}\n'
        "{% block content %}{{ 1 // (page.title | length - 3) }}{{ super() }}{% endblock %}\n"
    )
    base = school_theme(tmp_path, main)  # a page titled with 3 letters divides by zero
    specs = {
        "ben-k": BEN,
        "cleo": SiteSpec(
            "cleo", "C", "en", (Page("index.html", "Abc", "<h1 id='a'>Abc</h1>"),), ()
        ),
    }
    with pytest.raises(HtmlBuildError) as error:
        build(["ben-k", "cleo"], tmp_path / "out", specs, base_config=base)
    assert str(error.value) == "site 'cleo': ZeroDivisionError: integer division or modulo by zero"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["assets", "ben-k"]


def test_an_edited_school_template_is_used_by_the_next_build(tmp_path: Path) -> None:
    base = school_theme(
        tmp_path, '{% extends "base.html" %}\n{% block content %}one{% endblock %}\n'
    )
    build(["ben-k"], tmp_path / "first", base_config=base)
    main = base.parent / "templates/overrides/main.html"
    main.write_text('{% extends "base.html" %}\n{% block content %}two, longer{% endblock %}\n')
    build(["ben-k"], tmp_path / "second", base_config=base)
    assert "\none</article>" in (tmp_path / "first/ben-k/index.html").read_text()
    assert "\ntwo, longer</article>" in (tmp_path / "second/ben-k/index.html").read_text()


def test_a_base_config_with_a_mistake_stops_the_build(tmp_path: Path) -> None:
    base = school_theme(tmp_path, '{% extends "base.html" %}\n')
    base.write_text(base.read_text() + "\nsite_nmae: typo\n")
    with pytest.raises(HtmlBuildError) as error:
        build(["ben-k"], tmp_path / "out", base_config=base)
    expected = "Config value 'site_nmae': Unrecognised configuration name: site_nmae"
    assert str(error.value) == f"base config {base}: {expected}"
    assert not (tmp_path / "out").exists()


def test_no_students_still_gives_the_shared_assets(tmp_path: Path) -> None:
    progress = []
    build_sites([], SPECS.__getitem__, tmp_path / "out", on_progress=lambda *a: progress.append(a))
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["assets"]
    assert progress == []


def test_a_site_the_file_system_refuses_leaves_nothing_behind(tmp_path: Path) -> None:
    long_name = "x" * 300 + ".png"  # longer than any file system allows (255 bytes)
    odd = SiteSpec("odd", "Odd", "en", BEN.pages, BEN.nav, {"a.png": b"", long_name: b""})
    with pytest.raises(HtmlBuildError) as error:
        build(["odd", "ben-k"], tmp_path / "out", {"odd": odd, "ben-k": BEN})
    assert str(error.value).startswith("site 'odd': OSError: [Errno 36] File name too long: ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["assets", "ben-k"]


def test_finish_turns_each_complete_site_into_the_folder_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook a sealed build encrypts with: it sees every file of a checked site, in the
    worker; only what it returns is written, under the name it returns."""
    pids = made_in_workers(monkeypatch, tmp_path)

    def finish(site_id: str, files: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
        with pids.open("a") as file:
            file.write(f"{os.getpid()}\n")
        if site_id == "cleo":
            raise ValueError("cannot seal cleo")
        listing = "\n".join(sorted(files)).encode()
        return f"sealed-{site_id}", {"listing": listing, "size": str(len(files)).encode()}

    with pytest.raises(HtmlBuildError) as error:
        build(["ava-m", "ben-k", "cleo"], tmp_path / "out", finish=finish, jobs=2)
    assert str(os.getpid()) not in pids.read_text().split()  # finished in the workers
    assert str(error.value) == "site 'cleo': ValueError: cannot seal cleo"
    assert error.value.sites == {"cleo"}
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["assets", "sealed-ava-m", "sealed-ben-k"]
    plain = tmp_path / "plain"
    build(["ben-k"], plain)
    assert (out / "sealed-ben-k" / "listing").read_text().split("\n") == sorted(
        tree(plain / "ben-k")
    )
    assert tree(out / "sealed-ben-k").keys() == {"listing", "size"}
