"""The sealed contribution as it travels: armoured text, the same as a file or pasted.

    -----BEGIN LEARNPATH CONTRIBUTION-----
    Version: 1
    Folder: <the site's published folder name, 32 hex digits>
    Epoch: <the school's key epoch>

    <base64 of nonce (12 bytes) || AES-256-GCM ciphertext, lines of 76 characters>
    -----END LEARNPATH CONTRIBUTION-----

Only the three headers are in the clear: enough to find the key, nothing about the child.
The key is `keys.contribution_key` of the folder's site content key; the associated data is
`aad(folder, epoch)`, so a header changed in transit fails to open like a changed byte. The
nonce is random (a family may send two contributions from the same draft); 96 random bits
are far from colliding at a class's volume. templates/publish/contribute.js writes this
format; both follow this docstring.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from generator.publishing.keys import contribution_key

VERSION = 1
BEGIN = "-----BEGIN LEARNPATH CONTRIBUTION-----"
END = "-----END LEARNPATH CONTRIBUTION-----"
# Three photos of 2 MB, base64 in the document and base64 again here, with room to spare.
MAX_TEXT = 16 * 1024 * 1024
_FOLDER = re.compile(r"[0-9a-f]{32}")
_QUOTE = re.compile(r"^(>\s?)+")
_HEADER = re.compile(r"([A-Za-z]+):[ \t]*(\S*)")


class Refused(ValueError):
    """Not an openable contribution; the message says why in words a teacher can act on."""


@dataclass(frozen=True)
class Envelope:
    """The clear part of a contribution, and its sealed body."""

    folder: str
    epoch: int
    sealed: bytes


def aad(folder: str, epoch: int) -> bytes:
    """What the ciphertext is bound to besides its key: the format and the clear headers."""
    return f"learnpath contribution v{VERSION} folder={folder} epoch={epoch}".encode()


def armour(folder: str, epoch: int, sealed: bytes) -> str:
    body = base64.b64encode(sealed).decode()
    lines = [body[i : i + 76] for i in range(0, len(body), 76)]
    head = [BEGIN, f"Version: {VERSION}", f"Folder: {folder}", f"Epoch: {epoch}", ""]
    return "\n".join([*head, *lines, END]) + "\n"


def seal(content_key: bytes, folder: str, epoch: int, document: bytes) -> str:
    """A contribution as the browser makes it (tests and benchmarks make them here)."""
    nonce = os.urandom(12)
    sealed = AESGCM(contribution_key(content_key)).encrypt(nonce, document, aad(folder, epoch))
    return armour(folder, epoch, nonce + sealed)


def parse(text: str) -> Envelope:
    """The headers and sealed bytes of armoured text; Refused if it is not one contribution.

    Mail clients and chat apps add spaces, quote marks (`> `) or CRLF; those are ignored."""
    # Each test below first looks for one character (a fast scan): armour has no '>' or '\r'
    # unless a mail client added it, and 270 KB of it is scanned once per test.
    if ">" in text and ("\n>" in text or text.startswith(">")):
        text = "\n".join(_QUOTE.sub("", line) for line in text.splitlines())
    start = text.find(BEGIN)
    if start < 0:
        raise Refused("not a learnpath contribution (no BEGIN LEARNPATH CONTRIBUTION line)")
    end = text.find(END, start)
    if end < 0:
        raise Refused("the contribution is cut short (no END line): ask for it again")
    if text.count(BEGIN) > 1 or text.count(END) > 1:
        raise Refused("more than one contribution in one text: paste or save them one by one")
    inner = text[start + len(BEGIN) : end]
    if "\r" in inner:
        inner = inner.replace("\r\n", "\n").replace("\r", "\n")
    head, blank, body = inner.strip(" \t\n").partition("\n\n")
    if not blank:  # a blank line with spaces on it, as some editors leave
        head, _, body = re.split(r"\n[ \t]*\n", inner.strip(" \t\n") + "\n\n", maxsplit=1)
    headers = _headers(head.split("\n"))
    return Envelope(_folder(headers), _epoch(headers), _body(body))


def open_envelope(envelope: Envelope, content_key: bytes) -> bytes:
    """The plain document; Refused when any byte of it or of its headers changed."""
    nonce, sealed = envelope.sealed[:12], envelope.sealed[12:]
    key = AESGCM(contribution_key(content_key))
    try:
        return key.decrypt(nonce, sealed, aad(envelope.folder, envelope.epoch))
    except InvalidTag:
        raise Refused(
            "the contribution was damaged or altered after it was sealed (or sealed with "
            "another school's secret): ask the family to send it again"
        ) from None


def strict_base64(text: str) -> bytes:
    """The bytes of base64 text with nothing but the alphabet and its final padding; ValueError
    otherwise. `b64decode(validate=True)` says the same with a regular expression over the
    text first: twice the time, on a contribution's 270 KB of armour and its photo."""
    return binascii.a2b_base64(text, strict_mode=True)


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        found = _HEADER.fullmatch(line.strip())
        if not found:
            raise Refused("the contribution's headers are damaged: ask for it again")
        headers[found.group(1).lower()] = found.group(2)
    return headers


def _folder(headers: dict[str, str]) -> str:
    if headers.get("version") != str(VERSION):
        shown = headers.get("version", "none")
        raise Refused(f"contribution format version {shown}; this learnpath reads version 1")
    folder = headers.get("folder", "")
    if not _FOLDER.fullmatch(folder):
        raise Refused("the contribution's Folder header is damaged: ask for it again")
    return folder


def _epoch(headers: dict[str, str]) -> int:
    epoch = headers.get("epoch", "")
    if not epoch.isdigit() or len(epoch) > 7:
        raise Refused("the contribution's Epoch header is damaged: ask for it again")
    return int(epoch)


def _body(text: str) -> bytes:
    data = _unwrap(text)
    if len(data) < 12 + 16 + 2:
        raise Refused("the contribution is empty or cut short: ask for it again")
    return data


def _unwrap(lines: str) -> bytes:
    """The bytes of the armour's base64 lines."""
    try:
        return strict_base64(lines.replace("\n", ""))  # as written: one quick pass
    except ValueError:
        pass
    try:  # spaces a mail client added: split on any whitespace, a slower pass
        return strict_base64("".join(lines.split()))
    except ValueError:
        raise Refused("the contribution's text is damaged: ask for it again") from None
