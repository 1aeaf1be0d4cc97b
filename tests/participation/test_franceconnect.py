"""Vote avec FranceConnect, contre le fournisseur OIDC local des tests (tests/oidc_provider)."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from territoires.participation import services
from territoires.participation.models import Bulletin, Votant
from tests.oidc_provider.provider import OIDCProvider

from .factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db
RETOUR = "http://testserver/budget-participatif/franceconnect/retour/"


@pytest.fixture
def fournisseur(settings):
    p = OIDCProvider(
        client_id="bp-test",
        client_secret="secret-bp",
        redirect_uris=[RETOUR],
        claims={"sub": "fc-sub-789", "given_name": "Jeanne", "family_name": "Dupont"},
    ).start()
    settings.FRANCECONNECT_ISSUER = p.issuer
    settings.FRANCECONNECT_CLIENT_ID = "bp-test"
    settings.FRANCECONNECT_CLIENT_SECRET = "secret-bp"
    yield p
    p.stop()


def passer_par_franceconnect(client, slug):
    depart = client.get(reverse("participation:franceconnect", args=[slug]))
    assert depart.status_code == 302
    chez_fc = requests.get(depart["Location"], allow_redirects=False, timeout=5)
    retour = chez_fc.headers["Location"]
    assert retour.startswith(RETOUR)
    query = parse_qs(urlsplit(retour).query)
    return client.get(
        reverse("participation:franceconnect_retour"), {k: v[0] for k, v in query.items()}
    )


def test_vote_franceconnect_une_seule_fois(client, fournisseur):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_max=2)
    p = projet(env, "1", 40)
    page = client.get(reverse("participation:voter", args=[c.slug])).content.decode()
    assert "S'identifier avec FranceConnect" in page
    retour = passer_par_franceconnect(client, c.slug)
    assert retour.status_code == 302
    page = client.get(reverse("participation:voter", args=[c.slug])).content.decode()
    assert "vérifiée par FranceConnect" in page and 'name="nom"' not in page
    reponse = client.post(reverse("participation:voter", args=[c.slug]), {f"env_{env.pk}": [p.pk]})
    assert "A voté" in reponse.content.decode()
    assert Votant.objects.get().empreinte == services.empreinte_franceconnect(
        campagne=c, sub="fc-sub-789"
    )
    # Deuxième passage par FranceConnect (autre navigateur) : même empreinte, refusé.
    client.cookies.clear()
    passer_par_franceconnect(client, c.slug)
    reponse = client.post(reverse("participation:voter", args=[c.slug]), {f"env_{env.pk}": [p.pk]})
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1
    assert "fc-sub-789" not in str(list(Votant.objects.values_list()))


def test_retour_sans_state_refuse(client, fournisseur):
    c = CampagneFactory(phase="vote")
    reponse = client.get(reverse("participation:franceconnect_retour"), {"code": "x", "state": "y"})
    assert reponse.status_code == 403
    assert c.pk


def test_franceconnect_inactif(client, settings):
    settings.FRANCECONNECT_ISSUER = ""
    c = CampagneFactory(phase="vote")
    assert client.get(reverse("participation:franceconnect", args=[c.slug])).status_code == 404
