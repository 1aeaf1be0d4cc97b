import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from territoires.participation.models import Bulletin, Idee, Realisation, Votant
from territoires.participation.services.idees import idee_moderate, idee_submit, profil_save
from territoires.participation.services.realisations import jalon_add, realisations_create
from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.votants import empreinte_identite
from territoires.participation.services.vote import vote_cast
from tests.comptes.factories import UserFactory, login, member
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


@pytest.fixture
def scrutin():
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    projets = [projet(env, f"{i:02d}", 40, categorie="Nature") for i in range(1, 5)]
    return c, env, projets


def test_pages_publiques(client, scrutin):
    c, env, p = scrutin
    CommuneFactory(code="32013", nom="Auch")
    for i in range(3):
        vote_cast(
            campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p[i].pk]}, age=30
        )
    resultats_compute(campagne=c)
    realisations_create(campagne=c)
    r = Realisation.objects.first()
    jalon_add(realisation=r, libelle="Études", date_prevue=c.vote_fin)
    for nom in ("campagne", "projets", "idees", "voter", "resultats", "chiffres", "suivi"):
        reponse = client.get(reverse(f"participation:{nom}", args=[c.slug]))
        assert reponse.status_code == 200, nom
    assert client.get(reverse("participation:campagnes")).status_code == 200
    page = client.get(reverse("participation:resultats", args=[c.slug])).content.decode()
    assert "Tour par tour" in page and "Part par soutien" in page
    assert client.get(reverse("participation:realisation", args=[r.pk])).status_code == 200
    pdf = client.get(reverse("participation:evaluation", args=[c.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 302


def test_vote_en_ligne_puis_papier_refuse(client, scrutin):
    c, env, p = scrutin
    CommuneFactory(code="32013", nom="Auch")
    donnees = {
        "nom": "Martin",
        "prenom": "Zoé",
        "naissance": "02/03/1990",
        "commune": "32013",
        f"env_{env.pk}": [p[0].pk],
    }
    reponse = client.post(reverse("participation:voter", args=[c.slug]), donnees)
    assert "A voté" in reponse.content.decode()
    agent = login(client, member("instructeur"))
    donnees["nom"] = "MARTIN"
    reponse = client.post(reverse("participation:vote_papier", args=[c.slug]), donnees)
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1 and agent


def test_gestion_reservee_aux_services(client, scrutin):
    c, _, _ = scrutin
    login(client, UserFactory())
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 404
    login(client, member("instructeur"))
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 200


def test_idee_non_publiee_invisible(client):
    c = CampagneFactory(phase="idees")
    auteur = UserFactory()
    i = idee_submit(
        campagne=c,
        titre="Secret",
        description="d",
        categorie="x",
        cout_estime=Decimal(5),
        auteur=auteur,
    )
    url = reverse("participation:idee", args=[i.pk])
    assert client.get(url).status_code == 404  # anonyme
    login(client, UserFactory())
    assert client.get(url).status_code == 404
    login(client, auteur)
    assert client.get(url).status_code == 200
    # Publiée ou écartée avec son motif : lisible par tous, sans compte.
    idee_moderate(idee=i, actor=None, publier=False, motif="Hors du champ du budget.")
    client.logout()
    assert "Hors du champ du budget." in client.get(url).content.decode()


def test_proposer_une_idee(client):
    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000))
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())
    assert client.get(reverse("participation:proposer", args=[c.slug])).status_code == 302
    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    donnees = {
        "titre": "Verger",
        "description": "Un verger",
        "categorie": "Nature",
        "enveloppe": env.pk,
        "commune": "32013",
        "cout_estime": "800",
    }
    reponse = client.post(reverse("participation:proposer", args=[c.slug]), donnees)
    assert reponse.status_code == 302, reponse.content.decode()[-3000:]
    assert "/idees/" in reponse["Location"], reponse["Location"]
    assert Idee.objects.get().commune.code == "32013"


