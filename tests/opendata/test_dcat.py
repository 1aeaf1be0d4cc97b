"""The DCAT-AP catalogue: both formats read back by rdflib, say the same, and hold only the
published datasets."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from territoires.opendata.models import JeuDeDonnees
from tests.comptes.factories import OrganisationFactory
from tests.opendata.factories import JeuFactory, JeuPublieFactory, ressource_create
from tests.referentiel.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db

LOCN = Namespace("http://www.w3.org/ns/locn#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
BASE = "http://testserver"


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
    (distribution,) = graph.objects(jeu, DCAT.distribution)
    assert (distribution, RDF.type, DCAT.Distribution) in graph
    telechargement = str(graph.value(distribution, DCAT.downloadURL))
    assert telechargement == (
        f"{BASE}/donnees/jeux/equipements/ressources/{monde['ressource'].pk}/telecharger.csv"
    )
    assert client.get(telechargement.removeprefix(BASE)).status_code == 200
    assert graph.value(distribution, DCTERMS["format"]) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    assert graph.value(distribution, DCTERMS.conformsTo) is not None


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
