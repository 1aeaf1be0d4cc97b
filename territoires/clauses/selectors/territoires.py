"""Insertion hours by commune of the buyer, for the pilotage maps and territory pages."""

import datetime

from django.db.models import Count, Q, Sum

from ..models import ConfigurationClauses, HeuresMensuelles
from .chiffres import masque


def heures_par_commune(*, depuis: int, jusqu_a: int, codes=None) -> dict[str, float | None]:
    """Per INSEE code: insertion hours done in the civil years [depuis, jusqu_a] on the marchés
    of the buyers whose organisation is located in the commune. The hours of a commune where
    fewer people than the statistical threshold worked are masked (None), with the threshold of
    the clause report (`seuil_secret_statistique`). All communes, or only `codes`. Two
    queries, whatever the size."""
    seuil = ConfigurationClauses.courante().seuil_secret_statistique
    acheteurs = Q(lot__marche__donneur_ordre__organisation__commune__isnull=False)
    if codes is not None:
        acheteurs = Q(lot__marche__donneur_ordre__organisation__commune__code__in=list(codes))
    rows = (
        HeuresMensuelles.objects.filter(
            acheteurs,
            mois__gte=datetime.date(depuis, 1, 1),
            mois__lt=datetime.date(jusqu_a + 1, 1, 1),
        )
        .values_list("lot__marche__donneur_ordre__organisation__commune__code")
        .annotate(heures=Sum("heures"), participants=Count("participant", distinct=True))
        .order_by()
    )
    return {
        code: None if masque(participants, seuil) is None else float(heures or 0)
        for code, heures, participants in rows
    }
