"""The pages: public call with its countdown, the catalogue and the open data, the
candidate's journey without JavaScript, another organisation's candidature, constant
queries on the lists."""

import pytest
from django.utils import timezone

from territoires.appels.models import Candidature
from territoires.comptes.models import Organisation
from tests.comptes.factories import UserFactory, login
from tests.opendata.automatiques import source_rows

from .factories import appel_factory, candidature_deposee, deadline_passee, monde

pytestmark = pytest.mark.django_db


def test_page_publique_avec_compte_a_rebours(client):
    w = monde()
    page = client.get(w.appel.get_absolute_url()).content.decode()
    assert "Clôture dans 3 jours" in page or "Clôture dans 2 jours" in page
    assert "(heure de Paris)" in page
    assert "data-compte-a-rebours" in page
    assert "appels/compte-a-rebours" in page
    assert "Associations (numéro RNA)" in page
    assert "Besoins — poids 3" in page


def test_un_appel_en_preparation_est_introuvable_du_public(client):
    w = monde()
    brouillon = appel_factory(service=w.service, titre="Pas encore")
    type(brouillon).objects.filter(pk=brouillon.pk).update(statut="brouillon")
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    login(client, w.gestionnaire)
    assert client.get(brouillon.get_absolute_url()).status_code == 200


def test_catalogue_des_aides_et_donnees_ouvertes_montrent_l_appel(client):
    w = monde()
    page = client.get("/aides/").content.decode()
    assert w.appel.titre in page
    assert "/appels/" in page
    lignes = source_rows("appels.appels")["Appels à projets"]
    assert [ligne["titre"] for ligne in lignes] == [w.appel.titre]
    assert lignes[0]["fuseau_horaire"] == "Europe/Paris"
    assert "Besoins (poids 3)" in lignes[0]["criteres_ponderes"]


def test_liste_a_requetes_constantes(client, django_assert_max_num_queries):
    w = monde()
    for i in range(6):
        appel_factory(service=w.service, titre=f"Appel {i}", jours=i + 1)
    with django_assert_max_num_queries(8):
        assert client.get("/appels/").status_code == 200


def test_classement_a_requetes_constantes(client, django_assert_max_num_queries):
    w = monde()
    for i in range(5):
        user = UserFactory()
        org = Organisation.objects.create(nom=f"Collectif {i}", type="collectif")
        org.membres.create(user=user, role="gestionnaire")
        candidature_deposee(w, organisation=org, actor=user, titre=f"Projet {i}")
    login(client, w.gestionnaire)
    with django_assert_max_num_queries(20):
        assert client.get(f"/appels/{w.appel.pk}/classement/").status_code == 200


def test_parcours_sans_javascript_compte_organisation_brouillon_depot(client):
    w = monde()
    user = UserFactory(email_verifie_le=timezone.now())
    login(client, user)
    url = f"/appels/{w.appel.pk}/candidater/"
    assert "Votre organisation" in client.get(url).content.decode()
    # An invalid RNA: the error summary says why.
    response = client.post(
        url, {"etape": "organisation", "org-type": "association", "org-nom": "Les Ateliers",
              "org-rna": "W12"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "W suivi de neuf chiffres" in response.content.decode()
    response = client.post(
        url, {"etape": "organisation", "org-type": "association", "org-nom": "Les Ateliers",
              "org-rna": "W322009999"},
    )  # fmt: skip
    assert response.status_code == 302
    organisation = Organisation.objects.get(nom="Les Ateliers")
    response = client.post(
        url, {"etape": "candidature", "organisation": organisation.pk, "titre": "Atelier vélo"}
    )
    candidature = Candidature.objects.get(organisation=organisation)
    assert response["Location"] == candidature.get_absolute_url()
    q = {f"question_{question.pk}": "" for question in w.questions}
    q[f"question_{w.questions[0].pk}"] = "Un atelier de réparation"
    response = client.post(candidature.get_absolute_url(), {**q, "titre": "Atelier vélo",
                                                            "action": "enregistrer"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(candidature.get_absolute_url(), {**q, "titre": "Atelier vélo",
                                                            "action": "deposer"})  # fmt: skip
    assert response.status_code == 200
    assert "des réponses obligatoires manquent" in response.content.decode()
    q[f"question_{w.questions[1].pk}"] = "Tiers-lieu"
    q[f"question_{w.questions[2].pk}"] = "12 000,50"
    q[f"question_{w.questions[3].pk}"] = "5000"
    response = client.post(candidature.get_absolute_url(), {**q, "titre": "Atelier vélo",
                                                            "action": "deposer"})  # fmt: skip
    assert response.status_code == 302
    candidature = Candidature.objects.get(pk=candidature.pk)
    assert candidature.statut == "deposee"


def test_apres_la_date_limite_la_saisie_revient_avec_le_message(client):
    w = monde()
    candidature_deposee(w)  # not the one we edit
    user = w.autre_candidat
    org = user.membres.get().organisation
    from territoires.appels import services

    c = services.candidature_create(appel=w.appel, organisation=org, actor=user, titre="Vélo")
    deadline_passee(w.appel)
    login(client, user)
    response = client.post(
        c.get_absolute_url(),
        {"titre": "Vélo", f"question_{w.questions[0].pk}": "Texte long écrit à la main",
         "action": "deposer"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "est passée" in page
    assert "Texte long écrit à la main" in page  # nothing lost on screen
    assert Candidature.objects.get(pk=c.pk).statut == "brouillon"


def test_la_candidature_d_une_autre_organisation_repond_404(client):
    w = monde()
    c = candidature_deposee(w)
    login(client, w.autre_candidat)
    for suffix in ("", "lettre/"):
        assert client.get(f"{c.get_absolute_url()}{suffix}").status_code == 404
    assert client.post(f"{c.get_absolute_url()}noter/").status_code == 404
    login(client, w.candidat)
    assert client.get(c.get_absolute_url()).status_code == 200
    # The jury sees it once filed; the candidate sees no jury section.
    assert "Notes du jury" not in client.get(c.get_absolute_url()).content.decode()


def test_un_brouillon_n_est_pas_vu_du_jury(client):
    w = monde()
    from territoires.appels import services

    c = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="Brouillon"
    )
    login(client, w.jure1)
    assert client.get(c.get_absolute_url()).status_code == 404


def test_l_accueil_d_une_association_montre_les_appels_et_ses_candidatures(client):
    w = monde()
    c = candidature_deposee(w)
    login(client, w.candidat)
    page = client.get("/").content.decode()
    assert "Appels à projets et mes candidatures" in page
    assert c.titre in page
    assert w.appel.titre in page


def test_le_menu_principal_mene_aux_appels(client):
    """Anyone finds the calls from the menu, and a manager the management from the list."""
    w = monde()
    accueil = client.get("/").content.decode()
    assert 'href="/appels/">Appels à projets</a>' in accueil
    liste = client.get("/appels/").content.decode()
    assert 'aria-current="page">Appels à projets</a>' in liste
    assert "Gestion et jury" not in liste
    login(client, w.gestionnaire)
    assert "Gestion et jury" in client.get("/appels/").content.decode()
