"""A language's conventions, as CLDR gives them through Babel: how a date and a number are
written, and which way the text runs.

Part of rendering (pages, charts, the report) and of `status`. Dates are written with CLDR's
"yMMMd" pattern of the language ("Oct 2, 2026", "2 oct 2026", "2 أكتوبر 2026", "2026年10月2日"):
short enough for a table on a phone, and never ambiguous the way 02/10/2026 is. A language
CLDR has no month names for (Haitian Creole, for one) gets the ISO date instead of CLDR's
placeholder months ("M10").

Digits are the language's own where CLDR says so: Persian's default numbering system is
`arabext` ("۲ اکتبر ۲۰۲۶", "۲٫۶۵"); Arabic's (`ar`) is `latn` in the CLDR Babel ships, so
Arabic pages keep 0-9 (CLDR gives `arab` digits to ar-EG, ar-SA and a few others).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_decimal

FALLBACK = "en"

# The zero of each decimal numbering system a CLDR locale defaults to (the other nine digits
# follow it in Unicode). Babel gives a locale's numbering system and its symbols, not its
# digits, so a date or a number it formats has 0-9 and we put the language's digits in.
ZEROS = {
    "arab": "\u0660",  # Arabic-Indic: ٠
    "arabext": "\u06f0",  # Extended Arabic-Indic, Persian: ۰
    "beng": "\u09e6",
    "deva": "\u0966",
    "mymr": "\u1040",
    "tibt": "\u0f20",
    "nkoo": "\u07c0",
    "olck": "\u1c50",
    "mtei": "\uabf0",
    "cakm": "\U00011136",
    "adlm": "\U0001e950",
    "hmnp": "\U0001e140",
}


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


@cache
def _digit_table(language: str) -> dict[int, int]:
    zero = ZEROS.get(locale(language).default_numbering_system)
    return {ord("0") + i: ord(zero) + i for i in range(10)} if zero else {}


def digits(text: str, language: str) -> str:
    """0-9 in a text written as the language's digits ("2026" -> "۲۰۲۶" in Persian)."""
    table = _digit_table(language)
    return text.translate(table) if table else text


def date(day: dt.date, language: str) -> str:
    """A day as the language writes it, with the month in words, in its digits."""
    if not _has_month_names(language):
        return digits(day.isoformat(), language)
    return digits(format_skeleton("yMMMd", day, locale=locale(language)), language)


def isolated(text: object) -> str:
    """Plain text as one unit in a sentence of either direction: what <bdi> does in HTML,
    with Unicode's first-strong and pop isolates (U+2068, U+2069). For a name in a site's
    title, or in a letter's sentence."""
    return f"\u2068{text}\u2069"


def number(value: float, language: str) -> str:
    """A count or a score as the language writes it: its decimal sign and grouping
    ("2.5", "2,5", "۲٫۵"), at most two decimals, none for a whole number; in its digits."""
    written = format_decimal(
        value, format="#,##0.##", locale=locale(language), numbering_system="default"
    )
    return digits(written, language)
