"""Seal built sites: each student's plain folder becomes an opaque folder of ciphertext.

Called by the build between "every site is complete in staging" and "publish by renaming", so
a sealed site is as atomic as a plain one. Besides the students' folders, a sealed site has:

* ``index.html`` — the landing page: a lock page that opens the teacher's index;
* ``<teacher folder>/`` — the teacher's index, sealed like a student's site: every student's
  name, link (with its key) and passphrase, for reprinting a lost letter;
* ``404.html`` — what to do when a page cannot be found or is not unlocked yet;
* ``sw.js`` and ``assets/learnpath/lock.js`` — the browser side (templates/publish/).

Nothing here names a student in a file name or in clear text.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import i18n
from generator.publish import seal
from generator.publish.keys import TEACHER, SiteKeys, site_keys
from generator.render import TEMPLATES

PUBLISH_TEMPLATES = TEMPLATES / "publish"
WORKER = "sw.js"
LOCK_SCRIPT = "assets/learnpath/lock.js"


@dataclass(frozen=True)
class Sealing:
    """How to seal one build: the secret, the school's epoch, a cache of key files."""

    secret: bytes
    epoch: int
    key_file: Callable[[SiteKeys], bytes] = seal.key_file  # may read a cache (PBKDF2 is slow)

    def keys(self, owner: str) -> SiteKeys:
        return site_keys(self.secret, self.epoch, owner)


def lock_words() -> dict[str, dict[str, str]]:
    """The lock page's words in every language we have labels for."""
    return {
        code: {k: v for k, v in i18n.catalog(code).items() if k.startswith("lock_")}
        for code in i18n.languages()
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PUBLISH_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def lock_page(*, assets: str, intro: str = "lock_intro", folder: str = "") -> bytes:
    page = _environment().get_template("lock.html")
    text = page.render(words=lock_words(), assets=assets, intro=intro, folder=folder)
    return text.encode()


def seal_student(folder: Path, sealing: Sealing, owner: str, lock: bytes) -> Path:
    """Replace the plain site in `folder` (staging) by its sealed twin beside it."""
    keys = sealing.keys(owner)
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    target = folder.with_name(keys.folder)
    _write_all(target, seal.seal_site(keys, files, lock, sealing.key_file(keys)))
    shutil.rmtree(folder)
    return target


def seal_root(
    root: Path, sealing: Sealing, teacher_page: bytes, extra: Mapping[str, bytes] = {}
) -> str:
    """Write the landing lock page, 404 page, worker, lock script and the teacher's index.

    `teacher_page` is the plain HTML of the teacher's index; `extra` more of its files
    (e.g. the class page). Returns the teacher's folder name.
    """
    keys = sealing.keys(TEACHER)
    files = {"index.html": teacher_page, **extra}
    sealed = seal.seal_site(keys, files, lock_page(assets="../"), sealing.key_file(keys))
    _write_all(root / keys.folder, sealed)
    env = _environment()
    landing = lock_page(assets="", intro="lock_teacher_intro", folder=keys.folder)
    missing = env.get_template("missing.html").render(words=lock_words()).encode()
    _write_all(root, {"index.html": landing, "404.html": missing})
    _write_all(
        root,
        {
            WORKER: (PUBLISH_TEMPLATES / "sw.js").read_bytes(),
            LOCK_SCRIPT: (PUBLISH_TEMPLATES / "lock.js").read_bytes(),
        },
    )
    return keys.folder


def teacher_index(students: list[dict[str, str]], school: str, language: str) -> bytes:
    """The teacher's index page: names, links with keys, passphrases (sealed by the caller)."""
    page = _environment().get_template("teacher.html")
    text = page.render(
        students=students, school=school, words=i18n.catalog(language), language=language
    )
    return text.encode()


def _write_all(root: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def folders(sealing: Sealing, students: list[str]) -> dict[str, str]:
    """Student id -> published folder name."""
    return {sid: sealing.keys(sid).folder for sid in students}
