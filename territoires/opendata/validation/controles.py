"""One field of a shipped Table Schema, compiled into a check of typed cells.

A cell comes typed by `lecture.rows_read` (or by the tabular storage) with the type the producer
chose; it is judged on its value against the field: its type first (a text column is converted
the way the reader would, « 12,5 » is a number), then the constraints (required, pattern, enum,
bounds, length, format) and the project's extensions of the shipped schemas:
`x-controle: siret` (Luhn key) and `x-type-colonne` (latitude / longitude, for the preview).
A date is judged on its value: « 31/01/2024 » read as a date is published as 2024-01-31.
"""

import datetime
import functools
import json
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from stdnum.fr import siret as stdnum_siret

from territoires.opendata.lecture.types import to_bool, to_date, to_decimal, to_int

_COURRIEL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ENUM_MONTREE = 6  # values of an enumeration quoted in a message


@functools.lru_cache(maxsize=65536)
def siret_valid(texte: str) -> bool:
    """stdnum's check (SIREN and SIRET keys), remembered: files repeat the same SIRET a lot."""
    return stdnum_siret.is_valid(texte)


class Invalide(Exception):
    """A cell that breaks its field; the message ends the French sentence."""


def nombre_lisible(nombre) -> str:
    texte = format(Decimal(str(nombre)).normalize(), "f")
    return texte.replace(".", ",")


def texte_de(valeur) -> str:
    """The text form of a typed value (what the published CSV writes)."""
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return format(valeur, "f")
    if isinstance(valeur, dict | list):
        return json.dumps(valeur, ensure_ascii=False)
    return str(valeur)


def montre(valeur) -> str:
    """A typed value as a French message quotes it (« 12,5 », « 2026-03-12 »)."""
    if isinstance(valeur, Decimal | float) and not isinstance(valeur, bool):
        return nombre_lisible(valeur)
    return texte_de(valeur)


def _entier(valeur) -> int:
    if isinstance(valeur, bool):
        raise ValueError
    if isinstance(valeur, int):
        return valeur
    if isinstance(valeur, Decimal | float) and valeur == int(valeur):
        return int(valeur)
    if isinstance(valeur, str):
        return to_int(valeur.strip())
    raise ValueError


def _nombre(valeur) -> Decimal:
    if isinstance(valeur, bool):
        raise ValueError
    if isinstance(valeur, Decimal):
        return valeur
    if isinstance(valeur, int | float):
        return Decimal(str(valeur))
    if isinstance(valeur, str):
        return to_decimal(valeur.strip())
    raise ValueError


def _date(valeur) -> datetime.date:
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, str):
        return to_date(valeur.strip())
    raise ValueError


