"""Property tests of what reaches the site: whatever evidence file name, link or label text a
repository holds, `validate` reports it at its place or the site works; never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path
from urllib.parse import unquote

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from generator.build import build
from generator.checking.validate import check
from generator.language import i18n
from generator.rendering.render import environment, render_site

from .conftest import ROOT, TODAY

BASE = ROOT / "tests" / "plans" / "valid" / "everything" / "plans"
FILE_RULES = {"file-missing", "bad-file-name", "file-outside-folder", "file-not-published"}
NAME = st.text(
    alphabet=st.sampled_from(
        string.ascii_letters + "0123456789 #?%&()+,;=@[]{}~'.-_/\\:éñ漢\x00\x01"
    ),
    min_size=1,
    max_size=40,
)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def with_file(work: Path, name: str) -> Path:
    plans = work / "plans"
    shutil.copytree(BASE, plans)
    path = plans / "students" / "zoe-2.yml"
    quoted = json.dumps(name, ensure_ascii=False)
    path.write_text(path.read_text().replace("file: photos/strips.png", f"file: {quoted}"))
    return plans


@SETTINGS
@given(stem=NAME, suffix=st.sampled_from([".png", ".pdf", ".txt", ".docx", ""]), long=st.booleans())
def test_any_evidence_file_name_is_reported_in_place_or_linked(
    tmp_path_factory, stem: str, suffix: str, long: bool
) -> None:
    work = tmp_path_factory.mktemp("names")
    name = (stem * 40)[:260] + suffix if long else stem + suffix
    plans = with_file(work, name)
    try:  # make the file where the name allows one
        target = plans / "students" / "zoe-2" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"evidence " + name.encode("utf-8", "surrogatepass"))
    except (OSError, ValueError):
        pass
    found = check(plans, TODAY).problems
    for problem in found:
        assert (problem.path, problem.line, problem.column) == ("plans/students/zoe-2.yml", 37, 11)
        assert problem.rule in FILE_RULES and "\x00" not in problem.message
    if any(p.level == "error" for p in found):
        event("refused")
        return
    event("built")
    result = build(plans, work / "site")
    assert not result.failed, result.problems
    page = (work / "site" / "zoe-2" / "evidence.html").read_text()
    links = re.findall(r'(?:src|href)="(evidence/[^"]+)"', page)
    for link in links:  # every evidence link reaches a file of this student's folder
        assert (work / "site" / "zoe-2" / unquote(link)).read_bytes().startswith(b"evidence ")


@SETTINGS
@given(link=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and "\n" not in s))
def test_any_link_is_refused_warned_or_kept_and_never_crashes(tmp_path_factory, link) -> None:
    work = tmp_path_factory.mktemp("links")
    plans = with_file(work, "photos/strips.png")
    path = plans / "students" / "zoe-2.yml"
    quoted = json.dumps(link, ensure_ascii=False)
    path.write_text(path.read_text().replace("link: http://example.org/work", f"link: {quoted}"))
    found = check(plans, TODAY).problems
    assert {p.rule for p in found} <= {"unsafe-link", "link-without-scheme", "syntax"}
    if link.startswith("www.") and "/" not in link[:5] and not found:
        raise AssertionError(f"{link!r} should be a warning")


@SETTINGS
@given(text=st.text(min_size=0, max_size=40).filter(lambda s: "\n" not in s and "\r" not in s))
def test_any_label_text_is_a_validate_problem_or_renders(tmp_path_factory, monkeypatch, text):
    """A translator's typo ({nmae}, a lone brace, {name.x}) never fails the build itself."""
    work = tmp_path_factory.mktemp("labels")
    shutil.copytree(ROOT / "templates" / "locales", work / "locales")
    es = work / "locales" / "es.yml"
    hello = f"hello: {json.dumps(text, ensure_ascii=False)}\n"
    es.write_text(es.read_text().replace('hello: "¡Hola, {name}!"\n', hello))
    monkeypatch.setattr(i18n, "LOCALES", work / "locales")
    i18n.languages.cache_clear()
    i18n.catalog.cache_clear()
    try:
        project = check(ROOT / "plans", TODAY)
        if any(p.level == "error" for p in project.problems):
            assert all(p.path.startswith("templates/locales/") for p in project.problems)
            return
        spec = render_site(
            project.plans["ava-m"], project.school, ROOT / "plans", environment(), TODAY
        )
        home = spec.pages[0]
        (h1, *_) = home.headings
        assert (home.path, home.title, h1.level) == ("index.html", h1.title, 1)
        # The label shows as written, whatever characters it holds: escaped once, here;
        # the name in it isolated, in the plan's language.
        name = '<bdi lang="en">Ava M.</bdi>'
        shown = str(escape(i18n.catalog("es")["hello"])).format(name=name)
        assert home.body.startswith(f'<h1 id="{h1.id}">{shown}</h1>\n')
    finally:
        i18n.languages.cache_clear()
        i18n.catalog.cache_clear()
