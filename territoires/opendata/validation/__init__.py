"""Validation of a resource's typed rows against a shipped national schema (Table Schema).

The schemas live in `opendata/schemas/` (sources and licences in SOURCE.md) and are read with
frictionless; the rows are checked here, as a stream, with French messages: missing or extra
columns, type, required value, pattern, enumeration, bounds, length, format, uniqueness
(`unique` or `primaryKey`, kept on disk, never in a set the size of the file) and the project's
extensions (`x-controle: siret`, `x-un-parmi`: at least one column of a group filled).

Row numbers: the header is row 1, the first data row is row 2 — the line of the file for a CSV or
a sheet without empty rows, as `lecture.ErreurCellule` numbers them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from territoires.opendata.lecture import ErreurCellule
from territoires.opendata.lecture.communs import entier_lisible
from territoires.opendata.tabulaire import Colonne

from .controles import Invalide, Regle, montre, texte_de
from .unicite import Unicite

if TYPE_CHECKING:
    import frictionless

__all__ = [
    "RapportValidation",
    "SchemaLivre",
    "schema_columns",
    "schema_validate",
    "schemas_available",
]

DOSSIER = Path(__file__).resolve().parent.parent / "schemas"
TYPES_COLONNE = {
    "string": "texte",
    "integer": "entier",
    "number": "decimal",
    "date": "date",
    "boolean": "booleen",
    "year": "entier",
    "geojson": "geometrie",
}


@dataclass(frozen=True)
class SchemaLivre:
    nom: str
    titre: str
    version: str
    source: str  # URL of the public documentation


@dataclass
class RapportValidation:
    schema: str
    valide: bool
    erreurs: list[ErreurCellule]
    total: int  # every error found, beyond those kept in `erreurs`
    titre: str = field(default="")

    def as_json(self) -> dict:
        """What goes into VersionRessource.validation."""
        return {
            "schema": self.schema,
            "valide": self.valide,
            "erreurs": [e.as_json() for e in self.erreurs],
            "total": self.total,
        }


@functools.cache
def _schemas() -> dict[str, tuple[SchemaLivre, frictionless.Schema]]:
    import frictionless  # read when a schema is first used, not at every process start

    livres = {}
    for chemin in sorted(DOSSIER.glob("*.json")):
        schema = frictionless.Schema.from_descriptor(str(chemin))
        nom = schema.name or chemin.stem
        livre = SchemaLivre(
            nom=nom,
            titre=schema.title or nom,
            version=str(schema.custom.get("version", "")),
            source=str(schema.custom.get("homepage", "")),
        )
        livres[nom] = (livre, schema)
    return livres


def schemas_available() -> list[SchemaLivre]:
    return [livre for livre, _ in _schemas().values()]


def _schema(nom: str) -> tuple[SchemaLivre, frictionless.Schema]:
    try:
        return _schemas()[nom]
    except KeyError:
        raise ValueError(f"Le schéma « {nom} » n'est pas livré avec Territoires.") from None


def schema_columns(*, nom: str) -> list[Colonne]:
    """The schema's columns with the type to give them (to prefill the types of a resource)."""
    _, schema = _schema(nom)
    return [
        Colonne(f.name, f.custom.get("x-type-colonne") or TYPES_COLONNE.get(f.type, "texte"))
        for f in schema.fields
    ]


class _Rapport:
    """Errors kept up to a ceiling, all of them counted."""

    def __init__(self, erreurs_max: int):
        self.erreurs: list[ErreurCellule] = []
        self.total = 0
        self.erreurs_max = erreurs_max

    def add(self, ligne: int, colonne: str, valeur, message: str) -> None:
        self.total += 1
        if len(self.erreurs) < self.erreurs_max:
            lieu = f"ligne {entier_lisible(ligne)}" + (
                f", colonne « {colonne} »" if colonne else ""
            )
            self.erreurs.append(
                ErreurCellule(
                    ligne=ligne,
                    colonne=colonne,
                    valeur=montre(valeur)[:200],
                    message=f"{lieu} : {message}",
                )
            )


