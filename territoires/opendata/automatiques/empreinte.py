"""The fingerprint of a table's content: it tells whether a refresh changed anything.

Values are written in a canonical text by column type (8000.00 and 8000 are the same amount,
a date is ISO, empty text and no value are alike) so that rows read back from the tabular
storage give the same fingerprint as the rows the source produced. Rows are hashed one by one
and combined as a multiset (sum modulo 2²⁵⁶ and count): the order of the rows does not matter
and memory stays flat.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from territoires.opendata.tabulaire import Colonne

_MODULE = 2**256
_VRAI = {"1", "true", "vrai", "oui", "t"}


def _nombre(valeur) -> str:
    try:
        d = Decimal(str(valeur))
    except (InvalidOperation, ValueError):
        return str(valeur)
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


def _booleen(valeur) -> str:
    if isinstance(valeur, str):
        return "1" if valeur.strip().lower() in _VRAI else "0"
    return "1" if valeur else "0"


def _date(valeur) -> str:
    if isinstance(valeur, datetime.datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return str(valeur)[:10]


def _geometrie(valeur) -> str:
    if isinstance(valeur, str):
        try:
            valeur = json.loads(valeur)
        except ValueError:
            return valeur
    return json.dumps(valeur, sort_keys=True, separators=(",", ":"))


_CANONIQUE = {
    "entier": _nombre,
    "decimal": _nombre,
    "latitude": _nombre,
    "longitude": _nombre,
    "booleen": _booleen,
    "date": _date,
    "geometrie": _geometrie,
}


def canonical(valeur, type_: str) -> str:
    """The canonical text of one cell."""
    if valeur is None or valeur == "":
        return ""
    return _CANONIQUE.get(type_, str)(valeur)


class Empreinte:
    """Accumulates rows; `hexdigest()` is the fingerprint of the columns and of the rows."""

    def __init__(self, colonnes: Sequence[Colonne]):
        self.colonnes = list(colonnes)
        self.types = [c.type for c in self.colonnes]
        self.total = 0
        self.lignes = 0

    def add(self, ligne: Sequence) -> None:
        texte = "\x1f".join(canonical(v, t) for v, t in zip(ligne, self.types, strict=True))
        self.total = (
            self.total + int.from_bytes(hashlib.sha256(texte.encode()).digest())
        ) % _MODULE
        self.lignes += 1

    def hexdigest(self) -> str:
        entete = "\x1f".join(f"{c.nom}:{c.type}" for c in self.colonnes)
        return hashlib.sha256(
            f"{entete}\x1e{self.lignes}\x1e{self.total:064x}".encode()
        ).hexdigest()


def rows_fingerprint(colonnes: Sequence[Colonne], lignes: Iterable[Sequence]) -> str:
    empreinte = Empreinte(colonnes)
    for ligne in lignes:
        empreinte.add(ligne)
    return empreinte.hexdigest()
