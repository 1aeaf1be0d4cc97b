"""FilterSets of the agency's lists: memberships of a year, invoices."""

import django_filters
from django.utils import timezone

from ..filters import TriFilterSet, date_input, words_search
from .models import Adhesion, Facture


class AdhesionFilter(TriFilterSet):
    """The memberships of one year (`annee`, this year when absent or not a year)."""

    TRIS = {"organisation": "organisation__nom", "montant": "montant", "statut": "statut"}
    TRI_PAR_DEFAUT = "organisation"

    q = django_filters.CharFilter(label="Organisation (nom)", method="search")
    statut = django_filters.ChoiceFilter(
        label="Statut", choices=Adhesion.Statut.choices, empty_label="Tous"
    )

    class Meta:
        model = Adhesion
        fields: list[str] = []

    search = words_search(("organisation__nom",))

    @property
    def annee(self) -> int:
        try:
            annee = int((self.data or {}).get("annee", ""))
        except ValueError:
            return timezone.localdate().year
        return annee if 2000 <= annee <= 2100 else timezone.localdate().year

    @property
    def qs(self):
        return super().qs.filter(annee=self.annee)


class FactureFilter(TriFilterSet):
    """The invoices issued, for the page and for the finance software's export."""

    TRIS = {
        "numero": "numero",
        "date": "date",
        "organisation": "organisation__nom",
        "montant": "montant_ht",
    }
    TRI_PAR_DEFAUT = "-date"

    q = django_filters.CharFilter(label="Numéro ou collectivité", method="search")
    depuis = django_filters.DateFilter(
        label="Émise depuis le", field_name="date", lookup_expr="gte"
    )
    jusqu_au = django_filters.DateFilter(
        label="Émise jusqu'au", field_name="date", lookup_expr="lte"
    )

    class Meta:
        model = Facture
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("depuis", "jusqu_au"):
            self.filters[name].extra["widget"] = date_input()

    search = words_search(("numero", "organisation__nom"))
