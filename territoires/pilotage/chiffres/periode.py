"""The period of the key figures: the pilotage's one `Periode` (calendar years, inclusive)."""

from territoires.pilotage.indicateurs import Periode


def annees(periode) -> range:
    """The calendar years of the period, inclusive."""
    return range(periode.depuis, periode.jusqu_a + 1)


__all__ = ["Periode", "annees"]
