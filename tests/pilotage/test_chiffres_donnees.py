"""The open-data figures: datasets online and the organisations that publish them (seed 003:
« 38 territoires participants et 218 jeux de données »)."""

import datetime

import pytest

from territoires.opendata.models import JeuDeDonnees
from territoires.pilotage.chiffres import Periode, chiffres_cles
from tests.comptes.factories import OrganisationFactory
from tests.opendata.factories import JeuFactory, JeuPublieFactory

pytestmark = pytest.mark.django_db


def _le(annee: int):
    return datetime.datetime(annee, 6, 1, 12, tzinfo=datetime.UTC)


def test_datasets_online_at_the_end_of_the_period_and_their_publishers():
    auch, lectoure = OrganisationFactory(), OrganisationFactory()
    JeuPublieFactory(organisation=auch, publie_le=_le(2021))
    JeuPublieFactory(organisation=auch, publie_le=_le(2023))
    JeuPublieFactory(organisation=lectoure, publie_le=_le(2023))
    JeuPublieFactory(organisation=lectoure, publie_le=_le(2025))  # after the period
    JeuFactory(organisation=OrganisationFactory(), statut=JeuDeDonnees.Statut.EN_MODERATION)
    depublie = JeuPublieFactory(organisation=OrganisationFactory(), publie_le=_le(2022))
    JeuDeDonnees.objects.filter(pk=depublie.pk).update(statut=JeuDeDonnees.Statut.DEPUBLIE)

    chiffres = {c["cle"]: c for c in chiffres_cles(Periode(depuis=2022, jusqu_a=2023))}

    assert chiffres["donnees.jeux"]["valeur"] == 3
    assert chiffres["donnees.producteurs"]["valeur"] == 2
    assert chiffres["donnees.nouveaux"]["valeur"] == 2
    assert chiffres["donnees.jeux"]["phrase"] == (
        "3 jeux de données publiés par 2 organisations à la fin de 2023"
    )
    assert chiffres["donnees.nouveaux"]["phrase"] == (
        "2 nouveaux jeux de données entre 2022 et 2023"
    )


def test_the_key_figures_page_has_an_open_data_section(client):
    JeuPublieFactory(publie_le=_le(2024))
    page = client.get("/chiffres-cles/?annee=2024").content.decode()
    assert "Données ouvertes" in page
    assert "1 jeu de données publié par 1 organisation à la fin de 2024" in page
