"""Invoices: PDF, and CSV/XLSX for the finance software."""

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

from territoires.core.exports.responses import csv_response, pdf_response, xlsx_response
from territoires.core.exports.spreadsheets import Sheet

FACTURE_COLONNES = ["Numéro", "Date", "SIREN", "Organisation", "Prestations jusqu'au", "Montant HT"]


def _facture_rows(queryset):
    for f in queryset:
        yield [f.numero, f.date, f.organisation.siren, f.organisation.nom, f.periode_fin,
               f.montant_ht]  # fmt: skip


def factures_csv(queryset) -> StreamingHttpResponse:
    return csv_response(
        filename="factures.csv", headers=FACTURE_COLONNES, rows=_facture_rows(queryset)
    )


def factures_xlsx(queryset) -> HttpResponse:
    return xlsx_response(
        filename="factures.xlsx",
        sheets=[Sheet("Factures", FACTURE_COLONNES, _facture_rows(queryset))],
    )


def facture_pdf(request, facture) -> HttpResponse:
    prestations = facture.prestations.select_related(
        "ligne__prestation", "ligne__devis__sollicitation"
    )
    html = render_to_string(
        "ingenierie/agence/facture.html",
        {"facture": facture, "prestations": prestations},
        request=request,
    )
    return pdf_response(filename=f"{facture.numero}.pdf", html=html)
