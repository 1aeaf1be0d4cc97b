"""The page of a dataset: metadata, resources, schema.org, 404 when not published, and the
accessible preview (filters by type, sort by links, pagination by cursor), chart and map."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from territoires.comptes.models import Role
from territoires.opendata.models import JeuDeDonnees, Ressource
from tests.comptes.factories import MembreFactory, OrganisationFactory, UserFactory, login
from tests.referentiel.factories import CommuneFactory

from .factories import JeuPublieFactory, ressource_create, version_add

pytestmark = pytest.mark.django_db

COLONNES = [
    ("commune", "texte"),
    ("population", "entier"),
    ("surface", "decimal"),
    ("creation", "date"),
    ("ouverte", "booleen"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
]


def _ligne(i: int) -> list:
    return [
        f"Commune {i:02d}" if i % 2 else f"Village {i:02d}",
        100 * i,
        Decimal(f"{i}.25"),
        datetime.date(2000 + i, 1, 15),
        i % 3 == 0,
        Decimal("43.6") + Decimal(i) / 100,
        Decimal("0.5") + Decimal(i) / 100,
    ]


@pytest.fixture
def jeu():
    jeu = JeuPublieFactory(
        titre="Équipements sportifs",
        slug="equipements-sportifs",
        description="Stades et gymnases du Gers",
        organisation=OrganisationFactory(nom="Département du Gers"),
        themes=["sport"],
        mots_cles="stade, gymnase",
        contact="donnees@gers.test",
        licence=JeuDeDonnees.Licence.ODBL,
        periode_debut=datetime.date(2020, 1, 1),
        periode_fin=datetime.date(2025, 12, 31),
        frequence=JeuDeDonnees.Frequence.ANNUELLE,
    )
    jeu.communes.add(CommuneFactory(code="32208", nom="Lectoure"))
    ressource_create(
        jeu=jeu,
        titre="Liste des équipements",
        colonnes=COLONNES,
        lignes=[_ligne(i) for i in range(1, 46)],
        schema="scdl-equipements",
        conforme=True,
        graphique={"type": "barres", "x": "commune", "y": "population"},
    )
    return jeu


def _page(client, jeu, **params):
    response = client.get(jeu.get_absolute_url(), params)
    assert response.status_code == 200
    return response, response.content.decode()


def _communes(response) -> list[str]:
    return [ligne[0][0] for ligne in response.context["apercu"].lignes]


def test_the_page_shows_the_metadata_resources_and_schema_org(client, jeu):
    response, contenu = _page(client, jeu)
    for texte in (
        "Équipements sportifs",
        "Département du Gers",
        'href="https://opendatacommons.org/licenses/odbl/1-0/" rel="license">ODbL 1.0',
        "Sport",
        "Lectoure",
        "du 01/01/2020 au 31/12/2025",
        "Annuelle",
        "mailto:donnees@gers.test",
        "Conforme au schéma Équipements collectifs publics (SCDL)",
        "45 lignes",
    ):
        assert texte in contenu, texte
    (bloc,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', contenu, re.S)
    data = json.loads(bloc)
    assert data["@type"] == "Dataset" and data["name"] == "Équipements sportifs"
    assert data["license"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    assert data["temporalCoverage"] == "2020-01-01/2025-12-31"
    assert data["spatialCoverage"] == [{"@type": "Place", "name": "Lectoure"}]
    formats = sorted(d["encodingFormat"] for d in data["distribution"])
    assert "application/geo+json" in formats and "text/csv" in formats
    assert all(
        d["contentUrl"].startswith("http://testserver/donnees/") for d in data["distribution"]
    )


def test_a_json_ld_text_cannot_close_its_block(client, jeu):
    JeuDeDonnees.objects.filter(pk=jeu.pk).update(description="</script><script>alert(1)")
    _, contenu = _page(client, jeu)
    assert "</script><script>alert(1)" not in contenu


def test_an_unpublished_dataset_is_404_but_for_its_producer_and_the_data_officer(client):
    producteur = OrganisationFactory()
    jeu = JeuPublieFactory(organisation=producteur, statut=JeuDeDonnees.Statut.BROUILLON)
    url = jeu.get_absolute_url()
    assert client.get(url).status_code == 404
    login(client, MembreFactory().user)
    assert client.get(url).status_code == 404
    login(client, MembreFactory(organisation=producteur).user)
    assert client.get(url).status_code == 200
    departement = OrganisationFactory(nom="Département")
    login(client, MembreFactory(organisation=departement, role=Role.RESPONSABLE_DONNEES).user)
    assert "Jeu non publié" in client.get(url).content.decode()
    client.logout()
    assert client.get("/donnees/jeux/inconnu/").status_code == 404
    login(client, UserFactory())
    assert client.get(url).status_code == 404


def test_the_preview_is_an_accessible_table_paged_by_cursor(client, jeu):
    response, contenu = _page(client, jeu)
    apercu = response.context["apercu"]
    assert apercu.total == 45 and (apercu.premier, apercu.dernier) == (1, 20)
    assert '<caption id="legende-apercu">Liste des équipements : lignes 1 à 20 sur 45' in contenu
    assert '<th scope="col" class="numeric"><a class="th-sort"' in contenu
    assert apercu.lignes[0][1] == ("100", True) and apercu.lignes[0][2] == ("1,25", True)
    assert apercu.lignes[0][3] == ("15/01/2001", False)
    assert 'rel="prev"' not in contenu

    # Next, next, previous: the cursor links of the page.
    suivant = client.get(jeu.get_absolute_url() + apercu.suivant_url.split("#")[0])
    deuxieme = suivant.context["apercu"]
    assert (deuxieme.premier, deuxieme.dernier) == (21, 40)
    troisieme = client.get(jeu.get_absolute_url() + deuxieme.suivant_url.split("#")[0])
    assert (troisieme.context["apercu"].premier, troisieme.context["apercu"].dernier) == (41, 45)
    assert troisieme.context["apercu"].suivant_url == ""
    retour = client.get(
        jeu.get_absolute_url() + troisieme.context["apercu"].precedent_url.split("#")[0]
    )
    assert _communes(retour) == _communes(suivant)
    assert client.get(jeu.get_absolute_url(), {"curseur": "abîmé"}).status_code == 200


def test_the_preview_sorts_by_links_with_aria_sort(client, jeu):
    response, contenu = _page(client, jeu, tri="-population")
    assert _communes(response)[0] == "Commune 45"
    assert 'aria-sort="descending"' in contenu
    entete = next(e for e in response.context["apercu"].entetes if e["nom"] == "population")
    assert entete["url"].startswith("?tri=population")
    response, _ = _page(client, jeu, tri="commune")
    assert _communes(response)[0] == "Commune 01"
    # An unknown column is no sort.
    response, contenu = _page(client, jeu, tri="inconnue")
    assert "aria-sort" not in contenu


def test_the_preview_filters_by_column_type_in_a_labelled_form(client, jeu):
    response, contenu = _page(client, jeu)
    for label in (
        'for="id_c0">commune contient',
        'for="id_c1_min">population : au moins',
        'for="id_c3_max">creation : jusqu’au',
        'for="id_c4">ouverte est',
    ):
        assert label in contenu, label
    response, contenu = _page(client, jeu, c0="village", c1_min="1000", c1_max="3000")
    assert _communes(response) == [f"Village {i}" for i in range(10, 31, 2)]
    assert response.context["apercu"].total == 11
    assert "(filtres appliqués)" in contenu
    response, _ = _page(client, jeu, c4="oui", c3_min="2040-01-01")
    assert set(_communes(response)) == {"Village 42", "Commune 45"}
    # A wrong value is reported in French, with the error summary, and filters nothing.
    response, contenu = _page(client, jeu, c1_min="beaucoup")
    assert "Erreur : " in contenu and "Saisissez un nombre entier." in contenu
    assert response.context["apercu"].total == 45


def test_the_download_links_repeat_the_filters(client, jeu):
    response, _ = _page(client, jeu, c0="village", tri="-population", curseur="x", avant="y")
    liens = {lien["format"]: lien["url"] for lien in response.context["apercu"].telechargements}
    ressource = jeu.ressources.get()
    assert (
        liens["xlsx"]
        == reverse("opendata:telecharger", args=[jeu.slug, ressource.pk, "xlsx"])
        + "?tri=-population&c0=village"
    )
    assert set(liens) == {"csv", "xlsx", "json", "geojson"}


def test_the_chart_the_producer_configured_follows_the_filters(client, jeu):
    response, contenu = _page(client, jeu, c0="village")
    graphique = response.context["graphique"]
    assert graphique["type"] == "barres"
    libelles = [b.libelle for b in graphique["graphique"]["barres"]]
    assert libelles == sorted(libelles) and all(x.startswith("Village") for x in libelles)
    assert "population selon commune : données du graphique" in contenu
    ressource = jeu.ressources.get()
    Ressource.objects.filter(pk=ressource.pk).update(
        graphique={"type": "lignes", "x": "creation", "y": "surface"}
    )
    response, contenu = _page(client, jeu)
    assert response.context["graphique"]["type"] == "lignes"
    assert "<polyline" in contenu
    # A chart on a column that is gone (or not a number) is not drawn.
    Ressource.objects.filter(pk=ressource.pk).update(
        graphique={"type": "lignes", "x": "creation", "y": "commune"}
    )
    assert _page(client, jeu)[0].context["graphique"] is None


def test_a_geographic_resource_has_a_map_of_its_points(client, jeu):
    response, contenu = _page(client, jeu, c0="village")
    carte = response.context["carte"]
    assert len(carte["points"]) == 22
    assert contenu.count('class="carte-points__point"') == 22
    assert "22 points placés" in carte["resume"]
    geo = JeuPublieFactory(titre="Pistes cyclables")
    ressource_create(
        jeu=geo,
        colonnes=[("nom", "texte"), ("trace", "geometrie")],
        lignes=[
            ["Voie verte", {"type": "LineString", "coordinates": [[0.6, 43.9], [0.7, 43.95]]}],
            ["Parc", {"type": "Point", "coordinates": [0.58, 43.93]}],
        ],
    )
    response, _ = _page(client, geo)
    assert len(response.context["carte"]["points"]) == 2
    assert response.context["apercu"].lignes[0][1][0].startswith("Géométrie")


def test_earlier_versions_stay_listed_with_their_changes(client, jeu):
    ressource = jeu.ressources.get()
    version_add(ressource=ressource, lignes=[_ligne(i) for i in range(1, 50)])
    response, contenu = _page(client, jeu)
    assert "Versions précédentes (1)" in contenu
    assert "telecharger.csv?version=1" in contenu
    assert response.context["apercu"].total == 49


def test_the_preview_total_stops_at_its_ceiling(client, jeu, settings):
    settings.OPENDATA_TOTAL_MAX = 5
    response, contenu = _page(client, jeu, c0="village")
    apercu = response.context["apercu"]
    assert (apercu.total, apercu.total_exact) == (5, False)
    assert "sur plus de 5 (filtrées)" in contenu
    assert "Télécharger les lignes filtrées (plus de 5)" in contenu
    response, contenu = _page(client, jeu)  # without filter: the version's row count
    assert (response.context["apercu"].total, response.context["apercu"].total_exact) == (45, True)
