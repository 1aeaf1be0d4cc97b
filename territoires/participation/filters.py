"""FilterSets of the participatory budget's lists: projets, public idées, moderation."""

import django_filters
from django.db.models import Q

from territoires.referentiel.selectors import communes_matching

from .models import Campagne, Idee
from .selectors import categories


class ProjetFilter(django_filters.FilterSet):
    """The projets put to the vote (public list)."""

    q = django_filters.CharFilter(label="Recherche", method="search")
    enveloppe = django_filters.ChoiceFilter(
        label="Enveloppe", field_name="enveloppe_id", empty_label="Toutes"
    )
    categorie = django_filters.ChoiceFilter(label="Catégorie", empty_label="Toutes")
    commune = django_filters.CharFilter(label="Commune", method="par_commune")

    def __init__(self, *args, campagne: Campagne, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["enveloppe"].extra["choices"] = [
            (e.pk, e.nom) for e in campagne.enveloppes.all()
        ]
        self.filters["categorie"].extra["choices"] = [(c, c) for c in categories(campagne)]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(titre__icontains=value) | Q(description__icontains=value) | Q(code=value)
        )

    def par_commune(self, queryset, name, value):
        """By the commune's name (accents, case and hyphens ignored), never its INSEE code."""
        return queryset.filter(commune__in=communes_matching(value))


class IdeeFilter(django_filters.FilterSet):
    """The published idées and the decisions taken on them (public list)."""

    q = django_filters.CharFilter(label="Recherche", method="search")
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[c for c in Idee.Statut.choices if c[0] != Idee.Statut.DEPOSEE],
        empty_label="Tous",
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(("cree_le", "cree_le"), ("titre", "titre")),
        field_labels={"cree_le": "Date de dépôt", "titre": "Titre"},
        empty_label="Les plus récentes d'abord",
    )

    def search(self, queryset, name, value):
        return queryset.filter(Q(titre__icontains=value) | Q(description__icontains=value))


class ModerationFilter(django_filters.FilterSet):
    """The idées the services still have to moderate or assess."""

    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[(s.value, s.label) for s in (Idee.Statut.DEPOSEE, Idee.Statut.PUBLIEE)],
        empty_label="À modérer ou à analyser",
    )
