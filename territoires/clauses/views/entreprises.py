"""Companies, buyers (donneurs d'ordre) and a company's own obligations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from territoires.core.access import object_rule_required, rule_required

from ..filters import DonneurOrdreFilter, EntrepriseFilter
from ..forms import DonneurOrdreForm, EntrepriseForm
from ..models import Attribution, DonneurOrdre, Entreprise
from ..selectors.entreprises import donneurs_ordre_list, entreprises_list, obligations_for_user
from ..services.entreprises import donneur_ordre_update, entreprise_save
from .base import accueil_crumb, filtered_page


def _entreprise(request, entreprise_id):
    return get_object_or_404(Entreprise.objects.select_related("commune"), pk=entreprise_id)


def _donneur(request, donneur_id):
    return get_object_or_404(DonneurOrdre.objects.select_related("organisation"), pk=donneur_id)


# --- Buyers -------------------------------------------------------------------------------------


@rule_required("clauses.manage")
def donneur_list(request):
    filterset, page_obj = filtered_page(
        request, DonneurOrdreFilter, donneurs_ordre_list(), per_page=50
    )
    return render(
        request,
        "clauses/donneur_list.html",
        {
            "page_obj": page_obj,
            "filterset": filterset,
            "breadcrumb_items": [accueil_crumb(), ("Donneurs d'ordre", None)],
        },
    )


@object_rule_required("clauses.manage", _donneur)
def donneur_modifier(request, donneur_id, obj: DonneurOrdre):
    form = DonneurOrdreForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        donneur = donneur_ordre_update(
            donneur_id=obj.pk, donnees=form.cleaned_data, actor=request.user
        )
        messages.success(request, f"Donneur d'ordre « {donneur.nom} » enregistré.")
        return redirect("clauses:donneurs")
    return render(
        request,
        "clauses/donneur_form.html",
        {
            "form": form,
            "donneur": obj,
            "breadcrumb_items": [
                accueil_crumb(),
                ("Donneurs d'ordre", reverse("clauses:donneurs")),
                (obj.nom, None),
            ],
        },
    )


@rule_required("clauses.view_bilan")
def entreprise_list(request):
    filterset, page_obj = filtered_page(request, EntrepriseFilter, entreprises_list(), per_page=50)
    return render(
        request,
        "clauses/entreprise_list.html",
        {
            "page_obj": page_obj,
            "filterset": filterset,
            "facilitateur": request.user.has_perm("clauses.manage"),
            "breadcrumb_items": [accueil_crumb(), ("Entreprises", None)],
        },
    )


def _entreprise_form(request, entreprise: Entreprise | None):
    form = EntrepriseForm(request.POST or None, instance=entreprise)
    if request.method == "POST" and form.is_valid():
        entreprise = entreprise_save(
            entreprise_id=entreprise.pk if entreprise else None,
            donnees=form.cleaned_data,
            actor=request.user,
        )
        messages.success(request, f"Entreprise « {entreprise.nom} » enregistrée.")
        return redirect("clauses:entreprises")
    titre = f"Modifier {entreprise.nom}" if entreprise else "Ajouter une entreprise"
    return render(
        request,
        "clauses/entreprise_form.html",
        {
            "form": form,
            "titre": titre,
            "breadcrumb_items": [
                accueil_crumb(),
                ("Entreprises", reverse("clauses:entreprises")),
                (titre, None),
            ],
        },
    )


@rule_required("clauses.manage")
def entreprise_ajout(request):
    return _entreprise_form(request, None)


@object_rule_required("clauses.manage", _entreprise)
def entreprise_modifier(request, entreprise_id, obj: Entreprise):
    return _entreprise_form(request, obj)


@rule_required("clauses.view_obligations")
def obligations(request):
    return render(
        request,
        "clauses/obligations.html",
        {
            "lots": obligations_for_user(request.user),
            "roles": dict(Attribution.Role.choices),
            "breadcrumb_items": [accueil_crumb(), ("Mes obligations d'insertion", None)],
        },
    )
