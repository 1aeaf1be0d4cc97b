"""The agency's part of the request's page: its quotes, their lines and services delivered,
with the forms of those allowed to act (empty when the agency model is off)."""

from django.utils import timezone

from territoires.core.workflow import transitions_available

from .forms import LigneDevisForm, PrestationRealiseeForm
from .selectors import devis_for_sollicitation


def devis_context(request, sollicitation, *, bound: dict | None = None) -> dict:
    """The quotes part of the request's page (empty when the agency model is off).

    `bound` holds forms in error (`ligne_devis_form`, `prestation_forms` by line) to show again.
    """
    bound = bound or {}
    prestation_forms = bound.get("prestation_forms", {})
    if not request.user.has_perm("ingenierie.view_devis", sollicitation):
        return {"agence": False}
    devis = list(devis_for_sollicitation(sollicitation, user=request.user))
    for d in devis:
        d.transitions = transitions_available(obj=d, user=request.user)
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
