"""The workbook import: upload, template, outcome."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from territoires.core.access import object_rule_required, rule_required
from territoires.core.exports.responses import XLSX, file_response

from .. import exports
from ..filters import ImportClausesFilter
from ..forms import (
    ImportForm,
)
from ..models import (
    ImportClauses,
)
from ..services.imports import import_launch
from ..tasks import clauses_import_task
from .base import accueil_crumb


def _import(request, import_id):
    return get_object_or_404(ImportClauses.objects.select_related("tache"), pk=import_id)


@rule_required("clauses.import")
def import_form(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import_ = import_launch(
            task=clauses_import_task,
            fichier=form.cleaned_data["fichier"],
            fichier_heures=form.cleaned_data.get("fichier_heures"),
            user=request.user,
            organisation=request.organisation,
        )
        return redirect(import_)
    return render(
        request,
        "clauses/import.html",
        {
            "form": form,
            "imports": ImportClausesFilter(
                request.GET, queryset=ImportClauses.objects.select_related("fichier", "cree_par")
            ).qs[:10],
            "breadcrumb_items": [accueil_crumb(), ("Importer un classeur", None)],
        },
    )


@rule_required("clauses.import")
def import_modele(request):
    return file_response(
        exports.modele_xlsx(), filename="modele-clauses-sociales.xlsx", content_type=XLSX
    )


@object_rule_required("clauses.import", _import)
def import_detail(request, import_id, obj: ImportClauses):
    return render(
        request,
        "clauses/import_detail.html",
        {
            "import": obj,
            "page_has_errors": obj.statut == ImportClauses.Statut.REFUSE,
            "breadcrumb_items": [
                accueil_crumb(),
                ("Importer un classeur", reverse("clauses:import")),
                (str(obj), None),
            ],
        },
    )
