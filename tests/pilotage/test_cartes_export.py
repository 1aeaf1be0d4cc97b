"""The table of the map as CSV and XLSX: the page's filters, formulas neutralised, a number of
queries that does not grow with the rows, non-public indicators for the full view only."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.participation.models import Participation
from tests.comptes.factories import login
from tests.participation.factories import CampagneFactory
from tests.referentiel.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db


def _votants(campagne, communes, nombre=4):
    Participation.objects.bulk_create(
        Participation(
            campagne=campagne,
            dimension=Participation.Dimension.COMMUNE,
            valeur=commune.code,
            nombre=nombre,
        )
        for commune in communes
    )


def _params(campagne, **extra):
    annee = campagne.vote_debut.year
    return {"indicateur": "participation.votants", "depuis": annee, "jusqu_a": annee, **extra}


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [line.split(";") for line in text.splitlines()]


def test_csv_by_commune_follows_the_page_filters(client):
    campagne = CampagneFactory(phase="vote")
    ici = CommuneFactory(nom="Auch")
    _votants(campagne, [ici], nombre=7)
    response = client.get(reverse("pilotage:carte_export", args=["csv"]), _params(campagne))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lignes = _csv(response)
    assert lignes[0] == [
        "Commune",
        "Code INSEE",
        "Votants du budget participatif (votants)",
        "Classe",
    ]
    assert lignes[1][:3] == ["Auch", ici.code, "7"]
    autre = client.get(
        reverse("pilotage:carte_export", args=["csv"]),
        _params(
            campagne, depuis=campagne.vote_debut.year - 2, jusqu_a=campagne.vote_debut.year - 1
        ),
    )
    assert len(_csv(autre)) == 1  # another period: the header only


def test_xlsx_by_epci_neutralises_formulas(client):
    campagne = CampagneFactory(phase="vote")
    piege = EpciFactory(nom='=HYPERLINK("http://exemple.invalid","clic")')
    _votants(campagne, [CommuneFactory(epci=piege), CommuneFactory(epci=piege)], nombre=3)
    response = client.get(
        reverse("pilotage:carte_export", args=["xlsx"]), _params(campagne, echelle="epci")
    )
    assert response.status_code == 200
    feuille = openpyxl.load_workbook(io.BytesIO(response.content)).active
    lignes = list(feuille.iter_rows())
    assert [c.value for c in lignes[0][:2]] == ["Intercommunalité", "SIREN"]
    ligne = next(row for row in lignes if row[1].value == piege.siren)
    # Text, never a live formula: a text cell with Excel's own leading apostrophe.
    assert ligne[0].value == piege.nom and ligne[0].data_type == "s"
    assert ligne[0].quotePrefix
    assert ligne[2].value == 6


def test_csv_neutralises_formulas_too(client):
    campagne = CampagneFactory(phase="vote")
    _votants(campagne, [CommuneFactory(nom="@SOMME(A1:A9)")])
    lignes = _csv(client.get(reverse("pilotage:carte_export", args=["csv"]), _params(campagne)))
    assert lignes[1][0] == "'@SOMME(A1:A9)"


@pytest.mark.parametrize("echelle", ["commune", "epci"])
def test_export_queries_do_not_grow_with_the_rows(client, echelle):
    campagne = CampagneFactory(phase="vote")
    url = reverse("pilotage:carte_export", args=["csv"])

    def compter() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as requetes:
            lignes = _csv(client.get(url, _params(campagne, echelle=echelle)))
        return len(requetes), len(lignes)

    epci = EpciFactory()
    _votants(campagne, [CommuneFactory(epci=epci) for _ in range(2)])
    peu, lignes_peu = compter()
    for _ in range(5):
        _votants(campagne, [CommuneFactory(epci=EpciFactory()) for _ in range(4)])
    beaucoup, lignes_beaucoup = compter()
    assert lignes_beaucoup > lignes_peu
    assert beaucoup == peu <= 8


def test_unknown_format_is_404(client):
    assert client.get(reverse("pilotage:carte_export", args=["ods"])).status_code == 404


def test_non_public_indicator_is_exported_to_the_full_view_only(client):
    from tests.aides.factories import world

    params = {"indicateur": "aides.montant_verse", "depuis": 2024, "jusqu_a": 2024}
    url = reverse("pilotage:carte_export", args=["csv"])
    refus = client.get(url, params)
    assert refus.status_code == 400
    assert "Le formulaire contient" in refus.content.decode()
    login(client, world().instructeur)
    assert client.get(url, params).status_code == 200
    page = client.get(reverse("pilotage:carte"), params).content.decode()
    assert "Subventions versées par commune, 2024" in page
