"""Participant-level reads (for the facilitator only)."""

from django.db.models import (
    Count,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from ..models import (
    Participant,
)
from .chiffres import ZERO


def participants_liste(*, q: str = "") -> QuerySet[Participant]:
    qs = Participant.objects.select_related("commune_residence").prefetch_related("criteres")
    qs = qs.annotate(
        total=Coalesce(Sum("heures__heures"), ZERO), contrats_n=Count("contrats", distinct=True)
    )
    if q:
        qs = qs.filter(identifiant__icontains=q)
    return qs.order_by("identifiant")
