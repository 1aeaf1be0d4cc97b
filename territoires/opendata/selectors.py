"""Reads of the open-data portal, shared by its pages, its downloads and the API.

- `datasets_published()`: the public catalogue; `datasets_search(qs, q)`: accent- and
  case-insensitive full-text search on `JeuDeDonnees.texte_recherche`;
- `catalogue_facets(qs)`: the counts of each facet (producer, theme, territory, format,
  schema) among the datasets found, a constant number of queries;
- `dataset_for_reader(slug, user)`: the dataset, or None when this user may not read it (not
  published and neither of its producer nor the data officer: the page answers 404);
- `resource_rows_page` / `resource_rows_stream` / `resource_rows_count`: the rows of a version
  through `opendata.tabulaire`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from territoires.core.text import normalize_search

from . import tabulaire, validation
from .models import Compteur, JeuDeDonnees, Ressource, VersionRessource
from .tabulaire import Colonne, Filtre, Page

#: Where each licence is written (the dataset page links to it, schema.org and DCAT name it).
LICENCE_URLS = {
    JeuDeDonnees.Licence.LO_2: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    JeuDeDonnees.Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}

#: Values shown per facet (the most frequent first); the territory facet can be long.
FACET_SIZE = 15

#: Column types that place a row on a map.
GEO_TYPES = {"latitude", "longitude", "geometrie"}


# --- The catalogue --------------------------------------------------------------------------


def datasets_published() -> QuerySet[JeuDeDonnees]:
    return JeuDeDonnees.objects.filter(statut=JeuDeDonnees.Statut.PUBLIE)


def search_words(q: str) -> list[str]:
    """The words of a query, normalised like `texte_recherche` (« Équipements » → equipements)."""
    return normalize_search(q).split()[:10]


def datasets_search(queryset: QuerySet[JeuDeDonnees], q: str) -> QuerySet[JeuDeDonnees]:
    """Datasets whose title, description or keywords hold every word of `q`, whatever the
    accents and the case."""
    for word in search_words(q):
        queryset = queryset.filter(texte_recherche__contains=word)
    return queryset


def with_popularity(queryset: QuerySet[JeuDeDonnees]) -> QuerySet[JeuDeDonnees]:
    """`popularite`: downloads and API calls of every day (one subquery, no row duplicated)."""
    totals = (
        Compteur.objects.filter(jeu=OuterRef("pk"))
        .order_by()
        .values("jeu")
        .annotate(total=Sum("telechargements") + Sum("appels_api"))
        .values("total")
    )
    return queryset.annotate(popularite=Coalesce(Subquery(totals, output_field=IntegerField()), 0))


def catalogue_page_objects(queryset: QuerySet[JeuDeDonnees]) -> QuerySet[JeuDeDonnees]:
    """What a card of the catalogue shows: producer, themes, formats of the resources."""
    return queryset.select_related("organisation").prefetch_related(
        "themes",
        Prefetch(
            "ressources",
            queryset=Ressource.objects.select_related("version_courante").only(
                "pk", "jeu_id", "titre", "schema", "version_courante__format"
            ),
        ),
    )


def schemas_by_name() -> dict[str, validation.SchemaLivre]:
    """The shipped schemas (title, version, documentation) by name."""
    return {schema.nom: schema for schema in validation.schemas_available()}


@dataclass
class Facette:
    valeur: str
    libelle: str
    effectif: int


def _facet(queryset, value: str, label: str) -> list[Facette]:
    # Without a value (no theme, no schema) is not a facet: its group (None, and "" for a
    # text) is dropped after the query, hence the two more rows asked.
    rows = (
        queryset.order_by()
        .values(value, label)
        .annotate(effectif=Count("pk", distinct=True))
        .order_by("-effectif", label)[: FACET_SIZE + 2]
    )
    facettes = [
        Facette(str(r[value]), str(r[label]), r["effectif"])
        for r in rows
        if r[value] not in (None, "")
    ]
    return facettes[:FACET_SIZE]


def catalogue_facets(queryset: QuerySet[JeuDeDonnees]) -> dict[str, list[Facette]]:
    """Counts of each facet among `queryset` (six queries, whatever the number of datasets).

    Keys are the URL parameters of the catalogue's filters (`filters.CatalogueFilter`)."""
    formats = dict(VersionRessource.Format.choices)
    schemas = schemas_by_name()
    territoires = _facet(queryset, "epcis__siren", "epcis__nom") + _facet(
        queryset, "communes__code", "communes__nom"
    )
    territoires.sort(key=lambda f: (-f.effectif, f.libelle))
    return {
        "producteur": _facet(queryset, "organisation_id", "organisation__nom"),
        "theme": _facet(queryset, "themes__slug", "themes__libelle"),
        "territoire": territoires[:FACET_SIZE],
        "format": [
            Facette(f.valeur, formats.get(f.valeur, f.valeur), f.effectif)
            for f in _facet(
                queryset,
                "ressources__version_courante__format",
                "ressources__version_courante__format",
            )
        ],
        "schema": [
            Facette(
                f.valeur, schemas[f.valeur].titre if f.valeur in schemas else f.valeur, f.effectif
            )
            for f in _facet(queryset, "ressources__schema", "ressources__schema")
        ],
    }


