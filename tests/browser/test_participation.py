"""Budget participatif, de l'idée au suivi public, dans Chromium (axe-core sur chaque page)."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from pabutools.election import Cost_Sat, Instance, Project
from pabutools.election.ballot import ApprovalBallot
from pabutools.election.profile import ApprovalProfile
from pabutools.rules import method_of_equal_shares
from playwright.sync_api import expect

from territoires.comptes.demo import DEMO_ACCOUNTS
from territoires.participation.models import (
    Bulletin,
    Campagne,
    EnveloppeCampagne,
    Idee,
    Projet,
    Votant,
)

from .conftest import check_page
from .test_roles import log_in

pytestmark = pytest.mark.browser

# Une image PNG de 1 × 1 pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
COMPTES = {a["email"].split("@")[0]: a for a in DEMO_ACCOUNTS}


def deconnecter(page):
    page.context.clear_cookies()


def test_de_l_idee_au_suivi_public(page, axe, demo_data):
    aujourdhui = timezone.localdate()
    j = datetime.timedelta
    c = Campagne.objects.create(
        slug="bpg", titre="Budget participatif du Gers", budget_total=Decimal(100000),
        reglement="Une personne, un vote. Bulletin définitif.",
        deliberation_le=aujourdhui - j(60), idees_debut=aujourdhui - j(5),
        idees_fin=aujourdhui + j(20),
        analyse_fin=aujourdhui + j(60), vote_debut=aujourdhui + j(61), vote_fin=aujourdhui + j(90),
        realisation_debut=aujourdhui + j(150), evaluation_le=aujourdhui + j(700), methode="mes",
    )  # fmt: skip
    env = EnveloppeCampagne.objects.create(
        campagne=c, nom="Générale", budget=Decimal(60000), choix_max=2
    )
    for code, titre in (("901", "Piste cyclable"), ("902", "Jardin partagé")):
        Projet.objects.create(
            campagne=c,
            enveloppe=env,
            code=code,
            titre=titre,
            cout=Decimal(40000),
            soumis_au_vote=True,
        )

    # 1. Un citoyen propose une idée.
    log_in(page, COMPTES["citoyen"], axe)
    page.goto("/budget-participatif/bpg/")
    check_page(page, axe)
    page.get_by_role("link", name="Je propose une idée").click()
    # Première fois : âge et commune déclarés.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil de participant")
    page.get_by_label("Date de naissance", exact=False).fill("03/04/1990")
    page.get_by_label("Commune de résidence", exact=False).fill("32013")
    check_page(page, axe)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Titre de l'idée", exact=False).fill("Bancs au bord de la Baïse")
    page.get_by_label("Description", exact=False).fill(
        "Des bancs pour se reposer le long de la rivière."
    )
    page.get_by_label("Catégorie", exact=False).fill("Cadre de vie")
    page.get_by_label("EnveloppeCampagne", exact=False).select_option(
        label="Générale (Budget participatif du Gers)"
    )
    page.get_by_label("Commune (code INSEE)", exact=False).fill("32013")
    page.get_by_label("Coût estimé", exact=False).fill("15000")
    page.get_by_label("Photo", exact=False).set_input_files(
        files=[{"name": "bancs.png", "mimeType": "image/png", "buffer": PNG}]
    )
    check_page(page, axe)
    page.get_by_role("button", name="Déposer l'idée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bancs au bord de la Baïse")
    check_page(page, axe)
    idee = Idee.objects.get(titre="Bancs au bord de la Baïse")
    assert idee.photos.count() == 1
    expect(page.get_by_role("link", name="bancs.png")).to_be_visible()
    deconnecter(page)

    # 2. Les services modèrent, analysent, font un projet et le mettent au vote.
    log_in(page, COMPTES["instructeur"], axe)
    page.goto("/budget-participatif/bpg/gestion/")
    check_page(page, axe)
    page.get_by_role("link", name="Bancs au bord de la Baïse").click()
    page.get_by_label("Publier").check()
    page.get_by_role("button", name="Enregistrer la modération").click()
    page.get_by_role("link", name="Analyser l'idée").click()
    page.get_by_label("Avis technique", exact=False).select_option("favorable")
    page.get_by_label("Avis juridique", exact=False).select_option("favorable")
    page.get_by_label("Avis financier", exact=False).select_option("reserve")
    page.get_by_label("Coût estimé par les services", exact=False).fill("18000")
    page.get_by_label("Retenue", exact=True).check()
    page.get_by_label("Justification publique", exact=False).fill(
        "Faisable sur le domaine départemental."
    )
    check_page(page, axe)
    page.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.locator("dd", has_text="Faisable sur le domaine départemental.")).to_be_visible()
    check_page(page, axe)
    page.goto("/budget-participatif/bpg/gestion/")
    page.get_by_label("Bancs au bord de la Baïse").check()
    page.get_by_label("Titre du projet", exact=False).fill("Bancs le long de la Baïse")
    page.get_by_label("Description", exact=False).fill("Dix bancs.")
    page.get_by_label("EnveloppeCampagne", exact=False).select_option(
        label="Générale (Budget participatif du Gers)"
    )
    page.get_by_label("Coût (€)", exact=False).fill("18000")
    page.get_by_role("button", name="Créer le projet").click()
    expect(page.get_by_text("Projet 003 créé.")).to_be_visible()
    for libelle in ("901", "902", "003"):
        page.get_by_label(re.compile(f"^{libelle} — ")).check()
    page.get_by_role("button", name="Enregistrer la sélection").click()
    expect(page.get_by_text("3 projet(s) soumis au vote.")).to_be_visible()
    check_page(page, axe)
    deconnecter(page)
    idee.refresh_from_db()
    assert idee.projet.code == "003"

    # 3. Le vote : en ligne (identité déclarée), puis sur papier, sans double vote.
    with time_machine.travel(c.vote_debut + j(2), tick=True):
        electeurs = [("Dupont", "Jeanne", ["901", "003"]), ("Martin", "Paul", ["003"])]
        for nom, prenom, choix in electeurs:
            page.goto("/budget-participatif/bpg/voter/")
            page.get_by_label("Nom de naissance", exact=False).fill(nom)
            page.get_by_label("Prénom", exact=False).fill(prenom)
            page.get_by_label("Date de naissance", exact=False).fill("14/07/1985")
            page.get_by_label("Commune de résidence", exact=False).fill("Auch")
            page.get_by_role("button", name="Continuer vers le bulletin").click()
            for code in choix:
                page.get_by_label(re.compile(f"{code} — ")).check()
            check_page(page, axe)
            page.get_by_role("button", name="Voir le récapitulatif").click()
            page.get_by_role("button", name="Confirmer mon vote").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("A voté")
            check_page(page, axe)

        log_in(page, COMPTES["instructeur"], axe)
        # Jeanne Dupont a voté en ligne : son bulletin papier est refusé ; Lucie Bernard vote.
        papier = (("DUPONT", "jeanne", ["902"], "a déjà voté"),
                  ("Bernard", "Lucie", ["902", "003"], "Bulletin papier enregistré."))  # fmt: skip
        for nom, prenom, choix, message in papier:
            page.goto("/budget-participatif/bpg/gestion/vote-papier/")
            page.get_by_label("Nom de naissance", exact=False).fill(nom)
            page.get_by_label("Prénom", exact=False).fill(prenom)
            page.get_by_label("Date de naissance", exact=False).fill("14/07/1985")
            page.get_by_label("Commune de résidence", exact=False).fill("32013")
            for code in choix:
                page.get_by_label(re.compile(f"{code} — ")).check()
            page.get_by_role("button", name="Enregistrer le bulletin").click()
            expect(page.get_by_text(message).first).to_be_visible()
            check_page(page, axe)
        page.goto("/budget-participatif/bpg/participation/")
        expect(page.locator(".lead")).to_have_text("3 votant(s) à ce jour.")
        check_page(page, axe)
    assert Votant.objects.filter(campagne=c).count() == 3
    assert Bulletin.objects.filter(enveloppe=env).count() == 3

    # 4. Dépouillement en tâche de fond, identique à pabutools ; suivi public.
    with time_machine.travel(c.vote_fin + j(2), tick=True):
        deconnecter(page)  # la session de l'agent a expiré entre-temps
        log_in(page, COMPTES["instructeur"], axe)
        page.goto("/budget-participatif/bpg/gestion/")
        page.get_by_role("button", name="Calculer les résultats").click()
        expect(page.get_by_text("1 enveloppe(s) dépouillée(s).")).to_be_visible()
        page.goto("/budget-participatif/bpg/resultats/")
        check_page(page, axe)
        projets = {p.pk: p for p in Projet.objects.filter(enveloppe=env, soumis_au_vote=True)}
        instance = Instance(
            [Project(p.code, int(p.cout)) for p in projets.values()], budget_limit=60000
        )
        profil = ApprovalProfile(
            [
                ApprovalBallot(
                    [q for q in instance if q.name in {projets[pk].code for pk in b.choix}]
                )
                for b in Bulletin.objects.filter(enveloppe=env)
            ]
        )
        attendus = sorted(
            p.name for p in method_of_equal_shares(instance, profil, sat_class=Cost_Sat)
        )
        laureats = page.locator("section h3 + ul li").all_inner_texts()
        assert sorted(t.split(" — ")[0] for t in laureats) == attendus
        page.goto("/budget-participatif/bpg/gestion/")
        page.get_by_role("button", name="Créer les réalisations des lauréats").click()
        page.get_by_role("link", name=re.compile("^003 — Bancs")).click()
        page.get_by_role("link", name="Mettre à jour le suivi").click()
        page.get_by_label("Statut", exact=False).select_option("en_cours")
        page.get_by_label("Avancement", exact=False).fill("40")
        page.get_by_label("Budget dépensé", exact=False).fill("7000")
        page.get_by_label("Point d'étape public", exact=False).fill("Bancs commandés.")
        check_page(page, axe)
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.locator("main p", has_text="Bancs commandés.")).to_be_visible()
        # Une photo de l'avancement, avec son texte alternatif.
        page.get_by_role("link", name="Mettre à jour le suivi").click()
        page.get_by_label("Photo des travaux", exact=False).set_input_files(
            files=[{"name": "pose.png", "mimeType": "image/png", "buffer": PNG}]
        )
        page.get_by_label("Texte alternatif", exact=False).fill("Le premier banc posé")
        page.get_by_role("button", name="Ajouter la photo").click()
        expect(page.get_by_text("Photo ajoutée au suivi public.")).to_be_visible()
        url_realisation = page.url
        deconnecter(page)
        page.goto(url_realisation)
        photo = page.get_by_role("img", name="Le premier banc posé")
        expect(photo).to_be_visible()
        assert photo.evaluate("img => img.complete && img.naturalWidth") == 1
        check_page(page, axe)
        page.goto("/budget-participatif/bpg/suivi/")
        expect(page.get_by_text("40 %").first).to_be_visible()
        check_page(page, axe)
        reponse = page.request.get("/budget-participatif/bpg/evaluation.pdf")
        assert reponse.headers["content-type"] == "application/pdf"


def test_inscription_adresse_verifiee_puis_idee_situee_sur_la_carte(page, axe, demo_data):
    """Un habitant crée son compte, ouvre le lien reçu par courriel, propose une idée en
    cliquant sa commune sur la carte."""
    from django.core import mail
    from django.core.cache import cache

    cache.clear()
    aujourdhui = timezone.localdate()
    j = datetime.timedelta
    c = Campagne.objects.create(
        slug="bpg-idees", titre="Budget participatif du Gers", budget_total=Decimal(100000),
        deliberation_le=aujourdhui - j(60), idees_debut=aujourdhui - j(5),
        idees_fin=aujourdhui + j(20), analyse_fin=aujourdhui + j(60),
        vote_debut=aujourdhui + j(61), vote_fin=aujourdhui + j(90),
        realisation_debut=aujourdhui + j(150), evaluation_le=aujourdhui + j(700),
    )  # fmt: skip
    EnveloppeCampagne.objects.create(campagne=c, nom="Générale", budget=Decimal(60000))
    page.goto("/budget-participatif/bpg-idees/")
    page.get_by_role("link", name="Je propose une idée").click()
    # Pas de compte : la page de connexion mène à l'inscription.
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    check_page(page, axe)
    page.get_by_role("textbox", name=re.compile("^Adresse électronique")).fill(
        "camille@example.org"
    )
    page.get_by_label(re.compile("^Mot de passe")).fill("Lavoir-de-Lectoure-2026")
    page.get_by_label("Confirmation du mot de passe", exact=False).fill("Lavoir-de-Lectoure-2026")
    page.get_by_role("button", name="Créer mon compte").click()
    # Sans consentement, rien n'est perdu de ce qui a été saisi.
    expect(page.get_by_text("Votre accord est nécessaire").first).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("^Adresse électronique"))).to_have_value(
        "camille@example.org"
    )
    check_page(page, axe)
    page.get_by_label(re.compile("^Mot de passe")).fill("Lavoir-de-Lectoure-2026")
    page.get_by_label("Confirmation du mot de passe", exact=False).fill("Lavoir-de-Lectoure-2026")
    page.get_by_label("J'accepte", exact=False).check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    check_page(page, axe)

    # Avant la vérification, proposer est refusé avec un lien pour renvoyer le courriel.
    page.goto("/budget-participatif/bpg-idees/proposer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse électronique")
    check_page(page, axe)
    page.get_by_role("button", name="Recevoir un nouveau lien de vérification").click()
    expect(page.get_by_text("Un nouveau lien de vérification vient d'être envoyé")).to_be_visible()

    lien = re.search(r"https?://\S+(/comptes/adresse/verification/\S+/)", mail.outbox[-1].body)[1]
    assert mail.outbox[-1].to == ["camille@example.org"]
    page.goto(lien)
    # Retour à la proposition ; d'abord l'âge et la commune.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil de participant")
    expect(page.get_by_text("Votre adresse électronique est vérifiée.")).to_be_visible()
    page.get_by_label("Date de naissance", exact=False).fill("03/04/1990")
    page.get_by_label("Commune de résidence", exact=False).fill("32208")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Je propose une idée")
    page.get_by_label("Titre de l'idée", exact=False).fill("Restaurer le lavoir")
    page.get_by_label("Description", exact=False).fill("Le lavoir de la fontaine se dégrade.")
    page.get_by_label("Catégorie", exact=False).fill("Patrimoine")
    page.get_by_label("EnveloppeCampagne", exact=False).select_option(
        label="Générale (Budget participatif du Gers)"
    )
    page.get_by_label("Coût estimé", exact=False).fill("12000")
    # La commune est choisie d'un clic sur la carte (dessinée hors ligne).
    commune = page.locator('[data-choix-commune] path[data-code="32208"]')
    commune.scroll_into_view_if_needed()
    commune.click(force=True)
    expect(page.get_by_label("Commune (code INSEE)", exact=False)).to_have_value("32208")
    expect(page.locator("[data-choix-commune-statut]")).to_contain_text("Lectoure")
    check_page(page, axe)
    page.get_by_role("button", name="Déposer l'idée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restaurer le lavoir")
    check_page(page, axe)
    idee = Idee.objects.get(titre="Restaurer le lavoir")
    assert idee.commune.code == "32208" and idee.auteur.email == "camille@example.org"
    # Le point cliqué est gardé : dans Lectoure (à 43,93° N et 0,62° E, à quelques km près).
    assert abs(float(idee.latitude) - 43.93) < 0.08, idee.latitude
    assert abs(float(idee.longitude) - 0.62) < 0.1, idee.longitude
    expect(page.get_by_text("point indiqué sur la carte")).to_be_visible()
