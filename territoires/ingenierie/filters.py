import datetime

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from territoires.referentiel.models import Epci

from .models import Domaine, Nature, Sollicitation
from .selectors import mission_staff_users

TRI = {
    "deposee_le": "deposee_le",
    "-deposee_le": "-deposee_le",
    "organisation": "organisation__nom",
    "-organisation": "-organisation__nom",
    "statut": "statut",
    "-statut": "-statut",
}


class SollicitationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche (numéro, sujet, collectivité)", method="search")
    statut = django_filters.MultipleChoiceFilter(
        label="Statut", choices=Sollicitation.Statut.choices
    )
    domaine = django_filters.ModelChoiceFilter(
        label="Domaine", queryset=Domaine.objects.all(), empty_label="Tous"
    )
    nature = django_filters.ModelChoiceFilter(
        label="Nature", queryset=Nature.objects.all(), empty_label="Toutes"
    )
    epci = django_filters.ModelChoiceFilter(
        label="Intercommunalité",
        queryset=Epci.objects.none(),
        empty_label="Toutes",
    )
    referent = django_filters.ModelChoiceFilter(
        label="Conseiller référent", queryset=None, empty_label="Tous"
    )
    # Compared as datetimes (not `__date`), so that the index on deposee_le serves.
    depuis = django_filters.DateFilter(label="Déposée depuis le", method="filter_depuis")
    jusqu_a = django_filters.DateFilter(label="Déposée jusqu'au", method="filter_jusqu_a")

    inactives = django_filters.BooleanFilter(
        label="Sans activité récente (signalées au référent)",
        method="filter_inactives",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Sollicitation
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["epci"].queryset = Epci.objects.actuels().filter(
            departements__code=settings.TERRITOIRES_DEPARTEMENT
        )
        self.filters["referent"].queryset = mission_staff_users()
        for name in ("depuis", "jusqu_a"):
            # ISO value, or the browser's date field shows the chosen date empty again.
            self.filters[name].extra["widget"] = django_filters.widgets.forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            )

    @staticmethod
    def _start_of(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def filter_depuis(self, queryset, name, value):
        return queryset.filter(deposee_le__gte=self._start_of(value))

    def filter_jusqu_a(self, queryset, name, value):
        return queryset.filter(deposee_le__lt=self._start_of(value + datetime.timedelta(days=1)))

    def filter_inactives(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            statut__in=Sollicitation.STATUTS_OUVERTS, inactivite_signalee_le__isnull=False
        )

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(numero__icontains=word)
                | Q(sujet__icontains=word)
                | Q(organisation__nom__icontains=word)
            )
        return queryset
