"""Each demo role logs in through the real form and walks its main pages; axe-core reports
no serious or critical violation on any of them."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS, demo_totp_code

from .conftest import check_page

pytestmark = pytest.mark.browser

#: What the home page of each demo role says first.
HOME_HEADINGS = {
    "agent": "Mon espace",
    "gestionnaire": "Mon espace",
    "conseiller": "Mon espace — Conseiller ingénierie",
    "instructeur": "Mon espace — Instructeur",
    "facilitateur": "Mon espace — Facilitateur des clauses sociales",
    "chef_service": "Mon espace — Chef de service",
    "finances": "Mon espace — Agent des finances",
    "direction": "Mon espace — Direction",
    "administrateur": "Mon espace — Administration de la plateforme",
    "responsable_donnees": "Mon espace",
    "citoyen": "Mon espace",
    "elu": "Mon espace — Élu départemental",
}


def log_in(page, account: dict, axe) -> None:
    page.goto("/comptes/connexion/")
    page.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill(account["email"])
    page.get_by_label("Mot de passe", exact=False).fill(account["password"])
    page.get_by_role("button", name="Se connecter", exact=True).click()
    if account["needs_otp"]:
        expect(page).to_have_url(re.compile(r"/comptes/verification/"))
        check_page(page, axe)
        page.get_by_label("Code de vérification").fill(demo_totp_code(account["email"]))
        page.get_by_role("button", name="Valider").click()


@pytest.mark.parametrize(
    "account", DEMO_ACCOUNTS, ids=[a["email"].split("@")[0] for a in DEMO_ACCOUNTS]
)
def test_demo_role_walks_its_pages(page, axe, demo_data, account):
    log_in(page, account, axe)

    # The home page of the role.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(HOME_HEADINGS[account["role"]])
    check_page(page, axe)

    # A user of several organisations switches between them in the header.
    if len(account["organisations"]) > 1:
        switcher = page.get_by_label("Organisation", exact=True)
        current = page.locator(".hero .lead").inner_text()
        options = switcher.locator("option")
        other = next(
            options.nth(i).get_attribute("value")
            for i in range(options.count())
            if options.nth(i).get_attribute("selected") is None
        )
        switcher.select_option(other)
        page.get_by_role("button", name="Changer").click()
        expect(page.locator(".hero .lead")).not_to_have_text(current)
        expect(page.get_by_role("status")).to_contain_text("Vous agissez maintenant pour")
        check_page(page, axe)

    # The accessibility statement, from the footer.
    page.get_by_role("link", name=re.compile("^Accessibilité :")).click()
    expect(page.locator("h1")).to_have_text("Déclaration d'accessibilité")
    check_page(page, axe)

    # Search « lectoure » from the header, then the commune's page.
    page.get_by_label("Rechercher une commune ou une intercommunalité").fill("lectoure")
    page.get_by_label("Rechercher une commune ou une intercommunalité").press("Enter")
    expect(page).to_have_url(re.compile(r"q=lectoure"))
    check_page(page, axe)
    page.locator("main").get_by_role("link", name="Lectoure", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Lectoure")
    check_page(page, axe)

    # Notifications.
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.locator("h1")).to_contain_text("Notifications")
    check_page(page, axe)

    # Log out: back to the public home page.
    page.get_by_role("button", name="Se déconnecter").first.click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
