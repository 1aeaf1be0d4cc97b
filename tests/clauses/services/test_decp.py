from pathlib import Path

import pytest
from django.core.management import call_command

from territoires.clauses.models import Marche

from ..factories import DonneurOrdreFactory, MarcheFactory

pytestmark = pytest.mark.django_db
EXEMPLE = Path(__file__).parent.parent / "data" / "decp-exemple.json"
SUIVI = "20001000700017"


def test_decp_prefills_followed_buyers_and_lists_flagged_others(capsys):
    donneur = DonneurOrdreFactory(siret=SUIVI)
    existant = MarcheFactory(donneur_ordre=donneur, reference="2024-002", date_notification=None)
    DonneurOrdreFactory(siret="20002000600017", suivi=False)

    call_command("clauses_import_decp", str(EXEMPLE))

    sortie = capsys.readouterr().out
    cree = Marche.objects.get(reference="2024-001")
    assert cree.donneur_ordre == donneur
    assert cree.montant == 250000
    assert cree.duree_mois == 12
    assert cree.decp_uid == SUIVI + "2024-001"
    existant = Marche.objects.get(pk=existant.pk)
    assert str(existant.date_notification) == "2024-05-02"
    assert existant.objet.startswith("Travaux de voirie")  # the facilitator's text is kept
    assert "1 créé(s) et 1 complété(s)" in sortie
    assert "1 marché(s) avec « Clause sociale » d'acheteurs non suivis" in sortie
    assert "2024-017" in sortie
    assert "2024-018" not in sortie

    # A second run creates nothing.
    call_command("clauses_import_decp", str(EXEMPLE))
    assert "0 créé(s) et 0 complété(s)" in capsys.readouterr().out
