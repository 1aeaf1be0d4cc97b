"""The producer's screens and the moderation queue, through the test client."""

import re

import pytest
from django.urls import reverse

from territoires.core.models import TacheSuivi
from territoires.core.request_limit import RequestBodyLimitMiddleware
from territoires.opendata import services
from territoires.opendata.models import Compteur, JeuDeDonnees, VersionRessource
from tests.comptes.factories import MembreFactory, login
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

from .publication_fixtures import (
    csv_file,
    published_version,
    rows_csv,
)

pytestmark = pytest.mark.django_db


def test_my_datasets_lists_my_organisations_only_with_their_counts(
    client, producteur, django_assert_max_num_queries
):
    mine, _ = published_version(producteur)
    services.count_download(jeu=mine)
    services.count_api_call(jeu=mine)
    services.count_api_call(jeu=mine)
    other = MembreFactory()
    published_version(other, titre="Jeu des voisins")
    login(client, producteur.user)
    response = client.get(reverse("opendata:mes_jeux"))
    page = response.content.decode()
    assert "Équipements" in page and "Jeu des voisins" not in page
    assert re.search(r'numeric">1</td>\s*<td class="numeric">2</td>', page)
    for n in range(5):
        published_version(producteur, titre=f"Jeu {n}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("opendata:mes_jeux")).status_code == 200
    assert Compteur.objects.count() == 1


def test_a_secretary_creates_a_dataset_chooses_communes_by_name_and_uploads(client, producteur):
    departement = DepartementFactory(code="32")
    lectoure = CommuneFactory(code="32208", nom="Lectoure", departement=departement)
    login(client, producteur.user)
    page = client.get(reverse("opendata:jeu_creer")).content.decode()
    assert 'data-source="/territoires/recherche/communes.json"' in page
    assert "Licence Ouverte 2.0" in page
    response = client.post(
        reverse("opendata:jeu_creer"),
        {
            "titre": "Équipements sportifs",
            "licence": "lo-2.0",
            "frequence": "annuelle",
            "communes": "lectoure,",  # typed without JavaScript, case and comma aside
            "contact": "mairie@exemple.test",
        },
    )
    jeu = JeuDeDonnees.objects.get()
    assert response.url == reverse("opendata:ressource_ajouter", args=[jeu.slug])
    assert list(jeu.communes.all()) == [lectoure]
    assert jeu.organisation == producteur.organisation

    response = client.post(response.url, {"titre": "Liste", "schema": "", "fichier": csv_file()})
    version = VersionRessource.objects.get()
    assert response.url == reverse("opendata:version_apercu", args=[version.pk])
    page = client.get(response.url).content.decode()
    assert "Windows-1252" in page and "point-virgule" in page
    assert "Type de la colonne « surface »" in page and "Nombre décimal" in page
    assert "Stade Gérard" in page

    data = {f"type_{i}": c["type"] for i, c in enumerate(version.colonnes)}
    data["type_1"] = "texte"  # code_postal
    response = client.post(reverse("opendata:version_apercu", args=[version.pk]), data)
    version.refresh_from_db()
    assert version.statut == VersionRessource.Statut.PRETE
    assert version.colonnes[1]["type"] == "texte"
    assert response.url == reverse("opendata:mes_jeux_ressource", args=[version.ressource_id])
    page = client.get(response.url).content.decode()
    assert "Version 1" in page and "+3" in page and "Télécharger" in page


def test_territories_by_name_say_what_they_do_not_know(client, producteur):
    departement = DepartementFactory(code="32")
    lectoure = CommuneFactory(code="32208", nom="Lectoure", departement=departement)
    CommuneFactory(code="32300", nom="Saint-Clar", departement=departement)
    CommuneFactory(code="32301", nom="Saint-Clar", departement=departement)
    epci = EpciFactory(nom="CC de la Ténarèze")
    login(client, producteur.user)
    donnees = {"titre": "Jeu", "licence": "lo-2.0", "frequence": "annuelle"}
    page = client.post(
        reverse("opendata:jeu_creer"),
        {**donnees, "communes": "Lectoure (32), Saint-Clar, Paris", "epcis": "cc de la tenareze"},
    ).content.decode()
    assert "« Saint-Clar » désigne plusieurs communes" in page
    assert "« Paris » n&#x27;est pas une commune proposée ici" in page
    assert not JeuDeDonnees.objects.exists()
    client.post(
        reverse("opendata:jeu_creer"),
        {**donnees, "communes": "Lectoure (32)", "epcis": "cc de la tenareze"},
    )
    jeu = JeuDeDonnees.objects.get()
    assert list(jeu.communes.all()) == [lectoure] and list(jeu.epcis.all()) == [epci]
    page = client.get(
        reverse("opendata:jeu_modifier", kwargs={"jeu_slug": jeu.slug})
    ).content.decode()
    assert 'value="Lectoure (32)"' in page
    assert "<li>CC de la Ténarèze</li>" in page  # suggestions of a field without endpoint


def test_a_refused_file_shows_its_report_in_french(client, producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Jeu"
    )
    version = services.resource_add(
        jeu=jeu, actor=producteur.user, titre="x", fichier=csv_file(rows_csv(["a;1", "b;deux"]))
    )
    login(client, producteur.user)
    url = reverse("opendata:version_apercu", args=[version.pk])
    client.post(url, {"type_0": "texte", "type_1": "entier"})
    page = client.get(url).content.decode()
    assert "Ce fichier n'a pas été publié" in page
    assert "Rapport de validation : 1 erreur" in page and "deux" in page
    response = client.post(reverse("opendata:version_reprendre", args=[version.pk]))
    reprise = VersionRessource.objects.latest("pk")
    assert response.url == reverse("opendata:version_apercu", args=[reprise.pk])


def test_upload_errors_are_shown_next_to_the_field(client, producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Jeu"
    )
    login(client, producteur.user)
    response = client.post(
        reverse("opendata:ressource_ajouter", args=[jeu.slug]),
        {"titre": "x", "fichier": csv_file(b"\x00\x01MZ" * 40, "virus.csv")},
    )
    assert response.status_code == 200
    assert "Le formulaire contient" in response.content.decode()
    assert not jeu.ressources.exists()


def test_a_big_file_is_confirmed_by_a_followed_task(client, producteur, settings):
    settings.DONNEES_TACHE_SEUIL = 0
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Gros"
    )
    version = services.resource_add(jeu=jeu, actor=producteur.user, titre="x", fichier=csv_file())
    login(client, producteur.user)
    data = {f"type_{i}": c["type"] for i, c in enumerate(version.colonnes)}
    response = client.post(reverse("opendata:version_apercu", args=[version.pk]), data)
    suivi = TacheSuivi.objects.get()
    assert response.url == suivi.get_absolute_url()
    suivi.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.TERMINEE and suivi.total
    version.refresh_from_db()
    assert version.statut == VersionRessource.Statut.PRETE


