"""Rules of the enveloppes applied to people (residence in the Département)."""

from __future__ import annotations

from django.conf import settings


def hors_departement(commune) -> bool:
    """A declared commune, known, and outside the Département served."""
    return (
        commune is not None
        and commune.departement_id is not None
        and (commune.departement.code != settings.TERRITOIRES_DEPARTEMENT)
    )
