"""Cell values as the checks read them: text, codes, dates, months and numbers."""

import datetime
from decimal import Decimal


def en_texte(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def en_code(value, longueur: int) -> str:
    texte = en_texte(value).replace(" ", "").upper()
    if texte.isdigit() and len(texte) < longueur:
        texte = texte.zfill(longueur)  # a spreadsheet ate the leading zeros
    return texte


EPOQUE_EXCEL = datetime.date(1899, 12, 30)


def en_date(value) -> datetime.date:
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 2958466:
        return EPOQUE_EXCEL + datetime.timedelta(days=int(value))  # a date cell of Excel
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(en_texte(value))


def en_mois(value) -> datetime.date:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = en_date(value)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, 1)
    texte = en_texte(value)
    annee, mois = texte.split("-")
    if len(annee) != 4 or len(mois) != 2:
        raise ValueError(texte)
    return datetime.date(int(annee), int(mois), 1)


def en_nombre(value) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    return Decimal(en_texte(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))


def fin_de_mois(mois: datetime.date) -> datetime.date:
    suivant = datetime.date(mois.year + mois.month // 12, mois.month % 12 + 1, 1)
    return suivant - datetime.timedelta(days=1)
