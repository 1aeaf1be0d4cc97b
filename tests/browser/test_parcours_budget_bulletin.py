"""Issue 14, budget participatif : le vote dans la limite du budget de l'enveloppe.

L'enveloppe « Jeunes » de la campagne de démonstration au vote se vote comme dans Decidim : la
jauge compte les euros choisis et ce qui reste. Une citoyenne connectée dont le profil porte
l'identité et la commune n'a rien à retaper (1280 px) ; un jeune passe par FranceConnect, contre
le fournisseur OIDC local des tests (375 px) ; un autre vote sans JavaScript, « Vérifier mon
choix » faisant recalculer le serveur, et ses pages passent axe-core. Jamais de défilement
horizontal. Une seule démonstration chargée."""

import copy
import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS
from territoires.participation.models import Bulletin, Campagne, ProfilCitoyen
from territoires.referentiel.models import Commune
from tests.oidc_provider.provider import OIDCProvider

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

LARGE = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}
CITOYEN = next(a for a in DEMO_ACCOUNTS if a["email"].startswith("citoyen@"))
ANTOINE = {"Nom de naissance": "Roux", "Prénom": "Antoine", "Date de naissance": "09/11/2008"}


def sans_defilement(page, axe):
    check_page(page, axe)
    largeur = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur, page.url


def cases_au_dela_du_budget(fieldset, budget: Decimal) -> list[int]:
    """The first cards whose total passes the budget (the demo draws them: read their cost)."""
    couts = [
        Decimal(fieldset.locator("input[type=checkbox]").nth(i).get_attribute("data-cout"))
        for i in range(fieldset.locator("input[type=checkbox]").count())
    ]
    total, rangs = Decimal(0), []
    for i, cout in enumerate(couts):
        total += cout
        rangs.append(i)
        if total > budget:
            return rangs
    pytest.fail(f"Les projets jeunes de la démonstration tiennent tous dans {budget} €")


