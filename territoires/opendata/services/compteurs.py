"""Daily counts of downloads and API calls per dataset (shown to its producer)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Compteur, JeuDeDonnees


def _increment(*, jeu: JeuDeDonnees, field: str) -> None:
    jour = timezone.localdate()
    if Compteur.objects.filter(jeu=jeu, jour=jour).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            Compteur.objects.create(jeu=jeu, jour=jour, **{field: 1})
    except IntegrityError:
        # Another request created today's row in between: count on it.
        Compteur.objects.filter(jeu=jeu, jour=jour).update(**{field: F(field) + 1})


def count_download(*, jeu: JeuDeDonnees) -> None:
    _increment(jeu=jeu, field="telechargements")


def count_api_call(*, jeu: JeuDeDonnees) -> None:
    _increment(jeu=jeu, field="appels_api")
