"""The one guard for every ZIP-based file we open (OOXML, ODF): uploads, imports, Word templates.

A ZIP archive says in its central directory how many members it has and how big each one
becomes once inflated; a hostile one lies or hides a bomb (1 Mo that inflates to 1 Go). So:

1. before anything is inflated, the central directory is checked: number of members, announced
   sizes (per member and in total) and compression ratio;
2. members are only ever read in bounded chunks, and the bytes really produced are counted
   against the same limits (`ouvrir`, `lire`);
3. `verifier` inflates every member on its own, stops one byte past what the header announced
   (an archive that announces less than it holds is refused), and checks each CRC.

Limits come from the settings (`ZIP_*`, README « Configuration »). A refusal is a
`ValidationError` whose French message says which limit, so forms show it next to the field.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

CHUNK = 64 * 1024
# Small members (XML parts of a few Ko) compress very well without being bombs: their ratio is
# not judged below this size.
RATIO_GRACE = 1024 * 1024
# Room for one central-directory entry (46 bytes + name + extra field), to bound the directory
# before zipfile parses it.
ENTRY_ROOM = 1024
_EOCD = b"PK\x05\x06"
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


@dataclass(frozen=True)
class Limites:
    parties: int
    partie: int
    total: int
    taux: int

    @classmethod
    def reglages(cls) -> "Limites":
        return cls(
            parties=settings.ZIP_PARTIES_MAX,
            partie=settings.ZIP_PARTIE_MAX,
            total=settings.ZIP_TOTAL_MAX,
            taux=settings.ZIP_TAUX_MAX,
        )

    def au_plus(self, *, partie: int | None = None, total: int | None = None) -> "Limites":
        """The same limits, tightened (never loosened) for a stricter use."""
        return replace(
            self,
            partie=min(self.partie, partie or self.partie),
            total=min(self.total, total or self.total),
        )


class ArchiveRefusee(ValidationError):
    """A ZIP archive beyond a limit, or damaged; the French message says why."""


class PasUneArchive(Exception):
    """The file is not a ZIP archive at all (callers then try other formats)."""


def taille_lisible(size: int) -> str:
    mib = size / (1024 * 1024)
    if mib >= 1:
        return f"{mib:.1f}".replace(".0", "").replace(".", ",") + " Mo"
    return f"{max(1, round(size / 1024))} Ko"


def _sujet(nom: str | None) -> str:
    return f"Le fichier « {PurePath(nom).name} »" if nom else "Le fichier"


class ArchiveSure:
    """A ZIP archive whose central directory passed the limits. Use as a context manager."""

    def __init__(self, fichier, *, nom: str | None = None, limites: Limites | None = None):
        self.nom = nom
        self.limites = limites or Limites.reglages()
        self._fichier = fichier
        self._fermer = False
        if isinstance(fichier, str | PurePath):
            self._fichier = open(fichier, "rb")  # noqa: SIM115 (closed by close())
            self._fermer = True
        self.lu = 0  # bytes really inflated so far, all members together
        try:
            self._taille = self._verifier_repertoire()
            try:
                self._zip = zipfile.ZipFile(self._fichier)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise PasUneArchive(str(exc)) from exc
            self._verifier_entrees()
        except BaseException:
            self._fermer_fichier()
            raise

    # --- Checks of the central directory, before any inflation ----------------------------

    def _refus(self, message: str, code: str, **params) -> ArchiveRefusee:
        return ArchiveRefusee(f"{_sujet(self.nom)} {message}", code=code, params=params or None)

    def _verifier_repertoire(self) -> int:
        """Read the end record ourselves: the directory is bounded before zipfile parses it."""
        f = self._fichier
        f.seek(0, io.SEEK_END)
        taille = f.tell()
        queue = min(taille, 22 + 65535)
        f.seek(taille - queue)
        fin = f.read(queue)
        f.seek(0)
        position = fin.rfind(_EOCD)
        if position < 0 or len(fin) - position < 22:
            raise PasUneArchive("pas d'enregistrement de fin d'archive")
        (_, _, _, _, entrees, taille_repertoire, debut_repertoire, _) = struct.unpack(
            "<4s4H2LH", fin[position : position + 22]
        )
        if entrees == 0xFFFF or 0xFFFFFFFF in (taille_repertoire, debut_repertoire):
            raise self._refus(
                "est une archive ZIP64 (format des archives de plusieurs gigaoctets) : ce format "
                "n'est pas accepté.",
                "zip64",
            )
        if entrees > self.limites.parties or taille_repertoire > self.limites.parties * ENTRY_ROOM:
            raise self._trop_de_parties(entrees)
        return taille

    def _trop_de_parties(self, nombre: int) -> ArchiveRefusee:
        return self._refus(
            "contient trop de parties (%(nombre)s) : la limite est de %(max)s.",
            "zip_parties",
            nombre=nombre,
            max=self.limites.parties,
        )

    def _verifier_entrees(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limites.parties:
            raise self._trop_de_parties(len(infos))
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._refus(
                    "contient une partie chiffrée (« %(partie)s ») : enregistrez-le sans mot "
                    "de passe.",
                    "zip_chiffre",
                    partie=info.filename,
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self._refus(
                    "utilise une compression inhabituelle pour un document bureautique "
                    "(partie « %(partie)s ») : enregistrez-le de nouveau depuis votre logiciel.",
                    "zip_methode",
                    partie=info.filename,
                )
            if info.file_size > self.limites.partie:
                raise self._partie_trop_grande(info.filename)
            if info.file_size > RATIO_GRACE and info.file_size > self.limites.taux * max(
                info.compress_size, 1
            ):
                raise self._refus(
                    "contient une partie compressée plus de %(taux)s fois (« %(partie)s ») : "
                    "c'est la marque d'une bombe de décompression, le fichier est refusé.",
                    "zip_taux",
                    taux=self.limites.taux,
                    partie=info.filename,
                )
            total += info.file_size
        if total > self.limites.total:
            raise self._total_trop_grand()
        # Members may share their compressed bytes (overlapping entries): judge the whole too.
        if total > RATIO_GRACE and total > self.limites.taux * max(self._taille, 1):
            raise self._refus(
                "se décompresse en plus de %(taux)s fois sa taille : c'est la marque d'une bombe "
                "de décompression, le fichier est refusé.",
                "zip_taux",
                taux=self.limites.taux,
            )

    def _partie_trop_grande(self, partie: str) -> ArchiveRefusee:
        return self._refus(
            "contient une partie qui dépasse %(max)s une fois décompressée (« %(partie)s »).",
            "zip_partie",
            max=taille_lisible(self.limites.partie),
            partie=partie,
        )

    def _total_trop_grand(self) -> ArchiveRefusee:
        return self._refus(
            "dépasse %(max)s une fois décompressé.",
            "zip_total",
            max=taille_lisible(self.limites.total),
        )

    def _compter(self, partie: str, deja: int, lus: int) -> None:
        """Count bytes really produced by a member; the header may have lied."""
        if deja + lus > self.limites.partie:
            raise self._partie_trop_grande(partie)
        self.lu += lus
        if self.lu > self.limites.total:
            raise self._total_trop_grand()

    # --- Reading -------------------------------------------------------------------------

    def noms(self) -> list[str]:
        return self._zip.namelist()

    def contient(self, nom: str) -> bool:
        try:
            self._zip.getinfo(nom)
        except KeyError:
            return False
        return True

    def taille(self, nom: str) -> int:
        """Announced inflated size of a member (already checked against the limits)."""
        return self._zip.getinfo(nom).file_size

    def ouvrir(self, nom: str) -> "FluxBorne":
        """A member as a binary stream read in bounded chunks. KeyError if absent."""
        return FluxBorne(self, nom)

    def lire(self, nom: str, *, maximum: int) -> bytes:
        """A small member whole (mimetype, workbook.xml…), refused beyond `maximum` bytes."""
        if self.taille(nom) > maximum:
            raise self._refus(
                "contient une partie « %(partie)s » de plus de %(max)s : elle devrait être "
                "minuscule.",
                "zip_partie",
                partie=nom,
                max=taille_lisible(maximum),
            )
        morceaux = []
        lus = 0
        with self.ouvrir(nom) as flux:
            while morceau := flux.read(CHUNK):
                lus += len(morceau)
                if lus > maximum:
                    raise self._partie_trop_grande(nom)
                morceaux.append(morceau)
        return b"".join(morceaux)

    def verifier(self) -> None:
        """Inflate every member on its own (not trusting the header) and check its CRC."""
        for info in self._zip.infolist():
            crc = 0
            produits = 0
            for morceau in self._inflater(info):
                produits += len(morceau)
                if produits > info.file_size:
                    raise self._refus(
                        "est endommagé ou falsifié : la partie « %(partie)s » est plus grande "
                        "que ce qu'annonce l'archive.",
                        "zip_menteur",
                        partie=info.filename,
                    )
                self._compter(info.filename, produits - len(morceau), len(morceau))
                crc = zlib.crc32(morceau, crc)
            if produits != info.file_size or crc != info.CRC:
                raise self._refus(
                    "est endommagé : la partie « %(partie)s » ne correspond pas à ce qu'annonce "
                    "l'archive.",
                    "zip_endommage",
                    partie=info.filename,
                )

    def _inflater(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The bytes of a member, inflated from its raw data, one byte past the announced size
        at most."""
        f = self._fichier
        f.seek(info.header_offset)
        entete = f.read(_LOCAL_HEADER.size)
        if len(entete) != _LOCAL_HEADER.size or entete[:4] != b"PK\x03\x04":
            raise self._illisible()
        longueur_nom, longueur_extra = _LOCAL_HEADER.unpack(entete)[-2:]
        f.seek(info.header_offset + _LOCAL_HEADER.size + longueur_nom + longueur_extra)
        reste = info.compress_size
        plafond = info.file_size + 1
        inflateur = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            while reste > 0 and plafond > 0:
                brut = f.read(min(CHUNK, reste))
                if not brut:
                    raise self._illisible()
                reste -= len(brut)
                if info.compress_type == zipfile.ZIP_STORED:
                    morceau = brut[:plafond]
                    plafond -= len(morceau)
                    yield morceau
                    continue
                # max_length bounds each output: a bomb never inflates more than a chunk at once.
                donnees = brut
                while donnees and plafond > 0:
                    morceau = inflateur.decompress(donnees, min(CHUNK, plafond))
                    plafond -= len(morceau)
                    if morceau:
                        yield morceau
                    donnees = inflateur.unconsumed_tail
                    if inflateur.eof:
                        break
                if inflateur.eof:
                    break
            while info.compress_type == zipfile.ZIP_DEFLATED and plafond > 0:
                morceau = inflateur.decompress(b"", min(CHUNK, plafond))
                if not morceau:
                    break
                plafond -= len(morceau)
                yield morceau
        except zlib.error as exc:
            raise self._illisible() from exc

    def _illisible(self) -> ArchiveRefusee:
        return self._refus("est endommagé : son contenu compressé est illisible.", "zip_endommage")

    # --- Closing ---------------------------------------------------------------------------

    def _fermer_fichier(self) -> None:
        if self._fermer:
            self._fichier.close()
        else:
            self._fichier.seek(0)

    def close(self) -> None:
        self._zip.close()
        self._fermer_fichier()

    def __enter__(self) -> "ArchiveSure":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class FluxBorne(io.RawIOBase):
    """One member, read through zipfile (CRC checked at the end) in chunks of at most CHUNK
    bytes, counted against the archive's limits."""

    def __init__(self, archive: ArchiveSure, nom: str):
        self._archive = archive
        self._nom = nom
        self._flux = archive._zip.open(nom)
        self._lus = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        # Never more than a chunk at once: a reader that wants everything loops, and every
        # chunk is counted. Reading a member whole in one call is a programming error.
        if size is None or size < 0:
            raise ValueError("Un membre d'archive se lit par morceaux : read(taille).")
        size = min(size, CHUNK)
        try:
            morceau = self._flux.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise self._archive._illisible() from exc
        self._archive._compter(self._nom, self._lus, len(morceau))
        self._lus += len(morceau)
        return morceau

    def readinto(self, buffer) -> int:
        morceau = self.read(len(buffer))
        buffer[: len(morceau)] = morceau
        return len(morceau)

    def close(self) -> None:
        self._flux.close()
        super().close()
