"""Filters and sorts of the dossier lists (django-filter), shared by each page and its export.

The URL parameters are those users bookmark: `q`, `etat` (the dossier's `statut`),
`dispositif`, `annee`, `sort`. An invalid value leaves the list unfiltered, as before.
"""

import django_filters
from django import forms
from django.db.models import Q

from territoires.comptes.selectors import organisations_nommees_q

from .models import Dispositif, Dossier


class AnneeFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DossierFilter(django_filters.FilterSet):
    """What both lists filter on; the applicant's and the instructors' lists differ below."""

    q = django_filters.CharFilter(
        label="Recherche (numéro, intitulé, bénéficiaire)", method="search"
    )
    etat = django_filters.ChoiceFilter(
        label="État", field_name="statut", choices=(), empty_label="Tous"
    )
    dispositif = django_filters.ModelChoiceFilter(
        label="Dispositif", queryset=Dispositif.objects.all(), empty_label="Tous"
    )
    annee = AnneeFilter(label="Année de dépôt", method="filter_annee", min_value=2000)

    #: The date the year filters on.
    champ_annee = "depose_le"

    class Meta:
        model = Dossier
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["etat"].extra["choices"] = self.statuts()

    def statuts(self) -> list[tuple[str, str]]:
        # Instructors never see drafts.
        return [c for c in Dossier.Statut.choices if c[0] != Dossier.Statut.BROUILLON]

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        # The applicants named so, first, in a small query: each branch of the OR is then a
        # condition on the dossier's own columns, which PostgreSQL answers from indexes
        # (trigrams of numéro and intitulé, migration 0012; the organisation key) instead of
        # reading every dossier joined to its applicant.
        beneficiaire = organisations_nommees_q(value)
        return queryset.filter(
            Q(numero__icontains=value) | Q(intitule__icontains=value) | beneficiaire
        )

    def filter_annee(self, queryset, name, value):
        return queryset.filter(**{f"{self.champ_annee}__year": value})


class MesDossiersFilter(DossierFilter):
    """The applicant's own dossiers, drafts included, by year of creation."""

    champ_annee = "cree_le"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].label = "Recherche (numéro, intitulé)"
        self.filters["annee"].label = "Année de création"

    def statuts(self) -> list[tuple[str, str]]:
        return list(Dossier.Statut.choices)


class InstructionFilter(DossierFilter):
    """The instructors' list, sorted by a column (`sort=montant`, `sort=-depot`…); the most
    recently filed first by default."""

    TRIS = {
        "numero": "numero",
        "beneficiaire": "organisation__nom",
        "montant": "montant_demande",
        "depot": "depose_le",
    }
    TRI_PAR_DEFAUT = "-depot"

    @property
    def sort(self) -> str:
        """The sort applied, as the column headers read it ("" when the value is unknown)."""
        data = self.data if self.data is not None else {}
        sort = data.get("sort", self.TRI_PAR_DEFAUT)
        return sort if sort.lstrip("-") in self.TRIS else ""

    @property
    def qs(self):
        queryset = super().qs
        if self.sort:
            key = self.TRIS[self.sort.lstrip("-")]
            queryset = queryset.order_by(("-" if self.sort.startswith("-") else "") + key, "-pk")
        return queryset
