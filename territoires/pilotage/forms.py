"""Forms of the pilotage pages (GET, validated at the border)."""

from django import forms
from django.utils import timezone

from .indicateurs import INDICATEURS, Periode

ANNEE_MIN = 2000
ANNEE_MAX = 2100
ECHELLE_COMMUNE = "commune"
ECHELLE_EPCI = "epci"
ECHELLES = [(ECHELLE_COMMUNE, "Par commune"), (ECHELLE_EPCI, "Par intercommunalité")]


class CarteForm(forms.Form):
    indicateur = forms.ChoiceField(label="Indicateur")
    echelle = forms.ChoiceField(label="Échelle", choices=ECHELLES, required=False)
    depuis = forms.IntegerField(
        label="De l'année", min_value=ANNEE_MIN, max_value=ANNEE_MAX, required=False
    )
    jusqu_a = forms.IntegerField(
        label="À l'année", min_value=ANNEE_MIN, max_value=ANNEE_MAX, required=False
    )

    def __init__(self, *args, complet: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].choices = [
            (cle, i.libelle) for cle, i in INDICATEURS.items() if complet or i.public
        ]
        self.fields["indicateur"].error_messages["invalid_choice"] = (
            "Choisissez un indicateur de la liste."
        )
        self.fields["echelle"].error_messages["invalid_choice"] = (
            "Choisissez l'échelle « par commune » ou « par intercommunalité »."
        )
        for nom in ("depuis", "jusqu_a"):
            self.fields[nom].error_messages.update(
                {
                    "invalid": "Saisissez une année en chiffres, par exemple 2024.",
                    "min_value": f"Saisissez une année à partir de {ANNEE_MIN}.",
                    "max_value": f"Saisissez une année jusqu'à {ANNEE_MAX}.",
                }
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["echelle"] = data.get("echelle") or ECHELLE_COMMUNE
        annee = timezone.localdate().year
        depuis, jusqu_a = data.get("depuis") or annee, data.get("jusqu_a") or annee
        if depuis > jusqu_a:
            raise forms.ValidationError("L'année de début doit précéder l'année de fin.")
        data["periode"] = Periode(depuis=depuis, jusqu_a=jusqu_a)
        return data
