import io

import pytest

from territoires.clauses import demo, selectors
from territoires.clauses.models import HeuresMensuelles, Marche, Reunion
from tests.comptes.factories import EntrepriseFactory

pytestmark = pytest.mark.django_db


def test_demo_is_believable_and_idempotent(communes):
    societe = EntrepriseFactory()
    out = io.StringIO()
    demo.charger(organisations={"entreprise": societe}, stdout=out)
    assert Marche.objects.count() > 30
    heures = HeuresMensuelles.objects.count()
    assert heures > 500
    annees = selectors.annees_disponibles()
    assert len(annees) >= 4
    bilan = selectors.bilan_annuel(annees[1])
    assert bilan["heures_realisees"] > 0
    assert bilan["participants"] > 10
    reunions = Reunion.objects.count()

    demo.charger(organisations={"entreprise": societe}, stdout=out)
    assert HeuresMensuelles.objects.count() == heures
    assert Reunion.objects.count() == reunions
    assert "0 ligne(s) de démonstration créée(s)" in out.getvalue()
    assert societe.entreprises_clauses.exists()
