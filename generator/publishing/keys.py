"""Every key of a published site, derived from one secret (docs/privacy.md, "How it works").

`LEARNPATH_SECRET` holds 32 random bytes as 64 hex digits. HKDF-SHA256 derives each key with
its own purpose label, the school's epoch (so a school rotates every key by raising
`publish: {epoch: N}`) and the student's id:

    learnpath/v1/epoch=<N>/<purpose>/<student id>

Per student (`derive`, the only derivation from the secret; PURPOSES names each label): the
folder name (128 bits, replaces `<student-id>/`), the content key (AES-256-GCM), the nonce
key, the blob-name key, a passphrase and its PBKDF2 salt. The passphrase is six BIP-39
English words, or from the school's `family_words_from` epoch on seven words of a
family-friendly list in the family's language (wordlists.py), drawn from `words/<k>` blocks.
The teacher's index uses the same derivations under the reserved id `:teacher` (a colon is
never in a student id). What a family sends from its site (a contribution,
docs/contributions.md) is sealed under one more key, derived from that site's content key
with its own label, so the browser, which holds only the content key, derives it too
(`contribution_key`). Nothing derived here is written to the repository, to `site/` or
to a log; only ciphertext, salts and opaque names are published.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from generator.publishing import wordlists

SECRET_VARIABLE = "LEARNPATH_SECRET"
TEACHER = ":teacher"
# OWASP's Password Storage Cheat Sheet (2023) asks for 600,000 iterations of PBKDF2-HMAC-
# SHA256. A family unlocks once per browsing session, and Chromium on a phone-class core takes
# about a third of a second for it; every guess costs an attacker as much.
ITERATIONS = 600_000
# The HKDF label of the contribution key; templates/publish/contribute.js uses the same bytes.
CONTRIBUTION_LABEL = b"learnpath/v1/contribution"
FINGERPRINT_LABEL = b"learnpath/v1/fingerprint"
_HEX_SECRET = re.compile(r"[0-9a-f]{64}")
# 32 random bytes hold about 30 different values (fewer than 16: less than once in 10^15
# draws): a secret with fewer was typed or padded by hand, and an attacker guesses those first.
MIN_DISTINCT_BYTES = 16


class SecretError(ValueError):
    """LEARNPATH_SECRET is set but is not 64 hex digits, or was not made at random."""


@dataclass(frozen=True)
class SiteKeys:
    """What one encrypted site (a student's, or the teacher's index) is published with."""

    owner: str  # the student id, or TEACHER
    folder: str  # 32 hex digits: the published folder name
    content: bytes  # AES-256-GCM key of every file of the site; the link's #fragment
    nonces: bytes  # HMAC key: nonce = HMAC(nonces, path, content), deterministic
    names: bytes  # HMAC key: published file name = HMAC(names, path)
    passphrase: str  # six or seven words separated by spaces, as printed
    salt: bytes  # PBKDF2 salt of the passphrase
    words: str = "en"  # the language of the passphrase's words

    @property
    def fragment(self) -> str:
        """The content key as the link carries it after '#': base64url, no padding."""
        return base64.urlsafe_b64encode(self.content).rstrip(b"=").decode()


def new_secret() -> str:
    """A fresh secret for LEARNPATH_SECRET: 32 bytes from the operating system, as hex."""
    return os.urandom(32).hex()


def secret_from_env(environ: dict[str, str] | None = None) -> bytes | None:
    """The secret, or None when LEARNPATH_SECRET is unset or empty (a plain preview build)."""
    value = (os.environ if environ is None else environ).get(SECRET_VARIABLE, "").strip()
    if not value:
        return None
    if not _HEX_SECRET.fullmatch(value.lower()):
        raise SecretError(
            f"{SECRET_VARIABLE} must be 64 hex digits (32 bytes); make one with 'learnpath secret'"
        )
    secret = bytes.fromhex(value)
    values = len(set(secret))
    if values < MIN_DISTINCT_BYTES:
        raise SecretError(
            f"{SECRET_VARIABLE} was not made at random: its 32 bytes take only {values} "
            f"value{'s' * (values != 1)}, so it is easy to guess; make one with 'learnpath secret'"
        )
    return secret


# What each key of a site is for: its label's <purpose> (docs/privacy.md, "How it works");
# `words` is followed by the block's number (words/1, words/2, ...).
PURPOSES = ("folder", "content", "nonce", "name", "passphrase", "salt", "words")


def derive(secret: bytes, epoch: int, purpose: str, owner: str, length: int = 32) -> bytes:
    """One key of one site: HKDF-SHA256 of the secret (no salt), labelled
    `learnpath/v1/epoch=<N>/<purpose>/<owner>`. The only derivation from the secret."""
    kind, _, block = purpose.partition("/")
    if kind not in PURPOSES or (kind == "words") != block.isdigit():
        raise ValueError(f"no key is derived for '{purpose}'")
    return _hkdf(secret, f"learnpath/v1/epoch={epoch}/{purpose}/{owner}".encode(), length)


def folder_name(secret: bytes, epoch: int, owner: str) -> str:
    """The site's published folder name (32 hex digits), without deriving its other keys."""
    return derive(secret, epoch, "folder", owner, 16).hex()


