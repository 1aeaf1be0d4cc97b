"""A visitor who is not logged in: public pages, keyboard use and the login form's errors."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = pytest.mark.browser


def test_public_pages_are_accessible(page, axe, demo_data):
    for url, heading in [
        ("/", "Territoires"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/plan-du-site/", "Plan du site"),
        ("/territoires/recherche/?q=T%C3%A9nar%C3%A8ze", None),
        ("/territoires/communes/32208/", "Lectoure"),
        ("/comptes/connexion/", "Connexion"),
        ("/cette-page-n-existe-pas/", "Page introuvable"),
    ]:
        page.goto(url)
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        page.console_errors[:] = [e for e in page.console_errors if "404" not in e]
        check_page(page, axe)


def test_skip_link_is_reached_first_and_moves_focus_to_main(page, demo_data):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # The next Tab goes on inside the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('contenu').contains(document.activeElement)")


def test_skip_links_to_menu_and_search(page, demo_data):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au menu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "menu"
    page.goto("/")
    page.get_by_role("link", name="Aller à la recherche").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "recherche-q"


def test_login_errors_are_summarised_focused_and_in_the_title(page, axe, demo_data):
    page.goto("/comptes/connexion/")
    page.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill(
        "maire@territoires.test"
    )
    page.get_by_label("Mot de passe", exact=False).fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter", exact=True).click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Le formulaire contient 1 erreur")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Erreur : Connexion"))
    check_page(page, axe)


def test_error_summary_links_lead_to_the_fields(page, demo_data):
    page.goto("/comptes/connexion/")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Le formulaire contient 2 erreurs")
    summary.get_by_role("link", name=re.compile("^Adresse électronique")).click()
    expect(page.get_by_role("textbox", name=re.compile("^Adresse électronique"))).to_be_focused()
    field = page.get_by_role("textbox", name=re.compile("^Adresse électronique"))
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby")
    assert "id_username_error" in described.split()
    expect(page.locator("#id_username_error")).to_contain_text("obligatoire")


def test_the_accessibility_check_does_fail_on_a_bad_page(page, axe):
    """The harness itself: an image without text alternative must be reported."""
    page.set_content('<html lang="fr"><title>t</title><main><img src="x.png"></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        check_page(page, axe)


def test_htmx_is_loaded_under_the_csp_and_posts_with_the_csrf_token(page, axe, demo_data):
    page.goto("/")
    page.wait_for_function("window.htmx !== undefined")
    # A button like the ones modules write, added to the page for the test.
    page.evaluate(
        """() => {
          const button = document.createElement("button");
          button.id = "essai-htmx";
          button.textContent = "Essai";
          button.setAttribute("hx-post", "/comptes/organisation-courante/");
          button.setAttribute("hx-swap", "none");
          document.querySelector("main").append(button);
          htmx.process(button);
        }"""
    )
    with page.expect_response("**/comptes/organisation-courante/") as response_info:
        page.locator("#essai-htmx").click()
    response = response_info.value
    assert response.request.headers.get("x-csrftoken")
    assert response.status != 403, "Le jeton CSRF n'a pas été accepté."
    check_page(page, axe)


def test_small_screen_needs_no_horizontal_scrolling(browser, live_server, axe, demo_data):
    """RGAA 10.11: content readable at 320 CSS pixels wide without scrolling sideways."""
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    page.console_errors = []
    try:
        for url in ["/", "/territoires/communes/32208/", "/comptes/connexion/"]:
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url} : {width} px de large sur un écran de 320 px"
            check_page(page, axe)
    finally:
        context.close()
