"""Requests for support received by the facilitator from buyers (seed 004)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for

from ..forms import DemandeAccompagnementForm, DemandeSuiteForm
from ..models import DemandeAccompagnement
from ..services.activite import demande_create, demande_suite_update
from .base import accueil_crumb


def _demande(request, demande_id):
    return get_object_or_404(
        DemandeAccompagnement.objects.select_related("donneur_ordre"), pk=demande_id
    )


def _crumb():
    return ("Demandes d'accompagnement", reverse("clauses:demandes"))


@rule_required("clauses.manage")
def demandes(request):
    form = DemandeAccompagnementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        demande = demande_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Demande d'accompagnement enregistrée.")
        return redirect("clauses:demande", demande_id=demande.pk)
    return render(
        request,
        "clauses/demandes.html",
        {
            "form": form,
            "demandes": DemandeAccompagnement.objects.select_related("donneur_ordre"),
            "breadcrumb_items": [accueil_crumb(), ("Demandes d'accompagnement", None)],
        },
    )


@object_rule_required("clauses.view_demande", _demande)
def demande_detail(request, demande_id, obj: DemandeAccompagnement):
    facilitateur = request.user.has_perm("clauses.manage")
    form = DemandeSuiteForm(request.POST or None, instance=obj) if facilitateur else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            demande_suite_update(demande=obj, actor=request.user, **form.cleaned_data)
            messages.success(request, "Suite donnée enregistrée.")
            return redirect("clauses:demande", demande_id=obj.pk)
    crumbs = [accueil_crumb()]
    if facilitateur:
        crumbs.append(_crumb())
    return render(
        request,
        "clauses/demande_detail.html",
        {
            "demande": obj,
            "form": form,
            "evenements": journal_for(obj) if facilitateur else [],
            "breadcrumb_items": [*crumbs, (str(obj), None)],
        },
    )
