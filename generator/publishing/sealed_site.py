"""Seal built sites: each student's site becomes an opaque folder of ciphertext.

Called by the HTML stage's workers on each complete site (``sealer``), before anything of it
is written to staging, and published by renaming like a plain site, so a sealed site is as
atomic as a plain one. Besides the students' folders, a sealed site has:

* ``index.html`` — the landing page: a lock page that opens the teacher's index;
* ``<teacher folder>/`` — the teacher's index, sealed like a student's site: every student's
  name, link (with its key) and passphrase, for reprinting a lost letter;
* ``404.html`` — what to do when a page cannot be found or is not unlocked yet;
* ``sw.js``, ``assets/learnpath/lock.js``, ``assets/learnpath/language.js`` and
  ``assets/learnpath/pako_inflate.min.js`` — the browser side (templates/publish/).

The lock pages and the 404 page come in the school's language and carry the words of every
language we have a catalogue for: language.js shows the family's (docs/privacy.md, "The lock
page's language": a student's own language would name the family to anyone with the address).

Nothing here names a student in a file name or in clear text.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.base.fsutil import PRIVATE_MODE, write_atomically
from generator.contributions import page as contribution_page
from generator.contributions.page import Contribute
from generator.language import i18n
from generator.load import Unreadable, read_limited
from generator.model import Plan, School
from generator.publishing import seal, wordlists
from generator.publishing.keys import (
    ITERATIONS,
    TEACHER,
    SiteKeys,
    folder_name,
    secret_tag,
    site_keys,
)
from generator.rendering.render import TEMPLATES, render_contribute
from generator.rendering.render import environment as render_environment
from generator.rendering.words import Words

PUBLISH_TEMPLATES = TEMPLATES / "publish"
WORKER = "sw.js"
LOCK_SCRIPT = "assets/learnpath/lock.js"
# What picks the lock page's language and runs its language switch (inline in the 404 page).
LANGUAGE_SCRIPT = "assets/learnpath/language.js"
# What sw.js inflates pages with where the browser cannot (vendor/README.md).
INFLATE_SCRIPT = "assets/learnpath/pako_inflate.min.js"
# What the page to add to the plan seals contributions with (docs/contributions.md).
CONTRIBUTE_SCRIPT = "assets/learnpath/contribute.js"


@dataclass(frozen=True)
class Sealing:
    """How to seal one build: the secret, the school's epoch, a cache of key files; from
    the school's `family_words_from` epoch on, each site's language picks its passphrase's
    words (`languages`: student id, or TEACHER, -> site language)."""

    secret: bytes
    epoch: int
    key_file: Callable[[SiteKeys], bytes] = seal.key_file  # may read a cache (PBKDF2 is slow)
    family_words_from: int | None = None
    languages: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        secret: bytes,
        school: School,
        plans: Iterable[Plan],
        key_file: Callable[[SiteKeys], bytes] = seal.key_file,
    ) -> Sealing:
        """The sealing of a school's sites, each plan's passphrase in its site's language."""
        languages = {plan.id: i18n.site_language(plan.language) for plan in plans}
        languages[TEACHER] = i18n.site_language(school.language)
        return cls(secret, school.epoch, key_file, school.family_words_from, languages)

    @property
    def family_words(self) -> bool:
        """Whether this epoch's passphrases are family words (else six English words)."""
        return self.family_words_from is not None and self.epoch >= self.family_words_from

    @property
    def word_count(self) -> int:
        return wordlists.FAMILY_WORDS if self.family_words else wordlists.LEGACY_WORDS

    @property
    def school_language(self) -> str:
        """What the lock pages and the 404 page show without a better language."""
        return self.languages.get(TEACHER, i18n.FALLBACK)

    def keys(self, owner: str) -> SiteKeys:
        language = self.languages.get(owner, "en") if self.family_words else None
        return site_keys(self.secret, self.epoch, owner, language)

    def folder(self, owner: str) -> str:
        """The site's folder name alone (its other keys, the passphrase's words among them,
        are not derived)."""
        return folder_name(self.secret, self.epoch, owner)


