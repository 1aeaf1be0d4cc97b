"""CSV and XLSX writers of every export. Rows are iterables of plain values (`cellules`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .cellules import cellule_csv, neutraliser, valeur_simple

#: Rows written between two chunks of a streamed CSV: few writes, memory bounded by one chunk.
LIGNES_PAR_MORCEAU = 1000

# --- CSV -----------------------------------------------------------------------------------


def lignes_csv(
    lignes: Iterable[Sequence[Any]],
    *,
    entetes: Sequence[str] | None = None,
    separateur: str = ";",
    bom: bool = True,
    fin_de_ligne: str = "\r\n",
) -> Iterator[str]:
    """The CSV text by chunks of `LIGNES_PAR_MORCEAU` rows, never whole in memory.

    `;` by default (French Excel splits on it); `,` for the standards that say so (SCDL).
    The BOM lets Excel read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separateur, lineterminator=fin_de_ligne)
    # Python 3.11 quotes a carriage return only when lines end with one: a row holding one is
    # then quoted whole, or a reader would cut the line there.
    cr_cite = "\r" in fin_de_ligne
    tout_cite = csv.writer(
        buffer, delimiter=separateur, lineterminator=fin_de_ligne, quoting=csv.QUOTE_ALL
    )
    if bom:
        buffer.write("\ufeff")
    if entetes is not None:
        lignes = chain([entetes], lignes)
    for numero, ligne in enumerate(lignes, start=1):
        cellules = [cellule_csv(valeur) for valeur in ligne]
        if cr_cite or not any("\r" in c for c in cellules):
            writer.writerow(cellules)
        else:
            tout_cite.writerow(cellules)
        if numero % LIGNES_PAR_MORCEAU == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    reste = buffer.getvalue()
    if reste:
        yield reste


def ecrire_csv(sortie: IO[str], lignes: Iterable[Sequence[Any]], **options: Any) -> None:
    """Write the CSV to an open text file (a command's output, a file): same options."""
    for morceau in lignes_csv(lignes, **options):
        sortie.write(morceau)


def csv_texte(lignes: Iterable[Sequence[Any]], **options: Any) -> str:
    """The whole CSV as one string, for the small files only (a pabulib file, one dossier)."""
    return "".join(lignes_csv(lignes, **options))


# --- XLSX ----------------------------------------------------------------------------------

_TITRE_INTERDIT = re.compile(r"[\[\]:*?/\\]")
# Control characters an XLSX file cannot hold (openpyxl refuses them): dropped.
_CARACTERES_ILLEGAUX = re.compile(r"[\000-\010\013\014\016-\037]")
# openpyxl turns these texts into error cells: written as text too.
_CODES_ERREUR = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


@dataclass
class Feuille:
    """One sheet: its title, its header row (bold), its rows (an iterator is streamed)."""

    titre: str
    entetes: Sequence[str] = ()
    lignes: Iterable[Sequence[Any]] = ()
    #: Column widths in characters, by column letter (`{"B": 24}`).
    largeurs: Mapping[str, float] = field(default_factory=dict)


def ecrire_xlsx(sortie: IO[bytes], feuilles: Iterable[Feuille]) -> None:
    """Write the workbook (openpyxl write-only: rows go to disk as they come)."""
    classeur = Workbook(write_only=True)
    gras = Font(bold=True)
    titres: set[str] = set()
    for feuille in feuilles:
        ws = classeur.create_sheet(_titre(feuille.titre, titres))
        for colonne, largeur in feuille.largeurs.items():
            ws.column_dimensions[colonne].width = largeur
        if feuille.entetes:
            ws.append([_cellule_xlsx(ws, valeur, police=gras) for valeur in feuille.entetes])
        for ligne in feuille.lignes:
            ws.append([_cellule_xlsx(ws, valeur) for valeur in ligne])
    classeur.save(sortie)


def xlsx_octets(feuilles: Iterable[Feuille]) -> bytes:
    sortie = io.BytesIO()
    ecrire_xlsx(sortie, feuilles)
    return sortie.getvalue()


def _cellule_xlsx(ws, valeur: Any, *, police: Font | None = None) -> Any:
    """A number, a date or a text cell; never a formula nor an error code."""
    valeur = valeur_simple(valeur)
    neutralise = False
    if isinstance(valeur, str):
        valeur = _CARACTERES_ILLEGAUX.sub("", valeur)
        neutralise = neutraliser(valeur) != valeur
        if not neutralise and valeur not in _CODES_ERREUR and police is None:
            return valeur  # openpyxl writes it as text
    elif police is None:
        return valeur
    cellule = WriteOnlyCell(ws, value=valeur)
    if isinstance(valeur, str):
        cellule.data_type = "s"  # openpyxl would have made « =… » a formula
    if neutralise:
        # Excel's own leading apostrophe: the cell stays text even once edited.
        cellule.quotePrefix = True
    if police is not None:
        cellule.font = police
    return cellule


def _titre(titre: str, pris: set[str]) -> str:
    """A valid sheet title (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _TITRE_INTERDIT.sub("-", titre).strip("'")[:31] or "Feuille"
    candidat, n = base, 1
    while candidat.lower() in pris:
        n += 1
        candidat = f"{base[: 31 - len(str(n)) - 1]} {n}"
    pris.add(candidat.lower())
    return candidat
