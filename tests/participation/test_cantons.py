"""Enveloppes par canton et participation par canton (cantons synthétiques, noms fictifs)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoires.participation.models import EnveloppeCampagne, Idee
from territoires.participation.services.idees import idee_submit
from territoires.participation.services.projets import projet_create
from territoires.participation.services.votants import empreinte_identite
from territoires.participation.services.vote import vote_cast
from territoires.referentiel.models import Canton
from tests.comptes.factories import UserFactory, member
from tests.referentiel.factories import CommuneFactory, DepartementFactory

from .factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


@pytest.fixture
def cantons():
    dep = DepartementFactory(code="32")
    a1 = CommuneFactory(code="99101", nom="Exemple-A1", population=1000)
    a2 = CommuneFactory(code="99102", nom="Exemple-A2", population=1000)
    b1 = CommuneFactory(code="99201", nom="Exemple-B1", population=500)
    nord = Canton.objects.create(code="3291", nom="Fictif-Nord", departement=dep)
    nord.communes.set([a1, a2])
    sud = Canton.objects.create(code="3292", nom="Fictif-Sud", departement=dep)
    sud.communes.set([b1])
    return {"nord": nord, "sud": sud, "a1": a1, "a2": a2, "b1": b1}


def env_canton(c, canton, **kwargs):
    return enveloppe(
        c, nom=f"Canton {canton.nom}", type=EnveloppeCampagne.Type.CANTON, canton=canton, **kwargs
    )


def test_une_enveloppe_par_canton_designe_son_canton(cantons):
    c = CampagneFactory(phase="preparation")
    e = EnveloppeCampagne(campagne=c, nom="x", budget=1, type=EnveloppeCampagne.Type.CANTON)
    with pytest.raises(ValidationError, match="désigne son canton"):
        e.full_clean()
    e.canton = cantons["nord"]
    e.full_clean()


def test_idee_situee_hors_du_canton_refusee(cantons):
    c = CampagneFactory(phase="idees")
    env = env_canton(c, cantons["nord"], budget=Decimal(1000))
    auteur = UserFactory()
    commun = {
        "campagne": c, "titre": "Lavoir", "description": "d", "categorie": "Patrimoine",
        "cout_estime": Decimal(100), "enveloppe": env, "auteur": auteur,
    }  # fmt: skip
    with pytest.raises(ValidationError, match="situés dans le canton Fictif-Nord"):
        idee_submit(commune=cantons["b1"], **commun)
    with pytest.raises(ValidationError, match="situés dans le canton"):
        idee_submit(commune=None, **commun)
    assert idee_submit(commune=cantons["a2"], **commun).commune == cantons["a2"]


def test_projet_situe_hors_du_canton_refuse(cantons):
    c = CampagneFactory(phase="analyse")
    env = env_canton(c, cantons["nord"], budget=Decimal(1000))
    agent = UserFactory()
    idee = Idee.objects.create(
        campagne=c, titre="Lavoir", description="d", categorie="x", cout_estime=Decimal(5),
        nom_auteur="Quelqu'un", statut=Idee.Statut.RETENUE, commune=cantons["b1"],
    )  # fmt: skip
    commun = {"campagne": c, "enveloppe": env, "idees": [idee], "titre": "Lavoir",
              "description": "d", "cout": Decimal(50), "actor": agent}  # fmt: skip
    with pytest.raises(ValidationError, match="canton Fictif-Nord"):
        projet_create(**commun)
    p = projet_create(commune=cantons["a1"], **commun)
    assert p.commune == cantons["a1"]


def identite(c, nom, commune):
    return empreinte_identite(
        campagne=c, nom=nom, prenom="Camille", naissance=datetime.date(1980, 1, 1),
        commune_code=commune.code,
    )  # fmt: skip


def test_seuls_les_habitants_du_canton_y_votent(cantons):
    c = CampagneFactory(phase="vote")
    nord = env_canton(c, cantons["nord"], budget=Decimal(100))
    generale = enveloppe(c, budget=Decimal(100))
    p_nord = projet(nord, "N1", 50, commune=cantons["a1"])
    p_gen = projet(generale, "G1", 50)
    with pytest.raises(ValidationError, match="réservée aux habitants du canton Fictif-Nord"):
        vote_cast(
            campagne=c, empreinte=identite(c, "Sud", cantons["b1"]), canal="en_ligne",
            choix={nord.pk: [p_nord.pk], generale.pk: [p_gen.pk]}, age=40, commune=cantons["b1"],
        )  # fmt: skip
    # Sans commune connue (code de vote sans commune), pas de vote dans le canton.
    with pytest.raises(ValidationError, match="réservée aux habitants du canton"):
        vote_cast(campagne=c, empreinte="code-x", canal="papier", choix={nord.pk: [p_nord.pk]})
    # L'habitant du Sud vote dans l'enveloppe générale seulement.
    vote_cast(
        campagne=c, empreinte=identite(c, "Sud", cantons["b1"]), canal="en_ligne",
        choix={generale.pk: [p_gen.pk]}, age=40, commune=cantons["b1"],
    )  # fmt: skip
    vote_cast(
        campagne=c, empreinte=identite(c, "Nord", cantons["a2"]), canal="en_ligne",
        choix={nord.pk: [p_nord.pk], generale.pk: [p_gen.pk]}, age=40, commune=cantons["a2"],
    )  # fmt: skip
    assert nord.bulletins.count() == 1
    assert generale.bulletins.count() == 2


def test_participation_par_canton(client, cantons, django_assert_max_num_queries):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100))
    p = projet(env, "1", 50)
    for i, commune in enumerate([cantons["a1"], cantons["a2"], cantons["a2"], cantons["b1"]]):
        vote_cast(
            campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p.pk]}, age=30,
            commune=commune,
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        reponse = client.get(reverse("participation:chiffres", args=[c.slug]))
    page = reponse.content.decode()
    assert "Votants et taux de participation par canton" in page
    # Nord : 3 votants pour 2 000 habitants ; Sud : 1 pour 500.
    # Le canton par son nom, sans son code ; la population à la française.
    assert '<th scope="row">Fictif-Nord</th><td class="numeric">3</td>' in page
    assert "3291" not in page and "2\u00a0000</td>" in page
    assert "0,15" in page and "0,20" in page
    assert "Taux de participation du canton de chaque commune" in page


def test_participation_sans_cantons_le_dit(client):
    c = CampagneFactory(phase="vote")
    page = client.get(reverse("participation:chiffres", args=[c.slug])).content.decode()
    assert "Cantons non disponibles" in page
    assert "pas encore été importés" in page


def test_agent_peut_creer_un_projet_de_canton_par_la_gestion(client, cantons):
    from tests.comptes.factories import login

    c = CampagneFactory(phase="analyse")
    env = env_canton(c, cantons["nord"], budget=Decimal(1000))
    agent = login(client, member(role="instructeur"))
    idee = Idee.objects.create(
        campagne=c, titre="Lavoir", description="d", categorie="x", cout_estime=Decimal(5),
        nom_auteur="Quelqu'un", statut=Idee.Statut.RETENUE, commune=cantons["b1"],
    )  # fmt: skip
    reponse = client.post(
        reverse("participation:projet_nouveau", args=[c.slug]),
        {"idees": [idee.pk], "titre": "Lavoir", "description": "d", "enveloppe": env.pk,
         "cout": "50"},
        follow=True,
    )  # fmt: skip
    assert "canton Fictif-Nord" in reponse.content.decode()
    assert agent and not env.projets.exists()


def test_la_confirmation_lit_les_cantons_gardes_avec_l_identite(client, cantons):
    """The identity step keeps the commune's cantons in the session; the confirmation
    applies the canton rule with them, and a session kept before (without them) still has
    the rule applied, by the projets' query."""
    from territoires.participation.services.vote import Electeur, vote_confirm

    c = CampagneFactory(phase="vote")
    nord = env_canton(c, cantons["nord"], budget=Decimal(100))
    p_nord = projet(nord, "N1", 50, commune=cantons["a1"])
    url = reverse("participation:voter", args=[c.slug])
    client.post(url, {"nom": "Sud", "prenom": "Camille", "naissance": "01/01/1980",
                      "commune": "Exemple-B1"})  # fmt: skip
    gardee = client.session["bp_vote"][c.slug]["identite"]
    assert gardee["cantons"] == [cantons["sud"].pk] and gardee["hors_departement"] is False
    choix = {nord.pk: [p_nord.pk]}
    for cantons_gardes in (frozenset({cantons["sud"].pk}), None):
        sud = Electeur(empreinte="e-sud", age=40, commune_id=cantons["b1"].pk,
                       hors_departement=None if cantons_gardes is None else False,
                       cantons=cantons_gardes)  # fmt: skip
        with pytest.raises(ValidationError, match="canton Fictif-Nord"):
            vote_confirm(campagne_slug=c.slug, electeur=sud, canal="en_ligne", choix=choix)
    nord_ids = frozenset({cantons["nord"].pk})
    nordiste = Electeur(empreinte="e-nord", age=40, commune_id=cantons["a1"].pk,
                        hors_departement=False, cantons=nord_ids)  # fmt: skip
    vote_confirm(campagne_slug=c.slug, electeur=nordiste, canal="en_ligne", choix=choix)
    assert nord.bulletins.count() == 1
