"""The public key-figures page, its report (PDF, XLSX, JSON) and the command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.pilotage.test_chiffres_coherence import donnees  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_sentences_for_the_chosen_period(client, donnees):  # noqa: F811
    response = client.get(reverse("pilotage:chiffres"), {"depuis": 2022, "jusqu_a": 2023})
    html = response.content.decode()
    assert response.status_code == 200
    assert "de 2022 à 2023" in html
    assert "3 demandes d&#x27;ingénierie entre 2022 et 2023" in html
    assert "2 subventions accordées en 2022" in html
    assert len(response.content) < 150_000


def test_an_invalid_period_is_explained(client, db):
    response = client.get(reverse("pilotage:chiffres"), {"depuis": 2023, "jusqu_a": 2017})
    assert response.status_code == 400
    assert "La première année doit précéder la dernière." in response.content.decode()
    response = client.get(reverse("pilotage:chiffres"), {"annee": "deux"})
    assert response.status_code == 400
    assert "Saisissez un nombre entier" in response.content.decode()


def test_report_in_three_formats(client, donnees):  # noqa: F811
    query = {"annee": 2022}
    data = json.loads(client.get(reverse("pilotage:rapport", args=["json"]), query).content)
    assert data["periode"] == {"depuis": 2022, "jusqu_a": 2022}
    cles = {c["cle"]: c["valeur"] for c in data["chiffres"]}
    assert cles["ingenierie.demandes"] == 2
    xlsx = client.get(reverse("pilotage:rapport", args=["xlsx"]), query)
    lignes = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert lignes[0][:3] == ("cle", "phrase", "valeur")
    assert ("ingenierie.demandes", "2 demandes d'ingénierie en 2022", 2) in [r[:3] for r in lignes]
    pdf = client.get(reverse("pilotage:rapport", args=["pdf"]), query)
    texte = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "2 demandes d'ingénierie en 2022" in texte
    assert client.get(reverse("pilotage:rapport", args=["doc"])).status_code == 404


def test_the_command_writes_json_and_csv(donnees, capsys, tmp_path):  # noqa: F811
    call_command("pilotage_chiffres", annee="2022", fmt="json")
    data = json.loads(capsys.readouterr().out)
    assert {c["cle"]: c["valeur"] for c in data["chiffres"]}["ingenierie.demandes"] == 2
    call_command("pilotage_chiffres", depuis="2022", jusqu_a="2023", fmt="csv")
    assert "ingenierie.demandes;3 demandes" in capsys.readouterr().out
    sortie = tmp_path / "r.xlsx"
    call_command("pilotage_chiffres", annee="2022", fmt="xlsx", sortie=str(sortie))
    assert sortie.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="pas les deux"):
        call_command("pilotage_chiffres", annee="2022", depuis="2020")
    with pytest.raises(CommandError, match="quatre chiffres"):
        call_command("pilotage_chiffres", annee="vingt")
