"""The public directory of insertion structures and companies, and its export."""

from django.core.paginator import Paginator
from django.shortcuts import render

from territoires.core.access import public
from territoires.core.exports.responses import csv_response, xlsx_file_response
from territoires.core.exports.spreadsheets import Sheet

from ..filters import AnnuaireFilter
from ..selectors.annuaire import ENTETES, annuaire_communes, annuaire_entreprises, annuaire_lignes


def _filtre(request) -> AnnuaireFilter:
    return AnnuaireFilter(
        request.GET, queryset=annuaire_entreprises(), communes=annuaire_communes()
    )


def _lignes(filtre: AnnuaireFilter):
    # A filter the reader got wrong (an unknown commune) finds nothing, with its error shown:
    # never the whole directory as if it had been applied.
    return filtre.qs if filtre.is_valid() else filtre.queryset.none()


@public
def annuaire(request):
    filtre = _filtre(request)
    page_obj = Paginator(_lignes(filtre), 30).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "clauses/annuaire.html",
        {
            "filtre": filtre,
            "page_obj": page_obj,
            "parametres": parametres.urlencode(),
            "breadcrumb_items": [("Annuaire des structures d'insertion et entreprises", None)],
        },
    )


@public
def annuaire_export(request, fmt: str):
    """The same rows as the page, with its filters, as CSV or XLSX (formulas neutralised)."""
    lignes = annuaire_lignes(_lignes(_filtre(request)))
    if fmt == "xlsx":
        return xlsx_file_response(
            filename="annuaire-clauses-sociales.xlsx",
            sheets=[Sheet(title="Annuaire", headers=ENTETES, rows=lignes)],
        )
    return csv_response(filename="annuaire-clauses-sociales.csv", rows=lignes, headers=ENTETES)
