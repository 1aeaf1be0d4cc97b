"""HTTP responses of the exports: the right type and a safe `Content-Disposition`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .archives import ArchiveZip
from .noms import nom_de_fichier
from .pdf import pdf_depuis_html
from .tableurs import Feuille, ecrire_xlsx, lignes_csv

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
ZIP = "application/zip"
JSON = "application/json"


def disposition(nom_fichier: str, *, en_ligne: bool = False) -> str:
    return content_disposition_header(not en_ligne, nom_de_fichier(nom_fichier))


def reponse_fichier(
    contenu: bytes, *, nom_fichier: str, type_mime: str, en_ligne: bool = False
) -> HttpResponse:
    """A file built in memory (a Word act, a JSON report…), to download."""
    response = HttpResponse(contenu, content_type=type_mime)
    response["Content-Disposition"] = disposition(nom_fichier, en_ligne=en_ligne)
    return response


def reponse_csv(
    *,
    nom_fichier: str,
    lignes: Iterable[Sequence[Any]],
    entetes: Sequence[str] | None = None,
    en_ligne: bool = False,
    **options: Any,
) -> StreamingHttpResponse:
    """Streamed: 200,000 rows never sit whole in memory (`tableurs.lignes_csv` options)."""
    response = StreamingHttpResponse(
        lignes_csv(lignes, entetes=entetes, **options), content_type=CSV
    )
    response["Content-Disposition"] = disposition(nom_fichier, en_ligne=en_ligne)
    return response


def reponse_xlsx(*, nom_fichier: str, feuilles: Iterable[Feuille]) -> HttpResponse:
    """The workbook is written row by row to a temporary file, then sent (compressed)."""
    with tempfile.TemporaryFile() as sortie:
        ecrire_xlsx(sortie, feuilles)
        sortie.seek(0)
        return reponse_fichier(sortie.read(), nom_fichier=nom_fichier, type_mime=XLSX)


def reponse_pdf(*, nom_fichier: str, html: str, en_ligne: bool = False) -> HttpResponse:
    return reponse_fichier(
        pdf_depuis_html(html), nom_fichier=nom_fichier, type_mime=PDF, en_ligne=en_ligne
    )


def reponse_zip(*, nom_fichier: str, archive: ArchiveZip) -> FileResponse:
    """Sent from its temporary file by chunks; the file is deleted once sent."""
    response = FileResponse(archive.fichier, content_type=ZIP)
    response["Content-Disposition"] = disposition(nom_fichier)
    return response
