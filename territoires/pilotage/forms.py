"""Forms of the pilotage pages (GET, validated at the border)."""

from django import forms
from django.utils import timezone

from .indicateurs import INDICATEURS, Periode

ANNEE_MIN = 2000


class CarteForm(forms.Form):
    indicateur = forms.ChoiceField(label="Indicateur")
    depuis = forms.IntegerField(
        label="De l'année", min_value=ANNEE_MIN, max_value=2100, required=False
    )
    jusqu_a = forms.IntegerField(
        label="À l'année", min_value=ANNEE_MIN, max_value=2100, required=False
    )

    def __init__(self, *args, complet: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].choices = [
            (cle, i.libelle) for cle, i in INDICATEURS.items() if complet or i.public
        ]

    def clean(self):
        data = super().clean()
        annee = timezone.localdate().year
        depuis, jusqu_a = data.get("depuis") or annee, data.get("jusqu_a") or annee
        if depuis > jusqu_a:
            raise forms.ValidationError("L'année de début doit précéder l'année de fin.")
        data["periode"] = Periode(depuis=depuis, jusqu_a=jusqu_a)
        return data
