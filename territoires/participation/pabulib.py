"""Reading and writing the pabulib format (`.pb`).

Format described at pabulib.org/format (Stolicki, Szufa, Talmon, « Pabulib: A Participatory
Budgeting Library », 2020): three sections `META`, `PROJECTS`, `VOTES`, separator `;`, lists
separated by commas in a cell. Pure Python, no Django. A `.pb` file also opens in a
spreadsheet: it is written by the shared output layer, which neutralises formulas.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from territoires.core.exports.spreadsheets import csv_text

CHAMPS_META_OBLIGATOIRES = (
    "description",
    "country",
    "unit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
)


class ErreurPabulib(ValueError):
    pass


@dataclass
class FichierPabulib:
    meta: dict[str, str] = field(default_factory=dict)
    projets: list[dict[str, str]] = field(default_factory=list)
    votes: list[dict[str, str]] = field(default_factory=list)
    colonnes_projets: list[str] = field(default_factory=list)
    colonnes_votes: list[str] = field(default_factory=list)

    @property
    def budget(self) -> Fraction:
        return nombre(self.meta["budget"])

    def couts(self) -> dict[str, Fraction]:
        return {p["project_id"]: nombre(p["cost"]) for p in self.projets}

    def bulletins(self) -> list[list[str]]:
        return [[x for x in v["vote"].split(",") if x] for v in self.votes]


def nombre(texte: str) -> Fraction:
    """A pabulib amount as an exact fraction (« 400000.0 », « 1355000 »)."""
    try:
        return Fraction(texte.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError) as exc:
        raise ErreurPabulib(f"Montant illisible : {texte!r}") from exc


def lire(
    source: str | Path | io.TextIOBase,
    *,
    taille_max: int | None = None,
    lignes_max: int | None = None,
) -> FichierPabulib:
    """Read a pabulib file line by line, without loading it whole.

    `taille_max` (bytes, for a path) and `lignes_max` bound a hostile file.
    """
    if isinstance(source, (str, Path)):
        if taille_max is not None and Path(source).stat().st_size > taille_max:
            raise ErreurPabulib(
                f"Le fichier dépasse {taille_max // (1024 * 1024)} Mo, la taille maximale d'un "
                "import."
            )
        with open(source, encoding="utf-8-sig", newline="") as f:
            return _lire_lignes(f, lignes_max=lignes_max)
    return _lire_lignes(source, lignes_max=lignes_max)


def lire_texte(texte: str) -> FichierPabulib:
    return _lire_lignes(io.StringIO(texte))


def _lire_lignes(lignes, *, lignes_max: int | None = None) -> FichierPabulib:
    try:
        return _analyser(lignes, lignes_max=lignes_max)
    except csv.Error as exc:  # a field beyond csv's own limit, a stray NUL…
        raise ErreurPabulib(f"Fichier illisible : {exc}.") from exc


def _analyser(lignes, *, lignes_max: int | None) -> FichierPabulib:
    fichier = _lire_sections(lignes, lignes_max=lignes_max)
    _verifier(fichier)
    return fichier


def _lire_sections(lignes, *, lignes_max: int | None) -> FichierPabulib:
    """Read the three sections, each a header line then its rows."""
    fichier = FichierPabulib()
    section = None
    entete: list[str] | None = None
    lecteur = csv.reader(lignes, delimiter=";")
    for numero, ligne in enumerate(lecteur, start=1):
        if lignes_max is not None and numero > lignes_max:
            raise ErreurPabulib(
                f"Le fichier dépasse {lignes_max} lignes, la limite d'un import : découpez-le."
            )
        if not ligne or (len(ligne) == 1 and not ligne[0].strip()):
            continue
        mot = ligne[0].strip()
        if mot.upper() in ("META", "PROJECTS", "VOTES") and len(ligne) == 1:
            section, entete = mot.upper(), None
            continue
        if section is None:
            raise ErreurPabulib(f"Ligne {numero} : hors section (META, PROJECTS ou VOTES attendu).")
        if entete is None:
            entete = _entete(fichier, section, ligne)
            continue
        _ranger(fichier, section, entete, ligne, numero)
    return fichier


def _entete(fichier: FichierPabulib, section: str, ligne: list[str]) -> list[str]:
    entete = [c.strip() for c in ligne]
    if section == "PROJECTS":
        fichier.colonnes_projets = entete
    elif section == "VOTES":
        fichier.colonnes_votes = entete
    return entete


def _ranger(
    fichier: FichierPabulib, section: str, entete: list[str], ligne: list[str], numero: int
) -> None:
    """One row of a section, in its place."""
    if len(ligne) != len(entete):
        raise ErreurPabulib(
            f"Ligne {numero} : {len(ligne)} champs au lieu de {len(entete)} ({section})."
        )
    ligne_d = dict(zip(entete, (c.strip() for c in ligne), strict=True))
    if section == "META":
        fichier.meta[ligne_d["key"]] = ligne_d["value"]
    elif section == "PROJECTS":
        fichier.projets.append(ligne_d)
    else:
        fichier.votes.append(ligne_d)


def _verifier(fichier: FichierPabulib) -> None:
    """Required META fields, a cost column, unique projects, votes for known projects."""
    manquants = [c for c in CHAMPS_META_OBLIGATOIRES if c not in fichier.meta]
    if manquants:
        raise ErreurPabulib(f"Champs META manquants : {', '.join(manquants)}.")
    if not fichier.colonnes_projets or "cost" not in fichier.colonnes_projets:
        raise ErreurPabulib("Section PROJECTS absente ou sans colonne cost.")
    ids = {p["project_id"] for p in fichier.projets}
    if len(ids) != len(fichier.projets):
        raise ErreurPabulib("Identifiant de projet en double.")
    for i, v in enumerate(fichier.votes, start=1):
        choix = [x for x in v.get("vote", "").split(",") if x]
        inconnus = [x for x in choix if x not in ids]
        if inconnus:
            raise ErreurPabulib(f"Vote {i} : projet inconnu {inconnus[0]}.")
        if len(set(choix)) != len(choix):
            raise ErreurPabulib(f"Vote {i} : projet en double.")


def ecrire_texte(fichier: FichierPabulib) -> str:
    colonnes_projets = fichier.colonnes_projets or ["project_id", "cost"]
    colonnes_votes = fichier.colonnes_votes or ["voter_id", "vote"]
    lignes = [
        ["META"],
        ["key", "value"],
        *([k, v] for k, v in fichier.meta.items()),
        ["PROJECTS"],
        colonnes_projets,
        *([p.get(c, "") for c in colonnes_projets] for p in fichier.projets),
        ["VOTES"],
        colonnes_votes,
        *([v.get(c, "") for c in colonnes_votes] for v in fichier.votes),
    ]
    return csv_text(lignes, separator=";", bom=False, line_ending="\n")


def montant(valeur: Fraction | int | float) -> str:
    """An amount written without a decimal comma (the pabulib checker refuses them)."""
    f = Fraction(valeur)
    return str(f.numerator) if f.denominator == 1 else f"{float(f):.2f}"
