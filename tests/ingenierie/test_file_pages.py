"""The mission's queue at national scale (issue 16): a page reads its keys first, sorted on
narrow rows, then its rows; every sort shows the same rows, in the same order, page after
page, as the whole queue sorted at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.ingenierie.models import Sollicitation
from territoires.ingenierie.views import PAGE_SIZE
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db

STATUTS = ["nouvelle", "en_cours", "terminee"]


@pytest.fixture
def file_remplie(mission):
    """Three collectivités (two of the same name), 31 requests, several on the same day:
    ties that only the primary key orders."""
    organisations = []
    for nom in ("Commune de Bassoues", "Commune d'Auch", "Commune d'Auch"):
        organisation = collectivite()["organisation"]
        organisation.nom = nom
        organisation.save()
        organisations.append(organisation)
    for i in range(PAGE_SIZE + 6):
        s = SollicitationFactory(organisation=organisations[i % 3], statut=STATUTS[i % 3])
        s.deposee_le = datetime.datetime(2024, 1 + i % 4, 1, tzinfo=datetime.UTC)
        s.save()
    return organisations


def _attendu(sort: str) -> list[int]:
    """The whole queue sorted in Python: the sort key, then the newest request first."""
    rows = list(Sollicitation.objects.select_related("organisation"))
    cle = {
        "deposee_le": lambda s: s.deposee_le,
        "organisation": lambda s: s.organisation.nom,
        "statut": lambda s: s.statut,
    }[sort.lstrip("-")]
    rows.sort(key=lambda s: s.pk, reverse=True)  # ties: newest first (a stable sort keeps it)
    rows.sort(key=cle, reverse=sort.startswith("-"))
    return [s.pk for s in rows]


@pytest.mark.parametrize(
    "sort", ["", "deposee_le", "-deposee_le", "organisation", "-organisation", "statut", "-statut"]
)
def test_every_sort_shows_the_rows_of_the_whole_queue_page_after_page(
    client, mission, file_remplie, sort
):
    login(client, mission["chef"])
    vus = []
    for page in (1, 2):
        response = client.get(reverse("ingenierie:file"), {"sort": sort, "page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == PAGE_SIZE + 6
        vus += [s.pk for s in response.context["page_obj"]]
    assert vus == _attendu(sort or "-deposee_le")


def test_the_sort_reads_keys_only_and_the_rows_by_key(client, mission, file_remplie):
    """The sorted query never carries the wide columns (subject, description): they are read
    for the page's 25 keys only."""
    login(client, mission["chef"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("ingenierie:file"), {"sort": "organisation", "page": 2})
    assert [s.organisation.nom for s in response.context["page_obj"]] == ["Commune de Bassoues"] * 6
    table = Sollicitation._meta.db_table
    triees = [q["sql"] for q in ctx.captured_queries if f'"{table}"' in q["sql"]]
    triees = [sql for sql in triees if "ORDER BY" in sql]
    assert triees, "the page's keys are read sorted"
    for sql in triees:
        assert '"description"' not in sql and '"sujet"' not in sql


def test_a_search_counts_up_to_a_ceiling_and_shows_the_same_rows(
    client, mission, file_remplie, monkeypatch
):
    """A LIKE over every request would cost the count seconds at national scale: a search
    counts its matches up to a ceiling and says so; its rows are those of the whole search."""
    from territoires.ingenierie.views import file

    monkeypatch.setattr(file, "PLAFOND_RECHERCHE", PAGE_SIZE + 1)
    login(client, mission["chef"])
    response = client.get(reverse("ingenierie:file"), {"q": "Sujet"})
    assert f"Sollicitations (plus de {PAGE_SIZE + 1} : précisez" in response.content.decode()
    assert [s.pk for s in response.context["page_obj"]] == _attendu("-deposee_le")[:PAGE_SIZE]
    # Under the ceiling, the exact count.
    monkeypatch.setattr(file, "PLAFOND_RECHERCHE", 1000)
    response = client.get(reverse("ingenierie:file"), {"q": "Sujet"})
    assert f"Sollicitations ({PAGE_SIZE + 6})" in response.content.decode()
