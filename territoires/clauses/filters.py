"""Filters and sorts of the module's lists (django-filter). Each list's selector gives its rows
in their default order; a filter narrows them and `tri` sorts them otherwise."""

import django_filters
from django.db.models import Q, QuerySet

from .models import DonneurOrdre, ImportClauses, ImportDecp


def _search(queryset: QuerySet, value: str, *lookups: str, exact: tuple[str, ...] = ()):
    """Rows whose fields contain `value` (or equal it, for codes such as a SIRET)."""
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__icontains": value})
    for lookup in exact:
        condition |= Q(**{lookup: value})
    return queryset.filter(condition)


class MarcheFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Rechercher un marché (référence, objet, acheteur ou son SIRET)", method="search"
    )
    tri = django_filters.OrderingFilter(
        fields=(
            ("date_notification", "notification"),
            ("reference", "reference"),
            ("donneur_ordre__nom", "acheteur"),
        ),
        label="Trier par",
    )

    def search(self, queryset, name, value):
        return _search(
            queryset,
            value,
            "reference",
            "objet",
            "donneur_ordre__nom",
            exact=("donneur_ordre__siret",),
        )


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Identifiant", field_name="identifiant", lookup_expr="icontains"
    )
    tri = django_filters.OrderingFilter(fields=(("identifiant", "identifiant"),), label="Trier par")


class EntrepriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou SIRET", method="search")
    type_employeur = django_filters.CharFilter(label="Employeur d'insertion")
    tri = django_filters.OrderingFilter(
        fields=(("nom", "nom"), ("effectif", "effectif"), ("total", "heures")), label="Trier par"
    )

    def search(self, queryset, name, value):
        return _search(queryset, value, "nom", exact=("siret",))


class DonneurOrdreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou SIRET", method="search")
    categorie = django_filters.ChoiceFilter(
        label="Catégorie", choices=DonneurOrdre.Categorie.choices
    )
    suivi = django_filters.BooleanFilter(label="Suivi par la facilitatrice")
    tri = django_filters.OrderingFilter(
        fields=(("nom", "nom"), ("marches_n", "marches")), label="Trier par"
    )

    def search(self, queryset, name, value):
        return _search(queryset, value, "nom", exact=("siret",))


class ImportClausesFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(label="Statut", choices=ImportClauses.Statut.choices)


class ImportDecpFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(label="Statut", choices=ImportDecp.Statut.choices)


class AnnuaireFilter(django_filters.FilterSet):
    """The public directory: a text search (name, activities), the kind, the commune."""

    q = django_filters.CharFilter(label="Nom ou activité", method="search")
    type = django_filters.ChoiceFilter(
        label="Type de structure", method="par_type", empty_label="Tous les types"
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune", queryset=None, empty_label="Toutes les communes"
    )

    def __init__(self, *args, communes=None, **kwargs):
        from .models import Entreprise
        from .selectors.annuaire import INSERTION

        super().__init__(*args, **kwargs)
        self.filters["type"].extra["choices"] = [
            (INSERTION, "Toutes les structures d'insertion (SIAE, GEIQ, EA)"),
            *[(v, label) for v, label in Entreprise.TypeEmployeur.choices if v],
            ("classique", "Entreprises classiques"),
        ]
        self.filters["commune"].queryset = communes
        # Communes by name and département, never by their INSEE code.
        self.form.fields["commune"].label_from_instance = lambda c: (
            f"{c.nom} ({c.departement.nom})" if c.departement_id else c.nom
        )

    def search(self, queryset, name, value):
        return _search(queryset, value.strip(), "nom", "activites", exact=("siret",))

    def par_type(self, queryset, name, value):
        from .selectors.annuaire import INSERTION

        if value == INSERTION:
            return queryset.exclude(type_employeur="")
        if value == "classique":
            return queryset.filter(type_employeur="")
        return queryset.filter(type_employeur=value)
