"""Reads of the référentiel shared by pages, forms (autocomplete) and exports."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, CharField, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from territoires.core.text import normalize_search

from .communes import CODE_INSEE, CommuneRefusee, commune_actuelle, normaliser_code
from .models import Canton, Commune, Epci

# INSEE code (Corsica: 2A, 2B) or postal code, complete or its beginning.
_CODE = re.compile(r"^[0-9][0-9ab][0-9]{0,3}$")
_SIREN = re.compile(r"^[0-9]{9}$")
# Users type the words in full; the source names use the abbreviations.
_EPCI_WORDS = (
    ("communaute de communes", "cc"),
    ("communaute d agglomeration", "ca"),
    ("communaute urbaine", "cu"),
)


def current_communes() -> QuerySet[Commune]:
    return Commune.objects.filter(type=Commune.Type.ACTUELLE, obsolete=False)


def commune_for_page(code: str) -> Commune | None:
    """The commune shown at /territoires/communes/<code>/.

    A code may name several rows (a commune déléguée keeps the code of its commune
    nouvelle; an obsolete commune keeps its code): current before obsolete, the commune
    actuelle before the others, then the most recently obsoleted.
    """
    return (
        Commune.objects.filter(code=code.upper())
        .select_related("departement__region", "epci", "commune_parente")
        .annotate(
            actuelle=Case(
                When(type=Commune.Type.ACTUELLE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("obsolete", "actuelle", "-date_obsolete")
        .first()
    )


def epci_for_page(siren: str) -> Epci | None:
    return Epci.objects.filter(siren=siren).prefetch_related("departements").first()


def epci_communes(epci: Epci) -> QuerySet[Commune]:
    """The current member communes of an EPCI, by name."""
    return (
        current_communes()
        .filter(epci=epci)
        .select_related("departement")
        .only("code", "nom", "population", "codes_postaux", "departement__code")
        .order_by("nom_recherche", "code")
    )


# --- Search ---------------------------------------------------------------------------------


def _ranked(queryset: QuerySet, normalized: str) -> QuerySet:
    """Exact name first, then names starting with the query, then the others."""
    return queryset.annotate(
        rang=Case(
            When(nom_recherche=normalized, then=Value(0)),
            When(nom_recherche__startswith=normalized, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rang", "nom_recherche", "pk")


def _words(normalized: str) -> Q:
    condition = Q()
    for word in normalized.split():
        condition &= Q(nom_recherche__contains=word)
    return condition


def communes_matching(query: str) -> QuerySet[Commune]:
    """Current communes whose name, INSEE code or postal code matches `query`.

    Accents, case and punctuation are ignored: « lectoure », « LECTOURE » and « Lectouré »
    all find Lectoure; every word must appear in the name (« st jean » does not, « saint
    jean » does).
    """
    normalized = normalize_search(query)
    queryset = current_communes()
    if not normalized:
        return queryset.none()
    if _CODE.match(normalized):
        # JSON text of the postal codes, identical on SQLite and PostgreSQL: ["32700", …].
        queryset = queryset.annotate(
            codes_postaux_texte=Cast("codes_postaux", output_field=CharField())
        ).filter(
            Q(code__istartswith=normalized) | Q(codes_postaux_texte__contains=f'"{normalized}')
        )
        ordered = queryset.order_by("code", "nom_recherche")
    else:
        ordered = _ranked(queryset.filter(_words(normalized)), normalized)
    return ordered.select_related("departement", "epci")


def epcis_matching(query: str) -> QuerySet[Epci]:
    """Current EPCI whose name or SIREN matches `query` (« tenareze » finds the CC de la
    Ténarèze, so does « communauté de communes de la Ténarèze »)."""
    normalized = normalize_search(query)
    queryset = Epci.objects.actuels()
    if not normalized:
        return queryset.none()
    if _SIREN.match(normalized):
        return queryset.filter(siren=normalized).prefetch_related("departements")
    for words, abbreviation in _EPCI_WORDS:
        normalized = re.sub(rf"\b{words}\b", abbreviation, normalized)
    return _ranked(queryset.filter(_words(normalized)), normalized).prefetch_related("departements")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "epci" or "commune"
    objet: Commune | Epci

    @property
    def is_epci(self) -> bool:
        return self.kind == "epci"


class SearchResults(Sequence):
    """EPCI then communes matching a query, as one list that Django's Paginator can slice.

    Two COUNT queries and at most two page queries, whatever the number of results.
    """

    def __init__(self, query: str):
        self.query = query
        self.epcis = epcis_matching(query)
        self.communes = communes_matching(query)

    @cached_property
    def epci_count(self) -> int:
        return self.epcis.count()

    @cached_property
    def commune_count(self) -> int:
        return self.communes.count()

    def count(self) -> int:
        return self.epci_count + self.commune_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            hits = self[index : index + 1]
            if not hits:
                raise IndexError(index)
            return hits[0]
        start, stop, _ = index.indices(len(self))
        hits = []
        if start < self.epci_count:
            epcis = self.epcis[start : min(stop, self.epci_count)]
            hits += [SearchHit("epci", epci) for epci in epcis]
        if stop > self.epci_count:
            first = max(start - self.epci_count, 0)
            communes = self.communes[first : stop - self.epci_count]
            hits += [SearchHit("commune", commune) for commune in communes]
        return hits


def communes_autocomplete(query: str, *, limit: int = 20) -> list[dict]:
    """At most `limit` current communes for a form's autocomplete, as plain data."""
    if len(normalize_search(query)) < 2:
        return []
    communes = list(communes_matching(query)[: max(1, min(limit, 20))])
    note = None
    if not communes and CODE_INSEE.match(normaliser_code(query)):
        # A full code that names no current commune: offer the one to choose, and say why.
        try:
            commune_actuelle(query)
        except CommuneRefusee as refus:
            communes, note = list(refus.remplacantes), refus.message
    results = []
    for commune in communes:
        departement = commune.departement.code if commune.departement else None
        results.append(
            {
                "code": commune.code,
                "nom": commune.nom,
                "label": f"{commune.nom} ({departement})" if departement else commune.nom,
                "departement": departement,
                "codes_postaux": commune.codes_postaux,
                "siren": commune.siren,
                "epci": commune.epci.nom if commune.epci else None,
                **({"note": note} if note else {}),
            }
        )
    return results