def site_keys(secret: bytes, epoch: int, owner: str, family_words: str | None = None) -> SiteKeys:
    """Every key of one site: a student's (owner = student id) or the teacher's index.

    `family_words`: None for the BIP-39 English passphrase of every epoch before the
    school's `family_words_from` (derived exactly as it always was), else the site's
    language, whose family-friendly list the passphrase is drawn from."""

    def key(purpose: str, length: int = 32) -> bytes:
        return derive(secret, epoch, purpose, owner, length)

    if family_words is None:
        passphrase, words = wordlists.legacy_words(key("passphrase", 9)), "en"
    else:
        wordlist = wordlists.family(family_words)
        # 32 values for 7 words: running out needs 26 rejections in 32 draws (each at most
        # 2,047 in 65,536), which never happens; more blocks follow all the same.
        blocks = (key(f"words/{n}", 64) for n in itertools.count(1))
        passphrase, words = wordlists.draw(wordlist, blocks), wordlist.language
    return SiteKeys(
        owner=owner,
        folder=folder_name(secret, epoch, owner),
        content=key("content"),
        nonces=key("nonce"),
        names=key("name"),
        passphrase=passphrase,
        salt=key("salt", 16),
        words=words,
    )


def contribution_key(content: bytes) -> bytes:
    """The AES-256-GCM key of contributions sent from a site: HKDF-SHA256 of that site's
    content key (no salt), labelled CONTRIBUTION_LABEL. Whoever can open the site can make
    one; the teacher's side gets the content key from LEARNPATH_SECRET (`derive`)."""
    return _hkdf(content, CONTRIBUTION_LABEL, 32)


def secret_tag(secret: bytes) -> str:
    """What a build's fingerprint records of the secret (a new secret rebuilds every site):
    HMAC-SHA256 of the label `learnpath/v1/fingerprint` under the secret, never the secret."""
    return hmac.new(secret, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def _hkdf(material: bytes, label: bytes, length: int) -> bytes:
    """HKDF-SHA256 with no salt (RFC 5869): every key here is made by this one call."""
    return HKDF(hashes.SHA256(), length, salt=None, info=label).derive(material)


def passphrase_key(passphrase: str, salt: bytes) -> bytes:
    """The AES-256 key that a typed passphrase unlocks, as the browser derives it."""
    kdf = PBKDF2HMAC(hashes.SHA256(), 32, salt, ITERATIONS)
    return kdf.derive(normalize_passphrase(passphrase).encode())


def normalize_passphrase(text: str) -> str:
    """What a person may type: any case, accents or not, extra spaces or hyphens between
    the words (wordlists.normalize); lock.js applies the same rule before PBKDF2."""
    return wordlists.normalize(text)
