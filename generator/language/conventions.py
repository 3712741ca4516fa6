"""A language's conventions, as CLDR gives them through Babel: how a date and a number are
written, and which way the text runs.

Part of rendering (pages, charts, the report) and of `status`. Dates are written with CLDR's
"yMMMd" pattern of the language ("Oct 2, 2026", "2 oct 2026", "2 أكتوبر 2026", "2026年10月2日"):
short enough for a table on a phone, and never ambiguous the way 02/10/2026 is. A language
CLDR has no month names for (Haitian Creole, for one) gets the ISO date instead of CLDR's
placeholder months ("M10").
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_decimal

FALLBACK = "en"


@cache
def locale(language: str) -> Locale:
    """Babel's locale for a language code such as es or pt-BR; English for one it lacks."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


@cache
def direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Persian...), else "ltr"."""
    return "rtl" if locale(language).character_order == "right-to-left" else "ltr"


@cache
def _has_month_names(language: str) -> bool:
    return bool(locale(language).months["format"]["abbreviated"][1] != "M01")


def date(day: dt.date, language: str) -> str:
    """A day as the language writes it, with the month in words."""
    if not _has_month_names(language):
        return day.isoformat()
    return format_skeleton("yMMMd", day, locale=locale(language))


def isolated(text: object) -> str:
    """Plain text as one unit in a sentence of either direction: what <bdi> does in HTML,
    with Unicode's first-strong and pop isolates (U+2068, U+2069). For a name in a site's
    title, or in a letter's sentence."""
    return f"\u2068{text}\u2069"


def number(value: float, language: str) -> str:
    """A count or a score as the language writes it: its decimal sign and grouping
    ("2.5", "2,5"), at most two decimals, none for a whole number."""
    return format_decimal(value, format="#,##0.##", locale=locale(language))
