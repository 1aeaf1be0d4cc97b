"""Results: counting of each enveloppe, with the campaign's method or another."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from .. import depouillement
from ..models import (
    Campagne,
    EnveloppeCampagne,
    Projet,
    Resultat,
)
from .bulletins_compacts import bulletins_groupes


def _json_tours(tours: list[depouillement.Tour], pk_de: dict[str, int]) -> list[dict]:
    return [
        {
            "numero": t.numero,
            "projet": pk_de[t.projet],
            "retenu": t.retenu,
            "voix": t.voix,
            "cout": float(t.cout),
            "part_par_soutien": None if t.part_par_soutien is None else float(t.part_par_soutien),
            "reste_budget": None if t.reste_budget is None else float(t.reste_budget),
            "motif": t.motif,
        }
        for t in tours
    ]


def resultat_compute(*, enveloppe: EnveloppeCampagne, methode: str | None = None) -> Resultat:
    campagne = enveloppe.campagne
    methode = methode or campagne.methode
    # Lexicographic tie-breaking is on the public number of the projet, as in pabutools.
    projets = {
        p.pk: (p.code, p.cout)
        for p in Projet.objects.filter(enveloppe=enveloppe, soumis_au_vote=True).only(
            "code", "cout"
        )
    }
    pk_de = {code: pk for pk, (code, _) in projets.items()}
    # Identical ballots grouped with their number: what the count needs, read fast.
    groupes = bulletins_groupes(enveloppe=enveloppe)
    par_code: Counter = Counter()
    for b, n in groupes.items():
        par_code[tuple(projets[p][0] for p in b)] += n
    calcul = depouillement.calculer(
        methode,
        {code: cout for code, cout in projets.values()},
        par_code,
        enveloppe.budget,
        departage=campagne.departage,
    )
    voix: Counter = Counter()
    for b, n in groupes.items():
        for p in b:
            voix[p] += n
    resultat, _ = Resultat.objects.update_or_create(
        enveloppe=enveloppe,
        methode=methode,
        defaults={
            "departage": campagne.departage,
            "bulletins": groupes.total(),
            "budget": enveloppe.budget,
            "cout_total": Decimal(calcul.cout_total.numerator)
            / Decimal(calcul.cout_total.denominator),
            "selectionnes": [pk_de[p] for p in calcul.selectionnes],
            "tours": _json_tours(calcul.tours, pk_de),
            "voix": {str(k): v for k, v in voix.items()},
        },
    )
    return resultat


def resultats_compute(
    *, campagne: Campagne, methode: str | None = None, on_progress=None
) -> list[Resultat]:
    enveloppes = list(campagne.enveloppes.all())
    sortie = []
    for i, env in enumerate(enveloppes, 1):
        sortie.append(resultat_compute(enveloppe=env, methode=methode))
        if on_progress:
            on_progress(i, len(enveloppes))
    return sortie
