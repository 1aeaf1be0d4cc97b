"""The agency's part of the request's page: its quotes, their lines and services delivered,
with the forms of those allowed to act (empty when the agency model is off)."""

from django.utils import timezone

from .forms import LigneDevisForm, PrestationRealiseeForm
from .models import Devis


def devis_context(request, sollicitation, *, bound: dict | None = None) -> dict:
    """The quotes part of the request's page (empty when the agency model is off).

    `bound` holds forms in error (`ligne_devis_form`, `prestation_forms` by line) to show again.
    """
    bound = bound or {}
    prestation_forms = bound.get("prestation_forms", {})
    if not request.user.has_perm("ingenierie.view_devis", sollicitation):
        return {"agence": False}
    devis = sollicitation.devis.prefetch_related("lignes__prestation", "lignes__realisations")
    if not request.user.has_perm("ingenierie.manage_agence"):
        # A draft is the mission's work in progress: the collectivité sees sent quotes only.
        devis = devis.exclude(statut=Devis.Statut.BROUILLON)
    devis = list(devis)
    for d in devis:
        d.peut_envoyer = d.statut == "brouillon" and request.user.has_perm(
            "ingenierie.manage_agence"
        )
        d.peut_repondre = d.statut == "envoye" and request.user.has_perm(
            "ingenierie.answer_devis", d
        )
        for ligne in d.lignes.all():
            ligne.form = prestation_forms.get(ligne.pk) or PrestationRealiseeForm(
                prefix=f"ligne{ligne.pk}", initial={"date": timezone.localdate()}
            )
    return {
        "agence": True,
        "peut_facturer": request.user.has_perm("ingenierie.manage_adhesions"),
        "devis_list": devis,
        "ligne_devis_form": (bound.get("ligne_devis_form") or LigneDevisForm())
        if request.user.has_perm("ingenierie.manage_agence")
        else None,
    }
