"""Keys and sealing (generator/publishing/): derivations checked against RFC 5869 by hand,
authenticated encryption that refuses any change, reproducible bytes."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import zlib

import pytest
from cryptography.exceptions import InvalidTag
from mnemonic import Mnemonic

from generator.publishing import keys, seal

from .conftest import ROOT

SECRET = bytes(range(32))


def hkdf_by_hand(secret: bytes, info: str, length: int) -> bytes:
    """RFC 5869 with no salt (a zero-filled HashLen salt), written out independently."""
    prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()
    okm, block = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info.encode() + bytes([counter]), hashlib.sha256).digest()
        okm += block
    return okm[:length]


def test_every_key_has_its_own_labelled_derivation() -> None:
    site = keys.site_keys(SECRET, 1, "ava-m")
    assert site.folder == hkdf_by_hand(SECRET, "learnpath/v1/epoch=1/folder/ava-m", 16).hex()
    assert site.content == hkdf_by_hand(SECRET, "learnpath/v1/epoch=1/content/ava-m", 32)
    assert site.salt == hkdf_by_hand(SECRET, "learnpath/v1/epoch=1/salt/ava-m", 16)
    assert len(site.folder) == 32 and len({site.content, site.nonces, site.names}) == 3
    seed = int.from_bytes(hkdf_by_hand(SECRET, "learnpath/v1/epoch=1/passphrase/ava-m", 9))
    wordlist = Mnemonic("english").wordlist
    expected = [wordlist[(seed >> (72 - 11 * (i + 1))) & 0x7FF] for i in range(6)]
    assert site.passphrase == " ".join(expected)


def test_students_epochs_and_secrets_give_unrelated_keys() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    others = [
        keys.site_keys(SECRET, 1, "liam-o"),
        keys.site_keys(SECRET, 2, "ava-m"),
        keys.site_keys(bytes(32), 1, "ava-m"),
        keys.site_keys(SECRET, 1, keys.TEACHER),
    ]
    for other in others:
        assert other.folder != ava.folder and other.content != ava.content
        assert other.passphrase != ava.passphrase
    assert keys.site_keys(SECRET, 1, "ava-m") == ava  # derived again, never stored


def test_the_link_fragment_is_the_content_key() -> None:
    site = keys.site_keys(SECRET, 1, "ava-m")
    assert len(site.fragment) == 43 and "=" not in site.fragment
    import base64

    assert base64.urlsafe_b64decode(site.fragment + "=") == site.content


@pytest.mark.parametrize(
    "typed",
    [
        "Velvet  Stock-poverty boring vendor crucial ",
        "\tvelvet\nstock poverty boring vendor crucial",
    ],
)
def test_a_passphrase_may_be_typed_loosely(typed: str) -> None:
    assert keys.normalize_passphrase(typed) == "velvet stock poverty boring vendor crucial"


def test_the_secret_comes_from_the_environment() -> None:
    assert keys.secret_from_env({}) is None
    assert keys.secret_from_env({"LEARNPATH_SECRET": " "}) is None
    assert keys.secret_from_env({"LEARNPATH_SECRET": SECRET.hex().upper()}) == SECRET
    for bad in ["abc", SECRET.hex() + "00", "g" * 64]:
        with pytest.raises(keys.SecretError, match="must be 64 hex digits"):
            keys.secret_from_env({"LEARNPATH_SECRET": bad})
    assert len(keys.new_secret()) == 64 and keys.new_secret() != keys.new_secret()


@pytest.mark.parametrize(
    ("secret", "distinct"), [("00" * 32, 1), ("a7" * 32, 1), ("0123456789abcdef" * 4, 8)]
)
def test_a_secret_not_made_at_random_is_refused(secret: str, distinct: int) -> None:
    """All zeros, one byte repeated, a pattern typed by hand: an attacker tries those first."""
    with pytest.raises(keys.SecretError) as refused:
        keys.secret_from_env({"LEARNPATH_SECRET": secret})
    assert str(refused.value) == (
        f"LEARNPATH_SECRET was not made at random: its 32 bytes take only {distinct} "
        f"value{'s' * (distinct != 1)}, so it is easy to guess; make one with 'learnpath secret'"
    )
    fresh = keys.new_secret()
    assert keys.secret_from_env({"LEARNPATH_SECRET": fresh}) == bytes.fromhex(fresh)


def test_sealed_files_open_only_with_their_key_and_path() -> None:
    ava, liam = keys.site_keys(SECRET, 1, "ava-m"), keys.site_keys(SECRET, 1, "liam-o")
    blob = seal.seal(ava, "file:index.html", b"<h1>Ava</h1>")
    assert seal.open_sealed(ava.content, "file:index.html", blob) == b"<h1>Ava</h1>"
    assert b"Ava" not in blob
    with pytest.raises(InvalidTag):  # another student's key
        seal.open_sealed(liam.content, "file:index.html", blob)
    with pytest.raises(InvalidTag):  # moved to another path
        seal.open_sealed(ava.content, "file:report.html", blob)
    for i in (0, 12, len(blob) - 1):  # nonce, ciphertext, tag: any flipped bit
        flipped = bytearray(blob)
        flipped[i] ^= 1
        with pytest.raises(InvalidTag):
            seal.open_sealed(ava.content, "file:index.html", bytes(flipped))


def test_sealing_is_reproducible_and_never_reuses_a_nonce() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    first = seal.seal(ava, "file:a.html", b"one")
    assert seal.seal(ava, "file:a.html", b"one") == first
    nonces = {
        seal.seal(ava, "file:a.html", b"two")[:12],
        seal.seal(ava, "file:b.html", b"one")[:12],
        first[:12],
    }
    assert len(nonces) == 3


def test_a_sealed_site_lists_its_files_only_inside_the_manifest() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    files = {"index.html": b"<p>home</p>", "goals/fractions.html": b"<p>fractions</p>"}
    wrapped = seal.key_file(ava)
    sealed = seal.seal_site(ava, files, b"LOCK", wrapped)
    names = {seal.published_name(ava, path) for path in files}
    assert set(sealed) == {"index.html", "key", "manifest", *names}
    assert sealed["index.html"] == b"LOCK"
    assert not any(b"fractions" in data or "fractions" in name for name, data in sealed.items())
    listing = json.loads(seal.open_sealed(ava.content, "manifest", sealed["manifest"]))
    html = "text/html; charset=utf-8"
    assert listing == {
        "v": 1,
        "files": {
            "goals/fractions.html": [
                seal.published_name(ava, "goals/fractions.html"),
                html,
                "deflate",
            ],
            "index.html": [seal.published_name(ava, "index.html"), html, "deflate"],
        },
    }
    path = "goals/fractions.html"
    entry = listing["files"][path]
    opened = seal.open_file(ava.content, path, entry, sealed[entry[0]])
    assert opened == b"<p>fractions</p>"


def test_text_is_compressed_before_it_is_sealed_and_images_are_not() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    page = ("<li>2026-10-05 · <strong>Proficient</strong> · quiz</li>\n" * 200).encode()
    png = bytes(range(256)) * 8
    files = {"evidence.html": page, "search/search_index.json": b'{"docs":[]}', "a.png": png}
    sealed = seal.seal_site(ava, files, b"LOCK", seal.key_file(ava))
    listing = json.loads(seal.open_sealed(ava.content, "manifest", sealed["manifest"]))["files"]
    assert [entry[2:] for entry in listing.values()] == [[], ["deflate"], ["deflate"]]
    blob = sealed[listing["evidence.html"][0]]
    assert len(blob) < len(page) / 20  # 12,000 repetitive bytes
    assert zlib.decompress(seal.open_sealed(ava.content, "deflate:evidence.html", blob)) == page
    with pytest.raises(InvalidTag):  # what a service worker from before compression tries
        seal.open_sealed(ava.content, "file:evidence.html", blob)
    for path, entry in listing.items():
        assert seal.open_file(ava.content, path, entry, sealed[entry[0]]) == files[path]
    assert len(sealed[listing["a.png"][0]]) == len(png) + 12 + 16  # nonce and tag only


def test_a_site_sealed_uncompressed_lists_no_encoding() -> None:
    """The teacher's index: passphrases beside text from the plans are never compressed."""
    ava = keys.site_keys(SECRET, 1, "ava-m")
    files = {"index.html": b"<p>velvet stock</p>" * 50}
    sealed = seal.seal_site(ava, files, b"LOCK", seal.key_file(ava), compress=False)
    listing = json.loads(seal.open_sealed(ava.content, "manifest", sealed["manifest"]))["files"]
    entry = listing["index.html"]
    assert entry == [seal.published_name(ava, "index.html"), "text/html; charset=utf-8"]
    blob = sealed[entry[0]]
    assert seal.open_sealed(ava.content, "file:index.html", blob) == files["index.html"]


