"""Seal one complete site folder: every file encrypted under an opaque name, plus a lock page.

A sealed folder holds:

* ``index.html`` — the lock page, the same bytes for every student (``stub``);
* ``key`` — the content key wrapped by the passphrase (PBKDF2 salt, iterations, AES-GCM);
* ``manifest`` — sealed: each site path -> its published name and content type;
* one file per site file, named ``HMAC(names key, path)`` (32 hex digits), holding
  ``nonce || AES-256-GCM(content key, nonce, file, aad = "file:" + path)``, or for a file
  compressed first, ``aad = "deflate:" + path``.

Text files (HTML, the search index, scripts) are compressed before they are sealed, and their
manifest entry says so (``"deflate"``, zlib's format, what the browser's DecompressionStream
reads). A ciphertext cannot be compressed by the web server the way plain pages are, so this
is what keeps a family's download small: about a sixth of the plain site's bytes. The
associated data says so too: a service worker from before compression (still installed in a
family's browser until it updates itself) fails to open such a file and says so, rather than
showing compressed bytes as a page.

Compressing before encrypting lets a file's length depend on what repeats inside it; that
matters only where text an attacker chooses shares a file with a secret the attacker cannot
read, which is why the teacher's index (every family's passphrase) is sealed uncompressed.

Nonces are ``HMAC(nonce key, aad || 0 || content)``: the same input gives the same bytes (builds
are reproducible) and different content never shares a nonce. Binding the path as associated
data means a file moved to another path, or another student's file, fails to decrypt.
The browser side is ``templates/publish/sw.js``; both follow this docstring.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import mimetypes
import zlib
from collections.abc import Mapping

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from generator.publishing.keys import ITERATIONS, SiteKeys, passphrase_key

KEY_FILE = "key"
MANIFEST_FILE = "manifest"
LOCK_PAGE = "index.html"
_TYPES = {".json": "application/json", ".js": "text/javascript", ".svg": "image/svg+xml"}
DEFLATE = "deflate"  # the manifest's word for a file compressed before it was sealed
_COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")


def seal(keys: SiteKeys, aad: str, data: bytes) -> bytes:
    """nonce || ciphertext of `data`, authenticated together with `aad`."""
    label = aad.encode()
    nonce = hmac.new(keys.nonces, label + b"\0" + data, hashlib.sha256).digest()[:12]
    return nonce + AESGCM(keys.content).encrypt(nonce, data, label)


def open_sealed(key: bytes, aad: str, blob: bytes) -> bytes:
    """The inverse of `seal`; raises cryptography's InvalidTag on any change."""
    return AESGCM(key).decrypt(blob[:12], blob[12:], aad.encode())


def open_file(key: bytes, path: str, entry: list[str], blob: bytes) -> bytes:
    """A published file's plain bytes, from its manifest entry (what sw.js does)."""
    deflated = entry[2:] == [DEFLATE]
    data = open_sealed(key, _file_aad(path, deflated), blob)
    return zlib.decompress(data) if deflated else data


def published_name(keys: SiteKeys, path: str) -> str:
    return hmac.new(keys.names, path.encode(), hashlib.sha256).hexdigest()[:32]


def key_file(keys: SiteKeys) -> bytes:
    """The content key wrapped by the passphrase: costs one PBKDF2 (about 0.08 s)."""
    wrapping = passphrase_key(keys.passphrase, keys.salt)
    nonce = hmac.new(keys.nonces, b"key", hashlib.sha256).digest()[:12]
    wrapped = nonce + AESGCM(wrapping).encrypt(nonce, keys.content, b"key")
    record = {
        "v": 1,
        "kdf": "PBKDF2-SHA256",
        "iterations": ITERATIONS,
        "salt": _b64(keys.salt),
        "wrapped": _b64(wrapped),
    }
    return json.dumps(record, sort_keys=True).encode()


def seal_site(
    keys: SiteKeys,
    files: Mapping[str, bytes],
    lock_page: bytes,
    wrapped: bytes,
    compress: bool = True,
) -> dict[str, bytes]:
    """The published files of one site, from its plain files (relative POSIX path -> bytes).

    `wrapped` is `key_file(keys)`, computed by the caller (it may come from a cache). With
    `compress`, text files are compressed first (see the module's docstring).
    """
    sealed = {LOCK_PAGE: lock_page, KEY_FILE: wrapped}
    manifest = {}
    for path in sorted(files):
        name, kind, data = published_name(keys, path), content_type(path), files[path]
        deflated = compress and kind.startswith(_COMPRESSIBLE)
        manifest[path] = [name, kind, DEFLATE] if deflated else [name, kind]
        data = zlib.compress(data) if deflated else data
        sealed[name] = seal(keys, _file_aad(path, deflated), data)
    listing = json.dumps({"v": 1, "files": manifest}, sort_keys=True).encode()
    sealed[MANIFEST_FILE] = seal(keys, "manifest", listing)
    return sealed


def _file_aad(path: str, deflated: bool) -> str:
    """A file's associated data: its path, and whether it was compressed (sw.js: the same)."""
    return ("deflate:" if deflated else "file:") + path


def content_type(path: str) -> str:
    suffix = path[path.rfind(".") :].lower() if "." in path else ""
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed = mimetypes.guess_type(path, strict=False)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
