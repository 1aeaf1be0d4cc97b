"""FilterSets of the module's lists: what a list may be filtered by, and sorted by.

Sorting follows the `sort` parameter of the sortable column headers
(`ui/components/th_sort.html`): a key, descending when prefixed by "-", then the primary key
so that two pages never share a row. An unknown key falls back to the list's default.
"""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from territoires.comptes.selectors import organisations_nommees_q
from territoires.referentiel.models import Epci

from .models import Domaine, Nature, Ressource, Sollicitation
from .selectors import mission_staff_users


class TriFilterSet(django_filters.FilterSet):
    """A FilterSet whose rows are always sorted: by `sort` when it names one of `TRIS`
    (header key → field), else by `TRI_PAR_DEFAUT`."""

    TRIS: dict[str, str] = {}
    TRI_PAR_DEFAUT = ""

    @property
    def sort(self) -> str:
        """The sort in force, as the headers name it ("organisation", "-deposee_le")."""
        value = (self.data or {}).get("sort", "")
        return value if value.lstrip("-") in self.TRIS else self.TRI_PAR_DEFAUT

    @property
    def actif(self) -> bool:
        """Whether one of the filters has a value (the filter form is then shown open)."""
        return any((self.data or {}).get(name) for name in self.filters)

    @property
    def qs(self):
        if not hasattr(self, "_sorted_qs"):
            key = self.sort
            field = self.TRIS[key.lstrip("-")]
            descending = "-" if key.startswith("-") else ""
            self._sorted_qs = super().qs.order_by(descending + field, "-pk")
        return self._sorted_qs


#: Words of a search whose organisations are looked up first (one small query each); a longer
#: search joins the organisations' names instead, so that no text makes a query per word.
MOTS_PAR_ORGANISATION = 4


def words_search(fields: tuple[str, ...], *, organisation: str = ""):
    """A search filter method: every word must be found in one of `fields`, or, with
    `organisation` (a foreign key), in the name of that organisation."""

    def search(queryset, name, value):
        words = list(dict.fromkeys(value.split()))
        par_cle = len(words) <= MOTS_PAR_ORGANISATION
        for word in words:
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            if organisation:
                condition |= (
                    organisations_nommees_q(word, champ=organisation)
                    if par_cle
                    else Q(**{f"{organisation}__nom__icontains": word})
                )
            queryset = queryset.filter(condition)
        return queryset

    return staticmethod(search)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of `day`, local time: dates compared as datetimes keep their index useful."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def date_input() -> django_filters.widgets.forms.DateInput:
    # ISO value, or the browser's date field shows the chosen date empty again.
    return django_filters.widgets.forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SollicitationFilter(TriFilterSet):
    """The mission's queue (and its exports)."""

    TRIS = {"deposee_le": "deposee_le", "organisation": "organisation__nom", "statut": "statut"}
    TRI_PAR_DEFAUT = "-deposee_le"

    mes = django_filters.ChoiceFilter(
        label="Mes sollicitations",
        choices=[
            ("a_prendre", "Nouvelles où je suis nommé, à prendre en charge"),
            ("miennes", "Toutes celles où je suis nommé (référent ou équipe)"),
        ],
        empty_label="Toutes celles de la mission",
        method="filter_mes",
    )
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
            self.filters[name].extra["widget"] = date_input()

    # Numbers and subjects by trigram index on PostgreSQL (migration 0010), organisations by key.
    search = words_search(("numero", "sujet"), organisation="organisation")

    def filter_mes(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        # Both sides of the OR on an indexed column: no join that would multiply the rows.
        equipe = Sollicitation.conseillers.through.objects.filter(user_id=user.pk)
        queryset = queryset.filter(
            Q(referent_id=user.pk) | Q(pk__in=equipe.values("sollicitation_id"))
        )
        if value == "a_prendre":
            queryset = queryset.filter(statut=Sollicitation.Statut.NOUVELLE)
        return queryset

    def filter_depuis(self, queryset, name, value):
        return queryset.filter(deposee_le__gte=start_of(value))

    def filter_jusqu_a(self, queryset, name, value):
        return queryset.filter(deposee_le__lt=start_of(value + datetime.timedelta(days=1)))

    def filter_inactives(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            statut__in=Sollicitation.STATUTS_OUVERTS, inactivite_signalee_le__isnull=False
        )


class RessourceFilter(TriFilterSet):
    """The resource library's search."""

    TRIS = {"titre": "titre", "cree_le": "cree_le"}
    TRI_PAR_DEFAUT = "titre"

    q = django_filters.CharFilter(label="Mots-clés", method="search")
    domaine = django_filters.ModelChoiceFilter(
        label="Domaine",
        field_name="domaines",
        queryset=Domaine.objects.filter(actif=True),
        empty_label="Tous",
    )
    type = django_filters.ChoiceFilter(
        label="Type", choices=Ressource.Type.choices, empty_label="Tous"
    )

    class Meta:
        model = Ressource
        fields: list[str] = []

    search = words_search(("titre", "description"))
