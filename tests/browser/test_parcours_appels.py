"""Issue 15, « Calls for projects » (seed 002): an association creates its account and
answers the Gers' call for expressions of interest for tiers-lieux and a Fab Lab (draft,
then filing); two jury members score it, the second sees the first's score only after
giving theirs; the service selects it and the association downloads its letter. At 1280 px
and at 375 px (no sideways scrolling), axe-core on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from territoires.appels.models import Appel, Candidature

from .conftest import check_page
from .test_aides import _context_page

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
EMAIL = "contact@ateliers-lomagne.example.org"
PASSWORD = "Fab-Lab-de-Lectoure-2026"


def _status(page):
    return page.get_by_role("status").first


def _association_candidates(page, axe, appel):
    from django.core import mail

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/aides/")
    page.get_by_role("link", name=appel.titre).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(appel.titre)
    expect(page.locator("[data-compte-a-rebours]")).to_have_text(re.compile(r"^Clôture dans"))
    check_page(page, axe)
    page.get_by_role("link", name="Candidater").click()
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill(EMAIL)
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe", exact=False).fill(PASSWORD)
    page.get_by_label("J'accepte", exact=False).check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    lien = re.search(r"https?://\S+(/comptes/adresse/verification/\S+/)", mail.outbox[-1].body)[1]
    page.goto(lien)

    # Back on the call: the association declares itself (an invalid RNA first).
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Candidater : {appel.titre}")
    check_page(page, axe)
    page.get_by_label("Association", exact=True).check()
    page.get_by_label("Nom de l'organisation").fill("Les Ateliers de Lomagne")
    page.get_by_label("Numéro RNA (association)").fill("W3220")
    page.get_by_role("button", name="Déclarer l'organisation").click()
    expect(page.locator(".error-summary")).to_contain_text("W suivi de neuf chiffres")
    check_page(page, axe)
    page.get_by_label("Numéro RNA (association)").fill("W322008765")
    page.get_by_role("button", name="Déclarer l'organisation").click()
    expect(_status(page)).to_contain_text("Organisation « Les Ateliers de Lomagne » créée")
    page.get_by_label("Titre de votre projet").fill("Un Fab Lab itinérant en Lomagne")
    page.get_by_role("button", name="Créer le brouillon").click()

    # The draft, saved, then filed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Un Fab Lab itinérant en Lomagne")
    check_page(page, axe)
    page.get_by_label("Présentation de votre structure").fill("Association de médiation numérique.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(_status(page)).to_contain_text("Brouillon enregistré")
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(page.locator(".error-summary")).to_contain_text("des réponses obligatoires manquent")
    check_page(page, axe)
    page.get_by_label("Le projet de tiers-lieu ou de Fab Lab").fill("Un camion-atelier équipé.")
    page.get_by_label("Nature du lieu").select_option("Fab Lab (atelier de fabrication numérique)")
    page.get_by_label("Commune d'implantation").fill("Lectoure")
    page.get_by_label("Coût total du projet (HT)", exact=False).fill("60 000")
    page.get_by_label("Aide sollicitée au Département", exact=False).fill("20 000")
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(_status(page)).to_contain_text("Candidature déposée")
    check_page(page, axe)
    return Candidature.objects.get(titre="Un Fab Lab itinérant en Lomagne")


def _noter(page, valeurs):
    for libelle, valeur in valeurs.items():
        page.get_by_label(libelle, exact=False).fill(valeur)
    page.get_by_role("button", name="Enregistrer ma note").click()
    expect(_status(page)).to_contain_text("Note enregistrée")


def test_an_association_answers_the_ami_and_is_selected_by_the_jury(
    browser, live_server, axe, demo_data, page
):
    from django.core.cache import cache

    cache.clear()
    appel = Appel.objects.get(titre="Tiers-lieux et Fab Lab départemental")
    candidature = _association_candidates(page, axe, appel)
    url = candidature.get_absolute_url()

    # The first jury member scores (at 1280 px).
    instructeur = _context_page(browser, live_server, axe, "instructeur@territoires.test")
    instructeur.set_viewport_size({"width": 1280, "height": 900})
    instructeur.goto(url)
    check_page(instructeur, axe)
    _noter(instructeur, {"Réponse aux besoins": "8", "Ancrage territorial": "6",
                         "Viabilité économique": "5", "Ouverture au public": "9"})  # fmt: skip

    # The second (at 375 px) sees nothing of it before giving their own score.
    conseiller = _context_page(browser, live_server, axe, "conseiller@territoires.test")
    conseiller.set_viewport_size({"width": 375, "height": 800})
    conseiller.goto(url)
    expect(conseiller.get_by_text("s'afficheront une fois votre note donnée")).to_be_visible()
    expect(conseiller.get_by_role("region", name="Tableau des notes du jury")).to_have_count(0)
    assert conseiller.evaluate(NO_SIDEWAYS_SCROLL)
    check_page(conseiller, axe)
    _noter(conseiller, {"Réponse aux besoins": "9", "Ancrage territorial": "7",
                        "Viabilité économique": "6", "Ouverture au public": "8"})  # fmt: skip
    notes = conseiller.get_by_role("region", name="Tableau des notes du jury")
    expect(notes.locator("tbody tr")).to_have_count(2)
    expect(conseiller.get_by_text("Moyenne du jury")).to_be_visible()
    assert conseiller.evaluate(NO_SIDEWAYS_SCROLL)
    check_page(conseiller, axe)

    # The deadline passes; the service (the conseiller's mission) ranks and selects.
    Appel.objects.filter(pk=appel.pk).update(
        date_limite=timezone.now() - datetime.timedelta(minutes=1)
    )
    conseiller.goto(f"/appels/{appel.pk}/classement/")
    expect(conseiller.get_by_role("region", name="Classement des candidatures")).to_contain_text(
        "Un Fab Lab itinérant en Lomagne"
    )
    assert conseiller.evaluate(NO_SIDEWAYS_SCROLL)
    check_page(conseiller, axe)
    conseiller.goto(url)
    conseiller.get_by_label("Retenir la candidature").check()
    conseiller.get_by_label("Motifs (cités dans la lettre)").fill(
        "Projet itinérant qui répond aux besoins des communes rurales."
    )
    conseiller.get_by_role("button", name="Enregistrer la décision").click()
    expect(_status(conseiller)).to_contain_text("candidature retenue")
    conseiller.get_by_role("button", name="Préparer le dossier d'aide").click()
    expect(_status(conseiller)).to_contain_text("Dossier d'aide préparé")
    check_page(conseiller, axe)

    # The association reads the decision and downloads its letter, at 375 px too.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    expect(page.get_by_text("Candidature retenue", exact=False).first).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    check_page(page, axe)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger la lettre (PDF)").click()
    with open(telechargement.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
