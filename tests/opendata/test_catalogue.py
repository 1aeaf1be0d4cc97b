"""The catalogue `/donnees/`: accent-insensitive search, facets with their counts, sorts,
pagination by links, published datasets only, a query count that does not grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.opendata.models import Compteur, JeuDeDonnees
from tests.comptes.factories import OrganisationFactory
from tests.referentiel.factories import CommuneFactory, EpciFactory

from .factories import JeuPublieFactory, ressource_create

pytestmark = pytest.mark.django_db

URL = reverse("opendata:catalogue")


def _titres(response) -> list[str]:
    return [jeu.titre for jeu in response.context["page_obj"]]


def _facettes(response) -> dict[str, dict[str, int]]:
    return {
        groupe["nom"]: {i["facette"].libelle: i["facette"].effectif for i in groupe["items"]}
        for groupe in response.context["facettes"]
    }


def test_a_word_without_its_accents_finds_the_published_datasets_only(client):
    JeuPublieFactory(titre="Équipements sportifs", description="Stades, gymnases et piscines")
    JeuPublieFactory(titre="Bibliothèques", mots_cles="lecture, médiathèque")
    JeuPublieFactory(titre="Équipements sportifs (brouillon)", statut=JeuDeDonnees.Statut.BROUILLON)
    JeuPublieFactory(titre="Équipements dépubliés", statut=JeuDeDonnees.Statut.DEPUBLIE)

    response = client.get(URL, {"q": "equipements SPORTIFS"})
    assert response.status_code == 200
    assert _titres(response) == ["Équipements sportifs"]
    assert "Équipements sportifs" in response.content.decode()
    assert _titres(client.get(URL, {"q": "GYMNASES"})) == ["Équipements sportifs"]
    assert _titres(client.get(URL, {"q": "mediatheque"})) == ["Bibliothèques"]
    assert _titres(client.get(URL, {"q": "piscine bibliotheque"})) == []
    assert sorted(_titres(client.get(URL))) == ["Bibliothèques", "Équipements sportifs"]


def test_facets_count_the_datasets_found_and_filter_them(client):
    gers = OrganisationFactory(nom="Département du Gers")
    auch = OrganisationFactory(nom="Commune d'Auch")
    lectoure = CommuneFactory(code="32208", nom="Lectoure")
    epci = EpciFactory(siren="200066926", nom="CC de la Lomagne gersoise")
    colonnes, lignes = [("nom", "texte")], [["a"]]
    a = JeuPublieFactory(titre="Écoles", organisation=gers, themes=["education"])
    a.communes.add(lectoure)
    ressource_create(jeu=a, colonnes=colonnes, lignes=lignes, schema="scdl-equipements")
    ressource_create(jeu=a, colonnes=colonnes, lignes=lignes, format="xlsx")
    b = JeuPublieFactory(titre="Collèges", organisation=gers, themes=["education", "jeunesse"])
    b.epcis.add(epci)
    ressource_create(jeu=b, colonnes=colonnes, lignes=lignes)
    JeuPublieFactory(titre="Marchés", organisation=auch, themes=["economie"])
    JeuPublieFactory(
        titre="Écoles privées", organisation=auch, statut="brouillon", themes=["education"]
    )

    facettes = _facettes(client.get(URL))
    assert facettes["producteur"] == {"Département du Gers": 2, "Commune d'Auch": 1}
    assert facettes["theme"] == {
        "Éducation et jeunesse": 2,  # the themes of the data migration
        "Jeunesse": 1,
        "Économie et emploi": 1,
    }
    assert facettes["territoire"] == {"CC de la Lomagne gersoise": 1, "Lectoure": 1}
    assert facettes["format"] == {"CSV": 2, "Excel (XLSX)": 1}
    assert facettes["schema"] == {"Équipements collectifs publics (SCDL)": 1}

    # A facet link filters; the counts are those of the datasets found.
    response = client.get(URL, {"theme": "education"})
    assert sorted(_titres(response)) == ["Collèges", "Écoles"]
    assert _facettes(response)["producteur"] == {"Département du Gers": 2}
    assert _titres(client.get(URL, {"theme": "education", "format": "xlsx"})) == ["Écoles"]
    assert _titres(client.get(URL, {"territoire": "32208"})) == ["Écoles"]
    assert _titres(client.get(URL, {"territoire": "200066926"})) == ["Collèges"]
    assert _titres(client.get(URL, {"schema": "scdl-equipements"})) == ["Écoles"]
    assert _titres(client.get(URL, {"producteur": auch.pk})) == ["Marchés"]
    # The active facet's link removes it, and keeps the search.
    response = client.get(URL, {"theme": "education", "q": "ecoles"})
    (education,) = [i for g in response.context["facettes"] for i in g["items"] if i["active"]]
    assert education["url"] == "?q=ecoles"
    assert 'aria-current="true"' in response.content.decode()


def test_sorts_by_relevance_title_update_and_popularity(client):
    ancien = JeuPublieFactory(titre="Zones de baignade", description="Qualité des eaux de baignade")
    JeuPublieFactory(
        titre="Aires de jeux", description="Parcs, plages et baignade surveillée"
    )
    populaire = JeuPublieFactory(titre="Baignade : plages surveillées")
    JeuDeDonnees.objects.filter(pk=ancien.pk).update(
        modifie_le=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    JeuDeDonnees.objects.filter(pk=populaire.pk).update(
        modifie_le=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    hier = timezone.localdate() - datetime.timedelta(days=1)
    Compteur.objects.create(jeu=populaire, jour=hier, telechargements=5, appels_api=2)
    Compteur.objects.create(jeu=populaire, jour=timezone.localdate(), telechargements=1)
    Compteur.objects.create(jeu=ancien, jour=hier, telechargements=3)

    # Relevance: the phrase in the title, then all words in the title, then the rest; the
    # most recently updated first among equals.
    assert _titres(client.get(URL, {"q": "baignade"})) == [
        "Baignade : plages surveillées",
        "Zones de baignade",
        "Aires de jeux",
    ]
    assert _titres(client.get(URL, {"q": "plages baignade"})) == [
        "Baignade : plages surveillées",  # both words in the title
        "Aires de jeux",  # in the description only
    ]
    assert _titres(client.get(URL, {"tri": "titre"})) == [
        "Aires de jeux",
        "Baignade : plages surveillées",
        "Zones de baignade",
    ]
    assert _titres(client.get(URL, {"tri": "maj"})) == [
        "Aires de jeux",
        "Baignade : plages surveillées",
        "Zones de baignade",
    ]
    assert _titres(client.get(URL, {"tri": "popularite"})) == [
        "Baignade : plages surveillées",  # 8
        "Zones de baignade",  # 3
        "Aires de jeux",  # 0
    ]
    # Without a search, the most recently updated first; an unknown sort changes nothing.
    assert _titres(client.get(URL)) == _titres(client.get(URL, {"tri": "maj"}))
    assert client.get(URL, {"tri": "n'importe quoi"}).status_code == 200


def test_pagination_by_links_keeps_the_search(client):
    for n in range(25):
        JeuPublieFactory(titre=f"Comptages routiers {n:02d}")
    response = client.get(URL, {"q": "comptages", "tri": "titre"})
    assert len(_titres(response)) == 20
    contenu = response.content.decode()
    assert 'href="?q=comptages&amp;tri=titre&amp;page=2"' in contenu
    suite = client.get(URL, {"q": "comptages", "tri": "titre", "page": 2})
    assert _titres(suite) == [f"Comptages routiers {n}" for n in range(20, 25)]
    assert "25 jeux de données" in contenu


def _peupler(n: int, offset: int = 0):
    gers = OrganisationFactory()
    for i in range(n):
        jeu = JeuPublieFactory(titre=f"Jeu {offset + i}", organisation=gers, themes=["t1", "t2"])
        jeu.communes.add(CommuneFactory())
        ressource_create(
            jeu=jeu,
            colonnes=[("nom", "texte"), ("montant", "decimal")],
            lignes=[["a", Decimal("1.5")]],
            schema="s",
        )


def test_the_query_count_does_not_grow_with_the_datasets(client):
    _peupler(2)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(URL, {"q": "jeu", "theme": "t1"}).status_code == 200
    _peupler(30, offset=2)
    with CaptureQueriesContext(connection) as beaucoup:
        response = client.get(URL, {"q": "jeu", "theme": "t1"})
    assert response.context["page_obj"].paginator.count == 32
    assert len(beaucoup) == len(peu) <= 12


def test_the_public_menu_and_home_page_lead_to_the_catalogue(client):
    contenu = client.get("/").content.decode()
    menu = contenu[contenu.index('aria-label="Menu principal"') :]
    assert f'href="{URL}"' in menu[: menu.index("</nav>")]
    assert "Explorer les données ouvertes" in contenu
    assert f'href="{URL}" aria-current="page">Données ouvertes' in client.get(URL).content.decode()
