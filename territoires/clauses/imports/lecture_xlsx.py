"""Reading the rows of an XLSX workbook: the sheets `marches` and `heures`, streamed by the
shared reader (`core/tableurs/xlsx.py`: ZIP guard, then expat over each sheet, bounded).
Its refusals are worded here for the person importing the file, sheet by sheet.
"""

from pathlib import PurePath

from django.conf import settings

from territoires.core import zipguard
from territoires.core.tableurs import xlsx

from .colonnes import COLONNES_HEURES, COLONNES_HEURES_FACULTATIVES, COLONNES_MARCHES
from .donnees import FichierIllisible
from .lecture import (
    CELLULE_MAX,
    cellule_trop_longue,
    entier_lisible,
    lignes_non_vides,
    size_check,
    trop_de_colonnes,
    trop_de_lignes,
)

# The shared reader's refusals met in a sheet, worded with the sheet's name.
_MESSAGES_FEUILLE = {
    xlsx.TropDeLignes: lambda exc, feuille: trop_de_lignes(feuille),
    xlsx.TropDeColonnes: lambda exc, feuille: trop_de_colonnes(feuille, exc.numero),
    xlsx.CelluleTropLongue: lambda exc, feuille: cellule_trop_longue(feuille, exc.numero),
    xlsx.NumeroIllisible: lambda exc, feuille: FichierIllisible(
        f"La feuille « {feuille} » a un numéro de ligne illisible : {exc.texte}."
    ),
    xlsx.CelluleIllisible: lambda exc, feuille: FichierIllisible(
        f"La feuille « {feuille} » a, ligne {entier_lisible(exc.numero)}, une "
        f"cellule illisible : « {exc.texte} »."
    ),
}
# … and those of the whole workbook.
_MESSAGES = {
    xlsx.TropDeTextes: lambda exc: FichierIllisible(
        f"Le classeur contient plus de {entier_lisible(exc.maximum)} textes "
        "différents, la limite d'un import."
    ),
    xlsx.TexteTropLong: lambda exc: FichierIllisible(
        f"Le classeur contient un texte de plus de {entier_lisible(CELLULE_MAX)} caractères."
    ),
    xlsx.TextesTropGros: lambda exc: FichierIllisible(
        "La table des textes du classeur (sharedStrings.xml) dépasse "
        f"{zipguard.taille_lisible(exc.maximum)} une fois décompressée, la "
        "limite d'un import."
    ),
}


def _rows_xlsx(archive: zipguard.ArchiveSure, chemin: str, feuille: str, partages: list[str]):
    """(number, values) of each row of one sheet, streamed; refusals named by the sheet."""
    try:
        for numero, cellules in xlsx.lignes(
            archive,
            chemin,
            partages=partages,
            lignes_max=settings.IMPORT_LIGNES_MAX + 1,
            colonnes_max=settings.IMPORT_COLONNES_MAX,
        ):
            yield numero, tuple(cellules)
    except xlsx.ErreurClasseur as exc:
        message = _MESSAGES_FEUILLE.get(type(exc))
        raise (message(exc, feuille) if message else FichierIllisible(str(exc))) from exc


def _nom(fichier) -> str | None:
    nom = fichier if isinstance(fichier, str | PurePath) else getattr(fichier, "name", None)
    return PurePath(nom).name if nom else None


def _feuilles_lues(archive: zipguard.ArchiveSure) -> tuple[list, list]:
    trouvees, _ = xlsx.feuilles(archive)
    feuilles = {}
    for nom, cible in trouvees:
        feuilles[nom.strip().lower()] = cible
    for nom in ("marches", "heures"):
        if nom not in feuilles:
            raise FichierIllisible(f"Le classeur n'a pas de feuille « {nom} ».")
    partages = xlsx.textes_partages(
        archive, maximum=settings.IMPORT_LIGNES_MAX, taille_max=settings.IMPORT_TEXTES_MAX
    )
    marches = lignes_non_vides(
        _rows_xlsx(archive, feuilles["marches"], "marches", partages),
        "marches",
        COLONNES_MARCHES,
    )
    heures = lignes_non_vides(
        _rows_xlsx(archive, feuilles["heures"], "heures", partages),
        "heures",
        COLONNES_HEURES,
        COLONNES_HEURES_FACULTATIVES,
    )
    return marches, heures


def classeur_read(fichier) -> tuple[list, list]:
    """Rows of the sheets `marches` and `heures` of an XLSX workbook (path or file object)."""
    size_check(fichier)
    try:
        archive = zipguard.ArchiveSure(fichier, nom=_nom(fichier))
    except zipguard.PasUneArchive as exc:
        raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
    except zipguard.ArchiveRefusee as exc:
        raise FichierIllisible(exc.messages[0]) from exc
    with archive:
        try:
            return _feuilles_lues(archive)
        except zipguard.ArchiveRefusee as exc:
            raise FichierIllisible(exc.messages[0]) from exc
        except xlsx.ErreurClasseur as exc:
            message = _MESSAGES.get(type(exc))
            raise (message(exc) if message else FichierIllisible(str(exc))) from exc
        except xlsx.ILLISIBLE as exc:
            raise FichierIllisible("Le fichier n'est pas un classeur XLSX lisible.") from exc
