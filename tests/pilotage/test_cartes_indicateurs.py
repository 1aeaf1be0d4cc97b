"""Indicators by commune: each equals its module's own figures on the same period, in a
constant number of queries."""

import datetime

import pytest

from territoires.aides import selectors as aides_selectors
from territoires.aides import services
from territoires.aides.models import Versement
from territoires.pilotage.indicateurs import INDICATEURS, Periode, indicateur
from tests.aides.factories import D, world
from tests.aides.test_scdl_actes import attribue

pytestmark = pytest.mark.django_db


def test_periode_of_one_year():
    assert Periode.annee(2024) == Periode(depuis=2024, jusqu_a=2024)
    assert str(Periode(depuis=2017, jusqu_a=2023)) == "2017–2023"


def test_unknown_indicator_raises_key_error():
    with pytest.raises(KeyError):
        indicateur("inconnu.rien")


def test_every_indicator_is_described():
    for cle, ind in INDICATEURS.items():
        assert ind.cle == cle and ind.libelle and ind.unite and ind.definition
        assert ind.module in {"ingenierie", "aides", "clauses", "participation", "donnees"}


def test_aid_indicators_equal_the_dashboard(django_assert_max_num_queries):
    w = world()
    dossier = attribue(w)  # voted 26 June 2026
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    code = w.commune.commune.code
    tableau = aides_selectors.tableau_de_bord(2026)
    periode = Periode.annee(2026)
    with django_assert_max_num_queries(2):
        accorde = indicateur("aides.montant_accorde").par_commune(periode)
    assert accorde == tableau["par_commune"]
    assert indicateur("aides.dossiers_votes").par_commune(periode) == {code: 1}
    avance.refresh_from_db()
    assert indicateur("aides.montant_verse").par_commune(periode) == {
        code: float(avance.montant_verse)
    }
    assert indicateur("aides.montant_accorde").par_commune(Periode.annee(2025)) == {}


def test_participatory_budget_indicators_follow_the_campaign():
    from territoires.participation import selectors as participation_selectors
    from territoires.participation.models import Participation
    from tests.participation.factories import CampagneFactory, enveloppe, projet
    from tests.referentiel.factories import CommuneFactory

    ici, ailleurs = CommuneFactory(), CommuneFactory()
    campagne = CampagneFactory(phase="vote")
    env = enveloppe(campagne)
    projet(env, "P1", "100", commune=ici)
    projet(env, "P2", "100", commune=ici)
    projet(env, "P3", "100", commune=ailleurs, soumis_au_vote=False)
    Participation.objects.create(
        campagne=campagne, dimension=Participation.Dimension.COMMUNE, valeur=ici.code, nombre=7
    )
    periode = Periode.annee(campagne.vote_debut.year)
    assert indicateur("participation.projets").par_commune(periode) == {ici.code: 2}
    votants = indicateur("participation.votants").par_commune(periode)
    assert votants == participation_selectors.participation(campagne)["commune"] == {ici.code: 7}
    autre = Periode.annee(campagne.vote_debut.year - 3)
    assert indicateur("participation.projets").par_commune(autre) == {}


def test_published_datasets_of_the_commune():
    from django.utils import timezone

    from tests.comptes.factories import OrganisationFactory
    from tests.opendata.factories import JeuFactory, JeuPublieFactory

    organisation = OrganisationFactory()
    code = organisation.commune.code
    quand = timezone.now().replace(year=2024)
    JeuPublieFactory(organisation=organisation, publie_le=quand)
    JeuPublieFactory(organisation=organisation, publie_le=quand.replace(year=2021))
    JeuFactory(organisation=organisation)  # a draft is not counted
    jeux = indicateur("donnees.jeux_publies")
    assert jeux.par_commune(Periode.annee(2024)) == {code: 1}
    assert jeux.par_commune(Periode(depuis=2020, jusqu_a=2024)) == {code: 2}


def test_insertion_hours_by_buyer_commune_mask_small_counts(django_assert_max_num_queries):
    from territoires.clauses.models import ConfigurationClauses
    from tests.clauses.factories import ContratFactory, DonneurOrdreFactory, LotFactory, heures
    from tests.comptes.factories import OrganisationFactory

    seuil = ConfigurationClauses.courante().seuil_secret_statistique
    grande, petite = OrganisationFactory(), OrganisationFactory()
    lot = LotFactory(marche__donneur_ordre=DonneurOrdreFactory(organisation=grande))
    for _ in range(seuil):
        heures(lot=lot, contrat=ContratFactory(), nombre=10)
    heures(lot=lot, contrat=ContratFactory(), mois=datetime.date(2023, 1, 1), nombre=99)
    lot_petit = LotFactory(marche__donneur_ordre=DonneurOrdreFactory(organisation=petite))
    heures(lot=lot_petit, contrat=ContratFactory(), nombre=35)
    with django_assert_max_num_queries(2):
        valeurs = indicateur("clauses.heures_insertion").par_commune(Periode.annee(2022))
    assert valeurs == {grande.commune.code: 10.0 * seuil, petite.commune.code: None}
