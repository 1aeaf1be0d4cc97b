"""Stopping the reminders of a request; each person's reminder preferences."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from territoires.core.access import object_rule_required, public, rule_required

from .. import selectors
from ..forms import PreferencesRelancesForm
from ..models import Relance
from ..services import relances
from .sollicitation import back_to, get_sollicitation


@object_rule_required("ingenierie.view_sollicitation", get_sollicitation)
def relances_arreter(request, sollicitation_id, obj):
    """The link in every « où en êtes-vous ? » e-mail."""
    if request.method == "POST":
        relances.sollicitation_reminders_stop(sollicitation=obj, actor=request.user)
        messages.success(request, "Vous ne recevrez plus de relance pour cette sollicitation.")
        return back_to(obj)
    return render(
        request,
        "ingenierie/relances_arreter.html",
        {
            "sollicitation": obj,
            "breadcrumb_items": [(obj.numero, obj.get_absolute_url()), ("Relances", None)],
        },
    )


def _preferences(request, user, *, action: str):
    choices, recues = selectors.relances_preferences(user)
    # Unticking every box posts nothing: the form is bound on POST, not on a non-empty POST.
    form = PreferencesRelancesForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"recues": sorted(recues)},
    )
    if request.method == "POST" and form.is_valid():
        relances.relances_preferences_set(
            user=user, types=[value for value, _ in choices], recues=form.cleaned_data["recues"]
        )
        arretees = [
            Relance.Type(value).label.lower()
            for value, _ in choices
            if value not in form.cleaned_data["recues"]
        ]
        messages.success(
            request,
            "Préférences enregistrées. Vous ne recevrez plus : " + ", ".join(arretees) + "."
            if arretees
            else "Préférences enregistrées : vous recevez toutes les relances.",
        )
        return redirect(request.path)
    return render(
        request,
        "ingenierie/relances_preferences.html",
        {
            "form": form,
            "choices": choices,
            "destinataire": user,
            "action": action,
            "breadcrumb_items": [("Mes relances par courriel", None)],
        },
    )


@rule_required("ingenierie.choose_reminders")
def relances_preferences(request):
    """The signed-in person's own reminder preferences."""
    return _preferences(request, request.user, action=request.path)


@public
def relances_preferences_jeton(request, jeton_relances):
    """The link of every reminder e-mail: works without signing in, for that person only."""
    user = relances.user_from_token(jeton_relances)
    if user is None:
        raise Http404("Ce lien de désinscription n'est pas valide.")
    return _preferences(request, user, action=request.path)
