"""`/donnees/automatiques/`: the automatic datasets and the « Actualiser maintenant » button
(the data officer)."""

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.core.access import rule_required
from territoires.core.task_tracking import task_launch

from . import REGISTRE
from .etat import automatic_datasets_state, refreshes_recent
from .tasks import datasets_refresh_task


class ActualiserForm(forms.Form):
    jeu = forms.ChoiceField(
        label="Jeux à actualiser",
        required=False,
        choices=[("", "Tous les jeux automatiques"), *((c, j.titre) for c, j in REGISTRE.items())],
    )


@rule_required("opendata.moderer_jeudedonnees")
def automatiques(request):
    form = ActualiserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["jeu"]
        suivi = task_launch(
            task=datasets_refresh_task,
            owner=request.user,
            label=f"Actualisation — {REGISTRE[code].titre}"
            if code
            else "Actualisation des jeux automatiques",
            codes=[code] if code else None,
        )
        return redirect(suivi)
    return render(
        request,
        "opendata/automatiques/automatiques.html",
        {
            "form": form,
            "etats": automatic_datasets_state(),
            "taches": refreshes_recent(),
            "breadcrumb_items": [
                ("Données ouvertes", reverse("opendata:catalogue")),
                ("Jeux automatiques", None),
            ],
        },
    )
