"""The DCAT-AP catalogue: both formats read back by rdflib, say the same, and hold only the
published datasets."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from territoires.opendata.models import JeuDeDonnees, Theme
from tests.comptes.factories import OrganisationFactory
from tests.opendata.factories import JeuFactory, JeuPublieFactory, ressource_create
from tests.referentiel.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db

LOCN = Namespace("http://www.w3.org/ns/locn#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
BASE = "http://testserver"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"


@pytest.fixture
def monde():
    mairie = OrganisationFactory(nom="Mairie de Lectoure")
    jeu = JeuPublieFactory(
        organisation=mairie,
        slug="equipements",
        titre='Équipements "sportifs"\nde Lectoure',  # quotes and a new line to escape
        description="Gymnases, stades ; piscines \\ bassins.",
        mots_cles="sport, gymnase",
        themes=["sport"],
        licence=JeuDeDonnees.Licence.ODBL,
        frequence=JeuDeDonnees.Frequence.ANNUELLE,
        contact="sport@lectoure.test",
        periode_debut=datetime.date(2024, 1, 1),
        periode_fin=datetime.date(2024, 12, 31),
    )
    jeu.communes.add(CommuneFactory(code="32208", nom="Lectoure"))
    jeu.epcis.add(EpciFactory(nom="CC de la Ténarèze", siren="200066926"))
    ressource = ressource_create(
        jeu=jeu, colonnes=[("nom", "texte"), ("places", "entier")], lignes=[["Stade", 300]],
        titre="Liste des équipements", schema="scdl-equipements",
    )  # fmt: skip
    brouillon = JeuFactory(organisation=mairie, slug="brouillon", titre="Brouillon secret")
    moderation = JeuFactory(organisation=mairie, slug="attente", titre="En attente secrète")
    JeuDeDonnees.objects.filter(pk=moderation.pk).update(statut="en_moderation")
    return {"jeu": jeu, "ressource": ressource, "brouillon": brouillon}


def _graph(text: str, format: str) -> Graph:
    graph = Graph()
    graph.parse(data=text, format=format)
    return graph


def test_turtle_reads_back_with_the_dataset(client, monde):
    response = client.get("/donnees/catalogue.ttl")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    graph = _graph(response.content.decode(), "turtle")
    jeu = URIRef(f"{BASE}/donnees/jeux/equipements/")
    catalogue = URIRef(f"{BASE}/donnees/")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    assert (catalogue, DCAT.dataset, jeu) in graph
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == [jeu]
    assert graph.value(jeu, DCTERMS.title) == Literal(
        'Équipements "sportifs"\nde Lectoure', lang="fr"
    )
    assert str(graph.value(jeu, DCTERMS.description)) == "Gymnases, stades ; piscines \\ bassins."
    assert graph.value(jeu, DCTERMS.license) == URIRef(
        "https://opendatacommons.org/licenses/odbl/1-0/"
    )
    editeur = graph.value(jeu, DCTERMS.publisher)
    assert str(graph.value(editeur, FOAF.name)) == "Mairie de Lectoure"
    assert {str(k) for k in graph.objects(jeu, DCAT.keyword)} == {
        "sport",
        "gymnase",
        "Sport et loisirs",
    }
    assert graph.value(jeu, DCTERMS.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
    )
    lieux = {
        str(graph.value(lieu, LOCN.geographicName)) for lieu in graph.objects(jeu, DCTERMS.spatial)
    }
    assert lieux == {"Lectoure", "CC de la Ténarèze"}
    periode = graph.value(jeu, DCTERMS.temporal)
    assert graph.value(periode, DCAT.startDate).toPython() == datetime.date(2024, 1, 1)
    contact = graph.value(jeu, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:sport@lectoure.test")
    assert set(graph.objects(jeu, DCAT.theme)) == {URIRef(f"{EU}data-theme/EDUC")}
    formats = {}
    for distribution in graph.objects(jeu, DCAT.distribution):
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        assert graph.value(distribution, DCTERMS.conformsTo) is not None
        telechargement = str(graph.value(distribution, DCAT.downloadURL))
        reponse = client.get(telechargement.removeprefix(BASE))
        assert reponse.status_code == 200
        format_ = str(graph.value(distribution, DCTERMS["format"])).removeprefix(f"{EU}file-type/")
        media = str(graph.value(distribution, DCAT.mediaType)).removeprefix(IANA)
        assert reponse["Content-Type"].split(";")[0] == media
        formats[format_] = (telechargement.removeprefix(BASE), media)
    pk = monde["ressource"].pk
    assert formats == {
        "CSV": (f"/donnees/jeux/equipements/ressources/{pk}/telecharger.csv", "text/csv"),
        "XLSX": (
            f"/donnees/jeux/equipements/ressources/{pk}/telecharger.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "JSON": (f"/donnees/jeux/equipements/ressources/{pk}/telecharger.json", "application/json"),
    }


def test_geographic_resource_has_a_geojson_distribution(client):
    jeu = JeuPublieFactory(slug="arrets", themes=["mobilite", "amenagement", "territoire"])
    ressource = ressource_create(
        jeu=jeu,
        colonnes=[("nom", "texte"), ("latitude", "latitude"), ("longitude", "longitude")],
        lignes=[["Gare", "43.64", "0.58"]],
    )
    graph = _graph(client.get("/donnees/catalogue.ttl").content.decode(), "turtle")
    noeud = URIRef(f"{BASE}/donnees/jeux/arrets/")
    # Two of our themes map to « Régions et villes »: declared once.
    assert set(graph.objects(noeud, DCAT.theme)) == {
        URIRef(f"{EU}data-theme/TRAN"),
        URIRef(f"{EU}data-theme/REGI"),
    }
    geojson = URIRef(f"{BASE}/donnees/jeux/arrets/#ressource-{ressource.pk}-geojson")
    assert (noeud, DCAT.distribution, geojson) in graph
    assert graph.value(geojson, DCTERMS["format"]) == URIRef(f"{EU}file-type/GEOJSON")
    assert graph.value(geojson, DCAT.mediaType) == URIRef(f"{IANA}application/geo+json")
    lien = str(graph.value(geojson, DCAT.downloadURL)).removeprefix(BASE)
    assert client.get(lien)["Content-Type"].startswith("application/geo+json")


def test_a_theme_s_eu_mapping_is_data(client, monde):
    Theme.objects.filter(slug="sport").update(theme_ue=Theme.ThemeUE.HEAL)
    graph = _graph(client.get("/donnees/catalogue.ttl").content.decode(), "turtle")
    jeu = URIRef(f"{BASE}/donnees/jeux/equipements/")
    assert set(graph.objects(jeu, DCAT.theme)) == {URIRef(f"{EU}data-theme/HEAL")}


def test_jsonld_is_valid_and_says_the_same(client, monde):
    response = client.get("/donnees/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    graph = _graph(response.content.decode(), "json-ld")
    turtle = _graph(client.get("/donnees/catalogue.ttl").content.decode(), "turtle")
    assert graph.isomorphic(turtle)
    assert len(graph) > 30


def test_unpublished_datasets_are_not_in_the_catalogue(client, monde):
    for url in ("/donnees/catalogue.ttl", "/donnees/catalogue.jsonld"):
        text = client.get(url).content.decode()
        assert "secret" not in text and "brouillon" not in text and "attente" not in text
    JeuDeDonnees.objects.filter(pk=monde["jeu"].pk).update(statut="depublie")
    graph = _graph(client.get("/donnees/catalogue.ttl").content.decode(), "turtle")
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []
    assert list(graph.subjects(RDF.type, DCAT.Catalog)) == [URIRef(f"{BASE}/donnees/")]


def test_command_prints_both_formats(monde):
    sortie = StringIO()
    call_command("donnees_exporter_dcat", base="https://data.exemple.fr", stdout=sortie)
    graph = _graph(sortie.getvalue(), "turtle")
    assert URIRef("https://data.exemple.fr/donnees/jeux/equipements/") in set(
        graph.subjects(RDF.type, DCAT.Dataset)
    )
    sortie = StringIO()
    call_command("donnees_exporter_dcat", format="jsonld", base="https://data.exemple.fr",
                 stdout=sortie)  # fmt: skip
    assert _graph(sortie.getvalue(), "json-ld").isomorphic(graph)


def test_constant_number_of_queries(client, monde, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/donnees/catalogue.ttl")
    for _ in range(10):
        jeu = JeuPublieFactory(themes=["sport"])
        ressource_create(jeu=jeu, colonnes=[("nom", "texte")], lignes=[["x"]])
    with django_assert_max_num_queries(10):
        client.get("/donnees/catalogue.ttl")
