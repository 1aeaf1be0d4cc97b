"""The period of a territory page's yearly figures: the last complete years (setting)."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Annees:
    """Civil years included (the shape of `pilotage.indicateurs.Periode`)."""

    depuis: int
    jusqu_a: int


def periode_de_la_page(today) -> Annees:
    """From `PILOTAGE_TERRITOIRE_ANNEES` years ago to the current year."""
    annees = getattr(settings, "PILOTAGE_TERRITOIRE_ANNEES", 5)
    return Annees(depuis=today.year - annees + 1, jusqu_a=today.year)
