import io

import pytest

from territoires.clauses import demo
from territoires.clauses.models import (
    Attribution,
    Entreprise,
    HeuresMensuelles,
    Marche,
    Participant,
    Reunion,
)
from territoires.clauses.selectors.bilan import annees_disponibles, bilan_annuel
from tests.comptes.factories import EntrepriseFactory

pytestmark = pytest.mark.django_db


def test_demo_is_believable_and_idempotent(communes):
    societe = EntrepriseFactory()
    out = io.StringIO()
    demo.charger(organisations={"entreprise": societe}, stdout=out)
    assert Marche.objects.count() > 30
    heures = HeuresMensuelles.objects.count()
    assert heures > 500
    annees = annees_disponibles()
    assert len(annees) >= 4
    bilan = bilan_annuel(annees[1])
    assert bilan["heures_realisees"] > 0
    assert bilan["participants"] > 10
    reunions = Reunion.objects.count()

    demo.charger(organisations={"entreprise": societe}, stdout=out)
    assert HeuresMensuelles.objects.count() == heures
    assert Reunion.objects.count() == reunions
    assert "0 ligne(s) de démonstration créée(s)" in out.getvalue()
    assert societe.entreprises_clauses.exists()
    # Insertion employers, co-contractors and subcontractors; ages agree with criteria.
    assert Entreprise.objects.filter(type_employeur="ETTI").exists()
    assert {"attributaire", "cotraitant", "sous_traitant"} <= set(
        Attribution.objects.values_list("role", flat=True)
    )
    annee = annees[0]
    assert not Participant.objects.filter(
        criteres__code="SENIOR", annee_naissance__gt=annee - 50
    ).exists()
    assert not Participant.objects.filter(
        criteres__code="JEUNE", annee_naissance__lt=annee - 26
    ).exists()
