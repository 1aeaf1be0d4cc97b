"""Issue 15 — « un dossier par an et par commune » (seed 000), counted per programming year
(the year of the session) by default, per calendar year of filing as a setting."""

import datetime

import pytest

from territoires.aides import eligibilite, services
from territoires.aides.models import ParametreDispositif

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db

DECEMBRE = datetime.date(2025, 12, 10)
MARS = datetime.date(2026, 3, 10)


def _periode(w, periode):
    ParametreDispositif.objects.filter(
        dispositif=w.ddr, cle=ParametreDispositif.Cle.LIMITE_DOSSIERS
    ).update(valeur={"nombre": 1, "periode": periode})


def _depose_en_decembre(w):
    dossier = dossier_ddr(w, intitule="Lavoir")
    services.dossier_submit(dossier=dossier, actor=w.agent, date=DECEMBRE)
    dossier.refresh_from_db()
    assert dossier.session.nom == "Commission permanente de juin 2026"
    return dossier


def test_december_and_march_are_the_same_programming_year():
    w = world()
    premier = _depose_en_decembre(w)
    second = dossier_ddr(w, intitule="Préau de l'école")
    with pytest.raises(services.DossierRefuse) as refus:
        services.dossier_submit(dossier=second, actor=w.agent, date=MARS)
    message = " ".join(v.message for v in eligibilite.refus(refus.value.verdicts))
    assert "l'année de programmation 2026 (sessions de 2026)" in message
    assert premier.numero in message


def test_the_calendar_year_of_filing_is_a_setting():
    w = world()
    _periode(w, "civile")
    _depose_en_decembre(w)
    second = dossier_ddr(w, intitule="Préau de l'école")
    services.dossier_submit(dossier=second, actor=w.agent, date=MARS)
    second.refresh_from_db()
    assert second.statut == "depose"
    third = dossier_ddr(w, intitule="Mur du cimetière")
    with pytest.raises(services.DossierRefuse, match="année civile 2026"):
        services.dossier_submit(dossier=third, actor=w.agent, date=datetime.date(2026, 9, 1))


def test_the_next_programming_year_is_open():
    w = world()
    _depose_en_decembre(w)  # June 2026
    second = dossier_ddr(w, intitule="Préau de l'école")
    services.dossier_submit(dossier=second, actor=w.agent, date=datetime.date(2026, 8, 20))
    second.refresh_from_db()
    assert second.session.nom == "Commission permanente de juin 2027"


def test_another_commune_is_not_counted_and_the_rule_reads_in_words():
    w = world()
    _depose_en_decembre(w)
    autre = dossier_ddr(w, organisation=w.commune_b)
    services.dossier_submit(dossier=autre, actor=w.agent_b, date=MARS)
    params = {ParametreDispositif.Cle.LIMITE_DOSSIERS: {"nombre": 1}}
    assert dict(eligibilite.parametres_lisibles(params))["Nombre de dossiers"] == (
        "1 par bénéficiaire et par année de programmation (l'année de la session)"
    )
