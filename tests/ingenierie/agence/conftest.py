"""The agency model enabled, with a scale for 2025 and one paid service."""

from decimal import Decimal

import pytest

from territoires.ingenierie.models import (
    BaremeAdhesion,
    ConfigurationIngenierie,
    Prestation,
)


@pytest.fixture
def agence(mission):
    config = ConfigurationIngenierie.courante()
    config.activer_adhesions = True
    config.save()
    BaremeAdhesion.objects.create(annee=2025, population_min=0, population_max=999, montant=100)
    BaremeAdhesion.objects.create(annee=2025, population_min=1000, montant=400)
    return Prestation.objects.create(
        libelle="AMO pré-opérationnelle : programme", phase="pre", tarif="unitaire",
        unite="jour", prix_ht=Decimal("550.00"),
    )  # fmt: skip
