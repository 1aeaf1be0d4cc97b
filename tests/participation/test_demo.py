from io import StringIO

import pytest
from django.urls import reverse

from territoires.participation import demo
from territoires.participation.models import Bulletin, Campagne, Phase, Realisation
from tests.referentiel.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


def test_une_campagne_par_etape_idempotent(client, settings):
    dep = DepartementFactory(code=settings.TERRITOIRES_DEPARTEMENT)
    for i in range(5):
        CommuneFactory(code=f"{dep.code}{i:03d}", departement=dep)
    sortie = StringIO()
    demo.charger(organisations={}, stdout=sortie)
    assert sorted(c.phase for c in Campagne.objects.all()) == sorted(Phase.values)
    nb = Bulletin.objects.count()
    assert nb > 0 and Realisation.objects.exists()
    demo.charger(organisations={}, stdout=sortie)
    assert Campagne.objects.count() == 6 and Bulletin.objects.count() == nb
    for c in Campagne.objects.all():
        for nom in ("campagne", "projets", "idees", "resultats", "chiffres", "suivi"):
            assert client.get(reverse(f"participation:{nom}", args=[c.slug])).status_code == 200
