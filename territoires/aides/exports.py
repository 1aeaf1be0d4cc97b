"""Files of the aides module: dossier lists (CSV, XLSX), a dossier's archive, SCDL, acts.

Every file goes through `territoires.core.exports` (no live formula, numbers stay numbers)."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from territoires.core.exports import responses
from territoires.core.exports.archives import ZipArchive
from territoires.core.exports.spreadsheets import Sheet
from territoires.core.selectors import documents_for, journal_for

from . import actes, selectors
from .models import Dossier

# --- dossier lists ----------------------------------------------------------------------------

EXPORT_COLUMNS = [
    ("Numéro", "numero"),
    ("Dispositif", "dispositif__nom"),
    ("Bénéficiaire", "organisation__nom"),
    ("Intitulé", "intitule"),
    ("État", "statut"),
    ("Déposé le", "depose_le"),
    ("Coût HT", "cout_ht"),
    ("Demandé", "montant_demande"),
    ("Proposé", "montant_propose"),
    ("Attribué", "montant_attribue"),
    ("Session", "session__nom"),
]


def _dossier_rows(qs):
    """One query whatever the number of rows (values, by chunks)."""
    statuts = dict(Dossier.Statut.choices)
    fields = [f for _, f in EXPORT_COLUMNS]
    for row in qs.values_list(*fields).iterator(chunk_size=2000):
        row = list(row)
        row[4] = statuts.get(row[4], row[4])
        row[5] = timezone.localtime(row[5]).date() if row[5] else None
        yield row


def dossiers_export(qs, *, format: str, filename: str) -> HttpResponse | StreamingHttpResponse:
    """CSV (streamed) or XLSX of a dossier list."""
    headers = [label for label, _ in EXPORT_COLUMNS]
    if format == "xlsx":
        return responses.xlsx_response(
            filename=f"{filename}.xlsx",
            sheets=[Sheet("Dossiers", headers, _dossier_rows(qs))],
        )
    return responses.csv_response(
        filename=f"{filename}.csv", headers=headers, rows=_dossier_rows(qs)
    )


# --- one dossier ----------------------------------------------------------------------------


def dossier_rows(dossier: Dossier) -> list[list]:
    """The dossier's summary, one « label ; value » row each (dossier.csv of the archive)."""
    rows = [
        ["Numéro", dossier.numero],
        ["Dispositif", dossier.dispositif.nom],
        ["Bénéficiaire", dossier.organisation.nom],
        ["SIRET", dossier.siret_beneficiaire],
        ["Intitulé", dossier.intitule],
        ["État", dossier.get_statut_display()],
        ["Coût HT", dossier.cout_ht],
        ["Subvention demandée", dossier.montant_demande],
        ["Montant proposé", dossier.montant_propose],
        ["Montant attribué", dossier.montant_attribue],
        ["Session", dossier.session],
    ]
    rows += [[f"Dépense : {d.libelle}", d.montant_ht] for d in dossier.depenses.all()]
    rows += [
        [f"Financement : {f.get_financeur_display()} ({f.get_statut_display()})", f.montant]
        for f in dossier.financements.all()
    ]
    return rows


def dossier_archive(dossier: Dossier) -> FileResponse:
    """A ZIP of the dossier for archiving: its summary, its journal and every document, copied
    by chunks into a temporary file (never whole in memory)."""
    from territoires.core.models import Document

    with ZipArchive() as archive:
        archive.add_csv("dossier.csv", dossier_rows(dossier))
        archive.add_csv(
            "journal.csv",
            (
                [e.cree_le, e.acteur or "Système", e.get_action_display(), e.description, e.motif]
                for e in journal_for(dossier)
            ),  # fmt: skip
            headers=["Date", "Auteur", "Action", "Description", "Motif"],
        )
        attached = [dossier, *dossier.messages.all(), *dossier.versements.all(),
                    *dossier.actes.all()]  # fmt: skip
        for document in (d for a in attached for d in documents_for(a)):
            if not isinstance(document, Document):
                continue
            with document.fichier.open("rb") as source:
                archive.copy(f"documents/{document.pk.hex[:8]}-{document.nom_original}", source)
        if dossier.statut in Dossier.STATUTS_ATTRIBUES:
            for type in ("notification", "arrete"):
                archive.add_bytes(f"{type}-{dossier.numero}.docx", actes.docx(dossier, type))
    return responses.zip_response(
        filename=f"dossier-{dossier.numero or dossier.pk}.zip", archive=archive
    )


def acte(dossier: Dossier, *, type: str, format: str) -> HttpResponse:
    """An act of the dossier, as its Word model filled in or the PDF of that very document."""
    if format == "docx":
        contenu = actes.docx(dossier, type)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        contenu, mime = actes.pdf(dossier, type), responses.PDF
    return responses.file_response(
        contenu, filename=f"{type}-{dossier.numero}.{format}", content_type=mime
    )


# --- open data ------------------------------------------------------------------------------


def scdl(*, annee: int | None) -> StreamingHttpResponse:
    """SCDL « subventions » 2.1.1: UTF-8 without BOM, comma, as the standard says; streamed."""
    suffix = f"-{annee}" if annee else ""
    return responses.csv_response(
        filename=f"subventions{suffix}.csv",
        inline=True,
        **scdl_options(annee=annee),
    )


def scdl_options(*, annee: int | None) -> dict:
    """The rows and CSV options of the SCDL file: the public URL and the command share them."""
    return {
        "headers": selectors.SCDL_COLUMNS,
        "rows": selectors.scdl_rows(annee),
        "separator": ",",
        "bom": False,
        "line_ending": "\n",
    }
