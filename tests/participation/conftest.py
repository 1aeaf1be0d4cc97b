from decimal import Decimal

import pytest

from .factories import CampagneFactory, enveloppe, projet


@pytest.fixture
def scrutin():
    """A campaign at the vote: one enveloppe of 100 €, four projets of 40 €, 1 to 2 choices."""
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    projets = [projet(env, f"{i:02d}", 40, categorie="Nature") for i in range(1, 5)]
    return c, env, projets