@pytest.mark.parametrize("n", [3, 30])
def test_liste_des_projets_requetes_constantes(client, django_assert_max_num_queries, n):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(10**6))
    commune = CommuneFactory(code="32013", nom="Auch")
    for i in range(n):
        projet(env, f"{i:03d}", 100, categorie="Sport" if i % 2 else "Nature", commune=commune)
    url = reverse("participation:projets", args=[c.slug])
    with django_assert_max_num_queries(12):
        reponse = client.get(
            url, {"categorie": "Sport", "commune": "32013", "enveloppe": env.pk, "q": ""}
        )
    assert reponse.status_code == 200
    assert reponse.content.decode().count("<tr>") == n // 2 + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_cent_tentatives_simultanees_un_seul_bulletin():
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    p = [projet(env, f"{i}", 40) for i in range(4)]
    empreinte = empreinte_identite(
        campagne=c,
        nom="Durand",
        prenom="Luc",
        naissance=c.vote_debut.replace(year=1970),
        commune_code="32013",
    )
    depart = threading.Barrier(100)
    issues = []

    def tentative(i):
        try:
            depart.wait()
            # Certaines tentatives trichent sur le nombre de choix : refusées aussi.
            choix = [q.pk for q in p[: 1 + i % 4]]
            vote_cast(campagne=c, empreinte=empreinte, canal="en_ligne", choix={env.pk: choix})
            issues.append("ok")
        except Exception as exc:  # noqa: BLE001
            issues.append(type(exc).__name__)
        finally:
            connections.close_all()

    fils = [threading.Thread(target=tentative, args=(i,)) for i in range(100)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert issues.count("ok") == 1
    assert Votant.objects.count() == 1 and Bulletin.objects.count() == 1
    assert 1 <= len(Bulletin.objects.get().choix) <= 2


def test_urne_publiee_apres_la_cloture(client, scrutin):
    import time_machine

    from territoires.participation import pabulib

    c, env, p = scrutin
    for i in range(4):
        vote_cast(
            campagne=c,
            empreinte=f"u{i}",
            canal="en_ligne",
            choix={env.pk: [p[i].pk, p[0].pk][: 1 + i % 2]},
        )
    url = reverse("participation:urne_export", args=[c.slug, env.pk])
    assert client.get(url).status_code == 404
    with time_machine.travel(c.vote_fin + timezone.timedelta(days=1)):
        resultats_compute(campagne=c)
        lignes = b"".join(client.get(url).streaming_content).decode("utf-8-sig").splitlines()
        assert lignes[0] == "bulletin;jour;projets" and len(lignes) == 5
        texte = client.get(url, {"format": "pabulib"}).content.decode()
        assert len(pabulib.lire_texte(texte).votes) == 4
        assert (
            "Télécharger l'urne"
            in client.get(reverse("participation:resultats", args=[c.slug])).content.decode()
        )


def test_vote_jeunes_par_code(client, scrutin):
    c, env, p = scrutin
    jeunes = enveloppe(c, nom="Jeunes", type="jeunes", age_max_vote=25)
    pj = projet(jeunes, "J1", 10)
    agent = login(client, member("instructeur"))
    page = client.post(reverse("participation:codes", args=[c.slug]), {"nombre": 2, "jeunes": "on"})
    codes = re.findall(r"<code>([A-Z0-9-]+)</code>", page.content.decode())
    assert len(codes) == 2 and agent
    client.logout()
    url = reverse("participation:voter", args=[c.slug])
    # Un code jeunes ne dépose que dans l'enveloppe jeunes.
    reponse = client.post(
        url, {"code": codes[0], f"env_{jeunes.pk}": [pj.pk], f"env_{env.pk}": [p[0].pk]}
    )
    assert "A voté" in reponse.content.decode()
    assert list(Bulletin.objects.values_list("enveloppe_id", flat=True)) == [jeunes.pk]
    reponse = client.post(url, {"code": codes[0], f"env_{jeunes.pk}": [pj.pk]})
    assert "déjà utilisé" in reponse.content.decode()
    assert Bulletin.objects.count() == 1
