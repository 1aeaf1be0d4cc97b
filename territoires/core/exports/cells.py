"""What a cell of an export holds: numbers stay numbers, dates dates, text is neutralised."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

#: A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Plain = None | bool | int | float | Decimal | datetime.date | datetime.datetime | str


def neutralise(text: str) -> str:
    """The text, prefixed with an apostrophe when a spreadsheet would read it as a formula.

    The one neutralisation of the project: CSV cells carry the apostrophe (OWASP's advice),
    XLSX cells are written as text and marked « quote prefix » when this changes them."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def plain_value(value: Any) -> Plain:
    """A value a file can hold: numbers and dates untouched (an aware datetime in local time,
    without zone: spreadsheets have none), anything else as its text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, str)):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return value
    return str(value)  # a lazy translation, a model instance…


def csv_cell(value: Any) -> str:
    """The text of a CSV cell: numbers as written by Python (point decimal), dates in ISO 8601,
    text neutralised."""
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)