def _entetes(schema, livre, colonnes: list[Colonne], rapport: _Rapport) -> dict[str, int]:
    """Index of each schema field in the rows; missing and extra columns reported on row 1."""
    index = {c.nom: rang for rang, c in enumerate(colonnes)}
    noms = {f.name for f in schema.fields}
    for f in schema.fields:
        if f.name not in index:
            rapport.add(
                1, f.name, "", f"la colonne manque : le schéma « {livre.titre} » la demande"
            )
    for c in colonnes:
        if c.nom not in noms:
            rapport.add(1, c.nom, "", f"la colonne ne fait pas partie du schéma « {livre.titre} »")
    return {f.name: index[f.name] for f in schema.fields if f.name in index}


def _cle(valeurs: Sequence) -> str:
    return json.dumps([texte_de(v) for v in valeurs], ensure_ascii=False)


class _Validateur:
    def __init__(self, schema, rangs: dict[str, int], rapport: _Rapport):
        self.rapport = rapport
        self.controles = [(Regle(f), rangs[f.name]) for f in schema.fields if f.name in rangs]
        self.uniques = [(r, rang, Unicite()) for r, rang in self.controles if r.unique]
        cle = [n for n in schema.primary_key if n in rangs]
        self.primaire = (cle, [rangs[n] for n in cle], Unicite()) if cle else None
        groupes = schema.custom.get("x-un-parmi") or []
        self.groupes = [[(n, rangs[n]) for n in g if n in rangs] for g in groupes]

    def row_check(self, numero: int, ligne: Sequence) -> None:
        for regle, rang in self.controles:
            valeur = ligne[rang] if rang < len(ligne) else None
            if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
                if regle.obligatoire:
                    # None is also a cell the reader could not convert (its ErreurCellule says
                    # why): the message covers both.
                    self.rapport.add(
                        numero, regle.nom, "", "valeur obligatoire manquante ou illisible"
                    )
                continue
            try:
                regle.check(regle.convert(valeur))
            except Invalide as exc:
                self.rapport.add(numero, regle.nom, valeur, f"« {montre(valeur)} » {exc}")
        self._uniques(numero, ligne)
        for groupe in self.groupes:
            if groupe and all(_vide(ligne, rang) for _, rang in groupe):
                noms = " ou ".join(f"« {n} »" for n, _ in groupe)
                self.rapport.add(numero, groupe[0][0], "", f"renseignez au moins {noms}")

    def _uniques(self, numero: int, ligne: Sequence) -> None:
        for regle, rang, vues in self.uniques:
            if not _vide(ligne, rang):
                valeur = ligne[rang]
                if (premiere := vues.seen(_cle([valeur]), numero)) is not None:
                    self.rapport.add(
                        numero,
                        regle.nom,
                        valeur,
                        f"« {montre(valeur)} » figure déjà ligne {entier_lisible(premiere)} : "
                        "chaque valeur doit être unique",
                    )
        if self.primaire:
            noms, rangs, vues = self.primaire
            valeurs = [ligne[r] if r < len(ligne) else None for r in rangs]
            if any(v is not None for v in valeurs):
                if (premiere := vues.seen(_cle(valeurs), numero)) is not None:
                    self.rapport.add(
                        numero,
                        noms[0],
                        valeurs[0],
                        f"la clé ({', '.join(texte_de(v) for v in valeurs)}) figure déjà ligne "
                        f"{entier_lisible(premiere)} : chaque ligne doit avoir sa propre clé",
                    )

    def close(self) -> None:
        for _, _, vues in self.uniques:
            vues.close()
        if self.primaire:
            self.primaire[2].close()


def _vide(ligne: Sequence, rang: int) -> bool:
    valeur = ligne[rang] if rang < len(ligne) else None
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def schema_validate(
    *, nom: str, colonnes: list[Colonne], lignes: Iterable[Sequence], erreurs_max: int = 1000
) -> RapportValidation:
    """Check typed rows against a shipped schema, as a stream; every error in French with its
    row and column, at most `erreurs_max` kept, all counted in `total`."""
    livre, schema = _schema(nom)
    rapport = _Rapport(erreurs_max)
    validateur = _Validateur(schema, _entetes(schema, livre, colonnes, rapport), rapport)
    try:
        for numero, ligne in enumerate(lignes, start=2):
            validateur.row_check(numero, ligne)
    finally:
        validateur.close()
    return RapportValidation(
        schema=nom,
        valide=rapport.total == 0,
        erreurs=rapport.erreurs,
        total=rapport.total,
        titre=livre.titre,
    )
