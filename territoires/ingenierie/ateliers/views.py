"""Workshops of the public-procurement network (seed 001)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import documents_for

from ..forms import DocumentForm
from . import services
from .forms import AtelierForm
from .models import Atelier


def _get_atelier(request, atelier_id):
    return get_object_or_404(Atelier, pk=atelier_id)


@rule_required("ingenierie.view_ateliers")
def ateliers(request):
    today = timezone.localdate()
    rows = Atelier.objects.prefetch_related("organisations")
    return render(
        request,
        "ingenierie/ateliers/ateliers.html",
        {
            "a_venir": [a for a in rows if a.date >= today][::-1],
            "passes": [a for a in rows if a.date < today],
            "breadcrumb_items": [("Ateliers du réseau de la commande publique", None)],
        },
    )


@rule_required("ingenierie.manage_ateliers")
def atelier_nouveau(request):
    form = AtelierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        atelier = services.atelier_save(form=form, actor=request.user)
        messages.success(request, "Atelier enregistré.")
        return redirect(atelier)
    return render(
        request,
        "ingenierie/ateliers/atelier_form.html",
        {
            "form": form,
            "breadcrumb_items": [
                ("Ateliers", reverse("ingenierie:ateliers")),
                ("Nouvel atelier", None),
            ],
        },
    )


def _organisation_collectivite(request):
    organisation = request.organisation
    if organisation is None or not organisation.est_collectivite:
        return None
    return organisation


@rule_required("ingenierie.view_ateliers")
def atelier(request, atelier_id):
    atelier = get_object_or_404(Atelier.objects.prefetch_related("organisations"), pk=atelier_id)
    membre = request.user.has_perm("ingenierie.view_atelier", atelier)
    return render(
        request,
        "ingenierie/ateliers/atelier_detail.html",
        {
            "atelier": atelier,
            "membre": membre,
            "documents": documents_for(atelier) if membre else [],
            "participants": atelier.participants.all() if membre else [],
            "peut_sinscrire": _organisation_collectivite(request) is not None
            and not atelier.participants.filter(pk=request.user.pk).exists(),
            "peut_gerer": request.user.has_perm("ingenierie.manage_ateliers"),
            "document_form": DocumentForm(),
            "breadcrumb_items": [
                ("Ateliers", reverse("ingenierie:ateliers")),
                (atelier.titre, None),
            ],
        },
    )


@require_POST
@rule_required("ingenierie.join_atelier")
def atelier_inscription(request, atelier_id):
    atelier = get_object_or_404(Atelier, pk=atelier_id)
    organisation = _organisation_collectivite(request)
    if organisation is None:
        messages.error(request, "Choisissez d'abord votre commune ou intercommunalité en en-tête.")
        return redirect(atelier)
    services.atelier_join(atelier=atelier, user=request.user, organisation=organisation)
    messages.success(request, "Vous êtes inscrit à l'atelier.")
    return redirect(atelier)


@require_POST
@object_rule_required("ingenierie.manage_ateliers", _get_atelier)
def atelier_document(request, atelier_id, obj):
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.atelier_document_add(
                atelier=obj,
                fichier=form.cleaned_data["fichier"],
                actor=request.user,
                organisation=request.organisation,
            )
            messages.success(request, "Document partagé avec les participants.")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Document : {error}")
    return redirect(obj)
