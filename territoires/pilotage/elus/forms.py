from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy

from territoires.instances import exemple_noms
from territoires.referentiel.communes import libelle_commune
from territoires.referentiel.models import Canton, Commune
from territoires.referentiel.selectors import communes_for_departement
from territoires.ui.widgets import ChoixParNomField

from ..models import Delegation


class ResumeHebdomadaireForm(forms.Form):
    resume_hebdomadaire = forms.TypedChoiceField(
        label="Résumé hebdomadaire par courriel",
        choices=[
            ("oui", "Oui, m'envoyer chaque semaine le résumé de mon territoire"),
            ("non", "Non, je consulte ma page d'accueil"),
        ],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez si vous voulez recevoir le résumé."},
    )


class SuiviEluForm(forms.Form):
    """What an administrator sets for an elected official: communes chosen by their name (or
    their canton, when the cantons are imported), and a delegation."""

    canton = forms.ModelChoiceField(
        label="Canton",
        queryset=Canton.objects.none(),
        required=False,
        empty_label="Aucun canton (communes choisies ci-dessous)",
        help_text="L'élu suit alors toutes les communes de son canton.",
    )
    communes = ChoixParNomField(
        label="Communes suivies",
        queryset=Commune.objects.none(),
        required=False,
        libelle=libelle_commune,
        nom=lambda commune: commune.nom,
        source=reverse_lazy("referentiel:communes_autocomplete"),
        objet="une commune du département",
        objets="communes",
        help_text=format_lazy(
            "Sans canton : les noms des communes, séparés par des virgules (ex. « {} ») ; des "
            "suggestions s'affichent pendant la saisie.",
            exemple_noms(),
        ),
    )
    delegation = forms.ChoiceField(
        label="Délégation",
        choices=[("", "Aucune délégation"), *Delegation.choices],
        required=False,
        help_text="Vice-président : le module qu'il suit sur tout le Département, en plus de "
        "son territoire.",
    )

    def __init__(self, *args, departement: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = (
            communes_for_departement(departement).select_related("departement").order_by("nom")
        )
        cantons = Canton.objects.filter(departement__code=departement, obsolete=False)
        if cantons.exists():
            self.fields["canton"].queryset = cantons.order_by("nom")
        else:  # the cantons are not imported: the communes only
            del self.fields["canton"]

    def clean(self):
        data = super().clean()
        if data.get("canton") and data.get("communes"):
            self.add_error(
                "communes",
                "Choisissez le canton ou des communes, pas les deux : le canton fait suivre "
                "toutes ses communes.",
            )
        return data
