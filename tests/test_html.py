"""The HTML stage: exact files, shared assets, privacy, determinism and errors of build_sites."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest

from generator.html import HtmlBuildError, SiteSpec, build_sites, supported_languages

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8"/></svg>'

AVA = SiteSpec(
    site_id="ava-m",
    title="Ava M. — learning path",
    language="es",
    pages={
        "index.md": "# Hola\n\nEl camino de Ava. [Fracciones](goals/fractions.md)\n",
        "goals/fractions.md": (
            "# Fracciones\n\n![Tiras de fracciones](../evidence/strips.svg)\n\n"
            "- [x] Explicó 1/2 = 2/4\n- [ ] Comparar 3/4 y 5/8\n\n"
            '!!! tip "En casa"\n    Comparen porciones de dos pizzas.\n\n'
            '??? note "Por qué"\n    Quiero duplicar recetas.\n'
        ),
        "report.md": "# Informe\n\n| Fecha | Nivel |\n|---|---|\n| 2026-10-02 | competente |\n",
    },
    nav=[
        {"Inicio": "index.md"},
        {"Metas": [{"Fracciones": "goals/fractions.md"}]},
        {"Informe": "report.md"},
    ],
    files={"evidence/strips.svg": SVG},
)
BEN = SiteSpec(
    site_id="ben-k",
    title="Ben K. — learning path",
    language="en",
    pages={"index.md": "# Ben's path\n\nBen likes zebracorns.\n"},
    nav=[{"Home": "index.md"}],
)
# Titles are plain text from plans: they must come out as text, never as markup.
CLEO = SiteSpec(
    site_id="cleo",
    title="Cleo & <b>co</b>",
    language="fr",
    pages={"index.md": "# Accueil\n", "goal.md": "# But\n"},
    nav=[{"Accueil": "index.md"}, {"</title><script>alert(1)</script>": "goal.md"}],
)
SPECS = [AVA, BEN, CLEO]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three specs, built once for the read-only tests of this module."""
    out = tmp_path_factory.mktemp("html") / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1795478400")
        build_sites(SPECS, out, jobs=1)
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
    return json.loads(
        re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', text, re.S
        ).group(1)
    )


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
    index = json.loads((site / "ava-m/search/search_index.json").read_bytes())
    assert sorted({doc["location"].split("#")[0] for doc in index["docs"]}) == [
        "goals/fractions.html",
        "index.html",
        "report.html",
    ]
    for path, data in tree(site / "ava-m").items():
        for other in [b"zebracorn", b"Ben K.", b"ben-k", b"Cleo", b"cleo"]:
            assert other not in data, (path, other)
    assert b"Ava" not in b"".join(tree(site / "ben-k").values())


def test_titles_are_text_not_markup(site: Path) -> None:
    goal = (site / "cleo/goal.html").read_text(encoding="utf-8")
    assert "<script>alert" not in goal and "<b>co</b>" not in goal
    title = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Cleo &amp; &lt;b&gt;co&lt;/b&gt;"
    assert f"<title>{title}</title>" in goal


def test_same_inputs_give_the_same_bytes(site: Path, tmp_path: Path) -> None:
    build_sites(SPECS, tmp_path / "again", jobs=2)  # in two worker processes this time
    assert tree(tmp_path / "again") == tree(site)


def test_a_broken_site_fails_the_build_and_is_named(tmp_path: Path) -> None:
    out = tmp_path / "staging"
    broken = SiteSpec(
        "broken",
        "Broken",
        "en",
        {"index.md": "# B\n\n[gone](gone.md)\n"},
        [{"Home": "index.md"}, {"Missing": "missing.md"}],
    )
    with pytest.raises(HtmlBuildError) as error:
        build_sites([BEN, broken], out)
    assert str(error.value).splitlines() == [
        "site 'broken': A reference to 'missing.md' is included in the 'nav' configuration, "
        "which is not found in the documentation files.",
        "site 'broken': Doc file 'index.md' contains a link 'gone.md', but the target is not "
        "found among documentation files.",
    ]
    assert error.value.sites == {"broken"}  # the caller publishes none of it, or ben-k alone
    assert (out / "ben-k" / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["assets", "ben-k", "broken"]  # no sources


def test_unsafe_or_clashing_specs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    specs = [
        SiteSpec("../up", "Up", "en", {"index.md": "# Up\n"}, []),
        SiteSpec("assets", "Assets", "en", {"index.md": "# A\n"}, []),
        SiteSpec(
            "x",
            "X",
            "xx",
            {"../../etc.md": "# X\n", "notes.txt": "x"},
            [],
            {"/abs.png": b"", "a.md": b""},
        ),
        SiteSpec("y", "Y", "en", {"index.md": "# Y\n"}, []),
        SiteSpec("y", "Y", "en", {"index.md": "# Y\n"}, []),
    ]
    with pytest.raises(HtmlBuildError) as error:
        build_sites(specs, tmp_path / "out")
    assert str(error.value).splitlines() == [
        "site '../up': site_id must be a plain folder name other than 'assets'",
        "site 'assets': site_id must be a plain folder name other than 'assets'",
        "site 'x': language 'xx' is not one Material knows",
        "site 'x': '../../etc.md' is not a relative path inside the site",
        "site 'x': '/abs.png' is not a relative path inside the site",
        "site 'x': page 'notes.txt' does not end in .md",
        "site 'x': file 'a.md' would be read as a page",
        "site 'y': site_id used twice",
    ]
    assert not (tmp_path / "out").exists()
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
