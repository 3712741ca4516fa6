"""A sealed build: nothing about any student in any published byte or file name, byte-identical
twice, plain only on purpose; letters and links for the families (`learnpath access`)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checking.validate import check
from generator.cli import main
from generator.publishing import keys, seal

from .conftest import ROOT

SECRET = "5e0c41d8a3f2b7961e4dc0a8753b2f6e19d4c8b0a7e3f5126d9c4b8a0e7f3d25"
PLANS = ROOT / "plans"
TEACHER_FOLDER = keys.site_keys(bytes.fromhex(SECRET), 1, keys.TEACHER).folder


def run(*args: str, secret: str | None = SECRET, **env: str):
    environment = {"LEARNPATH_SECRET": secret or "", **env}
    return CliRunner().invoke(main, list(args), env=environment, catch_exceptions=False)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sealed") / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1795478400")
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        result = run("build", "--plans", str(PLANS), "--site", str(site))
    assert result.exit_code == 0, result.output
    return site


def private_words() -> set[str]:
    """Every name, id and sentence of the example plans that a stranger must not read."""
    project = check(PLANS)
    found: set[str] = set()
    for plan in project.plans.values():
        found |= {plan.id, plan.name, *plan.interests, *plan.preferences, *plan.strengths}
        found |= {author.name for author in plan.authors}
        for goal in plan.goals:
            found |= {goal.id, goal.title, goal.why}
            found |= {o.title for o in goal.objectives} | {o.ref for o in goal.objectives}
        found |= {e.note for e in plan.evidence} | {e.file for e in plan.evidence}
        found |= {r.text for r in plan.reflections}
    found.add(project.school.name)
    return {word for word in found if word}


# Sealed files are random-looking bytes, which hold any given 3-letter word ("Ava", "Mia"),
# case-insensitive, about once in 3 MB: in them only longer words tell a leak from chance.
LONG = 6


def _text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False  # ciphertext (or an image): not text that a reader sees
    return True


def published(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_no_published_byte_or_name_reveals_a_student(sealed: Path, tmp_path: Path) -> None:
    words = sorted(private_words(), key=len)
    assert {"Ava M.", "ava-m", "horses"} <= set(words) and len(words) > 100
    # Files that come out the same from other plans cannot tell anything about these: Material's
    # assets (whose Italian stop words include "mia"), the worker, the lock pages. Prove it.
    # The lock pages come in the school's language (and say nothing else of the school or
    # anyone): the other class is given this one's.
    other, plans = tmp_path / "other", tmp_path / "plans"
    shutil.copytree(ROOT / "tests" / "plans" / "valid" / "everything" / "plans", plans)
    school = plans / "school.yml"
    school.write_text(school.read_text().replace("\nlanguage: es\n", "\nlanguage: en\n", 1))
    assert run("build", "--plans", str(plans), "--site", str(other)).exit_code == 0
    ours, theirs = published(sealed), published(other)
    same = {path for path, data in ours.items() if theirs.get(path) == data}
    assert {p.split("/")[0] for p in same} == {
        "assets",
        "index.html",
        "404.html",
        "sw.js",
        TEACHER_FOLDER,
    }
    assert f"{TEACHER_FOLDER}/index.html" in same  # the lock page; the teacher's index differs

    # As written, as HTML escapes it, as JSON escapes it (search index): case-insensitive, as
    # a whole word ("Ava" is a name; "JavaScript" is not).
    def pattern(word: str) -> re.Pattern[bytes]:
        forms = {word, html.escape(word), json.dumps(word)[1:-1]}
        either = b"|".join(re.escape(f.encode()) for f in sorted(forms))
        return re.compile(rb"(?<![A-Za-z0-9])(?:" + either + rb")(?![A-Za-z0-9])", re.I)

    patterns = {word: pattern(word) for word in words}
    leaks = []
    for name, data in sorted(ours.items()):
        for word, found in patterns.items():
            searched = name not in same and (_text(data) or len(word.encode()) >= LONG)
            if found.search(name.encode()) or (searched and found.search(data)):
                leaks.append(f"{name}: {word!r}")
    assert leaks == [], "\n".join(leaks)


def test_a_sealed_site_has_opaque_folders_and_no_sitemap_or_manifest(sealed: Path) -> None:
    top = sorted(p.name for p in sealed.iterdir())
    folders = [name for name in top if re.fullmatch(r"[0-9a-f]{32}", name)]
    assert len(folders) == 7  # six students and the teacher's index
    assert sorted(set(top) - set(folders)) == ["404.html", "assets", "index.html", "sw.js"]
    assert not list(sealed.rglob("sitemap*")) and not list(sealed.rglob(".learnpath*"))
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    assert ava.folder in folders
    files = sorted(p.name for p in (sealed / ava.folder).iterdir())
    assert files[-3:] == ["index.html", "key", "manifest"]
    assert all(re.fullmatch(r"[0-9a-f]{32}", name) for name in files[:-3])
    lock_pages = {(sealed / f / "index.html").read_bytes() for f in folders}
    assert len(lock_pages) == 1  # the same lock page for everyone


def test_every_lock_page_has_an_icon_so_the_browser_asks_no_server_for_one(
    sealed: Path,
) -> None:
    """Without one, a browser asks the server for /favicon.ico: a 404 and a console error on
    every lock page (the host's root is not ours on <org>.github.io)."""
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    for page in ["index.html", f"{ava.folder}/index.html", "404.html"]:
        text = (sealed / page).read_text(encoding="utf-8")
        assert '<link rel="icon" href="data:,">' in text, page
        policy = re.search(r'Content-Security-Policy" content="([^"]*)"', text).group(1)
        assert re.search(r"img-src [^;]*data:", policy), page


def test_a_secret_not_made_at_random_stops_the_build(tmp_path: Path) -> None:
    result = run("build", "--plans", str(PLANS), "--site", str(tmp_path / "s"), secret="00" * 32)
    assert result.exit_code == 2
    assert "LEARNPATH_SECRET was not made at random: its 32 bytes take only 1 value," in (
        result.output
    )
    assert not (tmp_path / "s").exists()


def test_the_sealed_home_page_opens_with_the_key(sealed: Path) -> None:
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    folder = sealed / ava.folder
    listing = json.loads(
        seal.open_sealed(ava.content, "manifest", (folder / "manifest").read_bytes())
    )
    entry = listing["files"]["index.html"]
    assert entry[1:] == ["text/html; charset=utf-8", "deflate"]
    blob = (folder / entry[0]).read_bytes()
    home = seal.open_file(ava.content, "index.html", entry, blob)
    assert len(blob) < len(home) / 3  # compressed before it was sealed
    assert "Ava M." in home.decode()
    assert 'data-forget="Olvidar en este dispositivo"' in home.decode()  # her site is Spanish
    assert "search/search_index.json" in listing["files"]


def test_the_workers_inflate_fallback_is_pako_as_published(sealed: Path) -> None:
    """Browsers without DecompressionStream inflate with pako 2.1.0's own build, unchanged
    (templates/publish/vendor/README.md), published beside the lock script."""
    vendored = ROOT / "templates" / "publish" / "vendor" / "pako_inflate.min.js"
    published = (sealed / "assets" / "learnpath" / "pako_inflate.min.js").read_bytes()
    assert published == vendored.read_bytes()
    assert hashlib.sha256(published).hexdigest() == PAKO_SHA256
    assert published.startswith(b"/*! pako 2.1.0 https://github.com/nodeca/pako")
    worker = (sealed / "sw.js").read_text()
    assert 'importScripts("assets/learnpath/pako_inflate.min.js")' in worker


PAKO_SHA256 = "fa226c8e1e3556993260e6a5c1fe94e225da59b3418a06811fdc51d308f8bb43"


def test_a_sealed_build_never_writes_a_plain_page(tmp_path: Path, monkeypatch) -> None:
    """Each site is sealed in the worker that rendered it: even staging, beside the site,
    only ever holds opaque names (a build killed halfway leaves no readable page behind)."""
    from generator.html import site as html_site

    written = html_site.write_folder

    def only_sealed(folder: Path, files: dict[str, bytes]) -> None:  # inherited by the workers
        plain = [p for p in files if not re.fullmatch(r"[0-9a-f]{32}|index\.html|key|manifest", p)]
        if plain:
            raise AssertionError(f"plain files written: {plain[:3]}")
        written(folder, files)

    monkeypatch.setattr(html_site, "write_folder", only_sealed)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    result = run("build", "--plans", str(PLANS), "--site", str(tmp_path / "sealed"))
    assert result.exit_code == 0, result.output
    plain = run("build", "--plans", str(PLANS), "--site", str(tmp_path / "plain"), secret=None)
    assert plain.exit_code == 1 and "site 'ava-m': AssertionError: plain files" in plain.output


def test_a_sealed_rebuild_reseals_only_the_student_whose_plan_changed(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    site = tmp_path / "site"
    assert run("build", "--plans", str(plans), "--site", str(site)).exit_code == 0
    before = published(site)
    plan = plans / "students" / "liam-o.yml"
    old = "Built 7/8 from unit pieces and wrote the sum."
    plan.write_text(plan.read_text().replace(old, "Built 7/8 from unit pieces, twice."))
    assert run("build", "--plans", str(plans), "--site", str(site)).exit_code == 0
    after = published(site)
    changed = {path.split("/")[0] for path in before.keys() | after.keys()
               if before.get(path) != after.get(path)}  # fmt: skip
    liam = keys.site_keys(bytes.fromhex(SECRET), 1, "liam-o")
    assert changed - {TEACHER_FOLDER} == {liam.folder}
    folder = site / liam.folder
    listing = json.loads(
        seal.open_sealed(liam.content, "manifest", (folder / "manifest").read_bytes())
    )
    entry = listing["files"]["evidence.html"]
    page = seal.open_file(liam.content, "evidence.html", entry, (folder / entry[0]).read_bytes())
    assert "Built 7/8 from unit pieces, twice." in page.decode()


def test_the_teachers_index_is_sealed_uncompressed(sealed: Path) -> None:
    teacher = keys.site_keys(bytes.fromhex(SECRET), 1, keys.TEACHER)
    folder = sealed / teacher.folder
    listing = json.loads(
        seal.open_sealed(teacher.content, "manifest", (folder / "manifest").read_bytes())
    )
    assert {len(entry) for entry in listing["files"].values()} == {2}  # no "deflate"
    entry = listing["files"]["index.html"]
    page = seal.open_file(teacher.content, "index.html", entry, (folder / entry[0]).read_bytes())
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    assert ava.passphrase in page.decode()


def test_two_sealed_builds_are_byte_identical(sealed: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    result = run("build", "--plans", str(PLANS), "--site", str(again))
    assert result.exit_code == 0, result.output
    first = {p.relative_to(sealed): p.read_bytes() for p in sealed.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_a_new_epoch_replaces_every_folder(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    site = tmp_path / "site"
    assert run("build", "--plans", str(plans), "--site", str(site)).exit_code == 0
    before = {p.name for p in site.iterdir()}
    school = plans / "school.yml"
    school.write_text(school.read_text() + "publish:\n  epoch: 2\n")
    result = run("build", "--plans", str(plans), "--site", str(site))
    assert result.exit_code == 0, result.output
    after = {p.name for p in site.iterdir()}
    assert before & after == {"404.html", "assets", "index.html", "sw.js"}
    ava = keys.site_keys(bytes.fromhex(SECRET), 2, "ava-m")
    assert ava.folder in after


def test_publishing_a_plain_site_is_refused_unless_the_school_chose_it(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    site = tmp_path / "site"
    result = run("build", "--plans", str(plans), "--site", str(site), secret=None,
                 LEARNPATH_PUBLISH="true")  # fmt: skip
    assert result.exit_code == 1
    assert "LEARNPATH_SECRET is not set" in result.output
    assert "publish: {privacy: public}" in result.output
    assert not site.exists()
    school = plans / "school.yml"
    school.write_text(school.read_text() + "publish:\n  privacy: public\n")
    result = run("build", "--plans", str(plans), "--site", str(site), secret=None,
                 LEARNPATH_PUBLISH="true")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (site / "ava-m" / "index.html").is_file()


def test_a_malformed_secret_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "--plans", str(PLANS), "--site", str(tmp_path / "s"), secret="abc")
    assert result.exit_code == 2
    assert "LEARNPATH_SECRET must be 64 hex digits (32 bytes)" in result.output
    assert not (tmp_path / "s").exists()


def test_access_prints_each_link_and_passphrase_then_the_teachers() -> None:
    result = run("access", "--plans", str(PLANS), "--base-url", "https://org.github.io/plans",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [a["student"] for a in found] == [
        "ava-m", "liam-o", "mia-c", "noah-t", "wei-l", "yasmin-k", None
    ]  # fmt: skip
    fields = {"student", "name", "url", "passphrase", "address", "words"}
    assert all(set(a) == fields for a in found)
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    assert found[0] == {
        "student": "ava-m",
        "name": "Ava M.",
        "url": f"https://org.github.io/plans/{ava.folder}/#{ava.fragment}",
        "passphrase": ava.passphrase,
        "address": f"https://org.github.io/plans/{ava.folder}/",
        "words": "en",
    }
    assert result.stderr == SHARED_ORIGIN
    teacher = keys.site_keys(bytes.fromhex(SECRET), 1, keys.TEACHER)
    assert found[-1]["url"].endswith(f"/{teacher.folder}/#{teacher.fragment}")
    fragment = found[0]["url"].split("#")[1]
    assert base64.urlsafe_b64decode(fragment + "=") == ava.content


SHARED_ORIGIN = (
    "note: every site published on org.github.io shares one origin with this one, so a page "
    "of any other repository of org can read the keys a family's browser remembers for it. "
    "Publish the plans from an organisation (or account) that publishes nothing else, or "
    'give the site its own custom domain (docs/privacy.md, "Other sites on the same '
    'address").\n'
)


HTTPS = "must start with https:// (http:// only for 127.0.0.1 or localhost)"
HOST = "must name the host the site is published on, e.g. https://org.github.io/plans/"
PART = "must not have a '?' or '#' part: the link adds the key after '#'"
PAGE = "must be the site's folder, not a page in it: use https://org.github.io/plans/"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("org.github.io/plans/", HTTPS),
        ("http://org.github.io/plans/", HTTPS),
        ("ftp://org.github.io/plans/", HTTPS),
        ("https:///plans/", HOST),
        ("https://me:pw@org.github.io/plans/", HOST),
        ("https://org.github.io/plans/?ref=mail", PART),
        ("https://org.github.io/plans/?", PART),
        ("https://org.github.io/plans/#top", PART),
        ("https://org.github.io/plans/index.html", PAGE),
        ("https://org.github.io/plans/Index.HTM", PAGE),
        (
            "https://[org.github.io/plans/",
            "is not a web address, e.g. https://org.github.io/plans/",
        ),
        (
            "https://org.github.io:x/plans/",
            "is not a web address, e.g. https://org.github.io/plans/",
        ),
        (" https://org.github.io/plans/", "must not contain spaces or invisible characters"),
        ("https://org.github.io/my plans/", "must not contain spaces or invisible characters"),
        ("https://org.github.io/plans/\u200b", "must not contain spaces or invisible characters"),
    ],
)
def test_access_refuses_a_base_url_a_letter_could_not_use(url: str, problem: str) -> None:
    """A printed letter cannot be corrected: its address is checked before anything is made."""
    result = run("access", "--plans", str(PLANS), "--base-url", url)
    assert result.exit_code == 2
    assert f"Error: Invalid value for --base-url: '{url}' {problem}\n" in result.output


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("https://org.github.io/plans", SHARED_ORIGIN),
        ("https://org.github.io/", ""),  # the organisation's own site: nothing else shares it
        ("https://plans.school.example/", ""),
        ("http://127.0.0.1:8000/", ""),
        ("http://localhost:8000/p/", ""),
        ("https://org.github.io/my.plans", SHARED_ORIGIN),  # a dot, but not a page
    ],
)
def test_access_accepts_a_sites_folder_and_warns_about_a_shared_origin(
    url: str, advice: str
) -> None:
    result = run("access", "--plans", str(PLANS), "--base-url", url)
    assert result.exit_code == 0, result.output
    assert result.stderr == advice
    assert f"  address:    {url.rstrip('/')}/" in result.stdout


def test_access_needs_the_secret_and_real_students(tmp_path: Path) -> None:
    result = run("access", "--plans", str(PLANS), "--base-url", "https://x/", secret=None)
    assert result.exit_code == 2 and "LEARNPATH_SECRET is not set" in result.output
    result = run("access", "zoe", "--plans", str(PLANS), "--base-url", "https://x/")
    assert result.exit_code == 2 and "no plan for zoe" in result.output
    result = run("access", "../x", "--plans", str(PLANS), "--base-url", "https://x/")
    assert result.exit_code == 2 and "'../x' is not a student id" in result.output


def test_letters_are_written_outside_the_site_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    args = ["access", "--plans", str(PLANS), "--base-url", "https://org.github.io/plans",
            "--format", "html", "--site", str(site)]  # fmt: skip
    refused = run(*args, "--out", str(site / "letters"))
    assert refused.exit_code == 2 and "write them outside the published folder" in refused.output
    assert not site.exists()
    result = run(*args, "--out", str(tmp_path / "private"))
    assert result.exit_code == 0, result.output
    letters = (tmp_path / "private" / "letters.html").read_text()
    assert letters.count('<section class="letter"') == 6
    assert '<section class="letter" lang="es" dir="ltr">' in letters  # Ava's family: Spanish
    assert "El camino de aprendizaje de \u2068Ava M.\u2069" in letters
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m")
    assert ava.passphrase in letters and letters.count("<svg") == 6
    liam = keys.site_keys(bytes.fromhex(SECRET), 1, "liam-o")
    assert (
        "<p>Or open this address and type the passphrase below:</p>\n"
        f'<p class="link" dir="ltr">https://org.github.io/plans/{liam.folder}/</p>\n'
        "<p>Passphrase: "
    ) in letters  # the bare address, on its own line, below the sentence that names it
    assert "<p>O abra esta dirección y escriba la frase de acceso de abajo:</p>" in letters
    assert (tmp_path / "private" / "letters.html").stat().st_mode & 0o777 == 0o600


def test_letters_are_never_written_through_a_link_into_the_site(tmp_path: Path) -> None:
    """A letters.html that links (or hard-links) to a published page: the page is untouched."""
    site = tmp_path / "site"
    build = run("build", "--plans", str(PLANS), "--site", str(site))
    assert build.exit_code == 0, build.output
    published = (site / "index.html").read_bytes()
    private = tmp_path / "private"
    private.mkdir()
    (private / "letters.html").symlink_to("../site/index.html")
    args = ["access", "--plans", str(PLANS), "--base-url", "https://org.github.io/plans",
            "--format", "html", "--site", str(site), "--out", str(private)]  # fmt: skip
    refused = run(*args)
    assert refused.exit_code == 2
    assert (
        f"{private / 'letters.html'} is a link to ../site/index.html; letters hold every "
        "family's key and are never written through a link: remove the link"
    ) in " ".join(refused.output.split())
    assert (site / "index.html").read_bytes() == published
    (private / "letters.html").unlink()
    os.link(site / "index.html", private / "letters.html")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert (site / "index.html").read_bytes() == published
    assert "learnpath letters" in (private / "letters.html").read_text()


def test_class_pages_are_never_written_through_a_link_into_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published")
    private = tmp_path / "private"
    private.mkdir()
    (private / "class.html").symlink_to("../site/index.html")
    result = run("class", "--plans", str(PLANS), "--site", str(site), "--out", str(private))
    assert result.exit_code == 0, result.output
    assert (site / "index.html").read_text() == "published"
    assert not (private / "class.html").is_symlink()


def test_build_refuses_letters_and_class_pages_in_the_site_whatever_their_name(
    tmp_path: Path,
) -> None:
    """Letters written over the published landing page (through a link that pointed there),
    a class page renamed, letters reached through a link in the site: found by what they
    hold, and nothing is built until they are gone."""
    site, private = tmp_path / "site", tmp_path / "private"
    assert run("build", "--plans", str(PLANS), "--site", str(site)).exit_code == 0
    args = ["--plans", str(PLANS), "--base-url", "https://org.github.io/plans/", "--site",
            str(site), "--out", str(private)]  # fmt: skip
    assert run("access", "--format", "html", *args).exit_code == 0
    assert run("class", "--plans", str(PLANS), "--out", str(private)).exit_code == 0
    shutil.copy(private / "letters.html", site / "index.html")  # what the link did
    shutil.copy(private / "class.html", site / "assets" / "notes.html")
    (site / "assets" / "more").mkdir()
    (site / "assets" / "more" / "x.txt").symlink_to(private / "letters.html")
    (site / "loop").symlink_to(site)  # followed once, never forever
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = run("build", "--plans", str(PLANS), "--site", str(site))
    assert result.exit_code == 1
    letters = (
        "error: letters to families are in the site folder, which is published: they hold "
        "every family's key. Delete this file, and if it was ever published, change the keys "
        '(docs/privacy.md, "Rotating the keys") and print new letters [letters-in-site]'
    )
    assert result.output == (
        f"{site}/assets/more/x.txt:1:1: {letters}\n"
        f"{site}/assets/notes.html:1:1: error: the teacher's class page is in the site "
        "folder, which is published; delete it and write it to private/ (learnpath class "
        "does by default) [class-page-in-site]\n"
        f"{site}/index.html:1:1: {letters}\n"
        "3 errors, 0 warnings\n"
        f"nothing written: {site} is unchanged\n"
    )
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    for path in [site / "index.html", site / "assets" / "notes.html", site / "loop"]:
        path.unlink()
    (site / "assets" / "more" / "x.txt").unlink()
    result = run("build", "--plans", str(PLANS), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert (site / "index.html").read_bytes().startswith(b"<!doctype html>")


def test_a_sealed_build_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    """A sealed site promises nothing readable without a key: a stray file in it, at its root
    or inside a student's folder (which an unchanged build would otherwise keep), is
    refused before anything changes; CNAME and .nojekyll are GitHub Pages' own."""
    site, private = tmp_path / "site", tmp_path / "private"
    assert run("build", "--plans", str(PLANS), "--site", str(site)).exit_code == 0
    ava = keys.site_keys(bytes.fromhex(SECRET), 1, "ava-m").folder
    private.mkdir()
    (site / "CNAME").write_text("plans.school.example\n")
    (site / ".nojekyll").write_text("")
    (site / "notes.txt").write_text("Ava M. reads at level 3")
    (site / ava / "notes.html").write_text("<p>Ava M.</p>")
    (site / ava / ("0" * 32)).mkdir()
    (site / "private").symlink_to(private)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    result = run("build", "--plans", str(PLANS), "--site", str(site))
    assert result.exit_code == 1
    message = (
        "error: not written by learnpath, and a sealed site folder is published exactly as "
        "it is: move this out of the site folder [foreign-file-in-site]"
    )
    assert result.output == (
        f"{site}/{ava}/{'0' * 32}:1:1: {message}\n"
        f"{site}/{ava}/notes.html:1:1: {message}\n"
        f"{site}/notes.txt:1:1: {message}\n"
        f"{site}/private:1:1: {message}\n"
        "4 errors, 0 warnings\n"
        f"nothing written: {site} is unchanged\n"
    )
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    for path in [site / "notes.txt", site / ava / "notes.html", site / "private"]:
        path.unlink()
    (site / ava / ("0" * 32)).rmdir()
    result = run("build", "--plans", str(PLANS), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert (site / "CNAME").is_file()


def test_a_plain_build_still_keeps_other_files_in_its_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("a preview folder")
    result = run("build", "--plans", str(PLANS), "--site", str(site), secret=None)
    assert result.exit_code == 0, result.output
    assert (site / "notes.txt").read_text() == "a preview folder"


def test_letters_and_the_404_page_are_right_to_left_in_arabic_and_persian(
    sealed: Path,
) -> None:
    from generator.publishing import access

    found = [
        access.Access(
            "ava-m", "Ava M.", "https://o.github.io/p/f/#k", "a b", "https://o.github.io/p/f/"
        )
    ]
    letters = access.letters(found * 3, ["ar", "fa", "es"])
    assert letters.count('<section class="letter" lang="ar" dir="rtl">') == 1
    assert letters.count('<section class="letter" lang="fa" dir="rtl">') == 1
    assert letters.count('<section class="letter" lang="es" dir="ltr">') == 1
    assert letters.count('<p class="link" dir="ltr">https://o.github.io/p/f/</p>') == 3
    missing = (sealed / "404.html").read_text(encoding="utf-8")
    # In the family's language (language.js shows it), in that language's direction.
    assert '<script type="application/json" id="lp-rtl">["ar","fa"]</script>' in missing
    assert '<option value="fa" lang="fa" dir="rtl">فارسی</option>' in missing
