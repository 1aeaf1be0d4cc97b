"""Invoices: PDF, and CSV/XLSX for the finance software."""

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

from territoires.core.sorties.reponses import reponse_csv, reponse_pdf, reponse_xlsx
from territoires.core.sorties.tableurs import Feuille

FACTURE_COLONNES = ["Numéro", "Date", "SIREN", "Organisation", "Prestations jusqu'au", "Montant HT"]


def _facture_rows(queryset):
    for f in queryset:
        yield [f.numero, f.date, f.organisation.siren, f.organisation.nom, f.periode_fin,
               f.montant_ht]  # fmt: skip


def factures_csv(queryset) -> StreamingHttpResponse:
    return reponse_csv(
        nom_fichier="factures.csv", entetes=FACTURE_COLONNES, lignes=_facture_rows(queryset)
    )


def factures_xlsx(queryset) -> HttpResponse:
    return reponse_xlsx(
        nom_fichier="factures.xlsx",
        feuilles=[Feuille("Factures", FACTURE_COLONNES, _facture_rows(queryset))],
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
    return reponse_pdf(nom_fichier=f"{facture.numero}.pdf", html=html)
