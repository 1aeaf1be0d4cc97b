"""The territory pages of a commune and of an EPCI run the same number of SQL queries with few
and with many data, in each of the three views (public, member, full)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.comptes.models import Role
from tests.comptes.factories import MembreFactory, UserFactory, login
from tests.ingenierie.factories import SollicitationFactory
from tests.pilotage.factories_territoire import contrat_et_agence, dans_un_epci, monde_territoire

pytestmark = pytest.mark.django_db


def _lecteurs(w):
    membre_epci = MembreFactory(role=Role.AGENT, organisation=w.epci, user=UserFactory()).user
    return {
        "publique": {"commune": None, "epci": None},
        "membre": {"commune": w.agent, "epci": membre_epci},
        "complete": {"commune": w.instructeur, "epci": w.instructeur},
    }


def _compte(client, user, url) -> tuple[int, str]:
    client.logout()
    if user is not None:
        login(client, user)
    client.get(url)  # the session and the caches, as a reader who came back
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _grossir(w, fois: int):
    contrat_et_agence(w, taille=fois, annee=2024)
    for organisation in (w.commune, w.commune_b):
        for n in range(fois):
            demande = SollicitationFactory(
                organisation=organisation,
                deposee_le=datetime.datetime(2022 + n % 4, 2, 1, tzinfo=datetime.UTC),
            )
            demande.communes.add(organisation.commune)


def test_queries_of_commune_and_epci_pages_do_not_grow_with_the_data(
    client, django_assert_num_queries
):
    w = contrat_et_agence(dans_un_epci(monde_territoire(2025)))
    lecteurs = _lecteurs(w)
    urls = {"commune": w.commune.commune.get_absolute_url(), "epci": w.epci.epci.get_absolute_url()}
    avant = {
        (vue, page): _compte(client, lecteurs[vue][page], url)[0]
        for vue in lecteurs
        for page, url in urls.items()
    }
    _grossir(w, 12)
    for (vue, page), nombre in avant.items():
        client.logout()
        user = lecteurs[vue][page]
        if user is not None:
            login(client, user)
        client.get(urls[page])
        with django_assert_num_queries(nombre, info=f"{vue} {page}"):
            response = client.get(urls[page])
        assert response.status_code == 200
        assert len(response.content) < 150_000


def test_each_view_reads_its_part_of_the_contract_and_the_agency(client):
    w = contrat_et_agence(dans_un_epci(monde_territoire(2025)))
    lecteurs = _lecteurs(w)
    commune_url = w.commune.commune.get_absolute_url()
    _, public = _compte(client, None, commune_url)
    assert "enveloppe de 600" in public  # the contract and its envelope are public
    assert "Opération 0-0" not in public
    assert "Adhérente à l'agence en 2025" in public
    assert "Cotisation" not in public and "Prestations réalisées" not in public
    _, maire = _compte(client, lecteurs["membre"]["commune"], commune_url)
    assert "Prestations réalisées par l'agence" in maire and "Cotisation" in maire
    assert "Opération 0-0" not in maire  # the EPCI's contract is not the commune's own
    _, epci = _compte(client, lecteurs["membre"]["epci"], w.epci.epci.get_absolute_url())
    assert "Opération 0-0" in epci and "Prestations réalisées" not in epci
    _, agent = _compte(client, lecteurs["complete"]["commune"], commune_url)
    assert "Opération 0-0" in agent and "Prestations réalisées" in agent
    assert "40 000 €" in agent.replace("\u00a0", " ")  # engaged on the operation
