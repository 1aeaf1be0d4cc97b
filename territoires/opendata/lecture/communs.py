"""What every reader of a deposited file shares: the public types, the error, the limits."""

import json
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024
CELLULE_MAX = 32767  # characters in one cell: Excel's own limit
APERCU_LIGNES = 20  # rows shown in the preview
DETECTION_LIGNES = 1000  # rows whose values decide the detected types


class LectureError(ValueError):
    """A file that cannot be read; the message is meant for a town-hall secretary."""


@dataclass(frozen=True)
class ColonneDetectee:
    nom: str
    type: str  # VersionRessource.TYPES_COLONNE


@dataclass
class Apercu:
    format: str
    encodage: str
    separateur: str
    colonnes: list[ColonneDetectee]
    lignes: list[list[str]]  # the first rows, raw texts, for the preview


@dataclass(frozen=True)
class ErreurCellule:
    ligne: int  # row number in the file (the header is row 1 of a CSV or a sheet)
    colonne: str
    valeur: str
    message: str  # the whole French sentence, ready to show

    def as_json(self) -> dict:
        return {
            "ligne": self.ligne,
            "colonne": self.colonne,
            "valeur": self.valeur,
            "message": self.message,
        }


def entier_lisible(nombre: int) -> str:
    """« 500 000 » with a narrow no-break space, as French writes numbers."""
    return f"{nombre:,}".replace(",", "\u202f")


def trop_de_lignes() -> LectureError:
    return LectureError(
        f"Le fichier dépasse {entier_lisible(settings.DONNEES_LIGNES_MAX)} lignes, la limite "
        "d'un dépôt : découpez-le en plusieurs ressources."
    )


def trop_de_colonnes(ligne: int) -> LectureError:
    return LectureError(
        f"La ligne {entier_lisible(ligne)} a plus de "
        f"{entier_lisible(settings.IMPORT_COLONNES_MAX)} colonnes, la limite d'un dépôt."
    )


def cellule_trop_longue(ligne: int) -> LectureError:
    return LectureError(
        f"La ligne {entier_lisible(ligne)} a une cellule de plus de "
        f"{entier_lisible(CELLULE_MAX)} caractères : ce n'est pas un tableau de données lisible."
    )


def noms_de_colonnes(entetes: list) -> list[str]:
    """Header cells as column names: trimmed, never empty, never twice the same."""
    noms: list[str] = []
    vus: set[str] = set()
    for rang, valeur in enumerate(entetes, start=1):
        nom = " ".join(str(valeur).split()) if valeur is not None else ""
        nom = nom or f"colonne_{rang}"
        base, suffixe = nom, 2
        while nom in vus:
            nom = f"{base}_{suffixe}"
            suffixe += 1
        vus.add(nom)
        noms.append(nom)
    return noms


def texte_brut(valeur) -> str:
    """A raw value as the preview shows it."""
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    texte = json.dumps(valeur, ensure_ascii=False)
    return texte if len(texte) <= 200 else texte[:199] + "…"
