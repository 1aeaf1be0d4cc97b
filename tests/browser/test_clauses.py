"""The facilitator's path (issue 5, « Done when »): import a workbook, see a bad one
rejected with every error listed, follow a marché to its final report, read the yearly
report; axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS
from tests.clauses.classeur import ecrire_xlsx, generer

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser
FACILITATEUR = next(a for a in DEMO_ACCOUNTS if a["role"] == "facilitateur")


def _importer(page, chemin):
    page.goto("/clauses/import/")
    page.get_by_label("Classeur (XLSX) ou fichier marches.csv").set_input_files(str(chemin))
    page.get_by_role("button", name="Importer", exact=True).click()


def test_facilitator_imports_and_follows_a_marche(page, axe, demo_data, tmp_path):
    log_in(page, FACILITATEUR, axe)
    page.get_by_role("link", name="Clauses sociales", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Clauses sociales")
    check_page(page, axe)

    donnees = generer(graine=41, communes=("32013", "32208"))
    _importer(page, ecrire_xlsx(donnees, tmp_path / "suivi.xlsx"))
    expect(page.get_by_text("Fichier importé")).to_be_visible()
    check_page(page, axe)

    donnees["heures"][0]["heures"] = -5
    donnees["heures"][1]["entreprise_siret"] = "12345678901234"
    donnees["marches"][0]["type_clause"] = "inconnue"
    page.goto("/clauses/import/")
    check_page(page, axe)
    _importer(page, ecrire_xlsx(donnees, tmp_path / "mauvais.xlsx"))
    expect(page.get_by_role("heading", name="Fichier refusé : 3 erreurs")).to_be_visible()
    lignes = page.locator("table tbody tr")
    expect(lignes).to_have_count(3)
    expect(page.locator("table")).to_contain_text("heures négatives")
    expect(page.locator("table")).to_contain_text("SIRET de l'entreprise « 12345678901234 »")
    expect(page.locator("table")).to_contain_text("type de clause « inconnue » inconnu")
    check_page(page, axe)

    # Follow one imported marché through the steps to its final report.
    reference = donnees["marches"][0]["reference"]
    page.goto("/clauses/")
    page.get_by_label("Rechercher un marché (référence, objet, acheteur ou son SIRET)").fill(
        reference
    )
    page.locator("main").get_by_role("button", name="Rechercher", exact=True).click()
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Marché {reference}")
    check_page(page, axe)
    for bouton in (
        "Passer au calibrage des heures",
        "Passer à la rédaction de la clause",
        "Passer au conseil aux entreprises",
        "Passer au suivi de l'exécution",
        "Clore par le bilan final",
    ):
        page.get_by_role("button", name=bouton).click()
        expect(page.get_by_role("status")).to_contain_text("Étape du marché")
    page.get_by_role("link", name="Bilan final du marché").click()
    expect(page.locator("h1")).to_have_text(f"Bilan final du marché {reference}")
    expect(page.locator("main")).to_contain_text("Clore par le bilan final")
    check_page(page, axe)

    # The yearly report with its charts.
    page.goto("/clauses/bilan/?annee=2022")
    expect(page.locator("h1")).to_have_text("Bilan des clauses sociales — Année 2022")
    expect(
        page.get_by_role("img", name="Heures réalisées par type de contrat de travail")
    ).to_be_visible()
    check_page(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert re.match(r"bilan-clauses-sociales-2022\.pdf", download.value.suggested_filename)

    # The public figures (small counts hidden).
    page.goto("/clauses/chiffres/?annee=2022")
    expect(page.locator("h1")).to_contain_text("Clauses sociales : chiffres clés 2022")
    check_page(page, axe)


def test_facilitator_decp_screen_and_companies(page, axe, demo_data):
    from pathlib import Path

    log_in(page, FACILITATEUR, axe)
    page.goto("/clauses/")
    page.get_by_role("link", name="Marchés des DECP").click()
    check_page(page, axe)
    exemple = Path(__file__).parent.parent / "clauses" / "data" / "decp-exemple.json"
    page.get_by_label("Fichier DECP v2 (JSON)").set_input_files(str(exemple))
    page.get_by_role("button", name="Lire le fichier").click()
    expect(page.get_by_text("Fichier lu")).to_be_visible()
    check_page(page, axe)
    carte = page.locator(".clauses-decp-acheteur", has_text="20002000600017")
    carte.get_by_label("Nom de l'acheteur").fill("Syndicat mixte du Gers")
    carte.get_by_label("Catégorie").select_option("epci")
    carte.get_by_role("button", name=re.compile("Suivre cet acheteur")).click()
    expect(page.get_by_role("status").first).to_contain_text("Syndicat mixte du Gers est suivi")
    check_page(page, axe)

    page.goto("/clauses/entreprises/")
    page.get_by_role("link", name="Ajouter une entreprise").click()
    page.get_by_label("SIRET (obligatoire)").fill("12345678901234")
    page.get_by_label("Nom (obligatoire)", exact=True).fill("Coopérative du bâtiment")
    page.get_by_label("Commune de l'établissement (code INSEE)").fill("32013")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text(
        "n'est pas un numéro SIRET valide"
    )
    expect(page.get_by_label("Nom (obligatoire)", exact=True)).to_have_value(
        "Coopérative du bâtiment"
    )
    check_page(page, axe)

    # The buyers: linked to their account on the platform.
    page.goto("/clauses/")
    page.get_by_role("link", name="Donneurs d'ordre").click()
    check_page(page, axe)
    page.get_by_role("link", name=re.compile("^Modifier")).first.click()
    expect(page.get_by_label("Compte de l'acheteur sur la plateforme")).to_be_visible()
    check_page(page, axe)
