"""The mission's figures: the stats command, the dashboard, the yearly report."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(db, mission):
    """Three EPCIs of the Gers, three communes; requests in 2017 (2) and 2024 (4)."""
    first, second = collectivite(), collectivite()
    third = collectivite(departement=first["commune"].departement)
    from tests.comptes.factories import EpciOrganisationFactory

    epci_org = EpciOrganisationFactory(epci=first["epci"])

    def make(organisation, year, days_to_answer=None, days_to_close=None, statut="nouvelle"):
        deposee = datetime.datetime(year, 3, 1, tzinfo=datetime.UTC)
        s = SollicitationFactory(
            organisation=organisation,
            deposee_le=deposee,
            statut=statut,
            premiere_reponse_le=deposee + datetime.timedelta(days=days_to_answer)
            if days_to_answer is not None
            else None,
            cloturee_le=deposee + datetime.timedelta(days=days_to_close)
            if days_to_close is not None
            else None,
        )
        if organisation.commune_id:
            s.communes.set([organisation.commune])
        return s

    make(first["organisation"], 2017, 2, 30, "terminee")
    make(epci_org, 2017, 4, 50, "terminee")
    make(first["organisation"], 2024, 6)
    make(second["organisation"], 2024)
    make(second["organisation"], 2024)
    make(second["organisation"], 2024, statut="fusionnee")  # a duplicate: not counted
    make(third["organisation"], 2024)
    return {"third": third, "second": second}


def test_stats_command_json(figures, capsys):
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2024, fmt="json")
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 6
    assert stats["par_annee"][0] == {"annee": 2017, "sollicitations": 2}
    assert stats["par_annee"][-1] == {"annee": 2024, "sollicitations": 4}
    assert len(stats["par_annee"]) == 8  # empty years are shown
    assert stats["croissance_pourcent"] == 100
    assert stats["communes"] == {"servies": 3, "total": 3, "part_pourcent": 100}
    assert stats["epcis"] == {"servis": 1, "total": 3, "part_pourcent": 33}
    assert stats["delai_median_premiere_reponse_jours"] == 4.0
    assert stats["delai_median_cloture_jours"] == 40.0


def test_a_commune_is_served_by_a_request_of_the_period_not_by_a_merged_one(figures, capsys):
    # A fourth commune of the Gers whose only request is a merged duplicate.
    quatrieme = collectivite(departement=figures["third"]["commune"].departement)
    s = SollicitationFactory(
        organisation=quatrieme["organisation"], statut="fusionnee",
        deposee_le=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    s.communes.set([quatrieme["commune"]])
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2024, fmt="json")
    assert json.loads(capsys.readouterr().out)["communes"]["servies"] == 3
    # Over 2017 alone, only the commune that asked that year.
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2017, fmt="json")
    assert json.loads(capsys.readouterr().out)["communes"]["servies"] == 1


def test_stats_command_csv_and_period(figures, capsys):
    call_command("ingenierie_stats", depuis=2024, fmt="csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0] == ["section", "libelle", "valeur"]
    assert ["Synthèse", "Sollicitations", "4"] in rows


def test_dashboard_and_reports(client, figures, mission):
    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:tableau_de_bord"), {"depuis": 2017, "jusqu_a": 2024})
    html = response.content.decode()
    assert response.status_code == 200
    assert "+100 %" in html and "Sollicitations par commune" in html
    # SVG lengths are never localised (« 37,5 » is not a length).
    assert not re.search(r'<rect[^>]*width="[0-9]+,', html)
    response = client.get(reverse("ingenierie:rapport_xlsx"), {"depuis": 2017})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Synthèse"]["B2"].value == 6
    response = client.get(reverse("ingenierie:rapport_pdf"), {"depuis": 2017})
    assert response.content.startswith(b"%PDF")
    # A collectivité has no access to the mission's dashboard.
    login(client, figures["third"]["maire"])
    assert client.get(reverse("ingenierie:tableau_de_bord")).status_code == 403


def test_dashboard_shows_the_commands_figures(client, figures, mission, capsys):
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2024, fmt="json")
    command = json.loads(capsys.readouterr().out)
    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:tableau_de_bord"), {"depuis": 2017, "jusqu_a": 2024})
    assert json.loads(json.dumps(response.context["stats"])) == command
    html = response.content.decode()
    for figure in ("33 %", "3 sur 3", "1 sur 3", "4,0 j", "40,0 j"):
        assert figure in html, figure


def test_yearly_report_compares_with_the_year_before(client, figures, mission):
    from pypdf import PdfReader

    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:rapport_pdf"), {"depuis": 2024, "jusqu_a": 2024})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "En bref" in text and "4 sollicitations en 2024" in text
    response = client.get(reverse("ingenierie:rapport_xlsx"), {"depuis": 2024, "jusqu_a": 2024})
    sheet = load_workbook(io.BytesIO(response.content))["En bref"]
    assert sheet["A2"].value.startswith("3 communes accompagnées (contre 0 en 2023), dont 2")


def test_the_map_counts_each_commune_s_requests_without_merged_duplicates(figures):
    from territoires.ingenierie.selectors import sollicitations_par_commune

    code = figures["second"]["commune"].code
    # Two requests and a merged duplicate of the second commune, all in 2024.
    assert sollicitations_par_commune(departement="32")[code] == 2
    assert sollicitations_par_commune(depuis=2024, jusqu_a=2024)[code] == 2
    assert code not in sollicitations_par_commune(depuis=2017, jusqu_a=2017)
    assert sollicitations_par_commune(codes=[code]) == {code: 2}
