"""The mission's figures at national scale (issue 16): the dashboard runs the same queries for
3 and 30 requests, its figures are served from the cache while no request changes, and any
request filed or moved on shows at once."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.ingenierie.models import Domaine, Nature
from territoires.ingenierie.services.depot import sollicitation_create
from territoires.ingenierie.services.tri import sollicitation_accept
from territoires.ingenierie.statistiques import statistiques
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


def _demandes(organisation, nombre: int) -> None:
    for i in range(nombre):
        s = SollicitationFactory(
            organisation=organisation,
            deposee_le=datetime.datetime(2018 + i % 6, 3, 1, tzinfo=datetime.UTC),
            statut=("nouvelle", "en_cours", "terminee")[i % 3],
            premiere_reponse_le=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
        )
        s.communes.set([organisation.commune])


def _requetes(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("ingenierie:tableau_de_bord")).status_code == 200
    return len(ctx)


def test_the_dashboard_queries_do_not_grow_with_the_requests(client, mission):
    monde = collectivite()
    login(client, mission["conseiller"])
    _demandes(monde["organisation"], 3)
    peu = _requetes(client)
    _demandes(collectivite()["organisation"], 27)
    assert _requetes(client) == peu


def test_the_figures_are_the_same_by_index_as_by_rows(mission):
    monde = collectivite()
    _demandes(monde["organisation"], 12)
    stats = statistiques()
    assert stats["total"] == 12
    assert sum(r["sollicitations"] for r in stats["par_domaine"]) == 12
    assert {r["libelle"]: r["sollicitations"] for r in stats["par_statut"]} == {
        "Nouvelle": 4,
        "En cours": 4,
        "Terminée": 4,
    }
    assert [r["annee"] for r in stats["par_annee"]] == list(range(2018, 2024))
    # 12 requests answered on the same day: the median is the middle of the two middle ones.
    assert stats["delai_median_premiere_reponse_jours"] is not None


def test_the_served_figures_follow_every_new_or_moved_request(client, mission, settings):
    settings.INGENIERIE_CHIFFRES_CACHE_SECONDES = 600
    cache.clear()
    monde = collectivite()
    _demandes(monde["organisation"], 3)
    login(client, mission["conseiller"])
    url = reverse("ingenierie:tableau_de_bord")
    assert client.get(url).context["stats"]["total"] == 3
    # Served from the cache: fewer queries than recomputed, and of its own a single one (the
    # state of the requests) beside what any page of the advisor runs.
    servie = _requetes(client)
    with CaptureQueriesContext(connection) as page_nue:
        assert client.get(reverse("ui:mentions_legales")).status_code == 200
    assert servie == len(page_nue) + 1
    settings.INGENIERIE_CHIFFRES_CACHE_SECONDES = 0
    assert _requetes(client) > servie
    settings.INGENIERIE_CHIFFRES_CACHE_SECONDES = 600

    demande = sollicitation_create(
        organisation=monde["organisation"], sujet="Pont", description="Il s'effrite.",
        domaine=Domaine.objects.first(), nature=Nature.objects.first(),
    )  # fmt: skip
    stats = client.get(url).context["stats"]
    assert stats["total"] == 4
    nouvelles = {r["libelle"]: r["sollicitations"] for r in stats["par_statut"]}["Nouvelle"]

    sollicitation_accept(
        sollicitation=demande, referent=mission["conseiller"], actor=mission["chef"]
    )
    stats = client.get(url).context["stats"]
    assert {r["libelle"]: r["sollicitations"] for r in stats["par_statut"]}["Nouvelle"] == (
        nouvelles - 1
    )
