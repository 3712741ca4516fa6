"""One word, many spellings; and every word the code names has a label in every catalogue."""

from __future__ import annotations

import pytest

from generator.base import vocabulary, ways
from generator.checking import schema
from generator.language import i18n
from generator.mastery import engine as mastery


@pytest.mark.parametrize(
    "written",
    ["work sample", "Work-Sample", "work_sample", "WORK SAMPLE", " work  sample ", "work–sample"],
)
def test_every_spelling_of_a_kind_is_the_kind(written: str) -> None:
    assert vocabulary.canonical(written, schema.KINDS) == "work-sample"


def test_a_method_keeps_its_underscores_and_a_near_miss_is_no_match() -> None:
    assert vocabulary.canonical("Decaying Average", schema.METHODS) == "decaying_average"
    assert vocabulary.canonical("decayingaverage", schema.METHODS) is None
    assert vocabulary.canonical("quizz", schema.KINDS) is None


PACES = ("ahead", "on_track", "on_track_late", "behind")


def test_every_word_the_code_names_has_a_label_in_every_catalogue() -> None:
    """Adding a kind, role, method, status, pace or way of learning is one line in the code
    and one label per catalogue; this test names the labels a new word still lacks."""
    needed = {f"kind_{k}" for k in schema.KINDS} | {f"role_{r}" for r in schema.ROLES}
    needed |= {f"method_{m}" for m in schema.METHODS if m != "n_mastery"}
    needed |= {f"status_{s}" for s in mastery.STATUSES} | {f"pace_{p}" for p in PACES}
    needed |= {f"way_{w}" for w in ways.DEFAULT}
    for language in i18n.languages():
        assert needed - set(i18n.catalog(language)) == set(), language


def test_the_locked_status_is_said_once() -> None:
    """The path page shows "Locked (until these are mastered: ...)": the reason must not
    repeat the status word ("Bloqueado (Bloqueado hasta dominar...)")."""
    for language in i18n.languages():
        catalog = i18n.catalog(language)
        status, reason = catalog["status_locked"], catalog["locked_because"]
        assert not reason.casefold().startswith(status.casefold()), language