def test_vote_dans_la_limite_du_budget(page, axe, demo_data, browser, live_server, settings):
    c = Campagne.objects.get(slug="demo-vote")
    jeunes = c.enveloppes.get(nom="Jeunes")
    assert jeunes.par_budget
    base = f"/budget-participatif/{c.slug}"
    auch = Commune.objects.get(nom="Auch")
    avant = Bulletin.objects.filter(enveloppe=jeunes).count()

    # 1. La citoyenne de démonstration, profil complet (une jeune d'Auch) : pas d'identité.
    citoyenne = get_user_model().objects.get(email=CITOYEN["email"])
    citoyenne.first_name, citoyenne.last_name = "Inès", "Garcia"
    citoyenne.save()
    ProfilCitoyen.objects.update_or_create(
        user=citoyenne, defaults={"date_naissance": datetime.date(2004, 4, 12), "commune": auch}
    )
    page.set_viewport_size(LARGE)
    log_in(page, CITOYEN, axe)
    page.goto(f"{base}/voter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vote : mes choix")
    expect(page.locator(".qui-vote")).to_contain_text("Inès Garcia, habitant Auch (votre profil)")
    expect(page.get_by_label("Nom de naissance")).to_have_count(0)
    fieldset = page.locator("fieldset[data-enveloppe]", has_text="Jeunes")
    expect(fieldset.locator("legend")).to_have_text(
        re.compile(r"^Jeunes : dans la limite de 100\u202f000\u00a0€")
    )
    jauge = fieldset.locator("[data-jauge-texte]")
    expect(jauge).to_have_attribute("aria-live", "polite")
    expect(jauge).to_have_text(
        "0\u00a0€ choisis sur 100\u202f000\u00a0€ : il reste 100\u202f000\u00a0€ (0 projet choisi)"
    )
    rangs = cases_au_dela_du_budget(fieldset, jeunes.budget)
    for i in rangs:
        fieldset.locator(".projet-carte__choix").nth(i).click()
    expect(jauge).to_contain_text("dépassement de")
    expect(fieldset.locator("[data-jauge-erreur]")).to_contain_text("au-delà du budget")
    sans_defilement(page, axe)
    # Le serveur refuse aussi, en français clair, puis elle retire le dernier projet.
    page.get_by_role("button", name="Voir le récapitulatif").click()
    expect(page.locator(".error-summary")).to_contain_text("au-delà du budget")
    fieldset.locator("input[type=checkbox]").nth(rangs[-1]).uncheck()
    expect(jauge).to_contain_text("il reste")
    expect(fieldset.locator("[data-jauge-erreur]")).to_have_text("")
    page.get_by_role("button", name="Voir le récapitulatif").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vote : récapitulatif")
    expect(page.locator(".recapitulatif-total").first).to_contain_text("choisis sur 100")
    sans_defilement(page, axe)
    page.get_by_role("button", name="Confirmer mon vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A voté")
    sans_defilement(page, axe)
    assert Bulletin.objects.filter(enveloppe=jeunes).count() == avant + 1

    # 2. À 375 px, un jeune passe par FranceConnect (fournisseur OIDC local des tests).
    retour = f"{live_server.url}/budget-participatif/franceconnect/retour/"
    fournisseur = OIDCProvider(
        client_id="bp-navigateur",
        client_secret="secret-navigateur",
        redirect_uris=[retour],
        claims={
            "sub": "fc-jeune-1",
            "given_name": "Hugo",
            "family_name": "LEROY",
            "birthdate": "2007-06-21",
        },
    ).start()
    settings.FRANCECONNECT_ISSUER = fournisseur.issuer
    settings.FRANCECONNECT_CLIENT_ID = "bp-navigateur"
    settings.FRANCECONNECT_CLIENT_SECRET = "secret-navigateur"
    # What settings.py does at start from the FRANCECONNECT_ISSUER variable: the button's
    # form is redirected to the provider, which `form-action` must allow.
    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(fournisseur.issuer))
    )
    settings.CONTENT_SECURITY_POLICY = csp
    try:
        page.context.clear_cookies()
        page.set_viewport_size(MOBILE)
        page.goto(f"{base}/voter/")
        sans_defilement(page, axe)
        page.get_by_label("Votre commune de résidence").fill("Auch")
        page.get_by_role("button", name="S'identifier avec FranceConnect").click()
        expect(page.locator(".qui-vote")).to_contain_text("vérifiée par FranceConnect")
        expect(page.get_by_label("Nom de naissance")).to_have_count(0)
        fieldset = page.locator("fieldset[data-enveloppe]", has_text="Jeunes")
        jauge = fieldset.locator("[data-jauge-texte]")
        fieldset.locator(".projet-carte__choix").first.click()
        expect(jauge).to_contain_text("(1 projet choisi)")
        sans_defilement(page, axe)
        page.get_by_role("button", name="Voir le récapitulatif").click()
        sans_defilement(page, axe)
        page.get_by_role("button", name="Confirmer mon vote").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("A voté")
        sans_defilement(page, axe)
    finally:
        fournisseur.stop()
    assert Bulletin.objects.filter(enveloppe=jeunes).count() == avant + 2

    # 3. Sans JavaScript, à 375 px : « Vérifier mon choix » fait recalculer le serveur. Les
    # scripts du site sont remplacés par des fichiers vides (axe-core, lui, est injecté par le
    # protocole du navigateur, ce que la désactivation complète du JavaScript empêche).
    contexte = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=MOBILE)
    contexte.set_default_timeout(10_000)
    contexte.route(
        re.compile(r"/static/.*\.js$"),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    sans_js = contexte.new_page()
    sans_js.console_errors = []
    sans_js.on("pageerror", lambda error: sans_js.console_errors.append(str(error)))
    sans_js.goto(f"{base}/voter/")
    for libelle, valeur in ANTOINE.items():
        sans_js.get_by_label(libelle, exact=False).first.fill(valeur)
    sans_js.get_by_label("Commune de résidence", exact=False).last.fill("auch")
    sans_js.get_by_role("button", name="Continuer vers le bulletin").click()
    fieldset = sans_js.locator("fieldset[data-enveloppe]", has_text="Jeunes")
    rangs = cases_au_dela_du_budget(fieldset, jeunes.budget)
    for i in rangs:
        fieldset.locator("input[type=checkbox]").nth(i).check()
    sans_js.get_by_role("button", name="Vérifier mon choix").click()
    expect(sans_js.locator(".error-summary")).to_contain_text("au-delà du budget")
    expect(fieldset.locator("[data-jauge-texte]")).to_contain_text("dépassement de")
    check_page(sans_js, axe)
    fieldset.locator("input[type=checkbox]").nth(rangs[-1]).uncheck()
    sans_js.get_by_role("button", name="Vérifier mon choix").click()
    expect(sans_js.get_by_text("Votre choix respecte les règles")).to_be_visible()
    expect(fieldset.locator("[data-jauge-texte]")).to_contain_text("il reste")
    check_page(sans_js, axe)
    sans_js.get_by_role("button", name="Voir le récapitulatif").click()
    check_page(sans_js, axe)
    sans_js.get_by_role("button", name="Confirmer mon vote").click()
    expect(sans_js.get_by_role("heading", level=1)).to_have_text("A voté")
    check_page(sans_js, axe)
    contexte.close()
    assert Bulletin.objects.filter(enveloppe=jeunes).count() == avant + 3
