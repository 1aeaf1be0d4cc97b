"""Each key figure equals the module's own command or dashboard on the same period."""

import datetime
import json

import pytest
from django.core.management import call_command

from territoires.aides.selectors import tableau_de_bord
from territoires.pilotage.chiffres import Periode, chiffres_cles
from tests.aides.factories import world
from tests.aides.test_tableau import _attribuer
from tests.ingenierie.factories import SollicitationFactory, collectivite, mission_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def donnees():
    mission_setup()
    communes = [collectivite(), collectivite()]
    for annee, organisation in ((2022, 0), (2022, 1), (2023, 0)):
        org = communes[organisation]["organisation"]
        s = SollicitationFactory(
            organisation=org, deposee_le=datetime.datetime(annee, 3, 1, tzinfo=datetime.UTC)
        )
        s.communes.set([org.commune])
    w = world()
    juin = datetime.date(2022, 6, 26)
    _attribuer(w, depose=datetime.date(2022, 3, 1), decide=juin, cout="20000", montant="8000",
               intitule="A")  # fmt: skip
    _attribuer(w, depose=datetime.date(2022, 3, 2), decide=juin, cout="10000", montant="8000",
               intitule="B")  # fmt: skip


def _par_cle(periode):
    return {c["cle"]: c for c in chiffres_cles(periode)}


def test_every_figure_has_its_sentence_definition_and_link(donnees):
    for chiffre in chiffres_cles(Periode(depuis=2022, jusqu_a=2023)):
        assert set(chiffre) == {"cle", "phrase", "valeur", "unite", "definition", "url_module"}
        assert chiffre["phrase"] and chiffre["definition"] and chiffre["url_module"].startswith("/")


def test_engineering_figures_equal_the_stats_command(donnees, capsys):
    call_command("ingenierie_stats", depuis=2022, jusqu_a=2023, fmt="json")
    stats = json.loads(capsys.readouterr().out)
    chiffres = _par_cle(Periode(depuis=2022, jusqu_a=2023))
    assert stats["total"] == 3
    assert chiffres["ingenierie.demandes"]["valeur"] == stats["total"]
    assert chiffres["ingenierie.demandes.2022"]["valeur"] == 2
    assert chiffres["ingenierie.demandes.2023"]["valeur"] == 1
    assert (
        chiffres["ingenierie.communes_servies_pct"]["valeur"]
        == (stats["communes"]["part_pourcent"])
    )
    assert chiffres["ingenierie.epcis_servis_pct"]["valeur"] == stats["epcis"]["part_pourcent"]
    assert "3 demandes d'ingénierie entre 2022 et 2023" in chiffres["ingenierie.demandes"]["phrase"]


def test_aid_figures_equal_the_dashboard(donnees):
    chiffres = _par_cle(Periode.annee(2022))
    tableau = tableau_de_bord(2022)
    assert chiffres["aides.dossiers_votes.2022"]["valeur"] == tableau["nombre"] == 2
    assert chiffres["aides.taux_moyen.2022"]["valeur"] == tableau["taux_moyen_dossier"]
    assert "60 %" in chiffres["aides.taux_moyen.2022"]["phrase"]  # (40 % + 80 %) / 2
    assert "80 %" in chiffres["aides.taux_moyen.2022"]["phrase"]
    assert chiffres["aides.montant_accorde.2022"]["valeur"] == sum(
        e["attribue"] for e in tableau["enveloppes"]
    )


def test_clause_figures_equal_the_report_command(donnees, tmp_path):
    sortie = tmp_path / "bilan.json"
    call_command("clauses_bilan", annee=2022, format="json", sortie=str(sortie), public=True)
    bilan = json.loads(sortie.read_text())
    chiffres = _par_cle(Periode.annee(2022))
    for cle in ("heures_realisees", "entreprises", "participants", "donneurs_ordre"):
        figure = "clauses.heures" if cle == "heures_realisees" else f"clauses.{cle}"
        assert chiffres[figure]["valeur"] == bilan[cle], cle
    assert "clauses.heures.2022" not in chiffres  # one year: the period's figures are the year's


def test_a_few_queries_whatever_the_data(donnees, django_assert_max_num_queries):
    with django_assert_max_num_queries(120):
        chiffres_cles(Periode(depuis=2022, jusqu_a=2023))
