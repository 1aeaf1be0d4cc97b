"""What the XLSX and ODS readers share: the ZIP guard, and expat without DTD.

Expat ≥ 2.4 refuses entity amplification and never fetches external entities; a workbook never
declares a DTD, so one is refused outright (S314 accepted for the small parts read whole).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from territoires.core import zipguard
from territoires.core.tableurs.xlsx import ILLISIBLE, DtdInterdite, parser_create

from .communs import CHUNK, LectureError
from .texte import size_check

# parser_create (expat without DTD) is the core's: the ODS reader takes it from here.
__all__ = ["Arret", "archive_open", "parse_streamed", "parser_create"]


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
    except DtdInterdite as exc:
        raise LectureError("Le classeur contient une déclaration XML interdite (DTD).") from exc
    except ILLISIBLE as exc:
        raise LectureError(f"Le fichier n'est pas un classeur {libelle} lisible.") from exc


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
