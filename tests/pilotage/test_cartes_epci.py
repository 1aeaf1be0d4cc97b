"""The map by EPCI: each value is the aggregate its indicator declares (a sum, a sum masked
with its members, or the domain's own count), the table lists the EPCI with a link to their
page, and every commune is drawn in the colour of its EPCI."""

import datetime

import pytest
from django.urls import reverse

from territoires.pilotage.indicateurs import (
    INDICATEURS,
    PROPRE,
    SOMME,
    SOMME_MASQUEE,
    Periode,
    indicateur,
    par_epci,
)
from territoires.referentiel.maps import carte_epci_context
from tests.ingenierie.factories import SollicitationFactory, mission_setup
from tests.referentiel.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db

AN = 2024


def _demande(*communes):
    demande = SollicitationFactory(deposee_le=datetime.datetime(AN, 3, 1, tzinfo=datetime.UTC))
    demande.communes.add(*communes)
    return demande


def test_every_indicator_declares_how_it_aggregates():
    for ind in INDICATEURS.values():
        assert ind.agregation in {SOMME, SOMME_MASQUEE, PROPRE}
        assert (ind.agregation == PROPRE) == (ind.par_epci_domaine is not None)
    assert indicateur("clauses.heures_insertion").agregation == SOMME_MASQUEE


def test_requests_count_once_per_epci(django_assert_max_num_queries):
    mission_setup()
    epci, autre = EpciFactory(), EpciFactory()
    a, b = CommuneFactory(epci=epci), CommuneFactory(epci=epci)
    c = CommuneFactory(epci=autre)
    _demande(a, b)  # one request on two communes of one EPCI
    _demande(a)
    _demande(b, c)
    periode = Periode.annee(AN)
    par_commune = indicateur("ingenierie.demandes").par_commune(periode)
    assert par_commune == {a.code: 2, b.code: 2, c.code: 1}
    with django_assert_max_num_queries(1):
        valeurs = par_epci(indicateur("ingenierie.demandes"), periode)
    assert valeurs == {epci.siren: 3, autre.siren: 1}
    assert par_epci(indicateur("ingenierie.demandes"), Periode.annee(AN - 1)) == {}


def test_sums_by_epci_and_leaves_out_communes_without_one(django_assert_max_num_queries):
    from territoires.participation.models import Participation
    from tests.participation.factories import CampagneFactory

    epci = EpciFactory()
    a, b = CommuneFactory(epci=epci), CommuneFactory(epci=epci)
    seule = CommuneFactory(epci=None)
    campagne = CampagneFactory(phase="vote")
    for commune, nombre in ((a, 7), (b, 5), (seule, 3)):
        Participation.objects.create(
            campagne=campagne,
            dimension=Participation.Dimension.COMMUNE,
            valeur=commune.code,
            nombre=nombre,
        )
    votants = indicateur("participation.votants")
    with django_assert_max_num_queries(2):
        valeurs = par_epci(votants, Periode.annee(campagne.vote_debut.year))
    assert valeurs == {epci.siren: 12}


def test_a_masked_member_masks_its_epci():
    """Otherwise the masked hours would come back by difference with the other members."""
    from territoires.clauses.models import ConfigurationClauses
    from tests.clauses.factories import ContratFactory, DonneurOrdreFactory, LotFactory, heures
    from tests.comptes.factories import OrganisationFactory

    seuil = ConfigurationClauses.courante().seuil_secret_statistique
    epci, autre = EpciFactory(), EpciFactory()
    grande = OrganisationFactory(commune=CommuneFactory(epci=epci))
    petite = OrganisationFactory(commune=CommuneFactory(epci=epci))
    ailleurs = OrganisationFactory(commune=CommuneFactory(epci=autre))
    for organisation, personnes in ((grande, seuil), (petite, 1), (ailleurs, seuil)):
        lot = LotFactory(marche__donneur_ordre=DonneurOrdreFactory(organisation=organisation))
        for _ in range(personnes):
            heures(lot=lot, contrat=ContratFactory(), nombre=10)
    valeurs = par_epci(indicateur("clauses.heures_insertion"), Periode.annee(2022))
    assert valeurs == {epci.siren: None, autre.siren: 10.0 * seuil}


def test_epci_map_colours_each_commune_with_its_epci():
    epci, vide = EpciFactory(nom="CC de la Ténarèze"), EpciFactory(nom="CC sans activité")
    a = CommuneFactory(code="32107", epci=epci, departement__code="32")  # Condom: has a contour
    vide.departements.set([a.departement])
    carte = carte_epci_context(
        {epci.siren: 4, "999999999": 2}, titre="Demandes", unite="demandes", departement="32"
    )["carte"]
    assert carte["echelle"] == "epci"
    par_code = {ligne["code"]: ligne for ligne in carte["lignes"]}
    assert par_code[epci.siren]["url"] == reverse("pilotage:epci", args=[epci.siren])
    assert par_code[vide.siren]["valeur"] is None  # an EPCI of the département, no activity
    assert par_code["999999999"]["url"] == ""  # unknown SIREN: listed, never an error
    dessin = carte["donnees"]["communes"][a.code]
    assert dessin[1] == par_code[epci.siren]["couleur"] and dessin[3] == epci.siren
    assert "CC de la Ténarèze : 4 demandes" in dessin[0]


def test_page_by_epci_lists_the_epci_with_their_link(client):
    mission_setup()
    epci = EpciFactory(nom="CC du Bas-Armagnac")
    a, b = CommuneFactory(epci=epci), CommuneFactory(epci=epci)
    _demande(a, b)
    page = client.get(
        reverse("pilotage:carte"),
        {"indicateur": "ingenierie.demandes", "echelle": "epci", "depuis": AN, "jusqu_a": AN},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Demandes d&#x27;ingénierie par intercommunalité, 2024" in html
    assert '<th scope="col">SIREN</th>' in html
    assert f'<a href="/territoires/epci/{epci.siren}/">CC du Bas-Armagnac</a>' in html
    assert f"<td>{epci.siren}</td>" in html


def test_unknown_scale_is_refused_in_french(client):
    page = client.get(
        reverse("pilotage:carte"), {"indicateur": "ingenierie.demandes", "echelle": "canton"}
    )
    assert page.status_code == 200
    assert "Choisissez l&#x27;échelle « par commune » ou « par intercommunalité »." in (
        page.content.decode()
    )
