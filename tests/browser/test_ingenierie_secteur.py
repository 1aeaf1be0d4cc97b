"""Issue 14, « Engineering requests »: the advisor of the commune's sector is named on its new
request and told so; he finds it under « Mes sollicitations », again by its commune's name,
reads the dashboard and takes the request in charge, at 1280 px and at 375 px without
sideways scrolling. The public page reads the mission's texts.
axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account
from territoires.comptes.models import User

from .conftest import check_page
from .test_ingenierie import log_out
from .test_roles import log_in

pytestmark = pytest.mark.browser

MOBILE = {"width": 375, "height": 740}


def _no_sideways_scroll(page) -> None:
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= page.viewport_size["width"], (page.url, largeur)


def test_the_sector_advisor_finds_and_takes_the_new_request(page, axe, demo_data):
    maire = demo_account("maire@territoires.test")
    conseiller = demo_account("conseiller@territoires.test")

    page.goto("/ingenierie/presentation/")
    expect(page.get_by_role("heading", name="Comment demander ?")).to_be_visible()
    check_page(page, axe)

    log_in(page, maire, axe)
    page.get_by_role("link", name="Solliciter l'ingénierie du Département").click()
    page.get_by_label("Sujet").fill("Réfection du pont du moulin")
    page.get_by_label("Description du besoin").fill("Le tablier se fissure.")
    page.get_by_label("Domaine").select_option(label="Voirie et ouvrages d'art")
    page.get_by_label("Nature de la demande").select_option(label="Conseil technique")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("h1")).to_have_text("Réfection du pont du moulin")
    log_out(page)

    commune = User.objects.get(email=maire["email"]).membres.get().organisation.nom
    log_in(page, conseiller, axe)
    page.goto("/notifications/")
    expect(
        page.get_by_text(re.compile("votre secteur : Réfection du pont du moulin")).first
    ).to_be_visible()
    for taille in (None, MOBILE):
        if taille:
            page.set_viewport_size(taille)
        page.goto("/ingenierie/file/")
        page.get_by_role("link", name="nouvelles où je suis nommé, à prendre en charge").click()
        expect(page.get_by_label("Mes sollicitations")).to_have_value("a_prendre")
        expect(
            page.get_by_role("row", name=re.compile("Réfection du pont du moulin"))
        ).to_be_visible()
        check_page(page, axe)
        _no_sideways_scroll(page)
        # Found again by the name of its commune (issue 16: searched by index, not by join).
        page.get_by_label("Mes sollicitations").select_option("")
        page.get_by_label("Recherche (numéro, sujet, collectivité)").fill(commune)
        page.get_by_role("button", name="Filtrer").click()
        expect(
            page.get_by_role("row", name=re.compile("Réfection du pont du moulin"))
        ).to_be_visible()
        _no_sideways_scroll(page)
        # The dashboard, its figures served as rendered once: read at both widths.
        page.goto("/ingenierie/chiffres/")
        expect(page.get_by_role("heading", name="Sollicitations par commune")).to_be_visible()
        check_page(page, axe)
        _no_sideways_scroll(page)
        page.goto("/ingenierie/file/")
        page.get_by_role("link", name="nouvelles où je suis nommé, à prendre en charge").click()
    page.get_by_role("row", name=re.compile("Réfection du pont du moulin")).get_by_role(
        "link"
    ).click()
    page.get_by_role("button", name="Prendre en charge la demande").click()
    expect(page.locator(".lead")).to_contain_text("En cours")
    check_page(page, axe)
    _no_sideways_scroll(page)