# The labels each page shows or lock.js says (lock_wrong...), with the hint for its number of
# words: nothing else of a catalogue is sent with a lock page, which every family downloads
# before anything else.
LOCK_LABELS = (
    *("lock_title", "lock_language", "lock_noscript", "lock_passphrase", "lock_show"),
    *("lock_remember", "lock_open", "lock_opening", "lock_wrong"),
    *("lock_bad_link", "lock_unsupported", "lock_damaged"),
)
STUDENT_LOCK = (*LOCK_LABELS, "lock_intro")
CLASS_LOCK = (*LOCK_LABELS, "lock_teacher_intro", "lock_family_passphrase")
MISSING_LABELS = ("lock_title", "lock_language", "lock_missing_title", "lock_missing")


def lock_words(labels: tuple[str, ...] = STUDENT_LOCK) -> dict[str, dict[str, str]]:
    """These labels in every language we have a catalogue for."""
    return {code: {k: str(i18n.catalog(code)[k]) for k in labels} for code in i18n.languages()}


def language_names() -> dict[str, str]:
    """Each language's name in its own words (CLDR through Babel), as a menu writes it:
    "Español", "العربية". Babel calls our Tagalog (tl) by its standard form, Filipino."""
    from babel import Locale

    names = {}
    for code in i18n.languages():
        name = Locale.parse(code, sep="-").get_language_name(code) or code
        names[code] = name[:1].upper() + name[1:]
    return names


# A sealed site's own words for what sw.js shows instead of a page (a missing address, a
# damaged file), sealed with the site: in the student's language, which a lock page never is.
PAGE_WORDS = "learnpath-pages.json"
_PAGE_LABELS = {
    "missing_title": "lock_missing_title",
    "missing": "page_missing",
    "damaged_title": "page_damaged_title",
    "damaged": "page_damaged",
    "back_home": "page_back_home",
}


def page_words(language: str) -> bytes:
    """PAGE_WORDS of a site in `language`: its words, its language and its direction."""
    code = i18n.site_language(language)
    words = i18n.catalog(code)
    record = {"lang": code, "dir": direction(code)}
    record.update({name: str(words[label]) for name, label in _PAGE_LABELS.items()})
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode()


def direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Persian), else "ltr" (Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(language, sep="-").character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def right_to_left() -> list[str]:
    """The languages we have labels for that are written right to left."""
    return [code for code in sorted(i18n.languages()) if direction(code) == "rtl"]


def environment() -> jinja2.Environment:
    """Jinja for templates/publish/: HTML, escaped, every variable required."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PUBLISH_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = json_script
    return env


def json_script(value: object) -> Markup:
    """JSON to put inside <script type="application/json">: UTF-8, not \\u escapes (Arabic
    text is a third of the size), with <, >, & and ' escaped as Jinja's tojson does."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character in "<>&'":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return Markup(text)


def lock_page(
    *,
    assets: str,
    language: str = i18n.FALLBACK,
    intro: str = "lock_intro",
    folder: str = "",
    count: int = 6,
) -> bytes:
    """A lock page, in the school's `language` until language.js picks the family's;
    `count`: how many words its hint asks for (six or seven)."""
    page = environment().get_template("lock.html")
    hint = "lock_hint" if count == wordlists.LEGACY_WORDS else "lock_hint_seven"
    text = page.render(
        words=lock_words((*(CLASS_LOCK if folder else STUDENT_LOCK), hint)),
        rtl=right_to_left(),
        names=language_names(),
        language=i18n.site_language(language),
        assets=assets,
        intro=intro,
        folder=folder,
        hint=hint,
        count=count,
    )
    return text.encode()


def missing_page(language: str = i18n.FALLBACK) -> str:
    """The site's 404.html, in the school's `language` until its inline copy of language.js
    picks the family's; its policy allows that script and its style by their hashes only."""
    env = environment()
    script = (PUBLISH_TEMPLATES / "language.js").read_text(encoding="utf-8")
    style = env.get_template("missing.css").render()
    return env.get_template("missing.html").render(
        words=lock_words(MISSING_LABELS),
        rtl=right_to_left(),
        names=language_names(),
        language=i18n.site_language(language),
        script=Markup(script),
        script_hash=_csp_hash(script),
        style=Markup(style),
        style_hash=_csp_hash(style),
    )


def _csp_hash(text: str) -> Markup:
    """A Content-Security-Policy source for exactly this inline script or style."""
    digest = hashlib.sha256(text.encode()).digest()
    return Markup("'sha256-" + base64.b64encode(digest).decode() + "'")


def sealer(sealing: Sealing) -> Callable[[str, dict[str, bytes]], tuple[str, dict[str, bytes]]]:
    """What the HTML stage's workers do with each complete student site (``finish``): seal
    it, in that worker, into its opaque folder. The plain files are never written."""
    lock = lock_page(assets="../", language=sealing.school_language, count=sealing.word_count)

    def finish(student: str, files: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
        keys = sealing.keys(student)
        return keys.folder, seal.seal_site(keys, files, lock, sealing.key_file(keys))

    return finish


def teacher_index(plans: list[Plan], school: School, sealing: Sealing) -> bytes:
    """The teacher's index page: names, links with keys, passphrases (sealed by the caller)."""
    language = i18n.site_language(school.language)
    students = []
    for plan in sorted(plans, key=lambda p: (p.name.casefold(), p.id)):
        keys = sealing.keys(plan.id)
        students.append(
            {
                "name": plan.name,
                "folder": keys.folder,
                "fragment": keys.fragment,
                "passphrase": keys.passphrase,
                "words": keys.words,
            }
        )
    page = environment().get_template("teacher.html")
    text = page.render(
        students=students,
        school=school.name,
        words=i18n.catalog(language),
        language=language,
        dir=direction(language),
    )
    return text.encode()


TEACHER_ADD = "add.html"  # the teacher's page to add to any plan: add.html?s=<folder>


def teacher_add_page(school: School, body: str) -> bytes:
    """The teacher's index's page to add to a plan, around its rendered `body`."""
    language = i18n.site_language(school.language)
    page = environment().get_template("teacher_add.html")
    text = page.render(
        body=Markup(body), words=i18n.catalog(language), language=language, dir=direction(language)
    )
    return text.encode()


def teacher_add_files(
    plans: list[Plan], school: School, sealing: Sealing, day: dt.date
) -> dict[str, bytes]:
    """The teacher's page to add to any plan, and each student's data for it, named by the
    student's opaque folder as the index's link (add.html?s=<folder>) names it."""
    if not plans:
        return {}
    add = Contribute(school.epoch, school.contact, teacher=True)
    body = render_contribute(plans[0], school, render_environment(), day, add)
    files = {TEACHER_ADD: teacher_add_page(school, body)}
    words = Words(replace(plans[0], language=school.language), school)
    for plan in plans:
        data = contribution_page.student_data(plan, words)
        files[f"add/{sealing.folder(plan.id)}.json"] = data
    return files


def _write_all(root: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def folders(sealing: Sealing, students: list[str]) -> dict[str, str]:
    """Student id -> published folder name."""
    return {sid: sealing.folder(sid) for sid in students}


def tag(secret: bytes | None) -> str:
    """What a build's fingerprint records of its secret: a keyed hash, never the secret."""
    if secret is None:
        return "plain"
    return secret_tag(secret)


def stage_browser_scripts(staged: Path) -> None:
    """Add the lock script, and the worker's inflate fallback, to the staged shared assets
    (when this build staged them)."""
    if (staged / "assets").is_dir():
        inflate = PUBLISH_TEMPLATES / "vendor" / "pako_inflate.min.js"
        scripts = {LOCK_SCRIPT: PUBLISH_TEMPLATES / "lock.js", INFLATE_SCRIPT: inflate}
        scripts[LANGUAGE_SCRIPT] = PUBLISH_TEMPLATES / "language.js"
        scripts[CONTRIBUTE_SCRIPT] = PUBLISH_TEMPLATES / "contribute.js"
        _write_all(staged, {name: path.read_bytes() for name, path in scripts.items()})


def seal_teacher(
    staged: Path, sealing: Sealing, page: bytes, extra: Mapping[str, bytes] = {}
) -> str:
    """Stage the teacher's sealed index (and `extra` pages, e.g. the class page, beside it);
    return its folder name."""
    keys = sealing.keys(TEACHER)
    lock = lock_page(assets="../", language=sealing.school_language, count=sealing.word_count)
    files = {"index.html": page, **extra}
    # Uncompressed: the class page's text sits beside every family's passphrase (seal.py).
    sealed = seal.seal_site(keys, files, lock, sealing.key_file(keys), compress=False)
    _write_all(staged / keys.folder, sealed)
    return keys.folder


# Written by a sealed build at the site's root; a plain build removes them (None).
PLAIN_ROOT: dict[str, str | None] = {"404.html": None, WORKER: None}


def root_files(sealing: Sealing) -> dict[str, str | None]:
    """A sealed site's own files at its root: the landing lock page (it opens the teacher's
    index), the 404 page and the service worker."""
    landing = lock_page(
        assets="",
        language=sealing.school_language,
        intro="lock_teacher_intro",
        folder=sealing.folder(TEACHER),
        count=sealing.word_count,
    )
    return {
        "index.html": landing.decode(),
        "404.html": missing_page(sealing.school_language),
        WORKER: (PUBLISH_TEMPLATES / "sw.js").read_text(encoding="utf-8"),
    }


def cached_key_files(cache: Path) -> Callable[[SiteKeys], bytes]:
    """`seal.key_file` remembered in `cache` (beside the site, never in it): one PBKDF2 per
    site and epoch instead of one per build. A key file is published anyway; the cache's
    file names are derived from the keys and name no one.

    The folder may come back from elsewhere (the workflow restores it from the Actions
    cache), so an entry is used only if it is a small regular file in it carrying an HMAC
    under the site's own key and the current PBKDF2 settings; anything else (a changed byte,
    a pipe, a link, an older iteration count) is computed again. Keeping an entry is only
    ever an optimisation: a folder that cannot be written is a slower build, not a failure."""
    usable = not cache.is_symlink()

    def key_file(keys: SiteKeys) -> bytes:
        # Named after the passphrase too: a family's new language (with family words) gives
        # a new passphrase under the same keys, and the old entry must not answer for it.
        path = cache / _label(keys, _CACHE_NAME + keys.passphrase.encode()).hex()[:32]
        try:
            entry = read_limited(path, _MAX_CACHED, cache) if usable else b""
        except (Unreadable, OSError):
            entry = b""
        tag, data = entry[:32], entry[32:]
        if data and hmac.compare_digest(tag, _label(keys, _CACHE_ENTRY + data)):
            return data
        data = seal.key_file(keys)
        if usable:
            _keep(path, _label(keys, _CACHE_ENTRY + data) + data)
        return data

    return key_file


# The labels of the key-file cache: a new PBKDF2 setting makes every entry a miss.
_CACHE_NAME = b"key file cache\0%d" % ITERATIONS
_CACHE_ENTRY = b"key file cache entry\0%d\0" % ITERATIONS
_MAX_CACHED = 4096  # a key file is about 200 bytes


def _keep(path: Path, data: bytes) -> None:
    """Write `data` at `path`, for this user alone; give up quietly on any error (a cache)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        # Not flushed to the disk: an entry lost to a power cut is remade on the next build.
        write_atomically(path, data, mode=PRIVATE_MODE, keep_mode=False, durable=False)


def _label(keys: SiteKeys, message: bytes) -> bytes:
    return hmac.new(keys.nonces, message, hashlib.sha256).digest()