# --- One dataset ----------------------------------------------------------------------------


def dataset_for_reader(slug: str, user) -> JeuDeDonnees | None:
    """The dataset if `user` may read it (published, or of their organisation, or the data
    officer's), else None: the page answers 404 and reveals nothing."""
    jeu = (
        JeuDeDonnees.objects.select_related("organisation")
        .prefetch_related("themes", "communes", "epcis")
        .filter(slug=slug)
        .first()
    )
    if jeu is None or not user.has_perm("opendata.view_jeudedonnees", jeu):
        return None
    return jeu


def dataset_resources(jeu: JeuDeDonnees) -> list[Ressource]:
    """Resources with their current version and their earlier ready versions (`anciennes`)."""
    anciennes = VersionRessource.objects.filter(statut=VersionRessource.Statut.PRETE).order_by(
        "-numero"
    )
    ressources = list(
        jeu.ressources.select_related("version_courante").prefetch_related(
            Prefetch("versions", queryset=anciennes, to_attr="versions_pretes")
        )
    )
    schemas = schemas_by_name()
    for ressource in ressources:
        courante = ressource.version_courante_id
        ressource.anciennes = [v for v in ressource.versions_pretes if v.pk != courante]
        ressource.schema_livre = schemas.get(ressource.schema)
    return ressources


def version_readable(version: VersionRessource | None) -> bool:
    """A version whose rows can be read (loaded, ready)."""
    return bool(
        version is not None and version.table and version.statut == VersionRessource.Statut.PRETE
    )


def resource_version(ressource: Ressource, numero: int | None) -> VersionRessource | None:
    """The current version, or the ready version `numero` of this resource."""
    if numero is None:
        version = ressource.version_courante
    else:
        version = ressource.versions.filter(numero=numero).first()
    return version if version_readable(version) else None


# --- Rows of a version ----------------------------------------------------------------------


def version_columns(version: VersionRessource) -> list[Colonne]:
    """The columns of a version under the names its rows are returned with (a duplicate
    name becomes « nom (2) »: `tabulaire.column_names`)."""
    colonnes = [Colonne(nom=c["nom"], type=c.get("type") or "texte") for c in version.colonnes]
    if not colonnes:
        return []
    noms = tabulaire.column_names(colonnes)
    return [Colonne(nom=nom, type=c.type) for nom, c in zip(noms, colonnes, strict=True)]


def is_geographic(colonnes: Sequence[Colonne]) -> bool:
    types = {c.type for c in colonnes}
    return "geometrie" in types or {"latitude", "longitude"} <= types


def resource_rows_page(
    *,
    version: VersionRessource,
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
    curseur: str | None = None,
    taille: int = 50,
    compter: bool = True,
    compter_max: int | None = None,
) -> Page:
    """One page of rows (keyset pagination: `Page.suivant` is the next page's cursor), with
    the number of matching rows in `Page.total` when `compter`.

    With `compter_max`, the count stops after that many rows (`Page.total_exact` False:
    « plus de N lignes »); without filter, the total is the version's row count, not counted.
    Raises `ValueError` (French message) for an unknown column, operator or cursor."""
    page = tabulaire.rows_query(
        cle=version.table,
        colonnes=version_columns(version),
        filtres=list(filtres),
        tri=list(tri),
        champs=champs,
        curseur=curseur,
        taille=taille,
        compter=compter and bool(filtres),
        compter_max=compter_max,
    )
    if compter and not filtres:
        page.total = version.nb_lignes
    return page


def resource_rows_stream(
    *,
    version: VersionRessource,
    filtres: Sequence[Filtre] = (),
    tri: Sequence[str] = (),
    champs: list[str] | None = None,
) -> Iterator[tuple]:
    return tabulaire.rows_stream(
        cle=version.table,
        colonnes=version_columns(version),
        filtres=list(filtres),
        tri=list(tri),
        champs=champs,
    )


def resource_rows_count(*, version: VersionRessource, filtres: Sequence[Filtre] = ()) -> int:
    return tabulaire.rows_count(
        cle=version.table, colonnes=version_columns(version), filtres=list(filtres)
    )


def datasets_published_for_communes(codes) -> QuerySet[JeuDeDonnees]:
    """Datasets published by the organisations of the communes `codes` (INSEE)."""
    return datasets_published().filter(organisation__commune__code__in=codes).order_by("titre")


def datasets_par_commune(*, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Per INSEE code: datasets published today by the commune's organisation, first published
    in the civil years [depuis, jusqu_a]. One query (pilotage maps)."""
    rows = (
        datasets_published()
        .filter(
            organisation__commune__isnull=False,
            publie_le__year__gte=depuis,
            publie_le__year__lte=jusqu_a,
        )
        .values_list("organisation__commune__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def chiffres_publication(*, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Datasets published today and already at the end of the civil year `jusqu_a`, the
    organisations that publish them (« 38 territoires participants, 218 jeux de données »),
    and those first published in [depuis, jusqu_a]. One query."""
    publies = datasets_published().filter(publie_le__year__lte=jusqu_a)
    return publies.aggregate(
        jeux=Count("pk"),
        producteurs=Count("organisation", distinct=True),
        nouveaux=Count("pk", filter=Q(publie_le__year__gte=depuis)),
    )
