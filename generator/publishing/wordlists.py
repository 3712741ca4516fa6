"""The words of a passphrase: which list, how they are drawn, how what is typed is compared.

Until a school writes `publish: {family_words_from: N}` (and for every epoch before N), a
passphrase is six words of the BIP-39 English list, 11 bits each, exactly as learnpath has
always drawn them: a printed letter never stops working because this module changed. From
epoch N on, it is seven words of a family-friendly list in the family's language: a BIP-39
list that the `mnemonic` package ships for that language (English otherwise), less the
reviewed blocklist of unkind words (unkind_words.py). Seven words of any list kept here give
at least 66 bits, as six of 2,048 did (docs/privacy.md, "Passphrase words").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from generator.publishing.unkind_words import BLOCKED

LEGACY_WORDS = 6  # 6 x 11 bits = 66 bits from the 2,048-word BIP-39 English list
FAMILY_WORDS = 7  # 7 x log2(1,841 or more words) > 75 bits
MIN_BITS = 66
# A site language -> the BIP-39 list (as `mnemonic` names it) its families get. Every other
# language gets English; docs/privacy.md says why for each.
LISTS = {
    "en": "english",
    "es": "spanish",
    "pt": "portuguese",
    "zh": "chinese_simplified",
    "ko": "korean",
    "ru": "russian",
}
# Words are drawn from 16-bit values of HKDF output, with rejection sampling (`index`).
CHUNK = 2
_SPACE = 1 << (8 * CHUNK)

# What separates words when typed: white space (a zero-width space too) or a hyphen. Spelled
# out rather than \s, whose meaning differs between Python and JavaScript; lock.js uses the
# same class.
_SEPARATORS = re.compile(
    "[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff-]+"
)
# What a phone or a messaging app slips into copied text and nobody sees: a soft hyphen,
# direction marks, joiners, bidi embeddings and isolates, a word joiner. No word of any list
# holds one, so they are dropped; lock.js drops the same.
_UNSEEN = re.compile("[\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")
# A Chinese character is a word of its own, so the Chinese words may be typed without spaces.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class WordList:
    language: str  # the language of the words (the letter marks the passphrase with it)
    words: tuple[str, ...]  # as printed (NFC), each distinct once normalised
    count: int  # words per passphrase

    @property
    def bits(self) -> float:
        return self.count * math.log2(len(self.words))


def normalize(text: str) -> str:
    """What a typed passphrase is compared as: accents, case and the spaces or hyphens
    between words do not matter ("Árbol-Casa" is "arbol casa"); Chinese and Korean
    characters stay as they are.

    Unseen marks dropped (a direction mark pasted from a message), NFKD, then the
    combining marks dropped, lower case, NFC (so Hangul syllables come
    back whole), each Chinese character a word, words joined by one space. lock.js's
    `normalise` does the same, step by step, before PBKDF2. Lower case rather than case
    folding: JavaScript has no case folding, and the two differ (ß). Every word of the
    English list is its own normal form, so every passphrase ever printed still opens.
    """
    decomposed = unicodedata.normalize("NFKD", _UNSEEN.sub("", text))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    composed = unicodedata.normalize("NFC", bare.lower())
    return " ".join(w for w in _SEPARATORS.split(_HAN.sub(r" \g<0> ", composed)) if w)


@cache
def legacy() -> WordList:
    """The BIP-39 English list, whole: the words of every epoch before family words."""
    from mnemonic import Mnemonic

    return WordList("en", tuple(Mnemonic("english").wordlist), LEGACY_WORDS)


@cache
def family(site_language: str) -> WordList:
    """The family-friendly list for a site language: its BIP-39 list without the blocked
    words (and without a word that reads as an earlier one once normalised, though no
    list has one), or English's for a language with no list."""
    from mnemonic import Mnemonic

    language = site_language if site_language in LISTS else "en"
    blocked = BLOCKED[language]
    kept: dict[str, str] = {}
    for word in Mnemonic(LISTS[language]).wordlist:
        shown = unicodedata.normalize("NFC", word)
        if shown not in blocked:
            kept.setdefault(normalize(shown), shown)
    return WordList(language, tuple(kept.values()), FAMILY_WORDS)


def legacy_words(seed: bytes) -> str:
    """Six words, 11 bits each, from 72 bits of key material (the top 66 are used)."""
    wordlist = legacy().words
    number = int.from_bytes(seed, "big") >> (len(seed) * 8 - 11 * LEGACY_WORDS)
    indexes = [(number >> (11 * i)) & 0x7FF for i in reversed(range(LEGACY_WORDS))]
    return " ".join(wordlist[i] for i in indexes)


def index(value: int, size: int) -> int | None:
    """The word a 16-bit value picks from `size` words, or None when it is rejected: only
    values below the largest multiple of `size` count, so every word is equally likely
    (a plain `value % size` would favour the first 65,536 % size words)."""
    return value % size if value < _SPACE - _SPACE % size else None


def draw(wordlist: WordList, blocks: Iterable[bytes]) -> str:
    """`wordlist.count` words picked by the 16-bit values of `blocks` (HKDF output)."""
    picked: list[str] = []
    for block in blocks:
        for start in range(0, len(block) - CHUNK + 1, CHUNK):
            at = index(int.from_bytes(block[start : start + CHUNK], "big"), len(wordlist.words))
            if at is not None:
                picked.append(wordlist.words[at])
                if len(picked) == wordlist.count:
                    return " ".join(picked)
    raise ValueError("the key material ran out")  # blocks is endless in site_keys
