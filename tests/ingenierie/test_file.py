"""The mission's queue: its filters, its sortable headers and its exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territoires.ingenierie.models import Domaine, Sollicitation
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


def _many(n, organisation, **kwargs):
    for _ in range(n):
        s = SollicitationFactory(organisation=organisation, **kwargs)
        s.communes.set([organisation.commune])


def _queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_runs_the_same_queries_for_3_and_30_rows(
    client, mission, commune, django_assert_max_num_queries
):
    login(client, mission["conseiller"])
    url = reverse("ingenierie:file") + "?statut=nouvelle&sort=organisation"
    _many(3, commune["organisation"], referent=mission["conseiller"])
    small = _queries(client, django_assert_max_num_queries, url)
    _many(27, commune["organisation"], referent=mission["conseiller2"])
    large = _queries(client, django_assert_max_num_queries, url)
    assert large == small
    assert small <= 20


def test_filters(client, mission, commune):
    other = collectivite()
    voirie = Domaine.objects.get(nom="Voirie et ouvrages d'art")
    a = SollicitationFactory(organisation=commune["organisation"], sujet="Pont de la Baïse")
    b = SollicitationFactory(
        organisation=other["organisation"],
        domaine=voirie,
        referent=mission["conseiller"],
        sujet="Route du moulin",
    )
    b.deposee_le = datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
    b.save()
    login(client, mission["chef"])
    url = reverse("ingenierie:file")

    def sujets(**params):
        response = client.get(url, params)
        return {s.sujet for s in response.context["page_obj"]}

    assert sujets() == {a.sujet, b.sujet}
    assert sujets(domaine=voirie.pk) == {b.sujet}
    assert sujets(referent=mission["conseiller"].pk) == {b.sujet}
    assert sujets(epci=commune["epci"].pk) == {a.sujet}
    assert sujets(jusqu_a="2020-12-31") == {b.sujet}
    assert sujets(q="baïse") == {a.sujet} or sujets(q="Baïse") == {a.sujet}
    assert sujets(statut=["en_cours"]) == set()
    Sollicitation.objects.filter(pk=a.pk).update(
        inactivite_signalee_le=datetime.datetime.now(tz=datetime.UTC)
    )
    assert sujets(inactives="on") == {a.sujet}
    # The chosen date comes back in the date field (ISO), not lost.
    assert 'value="2020-12-31"' in client.get(url, {"jusqu_a": "2020-12-31"}).content.decode()


def test_exports_follow_the_filters(client, mission, commune, django_assert_max_num_queries):
    voirie = Domaine.objects.get(nom="Voirie et ouvrages d'art")
    _many(3, commune["organisation"])
    SollicitationFactory(organisation=commune["organisation"], domaine=voirie, sujet="Pont")
    login(client, mission["conseiller"])
    url = reverse("ingenierie:file_export_csv")
    response = client.get(url, {"domaine": voirie.pk})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "Numéro" and len(rows) == 2 and rows[1][4] == "Pont"

    _many(20, commune["organisation"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ingenierie:file_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 25


def test_the_sortable_headers_sort_the_queue(client, mission, commune):
    other = collectivite()
    other["organisation"].nom = "Aaa commune"
    other["organisation"].save()
    commune["organisation"].nom = "Zzz commune"
    commune["organisation"].save()
    SollicitationFactory(organisation=commune["organisation"])
    SollicitationFactory(organisation=other["organisation"])
    login(client, mission["chef"])
    url = reverse("ingenierie:file")

    def organisations(**params):
        response = client.get(url, params)
        return [s.organisation.nom for s in response.context["page_obj"]]

    html = client.get(url).content.decode()
    assert "?sort=organisation" in html  # the header's link
    assert organisations(sort="organisation") == ["Aaa commune", "Zzz commune"]
    assert organisations(sort="-organisation") == ["Zzz commune", "Aaa commune"]
    # An unknown key keeps the default order (latest first), without an error.
    response = client.get(url, {"sort": "mot_de_passe"})
    assert response.context["sort"] == "-deposee_le"
    assert [s.organisation.nom for s in response.context["page_obj"]] == [
        "Aaa commune",
        "Zzz commune",
    ]
