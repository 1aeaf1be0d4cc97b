"""Ingénierie in the browser: a commune files a request, the direction assigns it, the advisor
works it to closure with a recommendation from the library; the commune sees the public part
throughout. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from territoires.comptes.demo import demo_account

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").first.click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_request_from_filing_to_closure(page, axe, demo_data):
    maire = demo_account("maire@territoires.test")
    direction = demo_account("direction@territoires.test")
    conseiller = demo_account("conseiller@territoires.test")

    # 1. The mayor files a request; a first attempt with errors loses nothing.
    log_in(page, maire, axe)
    page.get_by_role("link", name="Solliciter l'ingénierie du Département").click()
    expect(page.locator("h1")).to_have_text("Solliciter l'ingénierie du Département")
    check_page(page, axe)
    page.get_by_label("Sujet").fill("Rénovation énergétique de l'école")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient")
    expect(page).to_have_title(re.compile("^Erreur"))
    check_page(page, axe)
    expect(page.get_by_label("Sujet")).to_have_value("Rénovation énergétique de l'école")
    page.get_by_label("Description du besoin").fill("Isoler les combles et changer la chaudière.")
    page.get_by_label("Domaine").select_option(label="Aménagement et bâtiments")
    page.get_by_label("Nature de la demande").select_option(label="Conseil technique")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("h1")).to_have_text("Rénovation énergétique de l'école")
    expect(page.get_by_role("status").first).to_contain_text("est enregistrée")
    check_page(page, axe)
    url = page.url
    log_out(page)

    # 2. The direction triages it and names the referent advisor.
    log_in(page, direction, axe)
    page.goto(url)
    expect(page.get_by_role("heading", name="Tri de la sollicitation")).to_be_visible()
    check_page(page, axe)
    page.get_by_label("Conseiller référent", exact=True).select_option(label="Conseiller Démo")
    page.get_by_label("Message à la collectivité").fill("Votre conseiller vous appellera.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status").first).to_contain_text("Sollicitation acceptée")
    expect(page.locator(".lead")).to_contain_text("En cours")
    check_page(page, axe)
    log_out(page)

    # 3. The advisor works it: queue, step, notes, a recommendation, closure.
    log_in(page, conseiller, axe)
    page.goto("/ingenierie/file/")
    check_page(page, axe)
    page.goto(url)
    page.get_by_label("Nouvelle étape").select_option(label="Acteurs identifiés")
    page.get_by_role("button", name="Changer d'étape").click()
    expect(page.locator("[aria-current='step']")).to_contain_text("Acteurs identifiés")
    page.get_by_role("textbox", name=re.compile("^Note")).fill(
        "Rendez-vous en mairie mardi à 10 h."
    )
    page.get_by_role("checkbox", name="Note publique, lue par la collectivité").check()
    page.get_by_role("button", name="Ajouter la note").click()
    page.get_by_role("textbox", name=re.compile("^Note")).fill("Interne : budget très serré.")
    page.get_by_role("button", name="Ajouter la note").click()
    expect(page.get_by_text("Interne : budget très serré.")).to_be_visible()
    # An internal document, for the mission only.
    page.locator("#id_doc-fichier").set_input_files(
        files=[{"name": "chiffrage-interne.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )  # fmt: skip
    page.get_by_role("checkbox", name=re.compile("^Document interne")).check()
    page.get_by_role("button", name="Ajouter le document").click()
    expect(page.get_by_role("status").first).to_contain_text("Document interne ajouté")
    expect(page.get_by_role("link", name="chiffrage-interne.pdf")).to_be_visible()
    page.get_by_text("Ajouter une action ou une recommandation").click()
    page.get_by_label("Ressource de la bibliothèque").select_option(
        label="Guide de la programmation d'une opération de bâtiment"
    )
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile("Recommandation : Guide de la programmation"))
    ).to_be_visible()
    check_page(page, axe)
    page.get_by_label("Motif ou conclusion pour « Terminer »").fill(
        "Programme validé, consultation de maîtrise d'œuvre lancée."
    )
    page.get_by_role("button", name="Terminer", exact=True).click()
    expect(page.locator(".lead")).to_contain_text("Terminée")
    check_page(page, axe)
    page.goto("/ingenierie/chiffres/")
    expect(page.locator("h1")).to_have_text("Chiffres de l'ingénierie territoriale")
    check_page(page, axe)
    log_out(page)

    # 4. The mayor sees the public part only.
    log_in(page, maire, axe)
    page.goto(url)
    expect(page.locator(".lead")).to_contain_text("Terminée")
    expect(page.get_by_text("Rendez-vous en mairie mardi à 10 h.")).to_be_visible()
    expect(
        page.get_by_text("Programme validé, consultation de maîtrise d'œuvre lancée.")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Recommandation : Guide de la programmation"))
    ).to_be_visible()
    expect(page.get_by_text("Interne : budget très serré.")).to_have_count(0)
    expect(page.get_by_text("chiffrage-interne.pdf")).to_have_count(0)
    expect(page.get_by_role("button", name="Envoyer le message")).to_have_count(0)  # closed
    check_page(page, axe)

    # The library and the network's workshops, from the menu.
    page.get_by_role("link", name="Ressources", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Bibliothèque de ressources")
    check_page(page, axe)
    page.get_by_role("link", name="Ateliers", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Ateliers du réseau de la commande publique")
    check_page(page, axe)
    page.get_by_role("link", name=re.compile("Commande publique : lancement")).click()
    check_page(page, axe)


def test_agency_membership_quote_service_and_invoice(page, axe, demo_data):
    """Agency model: a commune joins at its band's fee, accepts a quote in the browser, the
    advisor records the service, the direction invoices it and exports the invoices."""
    from territoires.comptes.models import User
    from territoires.ingenierie.models import ConfigurationIngenierie, Sollicitation
    from tests.ingenierie.factories import SollicitationFactory

    config = ConfigurationIngenierie.courante()
    config.activer_adhesions = True
    config.save()
    maire = demo_account("maire@territoires.test")
    direction = demo_account("direction@territoires.test")
    conseiller = demo_account("conseiller@territoires.test")
    commune = User.objects.get(email=maire["email"]).membres.get().organisation
    sollicitation = SollicitationFactory(
        organisation=commune,
        sujet="Programme de la future médiathèque",
        statut=Sollicitation.Statut.EN_COURS,
        referent=User.objects.get(email=conseiller["email"]),
    )
    url = sollicitation.get_absolute_url()

    # 1. The direction records the commune's membership: the fee comes from the scale.
    log_in(page, direction, axe)
    page.get_by_role("link", name="Adhésions", exact=True).first.click()
    expect(page.get_by_role("table", name=re.compile("par tranche de population"))).to_be_visible()
    check_page(page, axe)
    page.get_by_role("button", name="Enregistrer l'adhésion").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient")
    check_page(page, axe)
    page.get_by_label("Commune ou intercommunalité").select_option(label=commune.nom)
    page.get_by_role("button", name="Enregistrer l'adhésion").click()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(rf"Adhésion \d{{4}} de {re.escape(commune.nom)} enregistrée : cotisation de")
    )
    expect(page.get_by_role("row", name=re.compile(re.escape(commune.nom)))).to_contain_text(
        "Cotisation appelée"
    )
    check_page(page, axe)
    log_out(page)

    # 2. The advisor prepares the quote and sends it.
    log_in(page, conseiller, axe)
    page.goto(url)
    page.get_by_label("Prestation du catalogue").select_option(
        label="AMO pré-opérationnelle : programme de l'opération"
    )
    page.get_by_role("button", name="Ajouter au devis").click()
    expect(page.get_by_role("status").first).to_contain_text("Ligne ajoutée au devis")
    check_page(page, axe)
    page.get_by_role("button", name="Envoyer le devis à la collectivité").click()
    expect(page.get_by_role("heading", name=re.compile("Devis DEV-.* Envoyé"))).to_be_visible()
    log_out(page)

    # 3. The mayor accepts it.
    log_in(page, maire, axe)
    page.goto(url)
    check_page(page, axe)
    page.get_by_role("button", name=re.compile("^Accepter le devis DEV-")).click()
    expect(page.get_by_role("heading", name=re.compile("Devis DEV-.* Accepté"))).to_be_visible()
    check_page(page, axe)
    log_out(page)

    # 4. The advisor records the service delivered.
    log_in(page, conseiller, axe)
    page.goto(url)
    page.get_by_label("Quantité réalisée").fill("1")
    page.get_by_role("button", name=re.compile("^Enregistrer la prestation")).click()
    expect(page.get_by_role("status").first).to_contain_text("Prestation enregistrée")
    check_page(page, axe)
    log_out(page)

    # 5. The direction invoices, downloads the PDF and the export for the finance software.
    log_in(page, direction, axe)
    page.get_by_role("link", name="Factures AMO", exact=True).first.click()
    check_page(page, axe)
    page.get_by_role("button", name="Émettre les factures").click()
    expect(page.get_by_role("status").first).to_contain_text("1 facture émise")
    check_page(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^FAC-\d{4}-00001")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download.value.path(), encoding="utf-8-sig") as export:
        content = export.read()
    assert re.search(r"FAC-\d{4}-00001", content) and commune.nom in content


def test_reminder_preferences_from_the_email_link(page, axe, demo_data):
    """The link of every reminder e-mail opens the person's preferences without signing in."""
    from territoires.comptes.models import User
    from territoires.ingenierie.models import RelanceRefusee
    from territoires.ingenierie.services.relances import preferences_token

    maire = User.objects.get(email="maire@territoires.test")
    page.goto(f"/ingenierie/relances/{preferences_token(maire)}/")
    expect(page.locator("h1")).to_have_text("Relances par courriel de l'ingénierie")
    check_page(page, axe)
    page.get_by_role("checkbox", name=re.compile("Où en êtes-vous")).uncheck()
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_role("status").first).to_contain_text("Vous ne recevrez plus")
    expect(page.get_by_role("checkbox", name=re.compile("Où en êtes-vous"))).not_to_be_checked()
    check_page(page, axe)
    assert RelanceRefusee.objects.filter(destinataire=maire, type="ou_en_etes_vous").exists()
