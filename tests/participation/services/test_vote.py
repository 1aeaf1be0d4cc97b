"""Vote: one person one vote, ballots checked against the rules, ballot box, counters."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from territoires.participation.models import (
    Bulletin,
    Participation,
    Votant,
)
from territoires.participation.selectors import participation
from territoires.participation.services.votants import (
    empreinte_identite,
)
from territoires.participation.services.vote import DejaVote, urne_shuffle, vote_cast
from tests.referentiel.factories import CommuneFactory

from ..factories import CampagneFactory, enveloppe, identite, projet

pytestmark = pytest.mark.django_db


def test_une_personne_un_vote_quel_que_soit_le_canal(scrutin):
    c, env, p = scrutin
    vote_cast(
        campagne=c, empreinte=identite(c), canal="en_ligne", choix={env.pk: [p[0].pk]}, age=45
    )
    # Même personne, écrite autrement (accents, casse, tirets), sur papier : refusée.
    autre = identite(c, nom="DUPONT ", prenom="jéanne")
    with pytest.raises(DejaVote):
        vote_cast(campagne=c, empreinte=autre, canal="papier", choix={env.pk: [p[1].pk]})
    assert Bulletin.objects.count() == 1
    assert Votant.objects.count() == 1
    vote_cast(
        campagne=c,
        empreinte=identite(c, prenom="Paul"),
        canal="papier",
        choix={env.pk: [p[1].pk, p[2].pk]},
    )
    assert Bulletin.objects.count() == 2


def test_bulletin_conforme_aux_regles_de_l_enveloppe(scrutin):
    c, env, p = scrutin
    with pytest.raises(ValidationError, match="entre 1 et 2"):
        vote_cast(
            campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [q.pk for q in p[:3]]}
        )
    ecarte = projet(env, "05", 10, soumis_au_vote=False)
    with pytest.raises(ValidationError, match="hors de la liste"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [ecarte.pk]})
    with pytest.raises(ValidationError):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={})
    assert not Votant.objects.exists()


def test_vote_ferme():
    c = CampagneFactory(phase="analyse")
    env = enveloppe(c)
    p = projet(env, "1", 10)
    with pytest.raises(ValidationError, match="pas ouvert"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [p.pk]})


def test_age_de_l_enveloppe_jeunes(scrutin):
    c, _, _ = scrutin
    jeunes = enveloppe(c, nom="Jeunes", type="jeunes", age_min_vote=11, age_max_vote=25)
    pj = projet(jeunes, "J1", 10)
    with pytest.raises(ValidationError, match="âge"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={jeunes.pk: [pj.pk]}, age=40)
    vote_cast(campagne=c, empreinte="y", canal="en_ligne", choix={jeunes.pk: [pj.pk]}, age=16)


def test_urne_brassee(scrutin):
    c, env, p = scrutin
    for i in range(5):
        vote_cast(campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p[i % 4].pk]})
    avant = sorted(Bulletin.objects.values_list("choix", flat=True))
    ids = set(Bulletin.objects.values_list("id", flat=True))
    assert urne_shuffle(campagne=c) == 5
    assert sorted(Bulletin.objects.values_list("choix", flat=True)) == avant
    assert not ids & set(Bulletin.objects.values_list("id", flat=True))


def test_chiffres_de_participation_tenus_a_jour(scrutin):
    c, env, p = scrutin
    auch = CommuneFactory(code="32013", nom="Auch")
    vote_cast(
        campagne=c, empreinte="a", canal="en_ligne", choix={env.pk: [p[0].pk]}, age=16, commune=auch
    )
    vote_cast(
        campagne=c, empreinte="b", canal="papier", choix={env.pk: [p[0].pk]}, age=70, commune=auch
    )
    # Comptés depuis le registre à la lecture : le vote n'écrit aucun compteur partagé.
    assert not Participation.objects.exists()
    chiffres = {v: n for dim in participation(c).values() for v, n in dim.items()}
    assert chiffres == {"total": 2, "en_ligne": 1, "papier": 1, "11-17": 1, "60-74": 1, "32013": 2}


def test_residence_dans_le_departement(scrutin, settings):
    from tests.referentiel.factories import DepartementFactory

    c, env, p = scrutin
    ailleurs = CommuneFactory(
        code="31555", departement=DepartementFactory(code="31", nom="Haute-Garonne")
    )
    ici = CommuneFactory(
        code="32013", departement=DepartementFactory(code=settings.TERRITOIRES_DEPARTEMENT)
    )
    with pytest.raises(ValidationError, match="habitants du Département"):
        vote_cast(
            campagne=c, empreinte="t", canal="en_ligne", choix={env.pk: [p[0].pk]}, commune=ailleurs
        )
    vote_cast(campagne=c, empreinte="t", canal="en_ligne", choix={env.pk: [p[0].pk]}, commune=ici)


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