class Regle:
    """The checks of one schema field, compiled once."""

    def __init__(self, field):
        self.nom = field.name
        self.titre = field.title or field.name
        self.type = field.type
        contraintes = field.constraints or {}
        self.obligatoire = bool(contraintes.get("required"))
        motif = contraintes.get("pattern")
        self.motif_texte = motif
        self.motif = re.compile(motif) if motif else None
        self.enum = contraintes.get("enum")
        self.enum_textes = {texte_de(v) for v in self.enum} if self.enum is not None else None
        self.borne = self.type in ("integer", "number", "date", "year") and (
            contraintes.get("minimum") is not None or contraintes.get("maximum") is not None
        )
        self.minimum = contraintes.get("minimum")
        self.maximum = contraintes.get("maximum")
        self.min_comparable = self._borne(self.minimum) if self.borne else None
        self.max_comparable = self._borne(self.maximum) if self.borne else None
        self.longueur_min = contraintes.get("minLength")
        self.longueur_max = contraintes.get("maxLength")
        self.unique = bool(contraintes.get("unique"))
        self.format = field.format if field.format not in (None, "default") else None
        self.controle = field.custom.get("x-controle")
        self.vrais = [str(v) for v in getattr(field, "true_values", None) or []]
        self.faux = [str(v) for v in getattr(field, "false_values", None) or []]
        if self.type == "boolean" and field.to_descriptor().get("trueValues") is None:
            self.vrais = self.faux = []  # frictionless' defaults: judged by lecture.to_bool

    # --- Type -------------------------------------------------------------------------------

    def convert(self, valeur):
        """The value in the field's type; Invalide if it does not fit."""
        try:
            return self._convertir(valeur)
        except (ValueError, ArithmeticError, InvalidOperation):
            raise Invalide(self._attendu()) from None

    def _convertir(self, valeur):
        if self.type == "integer":
            return _entier(valeur)
        if self.type == "number":
            return _nombre(valeur)
        if self.type == "date":
            return _date(valeur)
        if self.type == "boolean":
            return self._booleen(valeur)
        if self.type == "year":
            annee = _entier(valeur)
            if not 0 <= annee <= 9999:
                raise ValueError
            return annee
        return texte_de(valeur) if self.type == "string" else valeur

    def _booleen(self, valeur) -> bool:
        if isinstance(valeur, bool):
            return valeur
        texte = texte_de(valeur).strip()
        if self.vrais or self.faux:
            if texte in self.vrais:
                return True
            if texte in self.faux:
                return False
            raise ValueError
        return to_bool(texte)

    def _attendu(self) -> str:
        if self.type == "boolean" and self.vrais:
            return "n'est pas une valeur permise : écrivez " + " ou ".join(
                f"« {v} »" for v in self.vrais + self.faux
            )
        return {
            "integer": "n'est pas un nombre entier",
            "number": "n'est pas un nombre",
            "date": "n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)",
            "boolean": "n'est pas un oui / non",
            "year": "n'est pas une année",
        }.get(self.type, "n'a pas le type attendu")

    # --- Constraints ------------------------------------------------------------------------

    def check(self, valeur) -> None:
        """Invalide with the reason if the (converted) value breaks a constraint."""
        texte = valeur if isinstance(valeur, str) else None
        if texte is not None:
            self._texte(texte)
        if self.enum_textes is not None and texte_de(valeur) not in self.enum_textes:
            valeurs = ", ".join(f"« {v} »" for v in self.enum[:ENUM_MONTREE])
            suite = ", …" if len(self.enum) > ENUM_MONTREE else ""
            raise Invalide(f"n'est pas une valeur autorisée (valeurs possibles : {valeurs}{suite})")
        if self.borne:
            self._bornes(valeur)

    def _texte(self, texte: str) -> None:
        if self.motif is not None and not self.motif.fullmatch(texte):
            raise Invalide(f"ne respecte pas le format attendu (motif {self.motif_texte})")
        if self.longueur_max is not None and len(texte) > self.longueur_max:
            raise Invalide(
                f"fait {len(texte)} caractères, plus que les {self.longueur_max} autorisés"
            )
        if self.longueur_min is not None and len(texte) < self.longueur_min:
            raise Invalide(
                f"fait {len(texte)} caractères, moins que les {self.longueur_min} demandés"
            )
        if self.controle == "siret" and not siret_valid(texte):
            raise Invalide("n'est pas un numéro SIRET valide (sa clé de contrôle est fausse)")
        if self.format == "email" and not _COURRIEL.fullmatch(texte):
            raise Invalide("n'est pas une adresse électronique valide")
        if self.format == "uri":
            morceaux = urlsplit(texte)
            if morceaux.scheme not in ("http", "https") or not morceaux.netloc:
                raise Invalide("n'est pas une adresse web valide (http:// ou https://)")

    def _borne(self, borne):
        if borne is None:
            return None
        if self.type == "date":
            return _date(borne)
        return Decimal(str(borne))

    def _bornes(self, valeur) -> None:
        comparable = valeur if self.type == "date" else Decimal(valeur)
        if self.min_comparable is not None and comparable < self.min_comparable:
            raise Invalide(f"est inférieur au minimum autorisé ({self._lisible(self.minimum)})")
        if self.max_comparable is not None and comparable > self.max_comparable:
            raise Invalide(f"est supérieur au maximum autorisé ({self._lisible(self.maximum)})")

    def _lisible(self, borne) -> str:
        return str(borne) if self.type == "date" else nombre_lisible(borne)
