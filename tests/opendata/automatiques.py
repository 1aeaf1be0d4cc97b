"""Helpers of the automatic datasets' tests: the rows a source gives, and real data built by
the modules' own factories and services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from territoires.opendata.automatiques import REGISTRE
from territoires.participation.models import Campagne
from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.vote import vote_cast
from tests.participation.factories import CampagneFactory, enveloppe, identite, projet


def source_rows(code: str) -> dict[str, list[dict]]:
    """Resource title → its rows as dicts (column name → value)."""
    sortie = {}
    for spec in REGISTRE[code].ressources():
        noms = [c.nom for c in spec.colonnes]
        lignes = [dict(zip(noms, ligne, strict=True)) for ligne in spec.lignes()]
        sortie[spec.titre] = lignes
    return sortie


def all_cells(code: str) -> str:
    """Every cell of every resource of a dataset, as one text (to look for leaks)."""
    return "\n".join(
        " | ".join("" if v is None else str(v) for v in ligne.values())
        for lignes in source_rows(code).values()
        for ligne in lignes
    )


def campagne_votee(*, slug: str, publier: bool, votants=(("Dupont", "Jeanne"),)) -> Campagne:
    """A campaign whose vote took place: one enveloppe, three projets, the ballots of
    `votants` (declared identities); with `publier`, the vote is closed and counted."""
    c = CampagneFactory(phase="vote", slug=slug)
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    projets = [projet(env, f"{i:02d}", 40, categorie="Nature") for i in range(1, 4)]
    for n, (nom, prenom) in enumerate(votants):
        choix = [projets[n % 3].pk, projets[(n + 1) % 3].pk]
        vote_cast(
            campagne=c,
            empreinte=identite(c, nom=nom, prenom=prenom),
            canal="en_ligne",
            choix={env.pk: sorted(choix)},
            age=40,
        )
    if publier:
        # The calendar moves on (a queryset update: the rules of a voted campaign are frozen).
        hier = timezone.localdate() - datetime.timedelta(days=1)
        Campagne.objects.filter(pk=c.pk).update(vote_fin=hier)
        c.refresh_from_db()
        resultats_compute(campagne=c)
    return c
