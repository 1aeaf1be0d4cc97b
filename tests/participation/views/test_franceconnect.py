"""Vote avec FranceConnect, contre le fournisseur OIDC local des tests (tests/oidc_provider)."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from territoires.participation.models import Bulletin, Votant
from territoires.participation.services.votants import empreinte_identite
from tests.oidc_provider.provider import OIDCProvider
from tests.referentiel.factories import CommuneFactory

from ..factories import CampagneFactory, enveloppe, projet, voter_en_ligne

pytestmark = pytest.mark.django_db
RETOUR = "http://testserver/budget-participatif/franceconnect/retour/"


@pytest.fixture
def fournisseur(settings):
    p = OIDCProvider(
        client_id="bp-test",
        client_secret="secret-bp",
        redirect_uris=[RETOUR],
        claims={
            "sub": "fc-sub-789",
            "given_name": "Jeanne Marie",
            "family_name": "DUPONT",
            "birthdate": "1980-05-01",
        },
    ).start()
    settings.FRANCECONNECT_ISSUER = p.issuer
    settings.FRANCECONNECT_CLIENT_ID = "bp-test"
    settings.FRANCECONNECT_CLIENT_SECRET = "secret-bp"
    yield p
    p.stop()


def passer_par_franceconnect(client, slug, commune="32013"):
    depart = client.get(
        reverse("participation:franceconnect", args=[slug]), {"fc-commune": commune}
    )
    assert depart.status_code == 302
    chez_fc = requests.get(depart["Location"], allow_redirects=False, timeout=5)
    retour = chez_fc.headers["Location"]
    assert retour.startswith(RETOUR)
    query = parse_qs(urlsplit(retour).query)
    return client.get(
        reverse("participation:franceconnect_retour"), {k: v[0] for k, v in query.items()}
    )


def test_vote_franceconnect_une_seule_fois(client, fournisseur):
    CommuneFactory(code="32013", nom="Auch")
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_max=2)
    p = projet(env, "1", 40)
    page = client.get(reverse("participation:voter", args=[c.slug])).content.decode()
    assert "S'identifier avec FranceConnect" in page
    retour = passer_par_franceconnect(client, c.slug)
    assert retour.status_code == 302
    # L'identité certifiée saute l'étape de l'identité : droit au bulletin.
    reponse = client.get(reverse("participation:voter", args=[c.slug]), follow=True)
    page = reponse.content.decode()
    assert "vérifiée par FranceConnect" in page and 'name="nom"' not in page
    reponse = voter_en_ligne(client, c, {f"env_{env.pk}": [p.pk]})
    assert "A voté" in reponse.content.decode()
    # La même empreinte que l'identité déclarée (premier prénom, nom de naissance, commune).
    votant = Votant.objects.get()
    assert votant.empreinte == empreinte_identite(
        campagne=c, nom="Dupont", prenom="Jeanne", naissance=date(1980, 5, 1), commune_code="32013"
    )
    assert votant.tranche_age == "45-59" and votant.commune.code == "32013"
    # Deuxième passage par FranceConnect (autre navigateur) : même empreinte, refusé.
    client.cookies.clear()
    passer_par_franceconnect(client, c.slug)
    reponse = voter_en_ligne(client, c, {f"env_{env.pk}": [p.pk]})
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


def voter_en_declarant(client, c, env, p, *, papier=False, **identite):
    donnees = {
        "nom": "Dupont", "prenom": "Jeanne", "naissance": "01/05/1980", "commune": "32013",
        **identite,
    }  # fmt: skip
    if not papier:
        return voter_en_ligne(client, c, {f"env_{env.pk}": [p.pk]}, **donnees)
    donnees[f"env_{env.pk}"] = [p.pk]
    return client.post(reverse("participation:vote_papier", args=[c.slug]), donnees)


@pytest.fixture
def scrutin(fournisseur):
    CommuneFactory(code="32013", nom="Auch")
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_max=2)
    return c, env, projet(env, "1", 40)


def voter_par_franceconnect(client, c, env, p):
    passer_par_franceconnect(client, c.slug)
    return voter_en_ligne(client, c, {f"env_{env.pk}": [p.pk]})


def agent(client):
    from tests.comptes.factories import login, member

    return login(client, member(role="instructeur"))


def test_franceconnect_puis_papier_refuse(client, scrutin):
    c, env, p = scrutin
    assert "A voté" in voter_par_franceconnect(client, c, env, p).content.decode()
    client.cookies.clear()
    agent(client)
    reponse = voter_en_declarant(client, c, env, p, papier=True, nom="dupont", prenom="JEANNE")
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1


def test_papier_puis_franceconnect_refuse(client, scrutin):
    c, env, p = scrutin
    agent(client)
    reponse = voter_en_declarant(client, c, env, p, papier=True)
    assert reponse.status_code == 302
    client.cookies.clear()
    reponse = voter_par_franceconnect(client, c, env, p)
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1 and Votant.objects.get().canal == "papier"


def test_identite_declaree_puis_franceconnect_refuse(client, scrutin):
    c, env, p = scrutin
    reponse = voter_en_declarant(client, c, env, p, nom="Dupont", prenom="Jeanne-Marie")
    assert "A voté" in reponse.content.decode()
    client.cookies.clear()
    assert "déjà voté" in voter_par_franceconnect(client, c, env, p).content.decode()
    assert Bulletin.objects.count() == 1


def test_franceconnect_puis_identite_declaree_refuse(client, scrutin):
    c, env, p = scrutin
    assert "A voté" in voter_par_franceconnect(client, c, env, p).content.decode()
    client.cookies.clear()
    reponse = voter_en_declarant(client, c, env, p, nom="Dupont ", prenom="jeanne")
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1


def test_franceconnect_exige_la_commune(client, scrutin):
    c, _, _ = scrutin
    reponse = client.get(
        reverse("participation:franceconnect", args=[c.slug]), {"fc-commune": "00000"}, follow=True
    )
    assert "Indiquez votre commune de résidence" in reponse.content.decode()
    # The commune is chosen by its name now: a code that names no commune is refused.
    assert "Code INSEE « 00000 » inconnu du référentiel des communes" in reponse.content.decode()


def test_franceconnect_sans_date_de_naissance_refuse(client, fournisseur):
    CommuneFactory(code="32013", nom="Auch")
    fournisseur.claims = {"sub": "fc-1", "given_name": "Jeanne", "family_name": "Dupont"}
    c = CampagneFactory(phase="vote")
    assert passer_par_franceconnect(client, c.slug).status_code == 403
