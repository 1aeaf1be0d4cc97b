"""The Hérault's rural rule (seed 003: « jusqu'à 80 % » for rural communes) as a setting:
a population threshold or a list, the cap applying to rural communes only."""

import datetime

import pytest

from territoires.aides import eligibilite, services
from territoires.aides.configuration import configuration_herault
from territoires.aides.models import Dispositif, ParametreDispositif
from territoires.aides.services import depot

from ..aides.factories import D, plan, world
from ..comptes.factories import valid_siret

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 3, 1)
Cle = ParametreDispositif.Cle


def _verdicts(dossier) -> dict:
    return {v.code: v for v in eligibilite.controles_depot(dossier, date=JOUR)}


def _dossier(w, dispositif, organisation, *, demande: str):
    """A project of 100 000 € HT whose plan is balanced by the commune's own funds."""
    return services.dossier_create(
        organisation=organisation,
        dispositif=dispositif,
        actor=w.agent if organisation == w.commune else w.agent_b,
        data={
            "intitule": "Aménagement du cœur de village",
            "cout_ht": D("100000"),
            "montant_demande": D(demande),
            "siret_beneficiaire": organisation.siret,
        },
        financements=plan(autofinancement=str(100000 - int(demande))),
    )


def _regle(dispositif: Dispositif, **valeur) -> None:
    ParametreDispositif.objects.filter(dispositif=dispositif, cle=Cle.RURALITE).update(
        valeur={"taux_max": 0.8, **valeur}
    )


@pytest.fixture
def herault():
    w = world()
    dispositif = configuration_herault(service=w.service, annees=range(2024, 2028))
    w.commune.commune.population = 400  # rural under the default threshold (2 000)
    w.commune.commune.save()
    w.commune_b.commune.population = 12000  # not rural
    w.commune_b.commune.save()
    w.commune_b.siret = valid_siret(w.commune_b.siren)
    w.commune_b.save()
    return w, dispositif


def test_the_default_threshold_comes_from_the_herault_profile(herault):
    _, dispositif = herault
    regle = ParametreDispositif.objects.get(dispositif=dispositif, cle=Cle.RURALITE)
    assert regle.valeur == {"taux_max": 0.8, "population_max": 2000}
    # The seed's figure is cited, the definition of « rural » is said to be an assumption.
    assert "80%" in regle.source and "Hypothèse de démonstration" in regle.source
    # « 40 % en moyenne » is never a cap of the scheme.
    assert not ParametreDispositif.objects.filter(dispositif=dispositif, cle=Cle.TAUX_MAX)


def test_a_rural_commune_is_refused_above_80_percent_and_accepted_under(herault):
    w, dispositif = herault
    dossier = _dossier(w, dispositif, w.commune, demande="85000")
    verdict = _verdicts(dossier)["taux_rural"]
    assert not verdict.ok and verdict.bloquant
    assert "dépasse le taux maximal de 80 % des communes rurales" in verdict.message
    assert "2\u202f000 habitants au plus" in verdict.message
    with pytest.raises(depot.DossierRefuse, match="80 %"):
        services.dossier_submit(dossier=dossier, actor=w.agent, date=JOUR)

    autre = _dossier(w, dispositif, w.commune, demande="80000")
    assert _verdicts(autre)["taux_rural"].ok


def test_a_commune_that_is_not_rural_is_not_capped_by_the_rural_rate(herault):
    w, dispositif = herault
    dossier = _dossier(w, dispositif, w.commune_b, demande="82000")
    verdicts = _verdicts(dossier)
    assert "taux_rural" not in verdicts
    assert all(v.ok for v in verdicts.values() if v.code.startswith("taux")), verdicts


def test_the_threshold_is_a_setting(herault):
    w, dispositif = herault
    _regle(dispositif, population_max=20000)  # the big commune becomes rural
    dossier = _dossier(w, dispositif, w.commune_b, demande="85000")
    assert not _verdicts(dossier)["taux_rural"].ok
    _regle(dispositif, population_max=300)  # the small one is not rural any more
    dossier = _dossier(w, dispositif, w.commune, demande="85000")
    assert "taux_rural" not in _verdicts(dossier)


def test_a_list_of_rural_communes_wins_over_the_threshold(herault):
    w, dispositif = herault
    _regle(dispositif, population_max=2000, communes=[w.commune_b.commune.code])
    grande = _dossier(w, dispositif, w.commune_b, demande="85000")
    verdict = _verdicts(grande)["taux_rural"]
    assert not verdict.ok
    assert "liste rurale" in verdict.message
    petite = _dossier(w, dispositif, w.commune, demande="85000")
    assert "taux_rural" not in _verdicts(petite)


def test_the_catalogue_states_the_rule_and_the_precheck_tells_a_rural_commune(herault):
    w, dispositif = herault
    params = {Cle.RURALITE: {"taux_max": 0.8, "population_max": 2000}}
    lignes = dict(eligibilite.parametres_lisibles(params))
    assert lignes["Communes rurales"] == (
        "jusqu'à 80 % du coût HT pour les communes de 2\u202f000 habitants au plus"
    )
    verdicts = {
        v.code: v
        for v in eligibilite.eligibilite(dispositif=dispositif, organisation=w.commune, date=JOUR)
    }
    assert "80 %" in verdicts["taux_rural"].message
    autres = eligibilite.eligibilite(dispositif=dispositif, organisation=w.commune_b, date=JOUR)
    assert "taux_rural" not in {v.code for v in autres}


def test_the_schemes_page_shows_the_assumptions_as_such(herault, client):
    _, dispositif = herault
    page = client.get(f"/aides/dispositifs/{dispositif.code}/").content.decode()
    assert "Hypothèse de démonstration" in page
    assert "définition d&#x27;une commune rurale" in page
    assert "avance maximale" in page
