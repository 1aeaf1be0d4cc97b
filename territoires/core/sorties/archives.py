"""ZIP archives given to download: written to a temporary file, never whole in memory."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .noms import nom_de_membre
from .tableurs import lignes_csv

#: Bytes copied at a time from a stored document into the archive.
MORCEAU_OCTETS = 64 * 1024


class ArchiveZip:
    """`with ArchiveZip() as archive: archive.ajouter_csv(…); archive.copier(…)`, then
    `reponses.reponse_zip(archive=archive, …)` sends the temporary file."""

    def __init__(self) -> None:
        self.fichier: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (sent, then closed)
        self._zip = zipfile.ZipFile(self.fichier, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self) -> ArchiveZip:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._zip.close()
        if exc_type is not None:
            self.fichier.close()
        else:
            self.fichier.seek(0)

    def ajouter_csv(self, nom: str, lignes: Iterable[Sequence[Any]], **options: Any) -> None:
        """A CSV member (same options as `tableurs.lignes_csv`), streamed into the archive."""
        with self._zip.open(nom_de_membre(nom), "w") as membre:
            for morceau in lignes_csv(lignes, **options):
                membre.write(morceau.encode("utf-8"))

    def ajouter_octets(self, nom: str, contenu: bytes) -> None:
        self._zip.writestr(nom_de_membre(nom), contenu)

    def copier(self, nom: str, source: IO[bytes]) -> None:
        """A stored file, copied by chunks of `MORCEAU_OCTETS`."""
        with self._zip.open(nom_de_membre(nom), "w", force_zip64=True) as membre:
            shutil.copyfileobj(source, membre, MORCEAU_OCTETS)
