"""The resource library: search, filters, new resources."""

import pytest
from django.urls import reverse

from territoires.ingenierie.models import Domaine
from tests.comptes.factories import login

pytestmark = pytest.mark.django_db


def test_ressources_search(client, mission, commune):
    from .factories import RessourceFactory

    guide = RessourceFactory(titre="Guide de l'assainissement collectif")
    guide.domaines.set([Domaine.objects.get(nom="Eau et assainissement")])
    RessourceFactory(titre="Modèle de CCAP")
    login(client, commune["maire"])
    response = client.get(reverse("ingenierie:ressources"), {"q": "assainissement"})
    assert [r.titre for r in response.context["page_obj"]] == [guide.titre]
    assert client.get(reverse("ingenierie:ressource_nouvelle")).status_code == 403
    login(client, mission["conseiller"])
    response = client.post(
        reverse("ingenierie:ressource_nouvelle"),
        {"titre": "Nouveau guide", "type": "guide", "url": ""},
    )
    assert "Indiquez un lien ou joignez un fichier" in response.content.decode()
    response = client.post(
        reverse("ingenierie:ressource_nouvelle"),
        {"titre": "Nouveau guide", "type": "guide", "url": "https://exemple.test/g"},
    )
    assert response.status_code == 302


def test_ressources_filters(client, mission, commune):
    from .factories import RessourceFactory

    eau = Domaine.objects.get(nom="Eau et assainissement")
    guide = RessourceFactory(titre="Guide de l'eau", type="guide")
    guide.domaines.set([eau])
    modele = RessourceFactory(titre="Modèle de délibération", type="acte")
    modele.domaines.set([eau, Domaine.objects.get(nom="Autre")])
    RessourceFactory(titre="Guide non publié", publiee=False)
    login(client, commune["maire"])
    url = reverse("ingenierie:ressources")

    def titres(**params):
        return [r.titre for r in client.get(url, params).context["page_obj"]]

    assert titres() == ["Guide de l'eau", "Modèle de délibération"]
    assert titres(domaine=eau.pk) == ["Guide de l'eau", "Modèle de délibération"]
    assert titres(type="acte") == ["Modèle de délibération"]
    assert titres(q="guide eau") == ["Guide de l'eau"]
