"""Issue 14, budget participatif : une citoyenne parcourt les projets en cartes, ouvre un
projet, vote avec la jauge (elle dépasse, la jauge le dit, elle corrige), voit le
récapitulatif, confirme, lit « A voté » ; revenue, elle apprend qu'elle a déjà voté avant le
bulletin. Une autre vote sans JavaScript avec « Vérifier mon choix ». À 1280 et 375 px,
axe-core sur chaque page, jamais de défilement horizontal. Une seule démonstration chargée."""

import re

import pytest
from playwright.sync_api import expect

from territoires.participation.models import Bulletin, Campagne, Votant

from .conftest import check_page

pytestmark = pytest.mark.browser

LARGE = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}
ZOE = {"Nom de naissance": "Martin", "Prénom": "Zoé", "Date de naissance": "02/03/1990"}
LEA = {"Nom de naissance": "Bernard", "Prénom": "Léa", "Date de naissance": "14/07/1985"}


def sans_defilement(page, axe):
    check_page(page, axe)
    largeur = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur, page.url


def identite(page, personne):
    for libelle, valeur in personne.items():
        page.get_by_label(libelle, exact=False).first.fill(valeur)
    page.get_by_label("Commune de résidence", exact=False).fill("Auch")
    page.get_by_role("button", name="Continuer vers le bulletin").click()


def test_parcours_du_vote(page, axe, demo_data, browser, live_server):
    c = Campagne.objects.get(slug="demo-vote")
    avant = Votant.objects.filter(campagne=c).count()
    base = f"/budget-participatif/{c.slug}"
    page.set_viewport_size(LARGE)

    # Les projets en cartes, puis la page d'un projet (description, lieu, analyse).
    page.goto(f"{base}/projets/")
    cartes = page.locator(".projet-carte")
    expect(cartes.first).to_be_visible()
    sans_defilement(page, axe)
    titre = cartes.first.locator("h2 a").inner_text()
    cartes.first.locator("h2 a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titre)
    expect(page.locator(".projet-lieu p").first).to_have_text(re.compile(r"^Situé à .+\.$"))
    expect(page.get_by_role("heading", name="Analyse des services")).to_be_visible()
    sans_defilement(page, axe)

    # Identité, puis le bulletin en cartes : la jauge suit les cases cochées.
    page.get_by_role("link", name="Je vote").first.click()
    sans_defilement(page, axe)
    identite(page, ZOE)
    generale = page.locator("fieldset[data-enveloppe]", has_text="Générale")
    expect(page.locator("fieldset[data-enveloppe]")).to_have_count(1)  # pas l'enveloppe jeunes
    cases = generale.locator("input[type=checkbox]")
    jauge = generale.locator("[data-jauge-texte]")
    expect(jauge).to_contain_text("0 projet choisi sur 3 au plus")
    for i in range(4):
        generale.locator(".projet-carte__choix").nth(i).click()
    expect(jauge).to_contain_text("4 projets choisis sur 3 au plus")
    expect(generale.locator("[data-jauge-erreur]")).to_have_text(
        "« Générale » : vous avez choisi 4 projets, 3 au plus ; retirez-en 1."
    )
    sans_defilement(page, axe)
    cases.nth(3).uncheck()
    expect(jauge).to_contain_text("3 projets choisis sur 3 au plus")
    expect(generale.locator("[data-jauge-erreur]")).to_have_text("")
    page.get_by_role("button", name="Voir le récapitulatif").click()

    # Le récapitulatif ; « Modifier » garde le choix ; puis la confirmation.
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vote : récapitulatif")
    expect(page.locator(".card li")).to_have_count(3)
    sans_defilement(page, axe)
    page.get_by_role("link", name="Modifier").click()
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(3)
    page.get_by_role("button", name="Voir le récapitulatif").click()
    assert Votant.objects.filter(campagne=c).count() == avant  # rien avant la confirmation
    page.get_by_role("button", name="Confirmer mon vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A voté")
    expect(page.locator(".a-vote__choix li")).to_have_count(3)
    sans_defilement(page, axe)

    # Elle revient (sur son téléphone) : elle le sait avant le bulletin.
    page.context.clear_cookies()
    page.set_viewport_size(MOBILE)
    page.goto(f"{base}/voter/")
    identite(page, {**ZOE, "Nom de naissance": "MARTIN"})
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous avez déjà voté")
    sans_defilement(page, axe)
    page.goto(f"{base}/projets/")
    sans_defilement(page, axe)
    assert Votant.objects.filter(campagne=c).count() == avant + 1

    # Sans JavaScript, à 375 px : « Vérifier mon choix » fait recalculer le serveur (axe-core
    # et la largeur se mesurent par un script : les mêmes pages sont vérifiées plus haut).
    contexte = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False, viewport=MOBILE
    )
    contexte.set_default_timeout(10_000)
    sans_js = contexte.new_page()
    sans_js.goto(f"{base}/voter/")
    identite(sans_js, LEA)
    generale = sans_js.locator("fieldset[data-enveloppe]", has_text="Générale")
    for i in range(4):
        generale.locator("input[type=checkbox]").nth(i).check()
    sans_js.get_by_role("button", name="Vérifier mon choix").click()
    expect(sans_js.locator(".error-summary")).to_contain_text("retirez-en 1")
    expect(sans_js.locator("[data-jauge-texte]").first).to_contain_text("4 projets choisis")
    sans_js.locator("input[type=checkbox]:checked").first.uncheck()
    sans_js.get_by_role("button", name="Vérifier mon choix").click()
    expect(sans_js.get_by_text("Votre choix respecte les règles")).to_be_visible()
    sans_js.get_by_role("button", name="Voir le récapitulatif").click()
    sans_js.get_by_role("button", name="Confirmer mon vote").click()
    expect(sans_js.get_by_role("heading", level=1)).to_have_text("A voté")
    contexte.close()
    assert Votant.objects.filter(campagne=c).count() == avant + 2
    assert Bulletin.objects.filter(enveloppe__campagne=c).exists()
