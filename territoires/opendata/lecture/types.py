"""Column types: detected on a sample of raw texts, then used to convert every cell.

Rules (documented for the secretary in the preview, and tested):
- an empty cell (nothing but spaces) is `None`, whatever the type; it never decides a type;
- « entier »: digits with an optional sign, thousands separated by spaces (« 1 234 ») — but a
  value with a leading zero (« 01053 », a code INSEE or postal) or more than 15 digits (SIRET…)
  is an identifier: the column stays « texte »;
- « decimal »: a French decimal comma (« 12,5 », « 1 234,56 », « 1.234,56 ») or a decimal point
  (« 12.5 », as spreadsheets and JSON write them), exponent allowed with the point;
- « date »: JJ/MM/AAAA, JJ-MM-AAAA or AAAA-MM-JJ (a time after an ISO date is ignored);
- « booleen »: oui/non, vrai/faux, true/false (and o/n, yes/no). A column of 0 and 1 only is
  detected as « entier » (counts of 0 or 1 are common), but 0/1 are accepted as booléen when the
  producer chooses that type;
- « latitude » / « longitude »: a numeric column named lat, latitude, y (resp. lon, lng, long,
  longitude, x) whose values are all within WGS 84 bounds (±90, ±180): a Lambert 93 « x » is
  out of bounds and stays a number;
- « geometrie »: a GeoJSON geometry (the `geometry` of a GeoJSON feature);
- « texte » otherwise.
"""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

_ESPACES = "[ \u00a0\u202f]"
_ENTIER = re.compile(rf"[+-]?(?:0|[1-9]\d{{0,14}}|[1-9]\d{{0,2}}(?:{_ESPACES}\d{{3}})+)")
_DECIMAL_VIRGULE = re.compile(
    rf"[+-]?(?:\d+|\d{{1,3}}(?:{_ESPACES}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+)?,\d+"
)
_DECIMAL_POINT = re.compile(
    rf"[+-]?(?:\d+|\d{{1,3}}(?:{_ESPACES}\d{{3}})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?"
)
_DATE_FR = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?")
# Leading zero (« 01053 ») or more than 15 digits: an identifier, never a number.
_IDENTIFIANT = re.compile(r"[+-]?0\d+|[+-]?\d{16,}")
VRAI = {"oui", "vrai", "true", "o", "yes", "1"}
FAUX = {"non", "faux", "false", "n", "no", "0"}
_BOOLEENS_DETECTES = (VRAI | FAUX) - {"0", "1"}
NOMS_LATITUDE = {"lat", "latitude", "y", "lat_wgs84", "latitude_wgs84", "y_wgs84"}
NOMS_LONGITUDE = {
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "lon_wgs84",
    "long_wgs84",
    "longitude_wgs84",
    "x_wgs84",
}

# What the error says a wrong cell is not: « « abc » n'est pas un nombre décimal ».
ATTENDU = {
    "entier": "un nombre entier",
    "decimal": "un nombre décimal",
    "date": "une date (JJ/MM/AAAA ou AAAA-MM-JJ)",
    "booleen": "un oui / non",
    "latitude": "une latitude (nombre entre -90 et 90)",
    "longitude": "une longitude (nombre entre -180 et 180)",
    "geometrie": "une géométrie GeoJSON",
}


_ESPACES_RE = re.compile(_ESPACES)


def _sans_espaces(texte: str) -> str:
    if " " in texte or "\u00a0" in texte or "\u202f" in texte:
        return _ESPACES_RE.sub("", texte)
    return texte


def to_int(texte: str) -> int:
    if not _ENTIER.fullmatch(texte):
        raise ValueError(texte)
    return int(_sans_espaces(texte))


def to_decimal(texte: str) -> Decimal:
    if _DECIMAL_VIRGULE.fullmatch(texte):
        entier, _, decimales = texte.rpartition(",")
        return Decimal(_sans_espaces(entier).replace(".", "") + "." + decimales)
    if _DECIMAL_POINT.fullmatch(texte) and any(c.isdigit() for c in texte):
        try:
            nombre = Decimal(_sans_espaces(texte))
        except InvalidOperation:
            raise ValueError(texte) from None
        if nombre.is_finite():
            return nombre
    raise ValueError(texte)


def to_date(texte: str) -> datetime.date:
    if m := _DATE_FR.fullmatch(texte):
        jour, mois, annee = map(int, m.groups())
    elif m := _DATE_ISO.fullmatch(texte):
        annee, mois, jour = map(int, m.groups())
    else:
        raise ValueError(texte)
    return datetime.date(annee, mois, jour)  # ValueError for 31/02/2024


def to_bool(texte: str) -> bool:
    mot = texte.casefold()
    if mot in VRAI:
        return True
    if mot in FAUX:
        return False
    raise ValueError(texte)


def _to_coordonnee(texte: str, borne: int) -> float:
    nombre = float(to_decimal(texte))
    if not -borne <= nombre <= borne:
        raise ValueError(texte)
    return nombre


def to_geometry(valeur) -> dict:
    if isinstance(valeur, str):
        try:
            valeur = json.loads(valeur)
        except ValueError:
            raise ValueError(valeur) from None
    if not isinstance(valeur, dict) or not isinstance(valeur.get("type"), str):
        raise ValueError(str(valeur))
    return valeur


CONVERTISSEURS = {
    "texte": str,
    "entier": to_int,
    "decimal": to_decimal,
    "date": to_date,
    "booleen": to_bool,
    "latitude": lambda t: _to_coordonnee(t, 90),
    "longitude": lambda t: _to_coordonnee(t, 180),
    "geometrie": to_geometry,
}


def cell_convert(type_colonne: str, valeur, convertir=None):
    """The typed value of a raw cell, None if empty; ValueError if it does not fit the type.
    `convertir`: CONVERTISSEURS[type_colonne], looked up once by a caller converting many."""
    if valeur is None:
        return None
    if type(valeur) is str:
        valeur = valeur.strip()
        if not valeur:
            return None
    elif type_colonne != "geometrie":
        valeur = str(valeur)
    return (convertir or CONVERTISSEURS[type_colonne])(valeur)


def _tous(convertir, valeurs: list) -> bool:
    try:
        for valeur in valeurs:
            convertir(valeur)
    except (ValueError, ArithmeticError):
        return False
    return True


def _numerique(nom: str, valeurs: list[str]) -> str:
    """entier / decimal, or latitude / longitude for a well-named column within bounds."""
    cle = nom.strip().casefold()
    if cle in NOMS_LATITUDE and _tous(CONVERTISSEURS["latitude"], valeurs):
        return "latitude"
    if cle in NOMS_LONGITUDE and _tous(CONVERTISSEURS["longitude"], valeurs):
        return "longitude"
    return "entier" if _tous(to_int, valeurs) else "decimal"


def type_detect(nom: str, valeurs: list) -> str:
    """The type of a column, from the raw values of a bounded sample of its rows."""
    if any(isinstance(v, dict) for v in valeurs):
        return "geometrie" if _tous(to_geometry, [v for v in valeurs if v]) else "texte"
    textes = [v.strip() for v in valeurs if isinstance(v, str) and v.strip()]
    if not textes:
        return "texte"
    if all(t.casefold() in _BOOLEENS_DETECTES for t in textes):
        return "booleen"
    if _tous(to_decimal, textes) and not any(_IDENTIFIANT.fullmatch(t) for t in textes):
        return _numerique(nom, textes)
    if _tous(to_date, textes):
        return "date"
    return "texte"
