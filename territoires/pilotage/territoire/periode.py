"""The period of a territory page's yearly figures: the last years (setting)."""

from django.conf import settings

from territoires.pilotage.indicateurs import Periode


def periode_de_la_page(today) -> Periode:
    """From `PILOTAGE_TERRITOIRE_ANNEES` years ago to the current year."""
    annees = settings.PILOTAGE_TERRITOIRE_ANNEES
    return Periode(depuis=today.year - annees + 1, jusqu_a=today.year)