def cantons_charges(departement: str) -> bool:
    """Whether the INSEE cantons of this département were imported (import-cantons)."""
    return Canton.objects.filter(departement__code=departement, obsolete=False).exists()


def canton_par_commune(departement: str) -> dict[str, Canton]:
    """Current commune code → its canton (two queries). A commune split between several
    cantons maps to its pseudo-canton, as in the COG."""
    sortie = {}
    cantons = Canton.objects.filter(departement__code=departement, obsolete=False).prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("code"))
    )
    for canton in cantons:
        for commune in canton.communes.all():
            sortie[commune.code] = canton
    return sortie


def communes_for_departement(departement: str) -> QuerySet[Commune]:
    """The current communes of a département, with their EPCI (open data, lists)."""
    return (
        current_communes()
        .filter(departement__code=departement)
        .select_related("departement", "epci")
        .order_by("code")
    )


def epcis_for_departement(departement: str) -> QuerySet[Epci]:
    """The current EPCI with communes in a département, with their départements and
    `nb_communes`, their current member communes (all départements)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    membres = (
        current_communes()
        .filter(epci=OuterRef("pk"))
        .order_by()
        .values("epci")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Epci.objects.actuels()
        .filter(pk__in=Epci.objects.filter(departements__code=departement).values("pk"))
        .annotate(nb_communes=Coalesce(Subquery(membres), 0))
        .prefetch_related("departements")
        .order_by("siren")
    )


def canton_for_page(code: str) -> Canton | None:
    """The canton shown at /territoires/cantons/<code>/, with its department."""
    return Canton.objects.filter(code=code).select_related("departement").first()


def canton_communes(canton: Canton) -> QuerySet[Commune]:
    """The current communes of a canton, by name."""
    return (
        current_communes()
        .filter(cantons=canton)
        .only("code", "nom", "population")
        .order_by("nom_recherche", "code")
    )


def epci_des_communes() -> dict[str, str]:
    """{INSEE code: EPCI SIREN} of the current communes that belong to an EPCI, one query
    (the pilotage maps aggregate commune indicators by EPCI with it)."""
    return dict(current_communes().filter(epci__isnull=False).values_list("code", "epci__siren"))
