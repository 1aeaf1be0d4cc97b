"""Participant-level reads (for the facilitator only)."""

import datetime

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Participant
from .chiffres import ZERO


def participants_list() -> QuerySet[Participant]:
    """Participants with their hours and number of contracts (search: `ParticipantFilter`)."""
    qs = Participant.objects.select_related("commune_residence").prefetch_related("criteres")
    qs = qs.annotate(
        total=Coalesce(Sum("heures__heures"), ZERO), contrats_n=Count("contrats", distinct=True)
    )
    return qs.order_by("identifiant")


def participants_due_for_anonymisation(
    *, aujourd_hui: datetime.date | None = None, delai_annees: int
):
    """Participants not yet anonymised whose last hours are older than `delai_annees`."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    limite = datetime.date(aujourd_hui.year - delai_annees, aujourd_hui.month, 1)
    return (
        Participant.objects.filter(anonymise_le__isnull=True)
        .annotate(dernier_mois=Max("heures__mois"))
        .filter(dernier_mois__lt=limite)
    )
