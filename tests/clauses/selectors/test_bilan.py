"""The yearly report: every key checked against totals computed here from the imported rows,
and the JSON, XLSX and PDF outputs agree."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from territoires.clauses import exports
from territoires.clauses.models import (
    ConfigurationClauses,
    ConventionAccompagnement,
    DonneurOrdre,
    Marche,
    Participant,
    Reunion,
)
from territoires.clauses.selectors.bilan import bilan_annuel
from territoires.clauses.selectors.chiffres import masquer_petits_effectifs
from territoires.clauses.selectors.participants import participants_due_for_anonymisation
from territoires.clauses.services.imports import classeur_import
from territoires.clauses.services.participants import (
    participants_anonymise,
)

from ..classeur import ecrire_xlsx, generer

pytestmark = pytest.mark.django_db
ANNEE = 2022


def _heures(rows, annee):
    return [r for r in rows if r["mois"].startswith(str(annee))]


def attendu(donnees: dict, annee: int) -> dict:
    """The report's definitions, computed from the workbook rows alone."""
    marches, heures = donnees["marches"], donnees["heures"]
    communes_gers = {"32013", "32208"}

    def prescrites(a):
        return sum(
            Decimal(str(r["heures_prescrites"]))
            for r in marches
            if r["date_notification"].startswith(str(a))
        )

    annee_rows = _heures(heures, annee)
    prec_rows = _heures(heures, annee - 1)
    participants = {r["participant"]: r for r in annee_rows}
    entreprises = {r["entreprise_siret"]: r for r in annee_rows}
    actifs = {
        r["donneur_ordre_siret"] for r in marches if r["date_notification"].startswith(str(annee))
    } | {r["donneur_ordre_siret"] for r in annee_rows}
    anciens = {
        r["donneur_ordre_siret"] for r in marches if r["date_notification"] < f"{annee}-01-01"
    } | {r["donneur_ordre_siret"] for r in heures if r["mois"] < f"{annee}-01"}
    par_type = {}
    for r in annee_rows:
        t = par_type.setdefault(r["type_contrat"], {"participants": set(), "heures": Decimal(0)})
        t["participants"].add(r["participant"])
        t["heures"] += Decimal(str(r["heures"]))
    par_critere = {}
    for p in participants.values():
        for c in p["criteres"].split(";"):
            par_critere[c] = par_critere.get(c, 0) + 1
    par_do = {}
    for r in marches:
        if r["date_notification"].startswith(str(annee)):
            d = par_do.setdefault(r["donneur_ordre_siret"], {"p": Decimal(0), "r": Decimal(0)})
            d["p"] += Decimal(str(r["heures_prescrites"]))
    for r in annee_rows:
        d = par_do.setdefault(r["donneur_ordre_siret"], {"p": Decimal(0), "r": Decimal(0)})
        d["r"] += Decimal(str(r["heures"]))
    realisees = sum(Decimal(str(r["heures"])) for r in annee_rows)
    residents = sum(1 for p in participants.values() if p["commune_residence"] in communes_gers)
    return {
        "heures_prescrites": prescrites(annee),
        "heures_prescrites_annee_precedente": prescrites(annee - 1),
        "heures_realisees": realisees,
        "etp": round(float(realisees) / 1820, 1),
        "entreprises": len(entreprises),
        "entreprises_annee_precedente": len({r["entreprise_siret"] for r in prec_rows}),
        "entreprises_departement": sum(
            1 for e in entreprises.values() if e["entreprise_commune"] in communes_gers
        ),
        "entreprises_moins_20": sum(
            1 for e in entreprises.values() if e["entreprise_effectif"] < 20
        ),
        "entreprises_moins_5": sum(1 for e in entreprises.values() if e["entreprise_effectif"] < 5),
        "participants": len(participants),
        "participants_annee_precedente": len({r["participant"] for r in prec_rows}),
        "femmes": sum(1 for p in participants.values() if p["sexe"] == "F"),
        "residents_departement_pct": round(residents * 100 / len(participants), 1),
        "donneurs_ordre": len(actifs),
        "nouveaux_donneurs_ordre": len(actifs - anciens),
        "par_type_contrat": {k: (len(v["participants"]), v["heures"]) for k, v in par_type.items()},
        "par_critere": par_critere,
        "par_donneur_ordre": {k: (v["p"], v["r"]) for k, v in par_do.items()},
    }


@pytest.fixture
def donnees(communes, tmp_path):
    donnees = generer(graine=11, donneurs=5, marches=10, entreprises=7, participants=30)
    classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "c.xlsx"))
    return donnees


