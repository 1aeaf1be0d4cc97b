"""The automatic dataset of the participatory budget's results also publishes, for each counted
enveloppe, the whole election as a pabulib `.pb` file, the one the participation module serves
(its public ballot box): listed on the dataset's page and declared in the DCAT catalogue."""

import pytest
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from territoires.opendata.automatiques import REGISTRE, fichiers_du_jeu
from territoires.opendata.automatiques.refresh import datasets_refresh
from territoires.opendata.models import JeuDeDonnees
from territoires.participation import pabulib
from territoires.participation.models import EnveloppeCampagne

from .automatiques import campagne_votee

pytestmark = pytest.mark.django_db


def test_each_counted_enveloppe_has_its_pb_file(client):
    publiee = campagne_votee(
        slug="bp-close", publier=True, votants=[("Dupont", "Jeanne"), ("Martin", "Paul")]
    )
    campagne_votee(slug="bp-en-cours", publier=False)
    (fichier,) = REGISTRE["participation.resultats"].fichiers()
    enveloppe = EnveloppeCampagne.objects.get(campagne=publiee)
    assert fichier.nom_fichier == f"bp-close-{enveloppe.pk}.pb"
    assert fichier.url.endswith(f"/bp-close/urne/{enveloppe.pk}/?format=pabulib")
    reponse = client.get(fichier.url)
    assert reponse.status_code == 200
    lu = pabulib.lire_texte(reponse.content.decode())
    assert lu.meta["num_votes"] == "2"
    assert sorted(p["project_id"] for p in lu.projets) == ["01", "02", "03"]
    assert sorted(v["vote"] for v in lu.votes) == ["01,02", "02,03"]


def test_the_dataset_page_and_dcat_offer_the_pb_file(client):
    campagne_votee(slug="bp-close", publier=True)
    datasets_refresh(codes=["participation.resultats"])
    jeu = JeuDeDonnees.objects.get(source_module="participation.resultats")
    (fichier,) = fichiers_du_jeu(jeu)
    page = client.get(reverse("opendata:jeu", kwargs={"slug": jeu.slug})).content.decode()
    assert f'href="{fichier.url.replace("&", "&amp;")}" download="{fichier.nom_fichier}"' in page
    graph = Graph().parse(
        data=client.get("/donnees/catalogue.ttl").content.decode(), format="turtle"
    )
    distribution = URIRef(f"http://testserver{fichier.url}")
    assert (
        URIRef(f"http://testserver{jeu.get_absolute_url()}"),
        DCAT.distribution,
        distribution,
    ) in graph
    assert graph.value(distribution, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/plain"
    )
    assert graph.value(distribution, DCTERMS.conformsTo) == URIRef("https://pabulib.org/format")


def test_a_producer_s_dataset_has_no_such_file():
    assert fichiers_du_jeu(JeuDeDonnees(source_module="")) == []
