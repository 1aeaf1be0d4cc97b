"""The commune's own dossier list: filters, CSV and XLSX exports with those filters, in a
constant number of queries, never another organisation's dossier."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territoires.aides.models import Dossier
from tests.comptes.factories import login

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def _dossiers(w, n, *, organisation, prefix, statut="depose"):
    for i in range(n):
        d = dossier_ddr(w, organisation=organisation, intitule=f"{prefix} {i}")
        Dossier.objects.filter(pk=d.pk).update(
            statut=statut,
            numero=f"{prefix[:3].upper()}-{i:04d}",
            depose_le=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        )


def test_commune_filters_and_exports_only_its_own_dossiers(client):
    w = world()
    _dossiers(w, 2, organisation=w.commune, prefix="Lavoir")
    _dossiers(w, 1, organisation=w.commune, prefix="Mairie", statut="attribue")
    dossier_ddr(w, intitule="Brouillon du préau")
    _dossiers(w, 3, organisation=w.commune_b, prefix="Voisine")
    login(client, w.agent)

    page = client.get(reverse("aides:mes_dossiers")).content.decode()
    assert "Dossiers (4)" in page
    assert "Voisine" not in page
    page = client.get(reverse("aides:mes_dossiers") + "?etat=brouillon").content.decode()
    assert "Brouillon du préau" in page and "Lavoir 0" not in page
    assert "Exporter cette liste (avec ces filtres)" in page
    assert "export.csv?etat=brouillon" in page

    rows = _csv(client.get(reverse("aides:mes_dossiers_export", args=["csv"])))
    assert rows[0][:5] == ["Numéro", "Dispositif", "Bénéficiaire", "Intitulé", "État"]
    assert sorted(r[3] for r in rows[1:]) == [
        "Brouillon du préau", "Lavoir 0", "Lavoir 1", "Mairie 0",
    ]  # fmt: skip
    assert {r[2] for r in rows[1:]} == {w.commune.nom}
    # The filters of the page apply to the export.
    rows = _csv(client.get(reverse("aides:mes_dossiers_export", args=["csv"]) + "?etat=attribue"))
    assert [r[3] for r in rows[1:]] == ["Mairie 0"]
    assert rows[1][4] == "Attribué"
    rows = _csv(client.get(reverse("aides:mes_dossiers_export", args=["csv"]) + "?q=lavoir"))
    assert sorted(r[3] for r in rows[1:]) == ["Lavoir 0", "Lavoir 1"]

    response = client.get(reverse("aides:mes_dossiers_export", args=["xlsx"]) + "?q=lavoir")
    assert response["Content-Disposition"] == 'attachment; filename="mes-dossiers.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Numéro"
    assert sorted(v[3] for v in values[1:]) == ["Lavoir 0", "Lavoir 1"]
    assert values[1][7] == 8000.0  # amounts are numbers in the spreadsheet

    # The other commune's agent exports only its own three.
    login(client, w.agent_b)
    rows = _csv(client.get(reverse("aides:mes_dossiers_export", args=["csv"])))
    assert {r[2] for r in rows[1:]} == {w.commune_b.nom}
    assert len(rows) == 4
    assert client.get(reverse("aides:mes_dossiers_export", args=["pdf"])).status_code == 404


def test_instructor_cannot_use_the_commune_export(client):
    w = world()
    login(client, w.instructeur)
    assert client.get(reverse("aides:mes_dossiers_export", args=["csv"])).status_code == 403


def test_commune_list_and_exports_constant_queries(client, django_assert_max_num_queries):
    w = world()
    login(client, w.agent)
    _dossiers(w, 2, organisation=w.commune, prefix="Petit")
    urls = [
        reverse("aides:mes_dossiers") + "?etat=depose",
        reverse("aides:mes_dossiers_export", args=["csv"]) + "?etat=depose",
        reverse("aides:mes_dossiers_export", args=["xlsx"]) + "?etat=depose",
    ]

    def run(url):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    for url in urls:
        run(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as small:
            run(url)
        counts[url] = len(small.captured_queries)
    _dossiers(w, 40, organisation=w.commune, prefix="Grand")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = run(url)
    assert "Dossiers (42)" in client.get(urls[0]).content.decode()
    assert response.status_code == 200
