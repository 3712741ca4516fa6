"""Getting the keys to families: links, passphrases and printable letters.

Everything here is derived again from LEARNPATH_SECRET on the teacher's machine; nothing is
stored. Letters are written outside the published folder (they hold the keys).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

import segno
from markupsafe import Markup

from generator.base.fsutil import PRIVATE_MODE, inside, write_atomically
from generator.language import conventions, i18n
from generator.model import Plan, School
from generator.publishing.keys import TEACHER
from generator.publishing.sealed_site import Sealing, direction, environment


@dataclass(frozen=True)
class Access:
    """One way in: a student's site (student = its id) or the teacher's index (None)."""

    student: str | None
    name: str
    url: str  # the address with the key after '#': the letter's link and QR code
    passphrase: str
    address: str  # the same address without the key: typed with the passphrase
    words: str = "en"  # the language of the passphrase's words


def accesses(
    plans: list[Plan], school: School, sealing: Sealing, base_url: str
) -> tuple[list[Access], list[str]]:
    """Each plan's access, then the teacher's; and each plan's site language."""
    base = base_url.rstrip("/") + "/"
    found, languages = [], []
    for plan in plans:
        keys = sealing.keys(plan.id)
        address = f"{base}{keys.folder}/"
        found.append(
            Access(
                plan.id,
                plan.name,
                f"{address}#{keys.fragment}",
                keys.passphrase,
                address,
                keys.words,
            )
        )
        languages.append(i18n.site_language(plan.language))
    teacher = sealing.keys(TEACHER)
    words = i18n.catalog(i18n.site_language(school.language))
    found.append(
        Access(
            None,
            school.name or i18n.text(words, "teacher_title"),
            f"{base}{teacher.folder}/#{teacher.fragment}",
            teacher.passphrase,
            f"{base}{teacher.folder}/",
            teacher.words,
        )
    )
    return found, languages


def as_text(found: list[Access]) -> str:
    lines = []
    for access in found:
        lines += [
            access.name,
            f"  link:       {access.url}",
            f"  address:    {access.address}",
            f"  passphrase: {access.passphrase}",
        ]
    return "\n".join(lines)


def as_json(found: list[Access]) -> str:
    return json.dumps([asdict(a) for a in found], indent=2, ensure_ascii=False)


def letters(found: list[Access], languages: list[str]) -> str:
    """One printable A4 letter per student (in the student's language), with a QR code."""
    env = environment()
    pages = [
        {
            "access": access,
            "language": language,
            "dir": direction(language),
            "name": conventions.isolated(access.name),
            "words": i18n.catalog(language),
            "qr": _qr_svg(access.url),
        }
        for access, language in zip(found, languages, strict=False)
    ]
    return env.get_template("letters.html").render(pages=pages)


def _qr_svg(url: str) -> Markup:
    """The link as a QR code: an inline SVG with no XML declaration, drawn by segno."""
    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)


# Hosts where http:// is allowed: this computer (browsers treat it as secure).
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be where the sites are published, or None.

    A letter is printed once and read for a year: a link that is wrong in it (an http://
    address service workers refuse, a '?' or '#' that swallows the key, a page's name
    before the folder) cannot be corrected, so it is refused here.
    """
    if any(c.isspace() or not c.isprintable() for c in url):
        return "must not contain spaces or invisible characters"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return "is not a web address, e.g. https://org.github.io/plans/"
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if parts.scheme != "https" and not local:
        return "must start with https:// (http:// only for 127.0.0.1 or localhost)"
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return "must name the host the site is published on, e.g. https://org.github.io/plans/"
    if "?" in url or "#" in url:
        return "must not have a '?' or '#' part: the link adds the key after '#'"
    last = PurePosixPath(parts.path).name if not parts.path.endswith("/") else ""
    if PurePosixPath(last).suffix.lower() in _PAGE_SUFFIXES:
        folder = url[: url.rindex(last)]
        return f"must be the site's folder, not a page in it: use {folder}"
    return None


_PAGE_SUFFIXES = {".html", ".htm", ".php", ".asp", ".aspx", ".json", ".xml", ".txt", ".pdf"}


def shared_origin_advice(url: str) -> str | None:
    """The advice for a site that shares its origin with other sites, or None.

    Every repository of an organisation published on <org>.github.io is one origin: a page
    of any of them can read what a family's browser keeps for this one (docs/privacy.md).
    """
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host.endswith(".github.io") or not parts.path.strip("/"):
        return None
    return (
        f"note: every site published on {host} shares one origin with this one, so a page of "
        f"any other repository of {host.removesuffix('.github.io')} can read the keys a "
        "family's browser remembers for it. Publish the plans from an organisation (or "
        "account) that publishes nothing else, or give the site its own custom domain "
        '(docs/privacy.md, "Other sites on the same address").'
    )


def write_letters(out_dir: Path, text: str) -> Path:
    """Write letters.html in `out_dir` as a new file readable by its owner only, then rename
    it into place: a link or a hard link already at that name is replaced, never written
    through (it could lead into the published folder). Raise LettersError when the name is
    a link, which someone made on purpose or by mistake."""
    target = out_dir / "letters.html"
    if target.is_symlink():
        raise LettersError(
            f"{target} is a link to {os.readlink(target)}; letters hold every family's key "
            "and are never written through a link: remove the link and run this again"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    write_atomically(target, data, mode=PRIVATE_MODE, keep_mode=False, prefix=".letters.")
    return target


class LettersError(ValueError):
    """The letters cannot be written where they were asked for; the message says why."""


def refuse_inside(out_dir: Path, site_dir: Path) -> str | None:
    """Why `out_dir` must not hold letters (inside the published folder), or None."""
    if inside(out_dir, site_dir):
        return f"letters hold keys: write them outside the published folder {site_dir}"
    return None
