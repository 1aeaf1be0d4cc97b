"""Alerts of the facilitator: lots late on their schedule, contracts ending with hours due."""

import datetime
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import ConfigurationClauses, Contrat, HeuresMensuelles, Lot, Marche
from .chiffres import ZERO


def lots_en_retard(*, aujourd_hui: datetime.date | None = None, marche: Marche | None = None):
    """Lots whose realised hours are under the configured share of the hours expected by now
    (stipulated hours prorated over the marché's duration)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    config = ConfigurationClauses.courante()
    qs = Lot.objects.filter(
        marche__date_notification__isnull=False,
        marche__duree_mois__gt=0,
        marche__date_notification__lte=aujourd_hui,
        heures_prescrites__gt=0,
    ).exclude(marche__statut="bilan")
    if marche is not None:
        qs = qs.filter(marche=marche)
    qs = qs.select_related("marche__donneur_ordre").annotate(
        realisees=Coalesce(
            Subquery(
                HeuresMensuelles.objects.filter(lot=OuterRef("pk"))
                .values("lot")
                .annotate(s=Sum("heures"))
                .values("s")[:1]
            ),
            ZERO,
        )
    )
    retards = []
    for lot in qs:
        debut = lot.marche.date_notification
        jours = (aujourd_hui - debut).days
        duree = (lot.marche.date_fin_prevue - debut).days or 1
        part = min(Decimal(1), Decimal(jours) / Decimal(duree))
        attendues = (lot.heures_prescrites * part).quantize(Decimal("1"))
        if lot.realisees < attendues * config.taux_alerte_retard_pct / 100:
            lot.attendues = attendues
            retards.append(lot)
    return retards


def contrats_finissant_avec_heures_dues(
    *, aujourd_hui: datetime.date | None = None, jours: int = 60, marche: Marche | None = None
):
    """Contracts ending within `jours` days on a lot whose stipulated hours are not reached."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    lots = Lot.objects.annotate(
        realisees=Coalesce(
            Subquery(
                HeuresMensuelles.objects.filter(lot=OuterRef("pk"))
                .values("lot")
                .annotate(s=Sum("heures"))
                .values("s")[:1]
            ),
            ZERO,
        )
    ).filter(realisees__lt=F("heures_prescrites"))
    if marche is not None:
        lots = lots.filter(marche=marche)
    return (
        Contrat.objects.filter(
            date_fin__gte=aujourd_hui,
            date_fin__lte=aujourd_hui + datetime.timedelta(days=jours),
            lots__in=lots,
        )
        .distinct()
        .select_related("participant", "entreprise")
        .order_by("date_fin")
    )
