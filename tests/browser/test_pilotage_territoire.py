"""A mayor, an elected official and a journalist each find, on one page, everything the
Département has done with their commune (issue 13): the mayor from their home page, the elected
official from theirs, the journalist from the public home page by the commune's NAME. Each
reads the sections of their view; axe-core at 1280 and 375 px, no horizontal scrolling."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account
from territoires.comptes.models import Membre

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

SECTIONS = (
    "Ce que le Département a fait avec",
    "Ingénierie territoriale",
    "Aides aux collectivités",
    "Contrats F2D de l'intercommunalité",
    "Clauses sociales",
    "Budget participatif",
    "Données ouvertes",
)


def _sans_defilement_horizontal(page) -> None:
    largeurs = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert largeurs[0] <= largeurs[1], f"défilement horizontal sur {page.url} : {largeurs}"


def _commune_du_maire():
    membre = Membre.objects.select_related("organisation__commune").get(
        user__email="maire@territoires.test"
    )
    return membre.organisation.commune


def _sur_la_fiche(page, axe, commune, vue: str) -> None:
    expect(page.locator("h1")).to_have_text(commune.nom)
    expect(page.locator("#vue-territoire")).to_contain_text(vue)
    main = page.locator("main")
    for titre in SECTIONS:
        expect(main.get_by_role("heading", name=re.compile(re.escape(titre)))).to_be_visible()
    expect(page.locator("#table-comparaison")).to_be_visible()
    check_page(page, axe)
    _sans_defilement_horizontal(page)


@pytest.mark.parametrize("largeur", [1280, 375])
def test_the_journalist_finds_the_commune_by_its_name(page, axe, demo_data, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    commune = _commune_du_maire()
    page.goto("/")
    recherche = page.get_by_role("search").filter(has=page.locator("#accueil-recherche"))
    recherche.get_by_role("searchbox").fill(commune.nom)
    recherche.get_by_role("button", name="Rechercher").click()
    check_page(page, axe)
    page.get_by_role("link", name=commune.nom, exact=True).first.click()
    _sur_la_fiche(page, axe, commune, "Vue publique")
    main = page.locator("main")
    expect(main).to_contain_text("enveloppe de")  # the contract, public
    expect(main.get_by_role("columnheader", name="Versé")).to_have_count(0)
    expect(main.get_by_role("columnheader", name="Subvention prévue")).to_have_count(0)
    expect(main).not_to_contain_text("Vos derniers dossiers")


@pytest.mark.parametrize("largeur", [1280, 375])
def test_the_mayor_goes_from_their_home_page_to_their_commune(page, axe, demo_data, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    commune = _commune_du_maire()
    log_in(page, demo_account("maire@territoires.test"), axe)
    section = page.locator("section", has=page.locator("#home-ma-fiche"))
    check_page(page, axe)
    section.get_by_role("link", name=f"La fiche de {commune.nom}").click()
    _sur_la_fiche(page, axe, commune, "Vue des membres")
    main = page.locator("main")
    expect(main.get_by_role("table", name="Vos derniers dossiers")).to_be_visible()
    expect(main.get_by_role("columnheader", name="Versé").first).to_be_visible()


@pytest.mark.parametrize("largeur", [1280, 375])
def test_the_elected_official_goes_from_their_home_page_to_a_commune(page, axe, demo_data, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    commune = _commune_du_maire()
    log_in(page, demo_account("elu@territoires.test"), axe)
    section = page.locator("section", has=page.locator("#home-fiches-elu"))
    check_page(page, axe)
    section.get_by_role("link", name=commune.nom, exact=True).click()
    _sur_la_fiche(page, axe, commune, "Vue complète")
    main = page.locator("main")
    expect(main.get_by_role("table", name="Derniers dossiers déposés")).to_be_visible()
    expect(main.get_by_role("columnheader", name="Subvention prévue").first).to_be_visible()
