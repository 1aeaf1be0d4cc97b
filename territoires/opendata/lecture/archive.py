"""What the XLSX and ODS readers share: the ZIP guard, and expat without DTD.

Expat ≥ 2.4 refuses entity amplification and never fetches external entities; a workbook never
declares a DTD, so one is refused outright (S314 accepted for the small parts read whole).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree  # noqa: S405
from xml.parsers import expat  # noqa: S408

from territoires.core import zipguard

from .communs import CHUNK, LectureError
from .texte import size_check


@contextmanager
def archive_open(path: Path, libelle: str) -> Iterator[zipguard.ArchiveSure]:
    """The workbook through the ZIP guard; its refusals and XML errors become LectureError."""
    size_check(path)
    try:
        archive = zipguard.ArchiveSure(path, nom=path.name)
    except zipguard.PasUneArchive as exc:
        raise LectureError(f"Le fichier n'est pas un classeur {libelle} lisible.") from exc
    except zipguard.ArchiveRefusee as exc:
        raise LectureError(exc.messages[0]) from exc
    try:
        with archive:
            yield archive
    except zipguard.ArchiveRefusee as exc:
        raise LectureError(exc.messages[0]) from exc
    except (KeyError, expat.ExpatError, ElementTree.ParseError) as exc:
        raise LectureError(f"Le fichier n'est pas un classeur {libelle} lisible.") from exc


def parser_create(debut, fin, caracteres, *, espaces: bool = False):
    """An expat parser with our handlers; `espaces`: names come as « uri local »."""
    parseur = expat.ParserCreate(namespace_separator=" ") if espaces else expat.ParserCreate()
    parseur.buffer_text = True
    parseur.StartElementHandler = debut
    parseur.EndElementHandler = fin
    parseur.CharacterDataHandler = caracteres

    def sans_dtd(*args):
        raise LectureError("Le classeur contient une déclaration XML interdite (DTD).")

    parseur.StartDoctypeDeclHandler = sans_dtd
    parseur.EntityDeclHandler = sans_dtd
    return parseur


class Arret(Exception):
    """Raised by a handler when the rest of the part is not needed (after the first sheet)."""


def parse_streamed(archive: zipguard.ArchiveSure, chemin: str, lecteur, parseur) -> Iterator:
    """Feed a member to expat by bounded chunks, yielding the rows `lecteur.prets` collects."""
    with archive.ouvrir(chemin) as flux:
        try:
            while morceau := flux.read(CHUNK):
                parseur.Parse(morceau, False)
                yield from lecteur.prets
                lecteur.prets.clear()
            parseur.Parse(b"", True)
        except Arret:
            pass
        yield from lecteur.prets
        lecteur.prets.clear()
