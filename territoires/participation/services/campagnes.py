"""Règles des enveloppes appliquées aux personnes (résidence dans le Département)."""

from __future__ import annotations

from django.conf import settings


def hors_departement(commune) -> bool:
    """Commune déclarée connue et située hors du Département servi."""
    return (
        commune is not None
        and commune.departement_id is not None
        and (commune.departement.code != settings.TERRITOIRES_DEPARTEMENT)
    )
