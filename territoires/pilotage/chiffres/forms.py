"""The period of the key-figures page, validated at the border (GET parameters)."""

from django import forms

from territoires.pilotage.chiffres.periodes import PeriodeInvalide, periode_choisie


class PeriodeForm(forms.Form):
    annee = forms.IntegerField(label="Une année", required=False)
    depuis = forms.IntegerField(label="Ou depuis", required=False)
    jusqu_a = forms.IntegerField(label="Jusqu'à", required=False)

    def clean(self):
        donnees = super().clean()
        if self.errors:
            return donnees
        try:
            donnees["periode"] = periode_choisie(
                annee=donnees.get("annee"),
                depuis=donnees.get("depuis"),
                jusqu_a=donnees.get("jusqu_a"),
            )
        except PeriodeInvalide as erreur:
            raise forms.ValidationError(str(erreur)) from None
        return donnees
