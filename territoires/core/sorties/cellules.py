"""What a cell of an export holds: numbers stay numbers, dates dates, text is neutralised."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

#: A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")

Simple = None | bool | int | float | Decimal | datetime.date | datetime.datetime | str


def neutraliser(texte: str) -> str:
    """The text, prefixed with an apostrophe when a spreadsheet would read it as a formula.

    The one neutralisation of the project: CSV cells carry the apostrophe (OWASP's advice),
    XLSX cells are written as text and marked « quote prefix » when this changes them."""
    return "'" + texte if texte.startswith(DEBUTS_DE_FORMULE) else texte


def valeur_simple(valeur: Any) -> Simple:
    """A value a file can hold: numbers and dates untouched (an aware datetime in local time,
    without zone: spreadsheets have none), anything else as its text."""
    if valeur is None or isinstance(valeur, (bool, int, float, Decimal, str)):
        return valeur
    if isinstance(valeur, datetime.datetime):
        if valeur.tzinfo is not None:
            from django.utils import timezone

            valeur = timezone.localtime(valeur).replace(tzinfo=None)
        return valeur
    if isinstance(valeur, datetime.date):
        return valeur
    return str(valeur)  # a lazy translation, a model instance…


def cellule_csv(valeur: Any) -> str:
    """The text of a CSV cell: numbers as written by Python (point decimal), dates in ISO 8601,
    text neutralised."""
    valeur = valeur_simple(valeur)
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, (int, float, Decimal)):
        return str(valeur)
    if isinstance(valeur, datetime.datetime):
        return valeur.isoformat(timespec="seconds")
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return neutraliser(valeur)
