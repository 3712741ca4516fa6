"""Links typed in plans: refused unless http(s), mailto or relative; a web address typed
without its scheme is a warning with the fix, since it would point at a page of the site."""

from __future__ import annotations

import re

from generator.checking.shape import Rec
from generator.problem import Problem

SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
SAFE_SCHEMES = {"http", "https", "mailto"}
INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a scheme
# A first part that names a host: www.anything, or a name under a common generic domain or a
# country's second-level domain (bbc.co.uk). Country domains alone are left out on purpose:
# `notes.md` or `script.py` are file names far more often than sites in Moldova or Paraguay.
HOST = re.compile(
    r"(www\.[^/]+|[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|edu|gov|io|info)"
    r"|[a-z0-9-]+(\.[a-z0-9-]+)*\.(co|com|org|net|ac|edu|gov)\.[a-z]{2})(:[0-9]+)?",
    re.I,
)


def unsafe_link(link: str) -> bool:
    """True unless the link is http(s), mailto or relative (plan text is untrusted)."""
    squeezed = INVISIBLE.sub("", link)
    if squeezed.startswith(("//", "\\\\", "/\\", "\\/")):
        return True  # protocol-relative: another host
    match = SCHEME.match(squeezed)
    return match is not None and match.group(1).lower() not in SAFE_SCHEMES


def without_scheme(link: str) -> bool:
    """True for `www.khanacademy.org/x` or `khanacademy.org/x`: a web address, not a path."""
    return bool(HOST.fullmatch(re.split(r"[/?#]", link, maxsplit=1)[0]))


def check(problems: list[Problem], path: str, rec: Rec) -> None:
    """Every `link` of the record and of its activities."""
    for owner in [rec, *rec.get("activities", [])]:
        link = owner.get("link")
        if link is None:
            continue
        if unsafe_link(link):
            message = f"link '{link[:60]}' is refused: use an https://, mailto: or relative link"
            problems.append(Problem.at(path, owner.at["link"], "error", message, "unsafe-link"))
        elif without_scheme(link.strip()):
            message = (
                f"link '{link[:60]}' has no https://, so it would lead to a page of this site: "
                f"did you mean 'https://{link.strip()[:60]}'?"
            )
            problems.append(
                Problem.at(path, owner.at["link"], "warning", message, "link-without-scheme")
            )