def test_the_passphrase_unwraps_the_content_key() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    record = json.loads(seal.key_file(ava))
    assert record["iterations"] == 600_000 and record["kdf"] == "PBKDF2-SHA256"
    import base64

    salt, wrapped = base64.b64decode(record["salt"]), base64.b64decode(record["wrapped"])
    assert salt == ava.salt
    typed = ava.passphrase.upper().replace(" ", "  ")
    assert seal.open_sealed(keys.passphrase_key(typed, salt), "key", wrapped) == ava.content
    with pytest.raises(InvalidTag):
        seal.open_sealed(keys.passphrase_key("wrong words", salt), "key", wrapped)


def test_key_files_are_cached_signed_and_anything_else_in_the_cache_is_ignored(
    tmp_path, monkeypatch
) -> None:
    """The cache may be restored from elsewhere (CI): a changed entry, a pipe or a link is
    never published, and never blocks or writes through."""
    from generator.publishing import sealed_site as site

    made = []
    real = seal.key_file
    monkeypatch.setattr(seal, "key_file", lambda keys: made.append(keys.owner) or real(keys))
    cache = tmp_path / "keys"
    cached = site.cached_key_files(cache)
    ava = keys.site_keys(SECRET, 1, "ava-m")
    first = cached(ava)
    assert first == real(ava) and made == ["ava-m"]
    assert cached(ava) == first and made == ["ava-m"]  # no second PBKDF2
    [entry] = cache.iterdir()

    data = bytearray(entry.read_bytes())  # a forged key file, however well formed
    data[-2] ^= 1
    entry.write_bytes(bytes(data))
    assert cached(ava) == first and made == ["ava-m"] * 2
    assert cached(ava) == first and made == ["ava-m"] * 2  # written again, signed

    entry.unlink()
    os.mkfifo(entry)  # would block a plain read forever
    assert cached(ava) == first and made == ["ava-m"] * 3
    assert entry.is_file() and not entry.is_symlink()

    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not yours")
    entry.unlink()
    entry.symlink_to(outside)
    assert cached(ava) == first and made == ["ava-m"] * 4
    assert outside.read_bytes() == b"not yours" and not entry.is_symlink()
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]  # no temporary left

    entry.unlink()
    entry.mkdir()  # an entry that cannot be written: the build goes on, only slower
    assert cached(ava) == first and made == ["ava-m"] * 5
    assert sorted(p.name for p in cache.iterdir()) == [entry.name] and entry.is_dir()
    entry.rmdir()

    assert cached(ava) == first and made == ["ava-m"] * 6
    monkeypatch.setattr(site, "_CACHE_ENTRY", b"key file cache entry\0%d\0" % 1_200_000)
    assert cached(ava) == first and made == ["ava-m"] * 7  # another PBKDF2 setting: a miss

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = tmp_path / "linked"
    linked.symlink_to(elsewhere, target_is_directory=True)
    assert site.cached_key_files(linked)(ava) == first and made == ["ava-m"] * 8
    assert list(elsewhere.iterdir()) == []  # a linked cache folder is not used


