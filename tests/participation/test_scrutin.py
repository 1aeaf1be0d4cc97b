"""Le bulletin figé à l'ouverture du vote, lu une fois par processus (participation/scrutin.py).

Une fois le vote ouvert, les projets soumis au vote ne changent plus (ni coût, ni enveloppe,
ni retrait) : la confirmation vérifie le bulletin contre une copie lue une fois, et n'écrit que
le registre et l'urne. La copie ne sert jamais une autre campagne, ni un vote clos.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.participation.models import (
    MESSAGE_PROJET_FIGE,
    Bulletin,
    Campagne,
    Projet,
    RegleFigee,
    Votant,
)
from territoires.participation.scrutin import scrutin_cle, scrutin_get
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, dates_pour, enveloppe, projet

pytestmark = pytest.mark.django_db

IDENTITE = {"nom": "Martin", "prenom": "Zoé", "naissance": "02/03/1990", "commune": "Auch"}


@pytest.fixture
def auch():
    return CommuneFactory(code="32013", nom="Auch")


def _campagne(slug="bp-fige", **dates):
    c = CampagneFactory(slug=slug, **dates)
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    return c, env, [projet(env, f"{i:02d}", 40) for i in range(1, 4)]


def _jusqu_a_la_confirmation(client, c, bulletin) -> str:
    url = reverse("participation:voter", args=[c.slug])
    assert client.post(url, IDENTITE).status_code == 302
    reponse = client.post(
        reverse("participation:bulletin", args=[c.slug]), {**bulletin, "action": "recapitulatif"}
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return reponse["Location"]


def test_confirmation_sans_relire_les_projets(client, auch):
    c, env, p = _campagne()
    url = _jusqu_a_la_confirmation(client, c, {f"env_{env.pk}": [p[0].pk, p[2].pk]})
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.post(url)
    assert reponse["Location"] == reverse("participation:a_vote", args=[c.slug])
    sql = [q["sql"] for q in requetes.captured_queries if not q["sql"].startswith(("SAVE", "RE"))]
    # La session, le registre, l'urne : ni la campagne ni les projets relus.
    assert not any("participation_projet" in q or "participation_campagne" in q for q in sql)
    assert len(sql) == 3, "\n".join(sql)
    assert Votant.objects.filter(campagne=c).count() == 1
    assert Bulletin.objects.get().choix == [p[0].pk, p[2].pk]


def test_bulletin_refuse_contre_la_copie(client, auch):
    """La copie applique les mêmes règles : trois choix pour deux au plus, refusé, rien écrit."""
    c, env, p = _campagne()
    url = _jusqu_a_la_confirmation(client, c, {f"env_{env.pk}": [p[0].pk]})
    session = client.session
    session["bp_vote"][c.slug]["choix"] = {str(env.pk): [q.pk for q in p]}
    session.save()
    reponse = client.post(url, follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("participation:bulletin", args=[c.slug])
    assert "vous avez choisi 3 projets, 2 au plus" in reponse.content.decode()
    assert not Votant.objects.exists() and not Bulletin.objects.exists()


def test_projet_hors_du_bulletin_refuse_contre_la_copie(client, auch):
    """Un numéro glissé dans le choix (un projet écarté du vote) : refusé, rien d'écrit."""
    c, env, p = _campagne()
    ecarte = projet(env, "09", 10, soumis_au_vote=False)
    url = _jusqu_a_la_confirmation(client, c, {f"env_{env.pk}": [p[0].pk]})
    session = client.session
    session["bp_vote"][c.slug]["choix"] = {str(env.pk): [ecarte.pk]}
    session.save()
    reponse = client.post(url, follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("participation:bulletin", args=[c.slug])
    assert not Votant.objects.exists() and not Bulletin.objects.exists()


def test_projets_soumis_figes_a_l_ouverture():
    c, env, p = _campagne()
    autre = enveloppe(c, nom="Jeunes", budget=Decimal(100))
    for champ, valeur in (("cout", Decimal(50)), ("enveloppe", autre), ("soumis_au_vote", False)):
        projet_ = Projet.objects.get(pk=p[0].pk)
        setattr(projet_, champ, valeur)
        with pytest.raises(RegleFigee, match="figés"):
            projet_.save()
    with pytest.raises(RegleFigee):
        p[1].delete()
    with pytest.raises(RegleFigee, match=MESSAGE_PROJET_FIGE[:30]):
        Projet.objects.create(campagne=c, enveloppe=env, code="99", titre="Tard", cout=10,
                              soumis_au_vote=True)  # fmt: skip
    assert list(Projet.objects.filter(campagne=c).values_list("cout", flat=True)) == [40] * 3
    # Ce qui n'est pas sur le bulletin reste libre : un titre corrigé, un projet hors vote.
    p[0].titre = "Piste cyclable (corrigé)"
    p[0].save()
    Projet.objects.create(campagne=c, enveloppe=env, code="98", titre="Hors vote", cout=10)


def test_avant_l_ouverture_les_projets_changent_et_ne_sont_pas_gardes():
    c, env, p = _campagne(**dates_pour("analyse"))
    p[0].cout = Decimal(60)
    p[0].save()
    p[1].delete()
    assert scrutin_get(scrutin_cle(c)) is None  # rien de gardé : tout peut encore changer
    with time_machine.travel(timezone.now() + datetime.timedelta(days=21)):
        copie = scrutin_get(scrutin_cle(c))
        assert copie is not None
        assert {pk: q.cout for pk, q in copie.projets.items()} == {p[0].pk: 60, p[2].pk: 40}


def test_campagne_recreee_sous_le_meme_numero(auch):
    """Une campagne supprimée puis recréée sous le même id (SQLite) : ses votants n'ont jamais
    la copie de l'ancienne."""
    c, env, p = _campagne()
    ancienne = scrutin_cle(c)
    assert set(scrutin_get(ancienne).projets) == {q.pk for q in p}
    pk = c.pk
    Campagne.objects.filter(pk=pk).delete()
    nouvelle = CampagneFactory(pk=pk, slug="bp-fige")
    env2 = enveloppe(nouvelle)
    q = projet(env2, "01", 10)
    assert scrutin_cle(nouvelle) != ancienne
    assert set(scrutin_get(scrutin_cle(nouvelle)).projets) == {q.pk}
    client = Client()
    url = _jusqu_a_la_confirmation(client, nouvelle, {f"env_{env2.pk}": [q.pk]})
    assert client.post(url)["Location"] == reverse("participation:a_vote", args=["bp-fige"])
    assert Bulletin.objects.get().choix == [q.pk]


def test_vote_clos_malgre_la_copie(client, auch):
    c, env, p = _campagne()
    url = _jusqu_a_la_confirmation(client, c, {f"env_{env.pk}": [p[0].pk]})
    assert scrutin_get(scrutin_cle(c)) is not None
    lendemain_de_cloture = c.vote_fin + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(lendemain_de_cloture, datetime.time(12))):
        reponse = client.post(url)
    # Refusé (le vote n'est plus ouvert) : retour à la première étape, rien d'écrit.
    assert reponse["Location"] == reverse("participation:voter", args=[c.slug])
    assert not Votant.objects.exists() and not Bulletin.objects.exists()
