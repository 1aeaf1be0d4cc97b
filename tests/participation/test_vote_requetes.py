"""Le bulletin au prix d'une page nue : au plus 6 requêtes SQL pour « Confirmer mon vote ».

`transaction=True` : la requête HTTP est servie comme en production (pas de transaction de
test autour, donc pas de SAVEPOINT en plus) ; chaque requête SQL du POST est comptée, session
et utilisateur compris ; BEGIN et COMMIT (que Django ne voit que sur SQLite) à part.
Aucune ligne partagée entre votants n'est écrite : seulement le
registre et l'urne.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from territoires.participation.models import (
    Bulletin,
    GroupeBulletins,
    Participation,
    ProfilCitoyen,
    Votant,
)
from territoires.participation.selectors import participation
from tests.comptes.factories import UserFactory, login
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db(transaction=True)

IDENTITE = {"nom": "Martin", "prenom": "Zoé", "naissance": "02/03/1990", "commune": "Auch"}


@pytest.fixture
def deux_enveloppes():
    """Deux enveloppes, pour que le coût ne dépende pas de leur nombre."""
    c = CampagneFactory(phase="vote")
    a = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    b = enveloppe(c, nom="Deuxième", budget=Decimal(100), choix_min=1, choix_max=3)
    pa = [projet(a, f"A{i}", 40) for i in range(3)]
    pb = [projet(b, f"B{i}", 30) for i in range(4)]
    return c, {f"env_{a.pk}": [pa[0].pk, pa[2].pk], f"env_{b.pk}": [p.pk for p in pb[:3]]}


def _jusqu_au_recapitulatif(client, c, bulletin, identite=None):
    url = reverse("participation:voter", args=[c.slug])
    reponse = client.post(url, identite) if identite else client.get(url)
    assert reponse["Location"] == reverse("participation:bulletin", args=[c.slug])
    reponse = client.post(reponse["Location"], {**bulletin, "action": "recapitulatif"})
    assert reponse["Location"] == reverse("participation:recapitulatif", args=[c.slug])
    assert not Votant.objects.exists() and not Bulletin.objects.exists()
    return reponse["Location"]


TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def _confirmer(client, c, url, django_assert_max_num_queries):
    # Six requêtes au plus, plus l'ouverture et la validation de la transaction du vote
    # (comptées par Django sur SQLite, pas sur PostgreSQL).
    with django_assert_max_num_queries(6 + 2) as requetes:
        reponse = client.post(url)
    sql = [q["sql"] for q in requetes.captured_queries]
    donnees = [q for q in sql if not q.startswith(TRANSACTION)]
    assert len(donnees) <= 6, "\n".join(donnees)
    # The commune's facts came with the identity: no EXISTS to compile at this moment.
    assert not any("EXISTS" in q for q in donnees)
    # Écritures : le registre et l'urne, rien d'autre (aucune ligne partagée entre votants).
    ecritures = [q.split(" (")[0] for q in donnees if not q.startswith("SELECT")]
    assert ecritures == [
        'INSERT INTO "participation_votant"',
        'INSERT INTO "participation_bulletin"',
    ]
    # Réponse légère : une redirection vers « A voté » (PRG), pas une page rendue.
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("participation:a_vote", args=[c.slug])
    page = client.get(reponse["Location"]).content.decode()
    assert "A voté" in page and "B2" in page
    # L'état du vote quitte la session : recharger « A voté » renvoie à l'identité.
    assert client.get(reponse["Location"])["Location"] == reverse(
        "participation:voter", args=[c.slug]
    )


def test_votant_par_identite_six_requetes_au_plus(
    client, deux_enveloppes, django_assert_max_num_queries
):
    c, bulletin = deux_enveloppes
    CommuneFactory(code="32013", nom="Auch")
    url = _jusqu_au_recapitulatif(client, c, bulletin, IDENTITE)
    _confirmer(client, c, url, django_assert_max_num_queries)
    assert Votant.objects.count() == 1 and Bulletin.objects.count() == 2
    # Aucun compteur écrit, ni groupe de bulletins : les chiffres publics viennent du registre.
    assert not Participation.objects.exists() and not GroupeBulletins.objects.exists()
    chiffres = participation(c)
    assert chiffres["total"] == {"total": 1} and chiffres["commune"] == {"32013": 1}
    assert chiffres["canal"] == {"en_ligne": 1} and chiffres["age"] == {"30-44": 1}


def test_votant_connecte_six_requetes_au_plus(
    client, deux_enveloppes, django_assert_max_num_queries
):
    c, bulletin = deux_enveloppes
    auch = CommuneFactory(code="32013", nom="Auch")
    user = UserFactory(first_name="Zoé", last_name="Martin")
    ProfilCitoyen.objects.create(
        user=user, date_naissance=c.vote_debut.replace(year=1990), commune=auch
    )
    login(client, user)
    url = _jusqu_au_recapitulatif(client, c, bulletin)
    _confirmer(client, c, url, django_assert_max_num_queries)
    assert Votant.objects.get().commune == auch and Bulletin.objects.count() == 2


def test_double_confirmation_un_seul_bulletin(client, deux_enveloppes):
    """Un second POST (double clic, retour arrière) : refusé, rien de plus dans l'urne."""
    c, bulletin = deux_enveloppes
    CommuneFactory(code="32013", nom="Auch")
    url = _jusqu_au_recapitulatif(client, c, bulletin, IDENTITE)
    assert client.post(url).status_code == 302
    reponse = client.post(url)
    assert reponse.status_code == 200 and "déjà voté" in reponse.content.decode()
    assert Votant.objects.count() == 1 and Bulletin.objects.count() == 2
