"""Public participation counters, counted from the register of voters when read.

The vote writes no counter (ADR 0011): a shared counter row per campaign made every
concurrent voter wait for the others until commit. The register (`Votant`) holds what the
public figures need (channel, age band, commune, day), so they are a `GROUP BY` on it.

`Participation` rows remain for campaigns that have no register: those imported from pabulib
files (their figures come with the file). A campaign with at least one row in its register is
counted from the register only; any other from its `Participation` rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from .models import Campagne, Participation, Votant

DIMENSIONS = Participation.Dimension


@dataclass(frozen=True)
class Compteur:
    """One public counter, as the `Participation` rows used to hold it."""

    campagne: Campagne
    dimension: str
    valeur: str
    nombre: int

    def get_dimension_display(self) -> str:
        return str(DIMENSIONS(self.dimension).label)


def _sans_registre(qs):
    return qs.exclude(Exists(Votant.objects.filter(campagne=OuterRef("campagne"))))


def compteurs(campagne_pks: Iterable[int]) -> dict[int, dict[str, dict[str, int]]]:
    """{campaign pk: {dimension: {valeur: nombre}}}: two queries, whatever the number of
    voters (one grouped read of the register, one of the imported rows)."""
    pks = list(campagne_pks)
    sortie: dict[int, dict[str, dict[str, int]]] = {
        pk: {d: {} for d in DIMENSIONS.values} for pk in pks
    }
    groupes = (
        Votant.objects.filter(campagne_id__in=pks)
        .values_list("campagne_id", "canal", "tranche_age", "commune__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, canal, tranche, commune, n in groupes:
        dims = sortie[pk]
        for dim, valeur in (
            (DIMENSIONS.TOTAL, "total"),
            (DIMENSIONS.CANAL, canal),
            (DIMENSIONS.AGE, tranche),
            (DIMENSIONS.COMMUNE, commune),
        ):
            if valeur:
                dims[dim][valeur] = dims[dim].get(valeur, 0) + n
    importes = _sans_registre(Participation.objects.filter(campagne_id__in=pks))
    for pk, dim, valeur, n in importes.values_list("campagne_id", "dimension", "valeur", "nombre"):
        sortie[pk][dim][valeur] = sortie[pk][dim].get(valeur, 0) + n
    return sortie


def compteurs_list(campagnes: list[Campagne]) -> list[Compteur]:
    """The counters of these campaigns as rows, in the order of the former export."""
    par_pk = compteurs(c.pk for c in campagnes)
    lignes = [
        Compteur(c, dim, valeur, n)
        for c in campagnes
        for dim, valeurs in par_pk[c.pk].items()
        for valeur, n in valeurs.items()
        if n
    ]
    lignes.sort(key=lambda r: (r.campagne.vote_debut, r.campagne.slug, r.dimension, r.valeur))
    return lignes


def votants_total(campagne_pks: list[int]) -> int:
    """Voters of these campaigns: the register, or the imported « total » counter (one
    query)."""
    registre = Votant.objects.filter(campagne_id__in=campagne_pks).values_list(Count("pk"))
    importes = _sans_registre(
        Participation.objects.filter(
            campagne_id__in=campagne_pks, dimension=DIMENSIONS.TOTAL, valeur="total"
        )
    ).values_list("nombre")
    return sum(n or 0 for (n,) in registre.union(importes, all=True))


def votants_par_commune(campagnes) -> dict[str, int]:
    """Per INSEE code, voters living in the commune, over these campaigns (a queryset): the
    register and the imported counters in one query."""
    registre = (
        Votant.objects.filter(campagne__in=campagnes, commune__isnull=False)
        .values_list("commune__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    importes = _sans_registre(
        Participation.objects.filter(campagne__in=campagnes, dimension=DIMENSIONS.COMMUNE)
    ).values_list("valeur", "nombre")
    sortie: dict[str, int] = {}
    for code, n in registre.union(importes, all=True):
        if n:
            sortie[code] = sortie.get(code, 0) + n
    return sortie
