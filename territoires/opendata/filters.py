"""Filters of the open-data pages: the catalogue (django-filter) and the rows of a resource.

Catalogue parameters (bookmarkable): `q` (words, accents and case ignored), `producteur`
(organisation id), `theme` (slug), `territoire` (INSEE code of a commune or SIREN of an
EPCI), `format`, `schema`, `tri` (`pertinence`, `titre`, `maj`, `popularite`), `page`.

Rows of a resource (`ApercuForm`, same parameters for the preview and the downloads): per
column `c<i>` (« contient » for a text, « égal » for a yes/no), `c<i>_min` / `c<i>_max`
(numbers and dates), and `tri` (a column name, `-` in front for descending).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When

from .models import JeuDeDonnees, Ressource
from .selectors import datasets_search, search_words, with_popularity
from .tabulaire import Colonne, Filtre


class CatalogueFilter(django_filters.FilterSet):
    TRIS = {
        "pertinence": "Pertinence",
        "titre": "Titre (A → Z)",
        "maj": "Dernière mise à jour",
        "popularite": "Popularité (téléchargements)",
    }

    q = django_filters.CharFilter(label="Rechercher un jeu de données", method="search")
    producteur = django_filters.NumberFilter(label="Producteur", field_name="organisation_id")
    theme = django_filters.CharFilter(label="Thème", method="filter_theme")
    territoire = django_filters.CharFilter(label="Territoire couvert", method="filter_territoire")
    format = django_filters.CharFilter(label="Format", method="filter_format")
    schema = django_filters.CharFilter(label="Schéma", method="filter_schema")
    tri = django_filters.ChoiceFilter(
        label="Trier par", choices=list(TRIS.items()), method="filter_nothing", empty_label=None
    )

    class Meta:
        model = JeuDeDonnees
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("producteur", "theme", "territoire", "format", "schema"):
            # Chosen by the facet links; kept in the form so that a new search keeps them.
            self.form.fields[name].widget = forms.HiddenInput()
        self.form.fields["q"].widget.attrs.update(type="search", autocomplete="off")

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset  # an invalid value leaves the list unfiltered, as elsewhere
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return datasets_search(queryset, value)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=JeuDeDonnees.themes.through.objects.filter(
            theme__slug=value).values("jeudedonnees_id"))  # fmt: skip

    def filter_territoire(self, queryset, name, value):
        # An INSEE code has 5 characters, a SIREN 9 digits.
        if len(value) == 9:
            through = JeuDeDonnees.epcis.through.objects.filter(epci__siren=value)
        else:
            through = JeuDeDonnees.communes.through.objects.filter(commune__code=value)
        return queryset.filter(pk__in=through.values("jeudedonnees_id"))

    def filter_format(self, queryset, name, value):
        ressources = Ressource.objects.filter(version_courante__format=value)
        return queryset.filter(pk__in=ressources.values("jeu_id"))

    def filter_schema(self, queryset, name, value):
        return queryset.filter(pk__in=Ressource.objects.filter(schema=value).values("jeu_id"))

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied by `qs`

    @property
    def tri_applique(self) -> str:
        """The sort applied: `tri`, else relevance for a search and the latest update."""
        data = self.data if self.data is not None else {}
        tri = data.get("tri") or ("pertinence" if data.get("q") else "maj")
        return tri if tri in self.TRIS else "maj"

    @property
    def found(self):
        """The datasets found, unsorted (the facets count them)."""
        return super().qs

    @property
    def qs(self):
        queryset = self.found
        tri = self.tri_applique
        if tri == "titre":
            return queryset.order_by("titre_recherche", "pk")
        if tri == "popularite":
            return with_popularity(queryset).order_by("-popularite", "titre_recherche", "pk")
        words = search_words((self.data or {}).get("q", ""))
        if tri == "pertinence" and words:
            # The whole phrase in the title first, then every word in the title, then the rest.
            phrase = " ".join(words)
            dans_le_titre = Q()
            for word in words:
                dans_le_titre &= Q(titre_recherche__contains=word)
            score = Case(
                When(titre_recherche__contains=phrase, then=Value(0)),
                When(dans_le_titre, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
            return queryset.annotate(score=score).order_by("score", "-modifie_le", "pk")
        return queryset.order_by("-modifie_le", "pk")


# --- Rows of a resource ---------------------------------------------------------------------

_NUMERIC_FIELDS = {
    "entier": forms.IntegerField,
    "decimal": forms.DecimalField,
    "latitude": forms.DecimalField,
    "longitude": forms.DecimalField,
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ApercuForm(forms.Form):
    """One filter per column, chosen by its type; `filtres()` gives them to `tabulaire`."""

    tri = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, colonnes: list[Colonne]):
        super().__init__(data)
        self.colonnes = colonnes
        self.noms = {c.nom for c in colonnes}
        for index, colonne in enumerate(colonnes):
            self._add_fields(index, colonne)

    def _add_fields(self, index: int, colonne: Colonne) -> None:
        nom, kind = colonne.nom, colonne.type
        if kind == "texte":
            self.fields[f"c{index}"] = forms.CharField(
                label=f"{nom} contient", required=False, max_length=200
            )
        elif kind == "booleen":
            self.fields[f"c{index}"] = forms.TypedChoiceField(
                label=f"{nom} est",
                required=False,
                choices=[("", "Indifférent"), ("oui", "Oui"), ("non", "Non")],
                coerce=lambda v: v == "oui",
                empty_value=None,
            )
        elif kind in _NUMERIC_FIELDS or kind == "date":
            for bound, word in (("min", "au moins"), ("max", "au plus")):
                if kind == "date":
                    field = forms.DateField(
                        label=f"{nom} : {'à partir du' if bound == 'min' else 'jusqu’au'}",
                        required=False,
                        widget=DateInput,
                    )
                else:
                    field = _NUMERIC_FIELDS[kind](label=f"{nom} : {word}", required=False)
                self.fields[f"c{index}_{bound}"] = field

    def clean_tri(self) -> str:
        tri = self.cleaned_data.get("tri") or ""
        return tri if tri.lstrip("-") in self.noms else ""

    def groups(self) -> list[tuple[Colonne, list]]:
        """The bound fields of each column (a column without filter has none)."""
        groups = []
        for index, colonne in enumerate(self.colonnes):
            fields = [
                self[name]
                for name in (f"c{index}", f"c{index}_min", f"c{index}_max")
                if name in self.fields
            ]
            if fields:
                groups.append((colonne, fields))
        return groups

    def filtres(self) -> list[Filtre]:
        if not self.is_valid():
            return []
        filtres = []
        for index, colonne in enumerate(self.colonnes):
            value = self.cleaned_data.get(f"c{index}")
            if value not in (None, ""):
                operateur = "contains" if colonne.type == "texte" else "eq"
                filtres.append(Filtre(colonne.nom, operateur, value))
            for bound, operateur in (("min", "gte"), ("max", "lte")):
                value = self.cleaned_data.get(f"c{index}_{bound}")
                if value is not None:
                    filtres.append(Filtre(colonne.nom, operateur, value))
        return filtres

    def tri_list(self) -> list[str]:
        if not self.is_valid():
            return []
        return [self.cleaned_data["tri"]] if self.cleaned_data["tri"] else []
