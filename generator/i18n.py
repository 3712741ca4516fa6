"""Our labels in the student's language: one catalog file per language in templates/locales/."""

from __future__ import annotations

from functools import cache

from ruamel.yaml import YAML

from generator import ROOT

LOCALES = ROOT / "templates" / "locales"
FALLBACK = "en"


@cache
def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


@cache
def catalog(language: str) -> dict[str, str]:
    """The language's labels over English ones, so a missing key never leaves a hole."""
    base = _read(FALLBACK)
    if language == FALLBACK or not (LOCALES / f"{language}.yml").is_file():
        return base
    return {**base, **_read(language)}


def _read(language: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in YAML(typ="safe").load(LOCALES / f"{language}.yml").items()}