def test_report_matches_totals_computed_from_the_rows(donnees):
    bilan = bilan_annuel(ANNEE)
    att = attendu(donnees, ANNEE)

    assert set(bilan) == {
        "annee", "heures_prescrites", "heures_prescrites_annee_precedente",
        "evolution_heures_prescrites_pct", "heures_realisees", "base_etp", "etp", "entreprises",
        "entreprises_annee_precedente", "entreprises_departement", "entreprises_moins_20",
        "entreprises_moins_5", "participants", "participants_annee_precedente", "femmes",
        "residents_departement_pct", "donneurs_ordre", "nouveaux_donneurs_ordre",
        "par_type_contrat", "par_critere", "par_donneur_ordre", "par_categorie",
        "chantiers_suivis", "reunions_chantier", "conventions_signees", "marches_suivis",
        "marches_environnementaux",
        # Seed 004 (issue 15), checked in tests/clauses/test_indicateurs_seed004.py.
        "participants_contrats_longs", "participants_contrats_longs_pct",
        "participants_contrats_longs_annee_precedente", "heures_par_participant",
        "heures_par_participant_annee_precedente", "participants_plusieurs_chantiers",
        "participants_plusieurs_chantiers_pct", "demandes_accompagnement",
        "demandes_accompagnement_annee_precedente", "demandes_par_suite", "definitions",
    }  # fmt: skip
    for cle in (
        "entreprises", "entreprises_annee_precedente", "entreprises_departement",
        "entreprises_moins_20", "entreprises_moins_5", "participants",
        "participants_annee_precedente", "femmes", "residents_departement_pct",
        "donneurs_ordre", "nouveaux_donneurs_ordre", "etp",
    ):  # fmt: skip
        assert bilan[cle] == att[cle], cle
    assert Decimal(str(bilan["heures_prescrites"])) == att["heures_prescrites"]
    assert Decimal(str(bilan["heures_realisees"])) == att["heures_realisees"]
    assert bilan["base_etp"] == 1820
    prec = att["heures_prescrites_annee_precedente"]
    assert bilan["evolution_heures_prescrites_pct"] == round(
        float((att["heures_prescrites"] - prec) * 100 / prec), 1
    )
    assert {
        r["type_contrat"]: (r["participants"], Decimal(str(r["heures"])))
        for r in bilan["par_type_contrat"]
    } == att["par_type_contrat"]
    assert {r["critere"]: r["participants"] for r in bilan["par_critere"]} == att["par_critere"]
    assert {
        r["siret"]: (Decimal(str(r["heures_prescrites"])), Decimal(str(r["heures_realisees"])))
        for r in bilan["par_donneur_ordre"]
    } == att["par_donneur_ordre"]
    # The categories sum the buyers.
    assert sum(r["donneurs_ordre"] for r in bilan["par_categorie"]) == bilan["donneurs_ordre"]
    assert sum(Decimal(str(r["heures_realisees"])) for r in bilan["par_categorie"]) == Decimal(
        str(bilan["heures_realisees"])
    )


def test_facilitator_activity_and_etp_base(donnees):
    marche = Marche.objects.first()
    Reunion.objects.create(marche=marche, date=datetime.date(2022, 3, 1))
    Reunion.objects.create(marche=marche, date=datetime.date(2022, 5, 1))
    Reunion.objects.create(marche=marche, date=datetime.date(2021, 5, 1))
    Reunion.objects.create(marche=marche, date=datetime.date(2022, 5, 2), type="visite")
    ConventionAccompagnement.objects.create(
        donneur_ordre=DonneurOrdre.objects.first(), objet="x", date_signature="2022-02-01"
    )
    config = ConfigurationClauses.courante()
    config.base_etp = Decimal("1607")
    config.save()
    bilan = bilan_annuel(ANNEE)
    assert bilan["reunions_chantier"] == 2
    assert bilan["conventions_signees"] == 1
    assert bilan["base_etp"] == 1607
    assert bilan["etp"] == round(bilan["heures_realisees"] / 1607, 1)
    operations = {
        r["operation"] for r in donnees["marches"] if r["date_notification"].startswith("2022")
    }
    assert bilan["chantiers_suivis"] >= len(operations)


