"""Réalisations of the winners: creation, public follow-up, photos, update."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public
from territoires.core.selectors import journal_for

from .. import selectors
from ..forms import (
    JalonForm,
    PhotoRealisationForm,
    RealisationForm,
)
from ..models import (
    PhotoRealisation,
    Realisation,
)
from ..services.realisations import (
    jalon_add,
    realisation_photo_add,
    realisation_update,
    realisations_create,
)
from .common import breadcrumb, get_campagne, get_realisation, image_response


@require_POST
@object_rule_required("participation.gerer_campagne", get_campagne)
def realisations_creer(request, campagne_slug, obj):
    n = realisations_create(campagne=obj, actor=request.user)
    messages.success(request, f"{n} réalisation(s) créée(s).")
    return redirect("participation:suivi", campagne_slug=obj.slug)


@public
def suivi(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    return render(
        request,
        "participation/suivi.html",
        {
            "campagne": c,
            "realisations": selectors.realisations(c),
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": breadcrumb(c, ("Suivi des réalisations", None)),
        },
    )


@public
def realisation(request, realisation_id):
    r = get_realisation(request, realisation_id)
    peut_gerer = request.user.has_perm("participation.gerer_realisation", r)
    return render(
        request,
        "participation/realisation.html",
        {
            "realisation": r,
            "campagne": r.projet.campagne,
            "peut_gerer": peut_gerer,
            "idees": r.projet.idees.all(),
            "photos": list(r.photos.all()),
            "journal": journal_for(r) if peut_gerer else [],
            "breadcrumb_items": breadcrumb(
                r.projet.campagne,
                ("Suivi", reverse("participation:suivi", args=[r.projet.campagne.slug])),
                (r.projet.titre, None),
            ),
        },
    )


def _photo(request, realisation_id, photo_id, **kwargs):
    return get_object_or_404(
        PhotoRealisation.objects.select_related("document"),
        pk=photo_id,
        realisation_id=realisation_id,
    )


@public
def photo_realisation(request, realisation_id, photo_id):
    """A photo of the public follow-up, shown in the page (réalisations are public)."""
    return image_response(_photo(request, realisation_id, photo_id).document)


@object_rule_required("participation.gerer_realisation", get_realisation)
def realisation_modifier(request, realisation_id, obj):
    # Three forms on the page; only the one submitted is bound to the posted data.
    soumis = ""
    if request.method == "POST":
        soumis = request.POST.get("formulaire") or (
            "jalon" if "jalon-libelle" in request.POST else "suivi"
        )
    donnees = request.POST if soumis else None
    forms = {
        "suivi": RealisationForm(
            donnees if soumis == "suivi" else None,
            instance=Realisation.objects.get(pk=obj.pk),
            statuts=selectors.realisation_statut_choices(realisation=obj, user=request.user),
        ),
        "jalon": JalonForm(donnees if soumis == "jalon" else None, prefix="jalon"),
        "photo": PhotoRealisationForm(
            donnees if soumis == "photo" else None,
            request.FILES if soumis == "photo" else None,
            prefix="photo",
        ),
    }
    enregistrer = {"suivi": _suivi_save, "jalon": _jalon_add, "photo": _photo_add}.get(soumis)
    if enregistrer and forms[soumis].is_valid() and enregistrer(request, obj, forms[soumis]):
        return redirect("participation:realisation", realisation_id=obj.pk)
    return render(
        request,
        "participation/realisation_modifier.html",
        {
            "realisation": obj,
            "form": forms["suivi"],
            "jalon_form": forms["jalon"],
            "photo_form": forms["photo"],
            "breadcrumb_items": breadcrumb(
                obj.projet.campagne,
                (obj.projet.titre, reverse("participation:realisation", args=[obj.pk])),
                ("Mise à jour", None),
            ),
        },
    )


def _suivi_save(request, obj: Realisation, form: RealisationForm) -> bool:
    d = form.cleaned_data
    try:
        realisation_update(
            realisation=obj,
            actor=request.user,
            statut=d["statut"],
            avancement=d["avancement"],
            budget_depense=d["budget_depense"] or Decimal(0),
            commentaire=d["commentaire"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, "Suivi mis à jour.")
    return True


def _jalon_add(request, obj: Realisation, form: JalonForm) -> bool:
    jalon_add(realisation=obj, **form.cleaned_data)
    messages.success(request, "Jalon ajouté.")
    return True


def _photo_add(request, obj: Realisation, form: PhotoRealisationForm) -> bool:
    d = form.cleaned_data
    try:
        realisation_photo_add(
            realisation=obj,
            fichier=d["photo"],
            texte_alternatif=d["texte_alternatif"],
            legende=d["legende"],
            actor=request.user,
        )
    except ValidationError as exc:
        form.add_error("photo", exc)
        return False
    messages.success(request, "Photo ajoutée au suivi public.")
    return True
