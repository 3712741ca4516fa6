"""Dates as exports write them: ISO, `2026/11/20 10:15:32 AM GMT`, `11/20/2026 10:15:32`.

`11/3/2026` is 3 November in the US and 11 March in most of the world. The order is decided
for the whole file from a day above 12, or by `--date-order`; never guessed from one cell.
"""

from __future__ import annotations

import datetime as dt
import re

YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ ,T].*)?")
ORDERS = ("mdy", "dmy")


def file_order(cells: list[str]) -> str | None:
    """`mdy` or `dmy` where some cell shows it (a number above 12), else None."""
    for cell in cells:
        match = YEAR_LAST.fullmatch(cell.strip())
        if match and int(match[1]) > 12:
            return "dmy"
        if match and int(match[2]) > 12:
            return "mdy"
    return None


def parse(cell: str, order: str | None) -> tuple[dt.date | None, str]:
    """The date a cell holds, or None and why not."""
    text = cell.strip()
    try:
        if match := YEAR_FIRST.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3])), ""
        if match := YEAR_LAST.fullmatch(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            if order is None and first <= 12 and second <= 12 and first != second:
                return None, (
                    f"'{text}' could be day/month or month/day: "
                    "say which with --date-order mdy or --date-order dmy"
                )
            month, day = (first, second) if order != "dmy" else (second, first)
            return dt.date(year, month, day), ""
    except ValueError:
        return None, f"'{text}' is not a real date"
    return None, f"expected a date like 2026-11-20, found '{text}'"