def test_another_organisations_dataset_answers_404(client, producteur):
    jeu, version = published_version(MembreFactory())
    login(client, producteur.user)
    for url in (
        reverse("opendata:mes_jeux_jeu", args=[jeu.slug]),
        reverse("opendata:jeu_modifier", kwargs={"jeu_slug": jeu.slug}),
        reverse("opendata:ressource_ajouter", args=[jeu.slug]),
        reverse("opendata:mes_jeux_ressource", args=[version.ressource_id]),
        reverse("opendata:ressource_deposer", args=[version.ressource_id]),
        reverse("opendata:version_apercu", args=[version.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("opendata:jeu_publier", args=[jeu.slug])).status_code == 404
    assert client.get(reverse("opendata:moderation")).status_code == 403


def test_the_data_officer_accepts_sends_back_and_unpublishes(client, producteur, responsable):
    jeu, _ = published_version(producteur)
    login(client, producteur.user)
    client.post(reverse("opendata:jeu_publier", args=[jeu.slug]))
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.EN_MODERATION

    login(client, responsable)
    page = client.get(reverse("opendata:moderation")).content.decode()
    assert "Équipements" in page
    url = reverse("opendata:moderer", args=[jeu.slug])
    response = client.post(url, {"decision": "renvoyer", "motif": ""})
    assert response.status_code == 400
    assert "Dites au producteur" in response.content.decode()
    client.post(url, {"decision": "accepter", "motif": ""})
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.PUBLIE

    response = client.post(reverse("opendata:depublier", args=[jeu.slug]), {"motif": "Erreur"})
    assert response.url == reverse("opendata:moderation")
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.DEPUBLIE


def test_the_chart_is_set_from_the_resource_page(client, producteur):
    jeu, version = published_version(producteur, content=rows_csv(["a;1", "b;2"]))
    login(client, producteur.user)
    url = reverse("opendata:ressource_graphique", args=[version.ressource_id])
    client.post(url, {"type": "lignes", "x": "nom", "y": "valeur"})
    version.ressource.refresh_from_db()
    assert version.ressource.graphique == {"type": "lignes", "x": "nom", "y": "valeur"}


def test_upload_urls_accept_bigger_request_bodies(settings):
    settings.REQUETE_TAILLE_MAX = 21 * 1024 * 1024
    limit = RequestBodyLimitMiddleware.limit_for
    assert limit("/donnees/mes-jeux/ressources/3/deposer/") == settings.DONNEES_TAILLE_MAX + (
        1024 * 1024
    )
    assert limit("/aides/dossiers/") == settings.REQUETE_TAILLE_MAX


def test_the_edit_form_names_its_communes_in_constant_queries(client, producteur):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    departement = DepartementFactory(code="32")
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Jeu"
    )
    login(client, producteur.user)
    url = reverse("opendata:jeu_modifier", kwargs={"jeu_slug": jeu.slug})

    def requetes() -> int:
        with CaptureQueriesContext(connection) as capture:
            assert client.get(url).status_code == 200
        return len(capture)

    jeu.communes.add(CommuneFactory(code="32001", nom="Aignan", departement=departement))
    une = requetes()
    for n in range(2, 12):
        jeu.communes.add(
            CommuneFactory(code=f"320{n:02d}", nom=f"Commune {n}", departement=departement)
        )
    assert requetes() == une
