"""The seeds' sentences computed from the data: the agency's projects and members, grants by
scheme with their average and highest rate, insertion hours with the distinct companies,
buyers and people over several years; the report in PDF (with its charts), XLSX and JSON."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from territoires.aides.selectors import tableau_de_bord
from territoires.clauses.models import ConfigurationClauses
from territoires.clauses.selectors import bilan_annuel
from territoires.ingenierie.models import Adhesion, ConfigurationIngenierie, Sollicitation
from territoires.pilotage.chiffres import Periode, chiffres_cles
from territoires.pilotage.chiffres.format import n, nb, pct
from tests.aides.factories import world
from tests.aides.test_tableau import _attribuer
from tests.clauses.factories import ContratFactory, LotFactory, MarcheFactory, heures
from tests.ingenierie.factories import SollicitationFactory, collectivite, mission_setup

pytestmark = pytest.mark.django_db
DEUX_ANS = Periode(depuis=2022, jusqu_a=2023)


def _agence():
    mission_setup()
    config = ConfigurationIngenierie.courante()
    config.activer_adhesions = True
    config.save()
    adherente, appelee = collectivite()["organisation"], collectivite()["organisation"]
    for annee in (2022, 2023):
        Adhesion.objects.create(organisation=adherente, annee=annee, montant=1, statut="payee")
    Adhesion.objects.create(organisation=appelee, annee=2023, montant=1, statut="appelee")
    for annee, statut in ((2022, "en_cours"), (2023, "terminee"), (2023, "nouvelle"),
                          (2023, "declinee")):  # fmt: skip
        SollicitationFactory(
            organisation=adherente,
            statut=statut,
            deposee_le=datetime.datetime(annee, 4, 1, tzinfo=datetime.UTC),
        )


def _aides():
    w = world()
    for decide, cout, montant, dispositif in (
        (datetime.date(2022, 6, 1), "20000", "8000", "ddr"),  # 40 %
        (datetime.date(2022, 6, 1), "10000", "8000", "ddr"),  # 80 %
        (datetime.date(2023, 6, 1), "40000", "4000", "f2d"),  # 10 %
        (datetime.date(2023, 6, 1), "10000", "5000", "ddr"),  # 50 %
    ):
        d = _attribuer(w, depose=decide.replace(month=1), decide=decide, cout=cout,
                       montant=montant, intitule=f"{dispositif} {cout}")  # fmt: skip
        type(d).objects.filter(pk=d.pk).update(dispositif=w.dispositifs[dispositif])
    return w


def _clauses():
    config = ConfigurationClauses.courante()
    config.seuil_secret_statistique = 1
    config.save()
    lot = LotFactory(marche=MarcheFactory(date_notification=datetime.date(2022, 2, 1)))
    contrat = ContratFactory(date_fin=datetime.date(2023, 12, 31))
    heures(lot=lot, contrat=contrat, mois=datetime.date(2022, 5, 1), nombre=100)
    heures(lot=lot, contrat=contrat, mois=datetime.date(2023, 5, 1), nombre=26)


@pytest.fixture
def seeds():
    _agence()
    w = _aides()
    _clauses()
    return w


def _par_cle(periode):
    return {c["cle"]: c for c in chiffres_cles(periode)}


def test_projects_followed_and_members_equal_the_module(seeds, capsys):
    chiffres = _par_cle(DEUX_ANS)
    call_command("ingenierie_stats", depuis=2022, jusqu_a=2023, fmt="json")
    stats = json.loads(capsys.readouterr().out)
    acceptees = {str(Sollicitation.Statut(s).label) for s in
                 ("en_cours", "en_attente", "terminee", "abandonnee")}  # fmt: skip
    suivis = sum(r["sollicitations"] for r in stats["par_statut"] if r["libelle"] in acceptees)
    assert chiffres["ingenierie.projets_suivis"]["valeur"] == suivis == 2
    assert chiffres["ingenierie.projets_suivis"]["phrase"] == "2 projets suivis entre 2022 et 2023"
    assert chiffres["ingenierie.adherents"]["valeur"] == 1  # two paid years, one member
    assert "acceptées par la mission" in chiffres["ingenierie.projets_suivis"]["definition"]


def test_rates_by_scheme_agree_with_the_dashboard_of_each_year(seeds):
    w = seeds
    tableaux = [tableau_de_bord(annee) for annee in (2022, 2023)]
    chiffres = _par_cle(DEUX_ANS)
    periode = chiffres["aides.taux_moyen"]
    nombre = sum(t["nombre"] for t in tableaux)
    moyenne = sum(t["taux_moyen_dossier"] * t["nombre"] for t in tableaux) / nombre
    assert float(periode["valeur"]) == pytest.approx(float(moyenne), abs=1e-4)  # 45 %
    assert f"jusqu'à {pct(max(t['taux_max'] for t in tableaux))}" in periode["phrase"]
    ddr = chiffres[f"aides.dispositif_taux.{w.ddr.pk}"]
    assert ddr["phrase"].endswith(
        "3 subventions accordées entre 2022 et 2023, 57 % du coût en moyenne, jusqu'à 80 %"
    )
    # One year: the scheme's rates are those of the year's dashboard (a single scheme here).
    une = _par_cle(Periode.annee(2022))
    assert "aides.taux_moyen" not in une  # the year's own figure says it
    assert une[f"aides.dispositif_taux.{w.ddr.pk}"]["valeur"] == tableaux[0]["taux_moyen_dossier"]


def test_a_person_in_insertion_two_years_counts_once(seeds):
    bilans = [bilan_annuel(annee, masquer=True) for annee in (2022, 2023)]
    chiffres = _par_cle(DEUX_ANS)
    assert sum(b["participants"] for b in bilans) == 2
    assert chiffres["clauses.participants"]["valeur"] == 1
    assert chiffres["clauses.entreprises"]["valeur"] == 1
    assert chiffres["clauses.donneurs_ordre"]["valeur"] == 1
    assert chiffres["clauses.heures"]["valeur"] == sum(b["heures_realisees"] for b in bilans)
    assert chiffres["clauses.heures.2022"]["valeur"] == bilans[0]["heures_realisees"] == 100
    assert chiffres["clauses.heures"]["phrase"] == (
        "126 heures d'insertion entre 2022 et 2023, réparties sur 1 donneur d'ordre au "
        "bénéfice de 1 personne"
    )


def test_the_pdf_report_reads_like_the_seeds(client, seeds):
    pdf = client.get(reverse("pilotage:rapport", args=["pdf"]), {"depuis": 2022, "jusqu_a": 2023})
    reader = PdfReader(io.BytesIO(pdf.content))
    texte = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for attendu in ("Les chiffres du Département de 2022 à 2023", "Sommaire",
                    "Heures d'insertion par année", "2 projets suivis entre 2022 et 2023",
                    "réparties sur 1 donneur d'ordre", "acceptées par la mission"):  # fmt: skip
        assert attendu in texte, attendu
    # The bars of the charts are drawn: filled rectangles in the page's content stream.
    dessin = b"".join(p.get_contents().get_data() for p in reader.pages)
    assert len(re.findall(rb"\bre\b", dessin)) >= 4


def test_the_spreadsheet_has_one_sheet_per_module_and_the_json_its_definitions(client, seeds):
    query = {"depuis": 2022, "jusqu_a": 2023}
    xlsx = load_workbook(
        io.BytesIO(client.get(reverse("pilotage:rapport", args=["xlsx"]), query).content)
    )
    assert xlsx.sheetnames == [
        "Ingénierie territoriale", "Aides aux communes", "Clauses sociales d'insertion",
        "Budget participatif", "Données ouvertes",
    ]  # fmt: skip
    clauses = {r[0]: r[2] for r in xlsx["Clauses sociales d'insertion"].iter_rows(values_only=True)}
    assert clauses["clauses.participants"] == 1
    data = json.loads(client.get(reverse("pilotage:rapport", args=["json"]), query).content)
    agence = next(c for c in data["chiffres"] if c["cle"] == "ingenierie.adherents")
    assert agence["valeur"] == 1 and "adhésion annuelle" in agence["definition"]


def test_numbers_are_rounded_not_cut():
    assert pct(Decimal("0.5667")) == "57 %"
    assert n(Decimal("1234.5")) == "1\u00a0235"  # grouped by a non-breaking space
    assert n(None) == "0"
    assert (nb(1, "personne"), nb(377, "personne")) == ("1 personne", "377 personnes")
