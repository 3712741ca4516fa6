"""Passphrase words (generator/publishing/wordlists.py): every epoch before a school's
`family_words_from` keeps its English words exactly; from it on, seven family-friendly words
in the family's language, drawn without bias, never a blocked word, at least 66 bits, and
typed with or without accents."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from mnemonic import Mnemonic
from ruamel.yaml import YAML

from generator.model import School
from generator.publishing import keys, seal, wordlists
from generator.publishing.sealed_site import Sealing, cached_key_files, lock_page, teacher_index
from generator.publishing.unkind_words import BLOCKED

from .conftest import run

SECRET = bytes(range(32))
FAMILY_LANGUAGES = ("en", "es", "pt", "zh", "ko", "ru")
# The languages we have labels for with no BIP-39 list: their families get English words.
ENGLISH_WORDS = ("ar", "vi", "ht", "so", "tl", "fa")


def school(epoch: int, family_words_from: int | None) -> School:
    return School(
        name="",
        language="en",
        settings=None,  # type: ignore[arg-type]  # not read by sealing
        list_students=False,
        epoch=epoch,
        family_words_from=family_words_from,
    )


class Plan:
    def __init__(self, id: str, language: str) -> None:
        self.id, self.language, self.name = id, language, id.title()


PLANS = [Plan("ava-m", "es"), Plan("wei-l", "zh"), Plan("yasmin-k", "ar")]


# The words printed in letters before family words existed, for this secret: they must never
# change, unkind words included ("ugly", "tank", "fat"), or a letter would stop working.
OLD = {
    (1, "ava-m"): "piece famous clever saddle sentence walnut",
    (1, "wei-l"): "leisure home alarm item fruit immense",
    (1, keys.TEACHER): "rescue auto monster artwork choose glory",
    (2, "ava-m"): "roof right edit shop cash chase",
    (3, "ava-m"): "ugly famous tank anchor devote cabin",
    (3, keys.TEACHER): "end metal fat loyal book loud",
}


@pytest.mark.parametrize(("epoch", "owner"), OLD)
def test_every_epoch_before_family_words_keeps_its_english_words(epoch: int, owner: str) -> None:
    assert keys.site_keys(SECRET, epoch, owner).passphrase == OLD[epoch, owner]
    for starts in (None, epoch + 1, 1_000_000):  # never, or from a later epoch
        sealing = Sealing.of(SECRET, school(epoch, starts), PLANS)
        assert not sealing.family_words and sealing.word_count == 6
        assert sealing.keys(owner).passphrase == OLD[epoch, owner]
        assert sealing.keys(owner).words == "en"


def test_an_old_passphrase_and_its_key_file_are_what_they_were() -> None:
    ava = keys.site_keys(SECRET, 1, "ava-m")
    assert keys.normalize_passphrase(ava.passphrase) == ava.passphrase
    # The key file is deterministic: the same bytes as before family words existed.
    digest = hashlib.sha256(seal.key_file(ava)).hexdigest()
    assert digest == "1fdd8f9a584cece842e42a5bd89cd7ada09f8343ccefa0c888748bd07917ed40"


# From epoch 3 on (family_words_from: 3): ava-m reads Spanish, wei-l Chinese, yasmin-k Arabic
# (English words: there is no Arabic list), the teacher's index the school's English.
NEW = {
    "ava-m": ("es", "volcán jurar precoz vacío aislar esposa haber"),
    "wei-l": ("zh", "摩 葡 伏 胞 玉 勘 面"),
    "yasmin-k": ("en", "couple caution scrub swing clog announce reflect"),
}

TEACHER_WORDS = "lady change nest mouse mail wonder record"  # the school's language: English


def test_from_family_words_on_each_family_gets_seven_words_in_its_language() -> None:
    sealing = Sealing.of(SECRET, school(3, 3), PLANS)
    assert sealing.family_words and sealing.word_count == 7
    for owner, (language, words) in NEW.items():
        site = sealing.keys(owner)
        assert (site.words, site.passphrase) == (language, words)
        # Only the passphrase changed: the link, the folder and every other key are the same.
        old = keys.site_keys(SECRET, 3, owner)
        assert (site.folder, site.content, site.salt) == (old.folder, old.content, old.salt)
    teacher = sealing.keys(keys.TEACHER)
    assert (teacher.words, teacher.passphrase) == ("en", TEACHER_WORDS)
    later = Sealing.of(SECRET, school(4, 3), PLANS)  # a later epoch: new words, same lists
    assert later.keys("ava-m").words == "es" and later.keys("ava-m").passphrase != NEW["ava-m"][1]


@pytest.mark.parametrize("language", FAMILY_LANGUAGES + ENGLISH_WORDS)
def test_every_site_language_has_a_list(language: str) -> None:
    expected = language if language in FAMILY_LANGUAGES else "en"
    assert wordlists.family(language).language == expected
    drawn = keys.site_keys(SECRET, 1, "ava-m", language)
    assert drawn.words == expected and len(drawn.passphrase.split()) == 7


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_at_least_66_bits_from_the_size_of_each_filtered_list(language: str) -> None:
    wordlist = wordlists.family(language)
    assert len(wordlist.words) < 2048  # filtered: six words would no longer be enough...
    assert 6 * math.log2(len(wordlist.words)) < 66
    assert wordlist.count * math.log2(len(wordlist.words)) >= 66  # ...seven are
    assert wordlist.bits >= wordlists.MIN_BITS
    assert wordlists.legacy().bits == 66.0


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_no_blocked_word_can_ever_be_drawn_and_every_word_is_equally_likely(language: str) -> None:
    """Exhaustive: every 16-bit value either is rejected or picks a word of the filtered
    list, and each word is picked by exactly as many values."""
    wordlist = wordlists.family(language)
    size = len(wordlist.words)
    picks = [wordlists.index(value, size) for value in range(65536)]
    chosen = Counter(wordlist.words[at] for at in picks if at is not None)
    assert set(chosen) == set(wordlist.words)
    assert set(chosen.values()) == {65536 // size}  # no modulo bias
    assert picks.count(None) == 65536 % size  # only the remainder is rejected
    assert not set(wordlist.words) & BLOCKED[language]
    normalised = {wordlists.normalize(w) for w in BLOCKED[language]}
    assert not {wordlists.normalize(w) for w in wordlist.words} & normalised


# SHA-256 of each filtered list, one word a line. A changed list would change the passphrases
# of every school on family words: a correction is a new list version (docs/privacy.md).
FROZEN = {
    "en": "f94c171f38ac05b16d1cd13e5f8d9874fc3ffb076e697fa73480debd9fc153b3",
    "es": "4f701a3c122d6a05e2b5fdc0c70e4a958fa8c9fb30ebacb9edd971b5dd7e2826",
    "pt": "63f094b3501566f1cb7ce304f5f8a0462a139b9437271d6912df0afe86ff5cd1",
    "zh": "d02b51a32ea062f995a94e746fb0fb2d4083d221704d28c75b1d24074c747930",
    "ko": "3154cbc8ca37a812402c80bc7833d0fbf8f88a114c3390169986e66e3c1db8d0",
    "ru": "16c162aaa45b85f7e83a5e8eeeddf73fb412324333cafd65c732e4f59105dd43",
}


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_family_lists_are_frozen(language: str) -> None:
    words = "\n".join(wordlists.family(language).words).encode()
    assert hashlib.sha256(words).hexdigest() == FROZEN[language]


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_every_blocked_word_is_a_word_of_its_list(language: str) -> None:
    """A misspelt blocked word would block nothing."""
    bip39 = Mnemonic(wordlists.LISTS[language]).wordlist
    shown = {unicodedata.normalize("NFC", w) for w in bip39}
    assert sorted(BLOCKED[language] - shown) == []
    assert len(wordlists.family(language).words) == 2048 - len(BLOCKED[language])


def test_the_unkind_words_of_the_issue_are_blocked() -> None:
    english = set(wordlists.family("en").words)
    for word in ("assault", "cruel", "kill", "ugly", "tank", "fat", "unhappy", "gun"):
        assert word not in english
        assert word in wordlists.legacy().words or word == "kill"  # BIP-39 has no "kill"


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_words_stay_distinct_and_whole_once_normalised(language: str) -> None:
    words = wordlists.family(language).words
    normalised = [wordlists.normalize(w) for w in words]
    assert len(set(normalised)) == len(words)
    assert all(" " not in n and n for n in normalised)
    assert all(unicodedata.is_normalized("NFC", w) for w in words)


def test_every_english_word_and_old_passphrase_is_its_own_normal_form() -> None:
    assert all(wordlists.normalize(w) == w for w in wordlists.legacy().words)
    for passphrase in OLD.values():
        assert wordlists.normalize(passphrase) == passphrase


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("  Piece-FAMOUS  clever\tsaddle\u00a0sentence walnut ", OLD[1, "ava-m"]),
        ("tractor fila percha talón tabú dar golfo", "tractor fila percha talon tabu dar golfo"),
        ("TRACTOR FILA PERCHA TALON TABU DAR GOLFO", "tractor fila percha talon tabu dar golfo"),
        ("ta\u0301lon A\u0301RBOL año", "talon arbol ano"),  # accents typed as marks
        ("摩葡伏胞玉勘面", "摩 葡 伏 胞 玉 勘 面"),  # Chinese with or without spaces
        ("摩　葡 伏-胞玉 勘面", "摩 葡 伏 胞 玉 勘 面"),  # an ideographic space
        (unicodedata.normalize("NFD", "신고 애인"), "신고 애인"),  # Hangul stays whole
        ("третий ДВОЙНОЙ ёж", "третии двоинои еж"),  # й and ё as и and е
        ("\uff21\uff22\uff23", "abc"),  # full-width letters
    ],
)
def test_what_is_typed_is_normalised(typed: str, normal: str) -> None:
    assert wordlists.normalize(typed) == normal


def test_a_passphrase_typed_without_accents_unwraps_the_content_key() -> None:
    site = keys.site_keys(SECRET, 3, "ava-m", "es")
    assert site.passphrase == NEW["ava-m"][1]
    record = json.loads(seal.key_file(site))
    wrapped = base64.urlsafe_b64decode(record["wrapped"] + "==")
    for typed in (site.passphrase, "Volcan jurar PRECOZ vacio aislar esposa haber"):
        key = keys.passphrase_key(typed, site.salt)
        assert AESGCM(key).decrypt(wrapped[:12], wrapped[12:], b"key") == site.content


def test_a_cached_key_file_follows_a_new_passphrase(tmp_path: Path) -> None:
    """A family's language changed (family words): same keys, new passphrase; the cache
    must not answer with the key file of the old one."""
    cached = cached_key_files(tmp_path / "cache")
    spanish = keys.site_keys(SECRET, 3, "ava-m", "es")
    english = keys.site_keys(SECRET, 3, "ava-m", "en")
    assert spanish.content == english.content and spanish.passphrase != english.passphrase
    assert cached(spanish) == seal.key_file(spanish)
    assert cached(english) == seal.key_file(english)
    assert cached(spanish) == seal.key_file(spanish)


def test_the_teachers_index_marks_each_familys_words_with_their_language() -> None:
    page = teacher_index(PLANS, school(3, 3), Sealing.of(SECRET, school(3, 3), PLANS)).decode()  # type: ignore[arg-type]
    for language, words in NEW.values():
        assert f'<td><code lang="{language}">{words}</code></td>' in page


def test_the_lock_page_asks_for_as_many_words_as_the_passphrase_has() -> None:
    six = lock_page(assets="../").decode()
    seven = lock_page(assets="../", count=7).decode()
    assert 'data-words="6"' in six and 'data-word="lock_hint">Six words' in six
    assert 'data-words="7"' in seven
    assert 'data-word="lock_hint_seven">Seven words, separated by spaces.</p>' in seven
    assert "Siete palabras separadas por espacios; las tildes son opcionales." in seven


def family_words_school(plans: Path, epoch: int, starts: int) -> None:
    yaml = YAML()
    path = plans / "school.yml"
    data = yaml.load(path)
    data["publish"] = {"epoch": epoch, "family_words_from": starts}
    yaml.dump(data, path)


def test_access_prints_each_familys_words_from_the_epoch_school_yml_names(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNPATH_SECRET", SECRET.hex())
    base = "https://plans.example.org/"
    code, out, err = run("access", "--base-url", base, "--format", "json")
    assert code == 0, err
    before = {a["student"]: (a["words"], a["passphrase"]) for a in json.loads(out)}
    assert before["ava-m"] == ("en", OLD[1, "ava-m"])  # the example school keeps its letters
    family_words_school(folder / "plans", 3, 3)
    code, out, err = run("access", "--base-url", base, "--format", "json")
    assert code == 0, err
    after = {a["student"]: (a["words"], a["passphrase"]) for a in json.loads(out)}
    assert {sid: after[sid] for sid in NEW} == NEW
    assert after[None] == ("en", TEACHER_WORDS)
    code, out, err = run("access", "ava-m", "--base-url", base, "--format", "html")
    assert code == 0, err
    letter = (folder / "private" / "letters.html").read_text()
    assert '<span class="passphrase" lang="es" dir="ltr">' + NEW["ava-m"][1] in letter


def test_validate_warns_when_family_words_start_after_the_current_epoch(folder: Path) -> None:
    school_yml = folder / "plans" / "school.yml"
    school_yml.write_text(school_yml.read_text() + "publish:\n  epoch: 2\n  family_words_from: 3\n")
    line = school_yml.read_text().splitlines().index("  family_words_from: 3") + 1
    code, out, err = run("validate", "--plans", "plans")
    assert code == 0, out + err
    assert (
        f"plans/school.yml:{line}:22: warning: passphrases stay six English words until "
        "publish.epoch is 3 (it is 2); raise epoch to 3 with it for letters in the families' "
        "languages [family-words-later]"
    ) in out + err
    school_yml.write_text(school_yml.read_text().replace("epoch: 2", "epoch: 3"))
    code, out, err = run("validate", "--plans", "plans")
    assert code == 0 and "family-words-later" not in out + err