def test_each_purpose_is_derived_as_the_privacy_page_says() -> None:
    """docs/privacy.md names every label and length; `derive` makes each key from exactly that,
    and the contribution key from the content key with its own label."""
    row = next(
        line
        for line in (ROOT / "docs" / "privacy.md").read_text().splitlines()
        if line.startswith("| keys |")
    )
    assert "`learnpath/v1/epoch=<N>/<purpose>/<student id>`" in row
    documented = dict(re.findall(r"`([a-z]+(?:/<k>)?)` \((\d+)", row))
    assert documented == {
        "folder": "16",
        "content": "32",
        "nonce": "32",
        "name": "32",
        "passphrase": "9",
        "salt": "16",
        "words/<k>": "64",
    }
    assert tuple(p.removesuffix("/<k>") for p in documented) == keys.PURPOSES
    documented["words/2"] = documented.pop("words/<k>")
    for purpose, length in documented.items():
        for owner in ("ava-m", keys.TEACHER):
            label = f"learnpath/v1/epoch=3/{purpose}/{owner}"
            expected = hkdf_by_hand(SECRET, label, int(length))
            assert keys.derive(SECRET, 3, purpose, owner, int(length)) == expected, label
    ava = keys.site_keys(SECRET, 3, "ava-m")
    assert ava.nonces == hkdf_by_hand(SECRET, "learnpath/v1/epoch=3/nonce/ava-m", 32)
    assert ava.names == hkdf_by_hand(SECRET, "learnpath/v1/epoch=3/name/ava-m", 32)
    assert keys.folder_name(SECRET, 3, "ava-m") == ava.folder
    privacy = (ROOT / "docs" / "privacy.md").read_text()
    assert "with its own label (`learnpath/v1/contribution`)" in privacy
    contribution = hkdf_by_hand(ava.content, "learnpath/v1/contribution", 32)
    assert keys.contribution_key(ava.content) == contribution
    fingerprint = hmac.new(SECRET, b"learnpath/v1/fingerprint", hashlib.sha256).hexdigest()
    assert keys.secret_tag(SECRET) == fingerprint  # unchanged: no site rebuilds for it


def test_no_key_is_derived_for_an_unknown_purpose() -> None:
    for purpose in ("contribution", "words", "words/x", "folder/1"):
        with pytest.raises(ValueError, match=f"no key is derived for '{purpose}'"):
            keys.derive(SECRET, 1, purpose, "ava-m")


def test_keys_are_derived_in_one_module_only() -> None:
    """Every HKDF and every label lives in generator/publishing/keys.py: the builder, the inbox
    and the teacher's index all call it."""
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if re.search(r"\bHKDF\(|import HKDF|[\"']learnpath/v1/", path.read_text())
    ]
    assert found == ["generator/publishing/keys.py"]
