"""Adapter to the frozen `pilotage.indicateurs.Periode` (owned by r13-cartes).

Until that module lands on this branch, a dataclass with the same fields and constructor stands
in for it; `chiffres_cles` only reads `depuis` and `jusqu_a` (calendar years, inclusive).
"""

from __future__ import annotations

from dataclasses import dataclass

try:  # pragma: no cover - depends on the merge of r13-cartes
    from territoires.pilotage.indicateurs import Periode
except ImportError:  # pragma: no cover

    @dataclass(frozen=True)
    class Periode:  # type: ignore[no-redef]
        depuis: int
        jusqu_a: int

        @classmethod
        def annee(cls, annee: int) -> Periode:
            return cls(depuis=annee, jusqu_a=annee)


def annees(periode) -> range:
    """The calendar years of the period, inclusive."""
    return range(periode.depuis, periode.jusqu_a + 1)


__all__ = ["Periode", "annees"]
