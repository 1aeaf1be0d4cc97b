"""The elected official's pages: detailed home, weekly digest setting (read-only otherwise)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.core.access import rule_required

from .. import elus
from ..services import elus as services
from .forms import ResumeHebdomadaireForm


@rule_required("pilotage.view_elu")
def accueil(request):
    suivi = services.suivi_elu_ensure(user=request.user)
    depuis = services.visite_record(suivi=suivi)
    context = elus.accueil(suivi, depuis=depuis)
    context["breadcrumb_items"] = [("Mon territoire", None)]
    return render(request, "pilotage/elus/accueil.html", context)


@rule_required("pilotage.view_elu")
def resume_hebdomadaire(request):
    suivi = services.suivi_elu_ensure(user=request.user)
    form = ResumeHebdomadaireForm(
        request.POST if request.method == "POST" else None,
        initial={"resume_hebdomadaire": "oui" if suivi.resume_hebdomadaire else "non"},
    )
    if request.method == "POST" and form.is_valid():
        actif = form.cleaned_data["resume_hebdomadaire"]
        services.resume_hebdomadaire_set(suivi=suivi, actif=actif)
        messages.success(
            request,
            "Vous recevrez chaque semaine le résumé de votre territoire par courriel."
            if actif
            else "Vous ne recevrez plus le résumé hebdomadaire.",
        )
        return redirect("pilotage:elu_accueil")
    return render(
        request,
        "pilotage/elus/resume_hebdomadaire.html",
        {
            "form": form,
            "breadcrumb_items": [
                ("Mon territoire", reverse("pilotage:elu_accueil")),
                ("Résumé hebdomadaire", None),
            ],
        },
    )


def section_context(request) -> dict:
    """The home page section (audience `elu`): the same figures; opening it is a visit."""
    suivi = services.suivi_elu_ensure(user=request.user)
    depuis = services.visite_record(suivi=suivi)
    return elus.accueil(suivi, depuis=depuis)
