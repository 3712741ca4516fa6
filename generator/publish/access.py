"""Getting the keys to families: links, passphrases and printable letters.

Everything here is derived again from LEARNPATH_SECRET on the teacher's machine; nothing is
stored. Letters are written outside the published folder (they hold the keys).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import segno
from markupsafe import Markup

from generator import i18n
from generator.model import Plan, School
from generator.publish.keys import TEACHER
from generator.publish.site import Sealing, environment


@dataclass(frozen=True)
class Access:
    """One way in: a student's site (student = its id) or the teacher's index (None)."""

    student: str | None
    name: str
    url: str
    passphrase: str


def accesses(
    plans: list[Plan], school: School, sealing: Sealing, base_url: str
) -> tuple[list[Access], list[str]]:
    """Each plan's access, then the teacher's; and each plan's site language."""
    base = base_url.rstrip("/") + "/"
    found, languages = [], []
    for plan in plans:
        keys = sealing.keys(plan.id)
        url = f"{base}{keys.folder}/#{keys.fragment}"
        found.append(Access(plan.id, plan.name, url, keys.passphrase))
        languages.append(plan.language if plan.language in i18n.languages() else "en")
    teacher = sealing.keys(TEACHER)
    words = i18n.catalog(school.language if school.language in i18n.languages() else "en")
    found.append(
        Access(
            None,
            school.name or words["teacher_title"],
            f"{base}{teacher.folder}/#{teacher.fragment}",
            teacher.passphrase,
        )
    )
    return found, languages


def as_text(found: list[Access]) -> str:
    lines = []
    for access in found:
        lines += [access.name, f"  link:       {access.url}", f"  passphrase: {access.passphrase}"]
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


def refuse_inside(out_dir: Path, site_dir: Path) -> str | None:
    """Why `out_dir` must not hold letters (inside the published folder), or None."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or site in out.parents:
        return f"letters hold keys: write them outside the published folder {site_dir}"
    return None
