"""Dossier numbers: AID-<year>-<five digits>, never twice the same."""

from django.db import IntegrityError, transaction

from ..models import CompteurDossiers


def numero_allocate(*, annee: int) -> str:
    """The next dossier number of the year; the counter row is locked until commit, so two
    filings at once never get the same number (PostgreSQL row lock, SQLite database lock)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                CompteurDossiers.objects.get_or_create(annee=annee)
        except IntegrityError:
            pass  # created by a concurrent filing meanwhile
        compteur = CompteurDossiers.objects.select_for_update().get(annee=annee)
        compteur.dernier += 1
        compteur.save(update_fields=["dernier"])
    return f"AID-{annee}-{compteur.dernier:05d}"
