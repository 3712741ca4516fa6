"""The contribution format (docs/contributions.md): sealed in the browser with WebCrypto,
opened in Python with `cryptography`, refused on any change."""

from __future__ import annotations

import base64
import json

import pytest

from generator.contributions import document, envelope
from generator.publishing import keys

from .browser_support import VIEWPORTS, open_tab, serve
from .conftest import ROOT

SECRET = bytes.fromhex("a7f1c3e9b5d20486fa1e7c3b9d5f08a2c4e6b1d3f5a7092e4c6b8d0f1a3c5e79")
AVA = keys.site_keys(SECRET, 1, "ava-m")
DOCUMENT = {
    "v": 1,
    "id": "AAAAAAAAAAAAAAAAAAAAAA",
    "date": "2026-11-02",
    "writer": {"name": "Carlos M.", "role": "parent"},
    "items": [{"type": "reflection", "text": "Hizo la receta del pastel sola."}],
    "photos": [],
}


def test_the_contribution_key_has_its_own_label() -> None:
    derived = keys.contribution_key(AVA.content)
    assert len(derived) == 32
    assert derived not in (AVA.content, AVA.nonces, AVA.names)
    assert keys.CONTRIBUTION_LABEL == b"learnpath/v1/contribution"


def test_sealed_text_has_only_the_folder_epoch_and_version_in_the_clear() -> None:
    text = envelope.seal(AVA.content, AVA.folder, 1, json.dumps(DOCUMENT).encode())
    lines = text.splitlines()
    assert lines[:5] == [
        "-----BEGIN LEARNPATH CONTRIBUTION-----",
        "Version: 1",
        f"Folder: {AVA.folder}",
        "Epoch: 1",
        "",
    ]
    assert lines[-1] == "-----END LEARNPATH CONTRIBUTION-----"
    assert "receta" not in text and "Carlos" not in text
    opened = envelope.open_envelope(envelope.parse(text), AVA.content)
    assert json.loads(opened) == DOCUMENT


def flip(text: str, line: int) -> str:
    lines = text.splitlines()
    lines[line] = ("B" if lines[line][0] == "A" else "A") + lines[line][1:]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: flip(t, 5), "the contribution was damaged or altered after it was sealed"),
        (lambda t: t.replace("Epoch: 1", "Epoch: 2"), "the contribution was damaged or altered"),
        (lambda t: t.replace("Version: 1", "Version: 2"), "contribution format version 2;"),
        (lambda t: t.replace("Folder: ", "Folder: x"), "the contribution's Folder header is"),
        (lambda t: t.rsplit("-----END", 1)[0], "the contribution is cut short (no END line)"),
        (lambda t: t + t, "more than one contribution in one text"),
        (lambda t: "Dear teacher, hello", "not a learnpath contribution"),
    ],
)
def test_a_changed_contribution_is_refused(change, message: str) -> None:
    text = envelope.seal(AVA.content, AVA.folder, 1, json.dumps(DOCUMENT).encode())
    with pytest.raises(envelope.Refused) as refused:
        envelope.open_envelope(envelope.parse(change(text)), AVA.content)
    assert str(refused.value).startswith(message)


def test_mail_quoting_and_crlf_do_not_matter() -> None:
    text = envelope.seal(AVA.content, AVA.folder, 1, json.dumps(DOCUMENT).encode())
    quoted = "On Monday Carlos wrote:\r\n" + "".join(f"> {line}\r\n" for line in text.splitlines())
    assert json.loads(envelope.open_envelope(envelope.parse(quoted), AVA.content)) == DOCUMENT


def test_the_document_is_read_and_checked() -> None:
    photo = b"\xff\xd8\xff\xe0" + b"x" * 10
    data = {
        **DOCUMENT,
        "items": [
            {"type": "observation", "objective": "a/b", "level": "x", "note": "n", "photos": [0]}
        ],
        "photos": [base64.b64encode(photo).decode()],
    }
    read = document.read(json.dumps(data).encode())
    assert (read.writer, read.role, read.photos) == ("Carlos M.", "parent", (photo,))
    assert read.items[0].fields["photos"] == [0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"v": 2}, "the sealed document is not a version 1 contribution"),
        ({"items": []}, "a contribution has 1 to 20 items"),
        ({"items": [{"type": "grade"}]}, "item 1 is of no known type"),
        ({"items": [{"type": "reflection"}]}, "item 1 (reflection): no text"),
        ({"items": [{"type": "reflection", "text": "x" * 2001}]}, "item 1 (reflection): text"),
        ({"photos": ["iVBORw0KGgo="]}, "photo 1 is not a JPEG image"),
        ({"writer": {"name": "A", "role": "principal"}}, "the writer's role must be one of"),
        ({"date": "2026-13-01"}, "the contribution's date is not a date"),
        ({"date": None}, "the contribution's date is not a date"),
        ({"date": 20261001}, "the contribution's date is not a date"),
    ],
)
def test_a_malformed_document_is_refused(change: dict, message: str) -> None:
    with pytest.raises(envelope.Refused) as refused:
        document.read(json.dumps({**DOCUMENT, **change}).encode())
    assert str(refused.value).startswith(message)


def test_a_contribution_sealed_in_chromium_opens_in_python(browser, tmp_path) -> None:
    (tmp_path / "contribute.js").write_bytes(
        (ROOT / "templates" / "publish" / "contribute.js").read_bytes()
    )
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><script src="contribute.js"></script>'
    )
    with serve(tmp_path) as url:
        tab = open_tab(browser, url, VIEWPORTS["phone"])
        tab.page.goto(url)
        text = tab.page.evaluate(
            """([key, folder, doc]) => LearnpathContribution.seal(
                LearnpathContribution.fromBase64url(key), folder, 1, doc)""",
            [AVA.fragment, AVA.folder, DOCUMENT],
        )
        tab.page.context.close()
    assert "receta" not in text
    assert tab.foreign == [] and tab.errors == []
    opened = envelope.open_envelope(envelope.parse(text), AVA.content)
    assert document.read(opened).items[0].fields == {"text": DOCUMENT["items"][0]["text"]}
