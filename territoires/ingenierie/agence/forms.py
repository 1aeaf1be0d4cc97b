"""Forms of the agency model."""

from decimal import Decimal

from django import forms

from territoires.comptes.models import Organisation
from territoires.core.dates import DateFenetreField, Fenetre

from .models import Prestation


class LigneDevisForm(forms.Form):
    prefix = "devis"

    prestation = forms.ModelChoiceField(
        label="Prestation du catalogue", queryset=Prestation.objects.filter(actif=True)
    )
    quantite = forms.DecimalField(
        label="Quantité", min_value=Decimal("0.01"), max_digits=8, decimal_places=2, initial=1
    )


class PrestationRealiseeForm(forms.Form):
    date = DateFenetreField(label="Date", fenetre=Fenetre.PASSE)
    quantite = forms.DecimalField(
        label="Quantité réalisée", min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )


class CampagneForm(forms.Form):
    annee = forms.IntegerField(label="Année de la campagne", min_value=2000, max_value=2100)


class AdhesionForm(forms.Form):
    """A collectivité joins for a year: the fee comes from the scale, never typed."""

    prefix = "adh"

    organisation = forms.ModelChoiceField(
        label="Commune ou intercommunalité",
        queryset=Organisation.objects.none(),
        help_text="La cotisation est calculée selon sa population et le barème de l'année.",
    )
    annee = forms.IntegerField(label="Année d'adhésion", min_value=2000, max_value=2100)
    payee = forms.BooleanField(
        label="Cotisation déjà payée", required=False, help_text="Sinon, elle est appelée."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(actif=True, type__in=Organisation.TYPES_COLLECTIVITE)
            .select_related("commune", "epci")
            .order_by("nom")
        )


class FacturationForm(forms.Form):
    jusqu_au = DateFenetreField(
        label="Facturer les prestations réalisées jusqu'au", fenetre=Fenetre.PASSE
    )