def test_json_xlsx_and_pdf_agree(donnees, tmp_path):
    sortie = tmp_path / "bilan.json"
    call_command("clauses_bilan", annee=ANNEE, format="json", sortie=str(sortie))
    bilan = json.loads(sortie.read_text())
    assert bilan == json.loads(json.dumps(bilan_annuel(ANNEE)))

    call_command("clauses_bilan", annee=ANNEE, format="xlsx", sortie=str(tmp_path / "b.xlsx"))
    wb = load_workbook(tmp_path / "b.xlsx")
    synthese = {row[0]: row[2] for row in wb["Synthèse"].iter_rows(min_row=2, values_only=True)}
    for cle, valeur in synthese.items():
        assert valeur == bilan[cle], cle
    lignes = list(wb["Par donneur d'ordre"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5], r[6]) for r in lignes] == [
        (d["siret"], d["heures_prescrites"], d["heures_realisees"])
        for d in bilan["par_donneur_ordre"]
    ]
    types = list(wb["Par type de contrat"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in types] == [
        (t["type_contrat"], t["participants"], t["heures"]) for t in bilan["par_type_contrat"]
    ]

    call_command("clauses_bilan", annee=ANNEE, format="pdf", sortie=str(tmp_path / "b.pdf"))
    texte = "".join(page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages)
    plat = re.sub(r"[\s\u00a0\u202f]", "", texte)

    def fr(valeur) -> str:
        return str(valeur).replace(".", ",")

    assert f"{fr(bilan['heures_prescrites'])}heuresd'insertionclausées" in plat
    assert f"{fr(bilan['heures_realisees'])}hréalisées" in plat
    assert f"soit{fr(bilan['etp'])}ETP" in plat
    assert f"{bilan['participants']}personnesbénéficiaires" in plat
    assert f"dont{bilan['femmes']}femmes" in plat
    assert f"{bilan['entreprises']}entreprises" in plat
    assert "basede1820hparETP" in plat
    # Buyers listed under their category, as in seed 004.
    for categorie in bilan["par_categorie"]:
        titre = (
            f"{categorie['libelle']}—{categorie['marches']}marché"
            f"{'s' if categorie['marches'] > 1 else ''},{fr(categorie['heures_prescrites'])}h"
            f"clausées,{fr(categorie['heures_realisees'])}hréalisées"
        )
        assert re.sub(r"\s", "", titre) in plat
    for donneur in bilan["par_donneur_ordre"]:
        ligne = (
            f"{donneur['nom']}:{donneur['marches']}marché{'s' if donneur['marches'] > 1 else ''},"
            f"{fr(donneur['heures_prescrites'])}hclausées,{fr(donneur['heures_realisees'])}h"
            "réalisées"
        )
        assert re.sub(r"\s", "", ligne) in plat
    assert f"(+{fr(bilan['evolution_heures_prescrites_pct'])}%parrapportà2021" in plat or (
        f"({fr(bilan['evolution_heures_prescrites_pct'])}%parrapportà2021" in plat
    )
    assert f"contre{bilan['entreprises_annee_precedente']}en2021" in plat
    assert f"({bilan['participants_annee_precedente']}en2021)" in plat
    assert "Heuresréaliséespartypedecontratdetravail" in plat
    assert "Répartitiondespersonnesselonlescritèresd'éligibilité" in plat


def test_public_figures_hide_small_counts(donnees):
    bilan = masquer_petits_effectifs(
        {**bilan_annuel(ANNEE), "femmes": 3, "participants": 4}, seuil=5
    )
    assert bilan["femmes"] is None
    assert bilan["participants"] is None
    assert bilan["residents_departement_pct"] is None
    assert all(
        r["participants"] is None or r["participants"] >= 5 or r["participants"] == 0
        for r in bilan["par_critere"] + bilan["par_type_contrat"]
    )


def test_anonymisation_keeps_every_total(donnees):
    avant = {annee: bilan_annuel(annee) for annee in (2021, 2022, 2023)}
    nombre = participants_anonymise(aujourd_hui=datetime.date(2030, 1, 1))
    assert nombre == Participant.objects.count()
    assert not Participant.objects.filter(annee_naissance__isnull=False).exists()
    assert not Participant.objects.filter(identifiant__startswith="P11-").exists()
    assert {annee: bilan_annuel(annee) for annee in (2021, 2022, 2023)} == avant


def test_anonymisation_waits_for_the_delay(donnees):
    assert participants_anonymise(aujourd_hui=datetime.date(2024, 1, 1)) == 0
    dus = participants_due_for_anonymisation(delai_annees=5).count()
    call_command("clauses_anonymiser")
    assert Participant.objects.filter(anonymise_le__isnull=False).count() == dus


def test_template_workbook_has_headers_and_explanations():
    wb = load_workbook(io.BytesIO(exports.modele_xlsx()))
    assert wb.sheetnames == ["marches", "heures", "explications"]
    assert [c.value for c in wb["marches"][1]][:3] == [
        "reference",
        "donneur_ordre_siret",
        "donneur_ordre_nom",
    ]
    assert wb["heures"]["Q1"].value == "heures"
