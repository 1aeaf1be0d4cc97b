"""OWASP formula payloads and the checks every export test applies to the files it gets.

A test puts `charge(i)` in each text field an export shows, produces the export through the
real view or command, and hands the file to `verifier_csv` / `verifier_xlsx`: no cell may be
a live formula, and each payload must still be readable (at most one leading apostrophe)."""

import csv
import io
import re
import zipfile

from openpyxl import load_workbook

#: The OWASP CSV injection payloads.
CHARGES = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
#: A formula inside a text is harmless: it must come out unchanged.
MILIEU = "Salle =1+1 des fêtes"

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
#: A negative amount is a number, not a formula: it keeps its sign.
NOMBRE = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def charge(i: int, suffixe: str = "") -> str:
    """The i-th payload (cycling), with a suffix when a field must stay unique."""
    return CHARGES[i % len(CHARGES)] + suffixe


def lisible(valeur, texte: str) -> bool:
    return valeur in (texte, "'" + texte)


def verifier_csv(texte: str, *, attendus, separateur: str = ";") -> list[list[str]]:
    """Every cell of the CSV is inert; every expected text is there, readable."""
    lignes = list(csv.reader(io.StringIO(texte.removeprefix("\ufeff")), delimiter=separateur))
    cellules = [c for ligne in lignes for c in ligne]
    dangereuses = [
        c for c in cellules if c.startswith(DEBUTS_DE_FORMULE) and not NOMBRE.fullmatch(c)
    ]
    assert not dangereuses, dangereuses
    for attendu in attendus:
        assert any(lisible(c, attendu) for c in cellules), (attendu, lignes)
    return lignes


def verifier_xlsx(contenu: bytes, *, attendus):
    """No formula cell (read back by openpyxl and in the sheets' XML); a text a spreadsheet
    would run is marked « quote prefix »; every expected text is there, unchanged."""
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        for nom in archive.namelist():
            if nom.startswith("xl/worksheets/"):
                xml = archive.read(nom).decode()
                assert not re.search(r"<f[ >/]", xml), (nom, xml[:500])
    classeur = load_workbook(io.BytesIO(contenu))
    valeurs = []
    for feuille in classeur.worksheets:
        for ligne in feuille.iter_rows():
            for cellule in ligne:
                assert cellule.data_type != "f", (feuille.title, cellule.coordinate, cellule.value)
                if isinstance(cellule.value, str) and cellule.value.startswith(DEBUTS_DE_FORMULE):
                    assert cellule.data_type == "s" and cellule.quotePrefix, cellule.value
                valeurs.append(cellule.value)
    for attendu in attendus:
        assert any(lisible(v, attendu) for v in valeurs), attendu
    return classeur


def contenu(response) -> bytes:
    """The body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
