"""Publication dates from metadata strings and from datelines at the top of a text."""

from __future__ import annotations

import datetime as dt
import re

from dyadwatch.dates.resolve import resolve

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A date with an explicit year, day-month-year or month-day-year, or ISO.
_DATE_WITH_YEAR = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTHS + r",?\s+\d{4}"
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\b", re.I)
# How far into a text a dateline may sit (the title and a byline line come first).
_DATELINE_WINDOW = 300


def parse_date(value: str) -> dt.date | None:
    """A publication date from a metadata string (ISO, RFC 822, '1 June 2025', ...)."""
    value = value.strip()
    m = _ISO.match(value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):  # OverflowError: a 20-digit year
        pass
    resolved = resolve(value, dt.date.today())
    if resolved is not None and resolved.granularity == "day" and re.search(r"\d{4}", value):
        return resolved.start
    return None


def find_dateline(text: str) -> dt.date | None:
    """The date of a dateline such as 'BAGHDAD, 27 December 2024 —' near the top of a text."""
    head = text[:_DATELINE_WINDOW]
    for line in head.splitlines()[:4]:
        m = _DATE_WITH_YEAR.search(line)
        if m and m.start() < 80:
            return parse_date(m.group(0))
    return None
