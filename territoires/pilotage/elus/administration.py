"""The administrators' pages: the elected officials and what each follows (communes chosen by
their name, canton, delegation). Writes through `pilotage/services/elus.py`, journaled."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from territoires.comptes.selectors import elus_departementaux
from territoires.core.access import rule_required
from territoires.core.selectors import journal_for

from .. import elus
from ..services import elus as services
from .forms import SuiviEluForm


@rule_required("pilotage.administrer_elus")
def liste(request):
    return render(
        request,
        "pilotage/elus/administration_liste.html",
        {
            "lignes": elus.elus_administration(),
            "breadcrumb_items": [("Élus départementaux", None)],
        },
    )


def _elu(elu_id: int):
    """An elected official of the Département (404 for anyone else)."""
    user = get_object_or_404(elus_departementaux(), pk=elu_id)
    if not user.is_active:
        raise Http404("Élu introuvable.")
    return user


@rule_required("pilotage.administrer_elus")
def modifier(request, elu_id: int):
    elu = _elu(elu_id)
    suivi = elus.suivi_for(elu)
    initial = {
        "canton": suivi.canton if suivi else None,
        "communes": list(suivi.communes.all()) if suivi else [],
        "delegation": suivi.delegation if suivi else "",
    }
    form = SuiviEluForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        departement=settings.TERRITOIRES_DEPARTEMENT,
    )
    if request.method == "POST" and form.is_valid():
        services.suivi_elu_set(
            elu=elu,
            canton=form.cleaned_data.get("canton"),
            communes=form.cleaned_data["communes"],
            delegation=form.cleaned_data["delegation"],
            actor=request.user,
        )
        messages.success(request, f"Le territoire suivi par {elu} est enregistré.")
        return redirect("pilotage:elus_administration")
    return render(
        request,
        "pilotage/elus/administration_modifier.html",
        {
            "form": form,
            "elu": elu,
            "journal": journal_for(suivi) if suivi else [],
            "breadcrumb_items": [
                ("Élus départementaux", reverse("pilotage:elus_administration")),
                (str(elu), None),
            ],
        },
    )
